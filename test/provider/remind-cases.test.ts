/**
 * remind's decisions one case at a time, in this process against an emulator of its own per test: what changed
 * between the listing and the descriptions, a link resent behind the record's back, the window's edge, a record
 * older than an Update, a send whose answer was lost.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { main } from "../../provider/cli/cli";
import type { ReminderEntry } from "../../provider/cli/remind";
import { type CommandLineRun, runCommandLine } from "../support/command-line";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient, type OrganizationClient } from "../support/organization-client";

const uin = (n: number): number => 100000000000 + n;
const DAY_SECONDS = 24 * 60 * 60;
const SEND = "SendOrgMemberAccountBindEmail";

let emulator: Emulator;
let client: OrganizationClient;
let folder: string;

beforeEach(async () => {
  emulator = await emulatorForProvider({ members: [1, 2, 3, 4, 5, 6].map(uin) });
  client = organizationClient(emulator);
  folder = mkdtempSync(join(tmpdir(), "member-email-remind-cases-"));
});
afterEach(async () => {
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

async function bind(n: number, email = `m${n}@example.com`): Promise<number> {
  const { BindId } = await client.AddOrganizationMemberEmail({
    MemberUin: uin(n),
    Email: email,
    CountryCode: "86",
    Phone: `1380013800${n}`,
  });
  return BindId ?? 0;
}

interface Report {
  readonly sent: ReminderEntry[];
  readonly refused: ReminderEntry[];
  readonly skipped: ReminderEntry[];
}

/** Runs remind in this process with --json as of the emulator's now; `onListed` runs once the listing's first page is in. */
async function remind(args: string[], onListed: () => void = () => undefined) {
  let stdout = "";
  let stderr = "";
  const status = await main(["remind", "--json", "--at", emulator.now().toISOString(), ...args], {
    stdout: (text) => void (stdout += text),
    stderr: (text) => {
      stderr += text;
      if (text.startsWith("The organization has")) onListed();
    },
  });
  return { status, stderr, report: (stdout ? JSON.parse(stdout) : undefined) as Report };
}

const sendsTo = (n: number) => emulator.requestLog().filter((e) => e.action === SEND && e.memberUin === uin(n));

test("a binding activated, failed or removed between the listing and its description is skipped as it is now", async () => {
  const bindIds = [await bind(1), await bind(2), await bind(3), await bind(4)];
  const { status, report } = await remind(["--within-days", "15"], () => {
    // The listing showed all four waiting; by the time each is described, three are not.
    emulator.activate(uin(1));
    emulator.fail(uin(2));
    emulator.unbind(uin(3));
  });
  expect(status).toBe(0);
  expect(report.skipped).toEqual([
    { memberUin: uin(1), name: `member-${uin(1)}`, bindId: bindIds[0], reason: "active" },
    { memberUin: uin(2), name: `member-${uin(2)}`, bindId: bindIds[1], reason: "failed" },
    { memberUin: uin(3), name: `member-${uin(3)}`, reason: "unbound" },
    { memberUin: uin(5), name: `member-${uin(5)}`, reason: "unbound" },
    { memberUin: uin(6), name: `member-${uin(6)}`, reason: "unbound" },
  ]);
  expect(report.sent.map((entry) => entry.memberUin)).toEqual([uin(4)]);
  expect([1, 2, 3].flatMap(sendsTo)).toEqual([]);
});

test("a waiting binding outside the team file is undeclared: neither described nor sent", async () => {
  await bind(1);
  await bind(2);
  const team = join(folder, "team.yaml");
  writeFileSync(team, `members:\n  - memberUin: ${uin(1)}\n`);
  const describes = () => emulator.requestCount("DescribeOrganizationMemberEmailBind");
  const before = describes();
  const { report } = await remind(["--within-days", "15", "--team-file", team]);
  expect(report.skipped.find((entry) => entry.memberUin === uin(2))).toEqual({
    memberUin: uin(2),
    name: `member-${uin(2)}`,
    reason: "undeclared",
  });
  expect(describes() - before).toBe(1);
  expect(sendsTo(2)).toEqual([]);
});

test("a binding still waiting past the expiry the run knows of was resent by someone else: reminded, expiry unknown", async () => {
  const bindId = await bind(1);
  emulator.advanceClock(10 * DAY_SECONDS);
  // Resent outside remind (the console, a pulumi up with a new activationReminder): nothing records it.
  await client.SendOrgMemberAccountBindEmail({ MemberUin: uin(1), BindId: bindId });
  emulator.advanceClock(6 * DAY_SECONDS);
  let stdout = "";
  await main(["remind", "--dry-run", "--at", emulator.now().toISOString()], {
    stdout: (text) => void (stdout += text),
    stderr: () => undefined,
  });
  expect(stdout).toBe(`would send\t${uin(1)}\tmember-${uin(1)}\tlink was to expire unknown\n`);
  const { report } = await remind(["--dry-run"]);
  expect(report.sent).toEqual([{ memberUin: uin(1), name: `member-${uin(1)}`, bindId }]);
});

test("a link is due when it expires exactly --within-days from now, and not a second later", async () => {
  await bind(1);
  const { ApplyTime } = await client.DescribeOrganizationMemberEmailBind({ MemberUin: uin(1) });
  const applied = Date.parse(`${(ApplyTime ?? "").replace(" ", "T")}Z`);
  const at = (days: number, seconds = 0) => new Date(applied + (days * DAY_SECONDS + seconds) * 1000).toISOString();
  const dryRun = async (moment: string) => {
    let stdout = "";
    await main(["remind", "--dry-run", "--json", "--at", moment], {
      stdout: (text) => void (stdout += text),
      stderr: () => undefined,
    });
    return JSON.parse(stdout) as Report;
  };
  // The link expires at ApplyTime + 15 days: 12 days on, it expires in exactly 3.
  expect((await dryRun(at(12))).sent).toHaveLength(1);
  const early = await dryRun(at(12, -1));
  expect(early.sent).toEqual([]);
  expect(early.skipped[0]).toMatchObject({ reason: "notDue", linkExpiresAt: at(15) });
});

