import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Emulator } from "tencentcloud-organization-emulator";
import { DEMO_SECRET_ID, DEMO_SECRET_KEY, readRequestLogFile } from "tencentcloud-organization-emulator";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";
import { organizationClient } from "../support/organization-client";
import { exportedState, testStack, type TestStack } from "../support/engine";

jest.setTimeout(300_000);

const root = join(__dirname, "..", "..");
const team = Array.from({ length: 40 }, (_, i) => ({
  memberUin: 100000000501 + i,
  email: `restart${i}@example.com`,
  phone: `1350000${String(1000 + i)}`,
}));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The emulator as its own process (`npm run emulator`'s program), so it can be killed outright. */
async function emulatorProcess(port: number, dataFile: string, extraArgs: string[] = []): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(root, "emulator", "dist", "cli.js"), "--port", String(port), "--data-file", dataFile, ...extraArgs],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("Emulator listening on")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited with ${code} before listening`)));
  });
  return child;
}

// The Add after which the emulator kills itself: well into the 40 creates, with more to come after it.
const crashAfterCommits = 10;

test("an emulator killed between an Add's commit and its answer during up leaves a stack that a second up completes, nothing duplicated or missing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "member-email-restart-"));
  const port = await freePort();
  const dataFile = join(dir, "organization.sqlite");
  const requestLog = join(dir, "requests.jsonl");
  // The emulator kills itself (SIGKILL) right after committing its 10th binding, before answering it.
  let child = await emulatorProcess(port, dataFile, [
    "--request-log",
    requestLog,
    "--crash-after-commit",
    String(crashAfterCommits),
  ]);
  const killed = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
  const endpoint = {
    url: `http://127.0.0.1:${port}`,
    port,
    secretId: DEMO_SECRET_ID,
    secretKey: DEMO_SECRET_KEY,
  } as Emulator;
  let test: TestStack | undefined;
  try {
    const program = async () => {
      for (const member of team) {
        new OrganizationMemberEmail(`m${member.memberUin}`, {
          memberUin: member.memberUin,
          email: pulumi.secret(member.email),
          countryCode: "86",
          phone: pulumi.secret(member.phone),
        });
      }
    };
    test = await testStack(program, endpoint);
    const firstUp = test.stack.up().then(
      () => "completed",
      (error: Error) => `failed: ${error.message.slice(0, 200)}`,
    );
    expect(await killed).toBe("SIGKILL");

    // The request log, written synchronously by the killed process, shows where the kill fell: the last
    // Add was committed and never answered; every Add committed before it was answered.
    const adds = readRequestLogFile(readFileSync(requestLog, "utf8")).filter(
      (entry) => entry.action === "AddOrganizationMemberEmail",
    );
    const committed = adds.filter((entry) => entry.committedAt !== undefined);
    expect(committed).toHaveLength(crashAfterCommits);
    const last = committed[committed.length - 1];
    expect(adds[adds.length - 1]).toBe(last);
    expect(last.committedAt).toBeGreaterThanOrEqual(last.receivedAt);
    expect(last.answeredAt).toBeUndefined();
    expect(committed.slice(0, -1).every((entry) => entry.answeredAt !== undefined)).toBe(true);

    child = await emulatorProcess(port, dataFile);
    const first = await firstUp;
    expect(first).toMatch(/completed|failed/);

    await test.stack.up();
    const resources = JSON.parse(exportedState(test)).deployment.resources as {
      type: string;
      outputs: { memberUin: number; bindId: number };
    }[];
    const stateBindIds = new Map(
      resources
        .filter((r) => r.type.endsWith("OrganizationMemberEmail"))
        .map((r) => [r.outputs.memberUin, r.outputs.bindId]),
    );
    expect(stateBindIds.size).toBe(team.length);
    const client = organizationClient(endpoint);
    const remoteBindIds = new Set<number>();
    for (const member of team) {
      // Stay under the emulator's 20 requests a second.
      await new Promise((resolve) => setTimeout(resolve, 60));
      const remote = await client.DescribeOrganizationMemberEmailBind({ MemberUin: member.memberUin });
      expect(remote.Email).toBe(member.email);
      expect(stateBindIds.get(member.memberUin)).toBe(remote.BindId);
      remoteBindIds.add(remote.BindId ?? 0);
    }
    // One binding per member, none duplicated. The member whose Add was cut off keeps the binding committed
    // before the kill: on a fresh data file the 10th committed Add made BindId 10, and the stack holds it.
    expect(remoteBindIds.size).toBe(team.length);
    expect(stateBindIds.get(last.memberUin ?? 0)).toBe(crashAfterCommits);
    expect((await test.stack.preview()).changeSummary).toEqual({ same: team.length + 1 });
  } finally {
    child.kill("SIGKILL");
    test?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
