/**
 * Two `remind` runs on one record, as two cron jobs or a retried CI job start them: separate processes of the
 * built command line (`npm run build` first) against one emulator.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { assertBuildIsCurrent } from "../support/build";
import { childOutput } from "../support/child-output";
import { emulatorEnvironment } from "../support/cli-project";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient } from "../support/organization-client";

const SEND = "SendOrgMemberAccountBindEmail";
const script = join(__dirname, "..", "..", "dist", "provider", "cli", "cli.js");
const WAITING = [1, 2, 3, 4, 5].map((n) => 100000000000 + n);

let emulator: Emulator;
let folder: string;

beforeAll(async () => {
  assertBuildIsCurrent();
  emulator = await emulatorForProvider({ members: WAITING });
  const client = organizationClient(emulator);
  for (const memberUin of WAITING) {
    await client.AddOrganizationMemberEmail({
      MemberUin: memberUin,
      Email: `m${memberUin}@example.com`,
      CountryCode: "86",
      Phone: `1380013${String(memberUin).slice(-4)}`,
    });
  }
  folder = mkdtempSync(join(tmpdir(), "member-email-remind-lock-"));
});
afterAll(async () => {
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs the built command line in a process of its own. */
function remind(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [script, "remind", ...args], {
    env: { PATH: process.env.PATH ?? "", ...emulatorEnvironment(emulator) },
  });
  return childOutput(child);
}

const sends = (): number => emulator.requestCount(SEND);

test("two remind runs started together on one record send each due reminder once", async () => {
  const record = join(folder, "together.json");
  const before = sends();
  // Every link is within 15 days of expiring: each of the five is due.
  const args = ["--record", record, "--within-days", "15"];
  const [first, second] = await Promise.all([remind(args), remind(args)]);
  expect([first.status, second.status]).toEqual([0, 0]);
  expect(sends() - before).toBe(WAITING.length);
  // The run that waited says so, and found nothing left to send.
  const waited = [first, second].find((run) => /Waiting for the remind run of process \d+/.test(run.stderr));
  expect(waited?.stderr).toMatch(/reminded 0, refused 0; skipped 5 link lasts longer than the window/);
  expect(existsSync(`${record}.lock`)).toBe(false);
}, 30_000);

test("a lock left by a run that crashed is taken over: the next run sends", async () => {
  const record = join(folder, "crashed.json");
  // A process of this host that has exited: its lock is stale.
  const crashed = spawn(process.execPath, ["-e", ""]);
  const pid = await new Promise<number>((resolve) => crashed.on("close", () => resolve(crashed.pid ?? 0)));
  writeFileSync(`${record}.lock`, JSON.stringify({ pid, host: hostname(), since: new Date().toISOString() }));
  const before = sends();
  const run = await remind(["--record", record, "--within-days", "15"]);
  expect(run.status).toBe(0);
  expect(run.stderr).not.toMatch(/Waiting/);
  expect(sends() - before).toBe(WAITING.length);
  expect(existsSync(`${record}.lock`)).toBe(false);
}, 30_000);
