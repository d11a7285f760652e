import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { runCommandLine } from "../support/command-line";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient, type OrganizationClient } from "../support/organization-client";

const uin = (n: number): number => 100000000000 + n;
const DAY_MS = 24 * 60 * 60 * 1000;
const SEND = "SendOrgMemberAccountBindEmail";
const [RESENT, IN_SERVICE_TIME, ACTIVATED, FAILED, STILL_WAITING] = [1, 2, 3, 4, 5].map(uin);

let emulator: Emulator;
let client: OrganizationClient;
let folder: string;

beforeAll(async () => {
  emulator = await emulatorForProvider({ members: [RESENT, IN_SERVICE_TIME, ACTIVATED, FAILED, STILL_WAITING] });
  client = organizationClient(emulator);
  folder = mkdtempSync(join(tmpdir(), "member-email-remind-record-"));
});
afterAll(async () => {
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

async function bind(memberUin: number): Promise<number> {
  const { BindId } = await client.AddOrganizationMemberEmail({
    MemberUin: memberUin,
    Email: `m${memberUin}@example.com`,
    CountryCode: "86",
    Phone: `1380013${String(memberUin).slice(-4)}`,
  });
  return BindId ?? 0;
}

type Record = { version: number; sent: { [bindId: string]: { memberUin?: number; at: string } } };
const readRecord = (file: string): Record => JSON.parse(readFileSync(file, "utf8")) as Record;

test("a real send with --at in the future records the time it was sent, not the --at moment", async () => {
  const bindId = await bind(RESENT);
  const record = join(folder, "future.json");
  // Thirteen days ahead, the link (15 days) is within the default 3-day window: --at decides it is due.
  const at = new Date(emulator.now().getTime() + 13 * DAY_MS);
  const before = Date.now();
  const { status, stdout } = await runCommandLine(["remind", "--record", record, "--at", at.toISOString(), "--json"]);
  const after = Date.now();
  expect(status).toBe(0);
  expect(emulator.requestLog().filter((entry) => entry.action === SEND && entry.memberUin === RESENT)).toHaveLength(1);
  const sentAt = new Date(readRecord(record).sent[String(bindId)].at).getTime();
  // The send was made now: its link expires 15 days from now, not from the --at moment.
  expect(sentAt).toBeGreaterThanOrEqual(before - 2000);
  expect(sentAt).toBeLessThanOrEqual(after + 2000);
  const report = JSON.parse(stdout) as { sent: { memberUin: number; sentAt: string }[] };
  expect(report.sent).toEqual([expect.objectContaining({ memberUin: RESENT, sentAt: expect.any(String) })]);
});

test("a send is recorded on the service's clock: an emulator moved 13 days on records its own time", async () => {
  const bindId = await bind(IN_SERVICE_TIME);
  emulator.advanceClock(13 * 24 * 60 * 60);
  const record = join(folder, "service.json");
  const { status } = await runCommandLine(["remind", "--record", record, "--at", emulator.now().toISOString()]);
  expect(status).toBe(0);
  const sentAt = new Date(readRecord(record).sent[String(bindId)].at).getTime();
  // Within the Date header's second (and the exchange's time) of the emulator's clock, 13 days from this machine's.
  expect(Math.abs(sentAt - emulator.now().getTime())).toBeLessThan(3000);
});

test("the record forgets a binding activated or failed since its send, and keeps the one still waiting", async () => {
  const record = join(folder, "forget.json");
  const bindIds = new Map<number, number>();
  for (const member of [ACTIVATED, FAILED, STILL_WAITING]) bindIds.set(member, await bind(member));
  // Limited to these three: the members of the earlier tests are outside the run.
  const team = join(folder, "team.yaml");
  writeFileSync(team, `members:\n${[ACTIVATED, FAILED, STILL_WAITING].map((m) => `  - memberUin: ${m}\n`).join("")}`);
  const remind = () =>
    runCommandLine([
      "remind",
      "--record",
      record,
      "--within-days",
      "15",
      "--team-file",
      team,
      "--at",
      emulator.now().toISOString(),
    ]);
  expect((await remind()).status).toBe(0);
  expect(Object.keys(readRecord(record).sent).sort()).toEqual(
    [ACTIVATED, FAILED, STILL_WAITING].map((member) => String(bindIds.get(member))).sort(),
  );
  emulator.activate(ACTIVATED);
  emulator.fail(FAILED);
  // The listing shows the first active and the second failed: neither is described, neither waits any more.
  expect((await remind()).status).toBe(0);
  expect(readRecord(record).sent).toEqual({
    [String(bindIds.get(STILL_WAITING))]: { memberUin: STILL_WAITING, at: expect.any(String) },
  });
});
