/**
 * The daily sweep's one chat message: `remind --json` writes its report to a file without posting, and
 * `audit --notify --remind-report FILE` posts the audit with the reminders in it, against the emulator and a
 * local webhook.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { runCommandLine } from "../support/command-line";
import { emulatorForProvider } from "../support/emulator";
import { bindOutsidePulumi } from "../support/organization-setup";

const uin = (n: number): number => 100000000000 + n;
const DAY_SECONDS = 24 * 60 * 60;
const SEND = "SendOrgMemberAccountBindEmail";

let emulator: Emulator;
let server: Server;
let url: string;
const received: string[] = [];
let folder: string;
let teamFile: string;

beforeAll(async () => {
  emulator = await emulatorForProvider({
    members: [
      { uin: uin(1), name: "Ana" },
      { uin: uin(2), name: "Bo" },
      { uin: uin(3), name: "Chen" },
    ],
  });
  await bindOutsidePulumi(emulator, [
    { memberUin: uin(1), email: "m1@example.com", countryCode: "86", phone: "13800138001", status: "Valid" },
    { memberUin: uin(2), email: "m2@example.com", countryCode: "86", phone: "13800138002", status: "Valid" },
  ]);
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => void (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push(body);
      response.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?key=secret-key`;
  folder = mkdtempSync(join(tmpdir(), "member-email-sweep-notice-"));
  teamFile = join(folder, "team.yaml");
  writeFileSync(teamFile, `members:\n  - memberUin: ${uin(1)}\n  - memberUin: ${uin(2)}\n`);
  // Both links are in their last days: the sweep reminds them.
  emulator.advanceClock(13 * DAY_SECONDS);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => {
  received.length = 0;
});

const audit = (remindReport: string) => [
  "audit",
  "--team-file",
  teamFile,
  "--at",
  emulator.now().toISOString(),
  "--notify",
  url,
  "--notify-format",
  "slack",
  "--remind-report",
  remindReport,
];

test("a sweep posts one message: the audit's, counting and naming the reminders remind sent", async () => {
  const sendsBefore = emulator.requestCount(SEND);
  const remind = await runCommandLine([
    "remind",
    "--team-file",
    teamFile,
    "--at",
    emulator.now().toISOString(),
    "--json",
  ]);
  expect(remind.status).toBe(0);
  expect(emulator.requestCount(SEND) - sendsBefore).toBe(2);
  const report = join(folder, "remind.json");
  writeFileSync(report, remind.stdout);
  // remind, without --notify, posted nothing.
  expect(received).toHaveLength(0);

  const { status, stderr } = await runCommandLine(audit(report));
  expect(status).toBe(0);
  expect(received).toHaveLength(1);
  const { text } = JSON.parse(received[0]) as { text: string };
  expect(text).toMatch(/^\*Tencent Cloud organization audit: \d+ findings?; 2 reminders sent\*\n/);
  expect(text).toContain("Reminders: 2 sent, 0 refused.");
  expect(text).toContain(`- reminded: ${uin(1)} Ana`);
  expect(text).toContain(`- reminded: ${uin(2)} Bo`);
  expect(text).not.toMatch(/@|138001/);
  expect(stderr).toMatch(/Posted the summary to the webhook \(slack, HTTP 200\)/);
});

test("a refused reminder is named in the one message", async () => {
  const report = join(folder, "refused.json");
  writeFileSync(
    report,
    JSON.stringify({
      members: 3,
      sent: [{ memberUin: uin(2), name: "Bo" }],
      refused: [{ memberUin: uin(1), name: "Ana", code: "LimitExceeded.SendEmailLimit" }],
      skipped: [],
      dryRun: false,
    }),
  );
  await runCommandLine(audit(report));
  expect(received).toHaveLength(1);
  const { text } = JSON.parse(received[0]) as { text: string };
  expect(text).toMatch(/; 1 reminder sent, 1 refused\*\n/);
  expect(text).toContain(`- reminder refused: ${uin(1)} Ana`);
});

test("an empty remind report (remind could not run) is told in the message, and the audit still posts", async () => {
  const report = join(folder, "empty.json");
  writeFileSync(report, "");
  const { status } = await runCommandLine(audit(report));
  expect(status).toBe(0);
  expect(received).toHaveLength(1);
  const { text } = JSON.parse(received[0]) as { text: string };
  expect(text).toMatch(/; reminders not sent\*\n/);
  expect(text).toContain("Reminders: remind wrote no report (it could not run: see the run's log).");
});

test("a remind report that cannot be read stops the audit before any call, naming the option", async () => {
  const before = emulator.requestLog().length;
  const foreign = join(folder, "foreign.json");
  writeFileSync(foreign, JSON.stringify({ findings: [] }));
  const notJson = await runCommandLine(audit(foreign));
  expect(notJson.status).toBe(3);
  expect(notJson.stderr).toContain(`--remind-report ${foreign} has no "sent" list`);
  const missing = await runCommandLine(audit(join(folder, "missing.json")));
  expect(missing.status).toBe(3);
  expect(missing.stderr).toMatch(/Could not read the remind report .*missing\.json \(ENOENT\)/);
  expect(emulator.requestLog().length).toBe(before);
  expect(received).toHaveLength(0);
});
