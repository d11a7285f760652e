/**
 * What remind tells about a run where every reason to skip a member occurs: its summary line, its JSON summary,
 * the notice it posts, and the lock it takes on its record, in this process against an emulator of its own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { lockFileOf, lockRecord } from "../../provider/cli/record-lock";
import { type CommandLineRun, runCommandLine } from "../support/command-line";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient, type OrganizationClient } from "../support/organization-client";

const uin = (n: number): number => 100000000000 + n;
const DAY_SECONDS = 24 * 60 * 60;
const [DUE, NOT_DUE, ACTIVE, FAILED, UNBOUND, UNDECLARED, INVITED, UNREADABLE, REFUSED] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9,
].map(uin);

let emulator: Emulator;
let client: OrganizationClient;
let folder: string;
let webhook: Server;
const posts: unknown[] = [];

async function bind(memberUin: number): Promise<void> {
  await client.AddOrganizationMemberEmail({
    MemberUin: memberUin,
    Email: `m${memberUin}@example.com`,
    CountryCode: "86",
    Phone: `1380013${String(memberUin).slice(-4)}`,
  });
}

const remind = (args: string[]): Promise<CommandLineRun> => runCommandLine(["remind", ...args]);

beforeAll(async () => {
  emulator = await emulatorForProvider({
    members: [
      DUE,
      NOT_DUE,
      ACTIVE,
      FAILED,
      UNBOUND,
      UNDECLARED,
      { uin: INVITED, type: "Invite" as const },
      UNREADABLE,
      REFUSED,
    ],
  });
  client = organizationClient(emulator);
  folder = mkdtempSync(join(tmpdir(), "member-email-remind-summary-"));
  webhook = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => void (body += chunk.toString("utf8")));
    request.on("end", () => {
      posts.push(JSON.parse(body));
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  for (const member of [DUE, NOT_DUE, ACTIVE, FAILED, UNDECLARED, UNREADABLE, REFUSED]) await bind(member);
  emulator.activate(ACTIVE);
  emulator.fail(FAILED);
});
afterAll(async () => {
  await new Promise<void>((resolve) => webhook.close(() => resolve()));
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

test("a run with every reason counts each in its summary line, its JSON and its notice", async () => {
  const record = join(folder, "reminders.json");
  const team = join(folder, "team.yaml");
  const declared = [DUE, NOT_DUE, ACTIVE, FAILED, UNBOUND, INVITED, UNREADABLE, REFUSED];
  writeFileSync(team, `members:\n${declared.map((member) => `  - memberUin: ${member}\n`).join("")}`);
  // Day 5: NOT_DUE alone is reminded, so its link lasts to day 20; the others end on day 15.
  emulator.advanceClock(5 * DAY_SECONDS);
  writeFileSync(join(folder, "one.yaml"), `members:\n  - memberUin: ${NOT_DUE}\n`);
  expect(
    (await remind(["--within-days", "15", "--record", record, "--team-file", join(folder, "one.yaml")])).status,
  ).toBe(0);
  emulator.advanceClock(7 * DAY_SECONDS);
  emulator.planFault({
    action: "DescribeOrganizationMemberEmailBind",
    kind: "error",
    code: "InvalidParameter",
    memberUin: UNREADABLE,
  });
  emulator.planFault({
    action: "SendOrgMemberAccountBindEmail",
    kind: "error",
    code: "LimitExceeded.SendEmailLimit",
    memberUin: REFUSED,
  });
  const url = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
  const args = ["--record", record, "--team-file", team, "--at", emulator.now().toISOString(), "--notify", url];
  const { status, stdout, stderr } = await remind(args);
  // An unreadable waiting binding makes the run fail, after its report.
  expect(status).toBe(3);
  expect(stdout.split("\n")).toEqual([
    expect.stringMatching(new RegExp(`^sent\\t${DUE}\\tmember-${DUE}\\tlink was to expire \\d{4}-`)),
    `refused\t${REFUSED}\tmember-${REFUSED}\tLimitExceeded.SendEmailLimit`,
    expect.stringMatching(
      new RegExp(`^skipped\\t${NOT_DUE}\\tmember-${NOT_DUE}\\tlink lasts longer than the window \\(expires \\d{4}-`),
    ),
    `skipped\t${UNREADABLE}\tmember-${UNREADABLE}\tcould not be read: nothing sent on a guess (InvalidParameter)`,
    "",
  ]);
  expect(stderr).toContain(
    "9 members: reminded 1, refused 1; skipped 1 link lasts longer than the window; 1 active: nothing to remind; " +
      "1 failed: a reminder cannot save it, bind a new email; 1 invited member: no email can be bound; 1 no binding; " +
      "1 not declared in the stack or team file; 1 could not be read: nothing sent on a guess.",
  );
  expect(posts).toEqual([
    {
      source: "pulumi-tencentcloud-member-email",
      command: "remind",
      title: "Tencent Cloud activation reminders: 1 sent, 1 refused",
      text: expect.stringContaining("9 members; 1 waiting and not yet due; 1 failed."),
      figures: {
        members: 9,
        sent: 1,
        refused: 1,
        skipped: { notDue: 1, active: 1, failed: 1, invited: 1, unbound: 1, undeclared: 1, unreadable: 1 },
      },
      members: [
        { memberUin: REFUSED, name: `member-${REFUSED}`, label: "refused" },
        { memberUin: DUE, name: `member-${DUE}`, label: "reminded" },
      ],
    },
  ]);
  // The JSON says the same figures.
  const json = await remind([
    "--dry-run",
    "--json",
    "--record",
    record,
    "--team-file",
    team,
    "--at",
    emulator.now().toISOString(),
  ]);
  expect((JSON.parse(json.stdout) as { summary: unknown }).summary).toEqual({
    members: 9,
    // Read again today, the member unreadable before is due too.
    sent: 2,
    refused: 0,
    skipped: { notDue: 2, active: 1, failed: 1, invited: 1, unbound: 1, undeclared: 1, unreadable: 0 },
  });
  expect(json.stderr).toContain("9 members: would remind 2, refused 0; skipped 2 link lasts longer than the window;");
});

test("a run that sends waits for the lock another holds on its record; a dry run neither waits nor writes", async () => {
  const record = join(folder, "locked.json");
  const release = await lockRecord(record);
  const dryRun = await remind(["--dry-run", "--record", record, "--within-days", "15"]);
  expect(dryRun.stderr).not.toMatch(/Waiting/);
  expect(() => readFileSync(record)).toThrow(/ENOENT/);
  setTimeout(release, 300);
  const { status, stderr } = await remind([
    "--record",
    record,
    "--within-days",
    "15",
    "--team-file",
    join(folder, "one.yaml"),
  ]);
  expect(status).toBe(0);
  expect(stderr).toMatch(/^Waiting for the remind run of process \d+ on .+ to finish with the reminder record/);
  expect(Object.keys((JSON.parse(readFileSync(record, "utf8")) as { sent: object }).sent)).toHaveLength(1);
  expect(() => readFileSync(lockFileOf(record))).toThrow(/ENOENT/);
});

test("a record that cannot be read fails the run before any send, naming it, and releases its lock", async () => {
  const before = emulator.requestCount("SendOrgMemberAccountBindEmail");
  const { status, stderr } = await remind(["--record", folder, "--within-days", "15"]);
  expect(status).toBe(3);
  expect(stderr).toBe(
    `pulumi-tencentcloud-member-email remind failed: Could not read the reminder record ${folder} (EISDIR).\n`,
  );
  expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(before);
  // The lock the run took is released all the same.
  expect(() => readFileSync(lockFileOf(folder))).toThrow(/ENOENT/);
});

test("--help names the command, the lock's wait and the age a lock is stale at", async () => {
  const { status, stdout, stderr } = await remind(["--help"]);
  const help = stdout + stderr;
  expect(status).toBe(0);
  expect(help).toMatch(/^Usage: pulumi-tencentcloud-member-email remind \[--within-days N\]/);
  expect(help).toMatch(/waits for it \(at most 10 minutes\)/);
  expect(help).toMatch(/older than 1 hour is taken over\./);
});
