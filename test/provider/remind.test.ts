import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { runCommandLine } from "../support/command-line";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient, type OrganizationClient } from "../support/organization-client";

const uin = (n: number): number => 100000000000 + n;
const DAY_SECONDS = 24 * 60 * 60;
const SEND = "SendOrgMemberAccountBindEmail";

/** The 40 bindings the reminders keep alive: two applied each day for 20 days. */
const WAITING = Array.from({ length: 40 }, (_, index) => uin(index + 1));
const ACTIVE = [uin(41), uin(42)];
const FAILED = uin(43);
const INVITED = uin(44);
const UNBOUND = uin(45);
/** Waiting, but outside the team file the reminders are limited to: nothing keeps its link alive. */
const OUTSIDE = uin(46);

let emulator: Emulator;
let client: OrganizationClient;
let folder: string;
let teamFile: string;

beforeAll(async () => {
  emulator = await emulatorForProvider({
    members: [...WAITING, ...ACTIVE, FAILED, UNBOUND, OUTSIDE, { uin: INVITED, type: "Invite" as const }],
    // This test is about Tencent's clock and send limits, not pacing: the client runs as fast as it likes.
    rateLimitPerSecond: Number.POSITIVE_INFINITY,
  });
  process.env.TENCENTCLOUD_ORGANIZATION_RATE_LIMIT = "1000";
  client = organizationClient(emulator);
  folder = mkdtempSync(join(tmpdir(), "member-email-remind-"));
  teamFile = join(folder, "team.yaml");
  writeFileSync(teamFile, `members:\n${[...WAITING, ...ACTIVE, FAILED].map((u) => `  - memberUin: ${u}\n`).join("")}`);
});
afterAll(async () => {
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

let phone = 0;
async function bind(memberUin: number): Promise<void> {
  phone += 1;
  await client.AddOrganizationMemberEmail({
    MemberUin: memberUin,
    Email: `m${memberUin}@example.com`,
    CountryCode: "86",
    Phone: `138${String(phone).padStart(8, "0")}`,
  });
}

const sends = () => emulator.requestLog().filter((entry) => entry.action === SEND);

test("a daily remind keeps 40 bindings applied over 20 days from failing, within the send limits", async () => {
  for (const memberUin of ACTIVE) {
    await bind(memberUin);
    emulator.activate(memberUin);
  }
  await bind(FAILED);
  emulator.fail(FAILED);
  await bind(OUTSIDE);

  // 36 days: two bindings applied on each of the first 20, then the reminders alone for 16 more, longer than
  // a link lasts, so the last binding applied would have failed without them.
  const statuses: number[] = [];
  /** The members each day's run sent to. */
  const sendDays: number[][] = [];
  for (let day = 0; day < 36; day += 1) {
    if (day < 20) {
      await bind(WAITING[2 * day]);
      await bind(WAITING[2 * day + 1]);
    }
    const { status } = await runCommandLine([
      "remind",
      "--team-file",
      teamFile,
      "--record",
      join(folder, "reminders.json"),
      "--at",
      emulator.now().toISOString(),
      "--json",
    ]);
    statuses.push(status);
    const sentBefore = sendDays.flat().length;
    sendDays.push(
      sends()
        .slice(sentBefore)
        .map((entry) => entry.memberUin ?? 0),
    );
    emulator.advanceClock(DAY_SECONDS);
  }
  expect(statuses.every((status) => status === 0)).toBe(true);

  const after = await Promise.all(
    [...WAITING, OUTSIDE].map(async (memberUin) => {
      const { BindStatus } = await client.DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
      return BindStatus;
    }),
  );
  expect(after.slice(0, 40)).toEqual(WAITING.map(() => "Valid"));
  // The one binding the reminders were not asked to keep failed on Tencent's clock: the links really expire.
  expect(after[40]).toBe("Failed");

  const log = sends();
  // Every waiting binding was reminded, more than once (a link lasts 15 days, the run lasted 36).
  for (const memberUin of WAITING) {
    expect(log.filter((entry) => entry.memberUin === memberUin).length).toBeGreaterThanOrEqual(1);
  }
  // With the record, each link is sent again only in its last 3 days: about every 12 days, not every day.
  expect(log.filter((entry) => entry.memberUin === WAITING[0]).length).toBe(2);
  for (const memberUin of WAITING) {
    expect(log.filter((entry) => entry.memberUin === memberUin).length).toBeLessThanOrEqual(3);
  }
  // Never a refusal, and never near the limits: at most one send of a binding in any hour or any day.
  expect(log.filter((entry) => entry.errorCode !== undefined)).toEqual([]);
  // The request log keeps real time: the emulator's day of each send is the run it came from, a day apart.
  for (const memberUin of WAITING) {
    const days = sendDays.flatMap((uins, dayIndex) => uins.filter((u) => u === memberUin).map(() => dayIndex));
    expect(new Set(days).size).toBe(days.length);
    days.slice(1).forEach((dayIndex, index) => expect(dayIndex - days[index]).toBeGreaterThanOrEqual(12));
  }
  // 0 resends to active, failed or invited members (nor to the member with no binding, nor outside the file).
  const sentTo = new Set(log.map((entry) => entry.memberUin));
  for (const memberUin of [...ACTIVE, FAILED, INVITED, UNBOUND, OUTSIDE]) expect(sentTo.has(memberUin)).toBe(false);
}, 60_000);

test("--dry-run sends nothing and lists what it would send", async () => {
  const before = sends().length;
  // Every waiting link expires within its 15 days.
  const at = emulator.now().toISOString();
  const { status, stdout, stderr } = await runCommandLine(["remind", "--dry-run", "--within-days", "15", "--at", at]);
  expect(status).toBe(0);
  expect(sends().length).toBe(before);
  expect(stdout.split("\n").filter((line) => line.startsWith("would send\t"))).toHaveLength(40);
  expect(stderr).toMatch(/would remind 40, refused 0/);
  expect(stdout).not.toMatch(/@/);
});

test("each member not reminded is skipped with its reason, and only bindings listed as waiting are described", async () => {
  const describes = () => emulator.requestCount("DescribeOrganizationMemberEmailBind");
  const before = describes();
  const { status, stdout } = await runCommandLine([
    "remind",
    "--dry-run",
    "--json",
    "--at",
    emulator.now().toISOString(),
  ]);
  expect(status).toBe(0);
  const report = JSON.parse(stdout) as { skipped: { memberUin: number; reason: string }[] };
  const reason = (memberUin: number) => report.skipped.find((entry) => entry.memberUin === memberUin)?.reason;
  expect(ACTIVE.map(reason)).toEqual(["active", "active"]);
  expect([FAILED, OUTSIDE].map(reason)).toEqual(["failed", "failed"]);
  expect(reason(INVITED)).toBe("invited");
  expect(reason(UNBOUND)).toBe("unbound");
  // The listing shows each member's status: only the 40 it shows waiting are described, to be sure before a send.
  expect(describes() - before).toBe(WAITING.length);
});

test("a send Tencent refuses for its limit is reported once, not retried, and the others still go", async () => {
  emulator.planFault({ action: SEND, kind: "error", code: "LimitExceeded.SendEmailLimit", memberUin: WAITING[0] });
  const before = sends().length;
  const at = emulator.now().toISOString();
  const { status, stdout } = await runCommandLine(["remind", "--within-days", "15", "--at", at, "--json"]);
  expect(status).toBe(1);
  const report = JSON.parse(stdout) as {
    sent: { memberUin: number }[];
    refused: { memberUin: number; code: string }[];
  };
  expect(report.refused).toEqual([
    expect.objectContaining({ memberUin: WAITING[0], code: "LimitExceeded.SendEmailLimit" }),
  ]);
  expect(report.sent).toHaveLength(39);
  const refusedSends = sends()
    .slice(before)
    .filter((entry) => entry.memberUin === WAITING[0]);
  expect(refusedSends.map((entry) => entry.errorCode)).toEqual(["LimitExceeded.SendEmailLimit"]);
});

test("bad options are refused before any call, naming the option", async () => {
  const before = emulator.requestLog().length;
  expect(await runCommandLine(["remind", "--within-days", "0"])).toMatchObject({
    status: 2,
    stderr: expect.stringMatching(/--within-days must be/),
  });
  expect(await runCommandLine(["remind", "--at", "2026-12-01T09:00"])).toMatchObject({
    status: 2,
    stderr: expect.stringMatching(/--at must/),
  });
  expect(await runCommandLine(["remind", "--notify", "ftp://x"])).toMatchObject({
    status: 2,
    stderr: expect.stringMatching(/--notify needs/),
  });
  expect(emulator.requestLog().length).toBe(before);
});

test("a waiting binding that cannot be read is reported, sent nothing, and fails the run", async () => {
  emulator.planFault({
    action: "DescribeOrganizationMemberEmailBind",
    kind: "error",
    code: "InvalidParameter",
    memberUin: WAITING[1],
  });
  const before = sends().length;
  const { status, stdout } = await runCommandLine(["remind", "--dry-run", "--at", emulator.now().toISOString()]);
  expect(status).toBe(3);
  expect(stdout).toContain(
    `skipped\t${WAITING[1]}\tmember-${WAITING[1]}\tcould not be read: nothing sent on a guess (InvalidParameter)`,
  );
  expect(sends().length).toBe(before);
  const refused = emulator
    .requestLog()
    .filter((entry) => entry.action === "DescribeOrganizationMemberEmailBind" && entry.memberUin === WAITING[1]);
  expect(refused.at(-1)?.errorCode).toBe("InvalidParameter");
});