test("a send recorded before an Update counts from the Update's later ApplyTime", async () => {
  const bindId = await bind(1);
  const record = join(folder, "reminders.json");
  // Day 0: reminded and recorded.
  expect((await remind(["--within-days", "15", "--record", record])).report.sent).toHaveLength(1);
  // Day 5: the email is changed, which sends a new link: ApplyTime moves to day 5.
  emulator.advanceClock(5 * DAY_SECONDS);
  await client.UpdateOrganizationMemberEmailBind({
    MemberUin: uin(1),
    BindId: bindId,
    Email: "m1-new@example.com",
    CountryCode: "86",
    Phone: "13800138001",
  });
  // Day 13: the recorded send's link would end on day 15, the Update's ends on day 20: not due.
  emulator.advanceClock(8 * DAY_SECONDS);
  const { report } = await remind(["--dry-run", "--record", record]);
  expect(report.sent).toEqual([]);
  expect(report.skipped[0]).toMatchObject({ memberUin: uin(1), reason: "notDue" });
});

test("sends are reported in member order whichever answers first; a send whose answer was lost is refused as NetworkError, not sent again", async () => {
  for (const n of [1, 2, 3, 4]) await bind(n);
  // The first member's send is answered InternalError once, then retried: it comes back last.
  emulator.planFault({ action: SEND, kind: "error", code: "InternalError", message: "busy", memberUin: uin(1) });
  emulator.planFault({ action: SEND, kind: "dropResponse", memberUin: uin(4) });
  const { status, report } = await remind(["--within-days", "15"]);
  expect(status).toBe(1);
  expect(report.sent.map((entry) => entry.memberUin)).toEqual([uin(1), uin(2), uin(3)]);
  expect(report.refused).toEqual([expect.objectContaining({ memberUin: uin(4), code: "NetworkError" })]);
  expect(sendsTo(4)).toHaveLength(1);
}, 30_000);

describe("remind's command line", () => {
  /** Runs remind in this process; answers its status and both streams. */
  const command = (args: string[]): Promise<CommandLineRun> => runCommandLine(["remind", ...args]);

  test.each([
    [["extra", "words"], 'remind takes no arguments besides its options; got "extra words".'],
    [
      ["--stack-state", "a.json", "--team-file", "b.yaml"],
      "Give at most one of --stack-state FILE and --team-file FILE.",
    ],
    [["--team-file", ""], "--stack-state and --team-file need a file name, or - for standard input."],
    [["--stack-state", ""], "--stack-state and --team-file need a file name, or - for standard input."],
    [["--record", ""], "--record needs a file name, such as --record reminders.json."],
    [["--within-days", "16"], '--within-days must be a number of days from 1 to 15, such as 3; got "16".'],
    [["--within-days", "0.9"], '--within-days must be a number of days from 1 to 15, such as 3; got "0.9".'],
    [["--within-days", " "], '--within-days must be a number of days from 1 to 15, such as 3; got " ".'],
    [["--within-days", "three"], '--within-days must be a number of days from 1 to 15, such as 3; got "three".'],
  ])("refuses %p before any call: %s", async (args, message) => {
    const before = emulator.requestLog().length;
    const { status, stderr } = await command(args);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
    expect(emulator.requestLog().length).toBe(before);
  });

  test("takes --within-days from 1 to 15, and 3 by default", async () => {
    await bind(1);
    const at = (days: number) => new Date(emulator.now().getTime() + days * DAY_SECONDS * 1000).toISOString();
    const due = async (args: string[]) =>
      (await command(["--dry-run", ...args])).stderr.match(/would remind (\d+)/)?.[1];
    // A link sent now expires in 15 days.
    expect(await due(["--within-days", "15", "--at", emulator.now().toISOString()])).toBe("1");
    expect(await due(["--within-days", "1", "--at", at(14)])).toBe("1");
    expect(await due(["--within-days", "1", "--at", at(13)])).toBe("0");
    expect(await due(["--at", at(12)])).toBe("1");
    expect(await due(["--at", at(11)])).toBe("0");
  });

  test("prints a line per send and per waiting binding skipped, and a summary counting every reason", async () => {
    await bind(1);
    await bind(2);
    await bind(3);
    emulator.activate(uin(3));
    const record = join(folder, "reminders.json");
    // Day 5: member 2 alone is reminded, so its link lasts to day 20; member 1's ends on day 15.
    emulator.advanceClock(5 * DAY_SECONDS);
    writeFileSync(join(folder, "only-2.yaml"), `members:\n  - memberUin: ${uin(2)}\n`);
    await command(["--within-days", "15", "--record", record, "--team-file", join(folder, "only-2.yaml")]);
    emulator.advanceClock(7 * DAY_SECONDS);
    const at = emulator.now().toISOString();
    const { status, stdout, stderr } = await command(["--record", record, "--at", at]);
    expect(status).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(new RegExp(`^sent\\t${uin(1)}\\tmember-${uin(1)}\\tlink was to expire \\d{4}-`));
    expect(lines[1]).toMatch(
      new RegExp(`^skipped\\t${uin(2)}\\tmember-${uin(2)}\\tlink lasts longer than the window \\(expires \\d{4}-`),
    );
    expect(lines.slice(2)).toEqual([""]);
    expect(stderr).toContain(
      "6 members: reminded 1, refused 0; skipped 1 link lasts longer than the window; 1 active: nothing to remind; 3 no binding.",
    );
  });
});
