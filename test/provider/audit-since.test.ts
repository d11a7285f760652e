import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { type CommandLineRun, runCommandLine } from "../support/command-line";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient, type OrganizationClient } from "../support/organization-client";

const uin = (n: number): number => 100000000000 + n;
const DAY_SECONDS = 24 * 60 * 60;

let emulator: Emulator;
let client: OrganizationClient;
let folder: string;
const teamFile = () => join(folder, "team.yaml");
const report = (day: number) => join(folder, `audit-day${day}.json`);

function declare(...members: number[]): void {
  writeFileSync(teamFile(), `members:\n${members.map((n) => `  - memberUin: ${uin(n)}\n`).join("")}`);
}

async function bind(n: number, email = `m${n}@example.com`): Promise<void> {
  await client.AddOrganizationMemberEmail({
    MemberUin: uin(n),
    Email: email,
    CountryCode: "86",
    Phone: `1380013800${n}`,
  });
}

beforeAll(async () => {
  emulator = await emulatorForProvider({ members: [1, 3, 4, 5, 6].map(uin) });
  client = organizationClient(emulator);
  folder = mkdtempSync(join(tmpdir(), "member-email-audit-since-"));
});
afterAll(async () => {
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs the audit in this process as of the emulator's now; answers its status and output. */
const audit = (args: string[]): Promise<CommandLineRun> =>
  runCommandLine([
    "audit",
    "--team-file",
    teamFile(),
    "--expiry-warning-days",
    "0",
    "--at",
    emulator.now().toISOString(),
    ...args,
  ]);

/** Runs the day's audit with --json, keeps its report for the next day; answers the status and the changes. */
async function day(number: number, since?: number) {
  const sinceArgs = since === undefined ? [] : ["--since", report(since)];
  const { status, stdout, stderr } = await audit(["--json", "--fail-on-new", "failed", ...sinceArgs]);
  writeFileSync(report(number), stdout);
  const json = JSON.parse(stdout) as {
    findings: { kind: string; memberUin: number; since?: string }[];
    resolved?: { kind: string; memberUin: number }[];
  };
  const label = (finding: { kind: string; memberUin: number }) => `${finding.kind} ${finding.memberUin - uin(0)}`;
  return {
    status,
    stderr,
    all: json.findings.map(label),
    fresh: json.findings.filter((finding) => finding.since === "new").map(label),
    still: json.findings.filter((finding) => finding.since === "still").map(label),
    resolved: (json.resolved ?? []).map(label),
  };
}

test("--since over three days of planted changes marks exactly what is new, still and resolved", async () => {
  // Day 0, the baseline: 1 and 4 declared and bound (4 active), 3 bound and declared nowhere, 5 and 6 unbound.
  declare(1, 4);
  await bind(1);
  await bind(3);
  await bind(4);
  emulator.activate(uin(4));
  const baseline = await day(0);
  expect(baseline).toMatchObject({ status: 0, all: ["undeclared 3", "unbound 5", "unbound 6"], resolved: [] });

  // Day 1: member 1's binding fails. A new failure: exit status 1.
  emulator.advanceClock(DAY_SECONDS);
  emulator.fail(uin(1));
  const one = await day(1, 0);
  expect(one).toMatchObject({
    status: 1,
    fresh: ["failed 1"],
    still: ["undeclared 3", "unbound 5", "unbound 6"],
    resolved: [],
  });
  expect(one.stderr).toMatch(/Failing on: new failed/);

  // Day 2: 3 is declared at last, 6 is bound outside any stack. The failure is still there, not new: exit 0.
  emulator.advanceClock(DAY_SECONDS);
  declare(1, 3, 4);
  await bind(6);
  const two = await day(2, 1);
  expect(two).toMatchObject({
    status: 0,
    fresh: ["undeclared 6"],
    still: ["failed 1", "unbound 5"],
    resolved: ["undeclared 3", "unbound 6"],
  });

  // The Markdown of day 2 leads with what is new, then what was resolved, then the tables by kind.
  const markdown = (await audit(["--since", report(1)])).stdout;
  expect(markdown).toMatch(/Since the previous report \(as of [^)]+\): 1 new, 2 still, 2 resolved\./);
  const newAt = markdown.indexOf("### New since the previous report (1)");
  const resolvedAt = markdown.indexOf("### Resolved since the previous report (2)");
  const firstKindAt = markdown.indexOf("### Failed bindings");
  expect(newAt).toBeGreaterThan(0);
  expect(newAt).toBeLessThan(resolvedAt);
  expect(resolvedAt).toBeLessThan(firstKindAt);
  expect(markdown.slice(newAt, resolvedAt)).toContain(`| \`undeclared\` | ${uin(6)} |`);

  // Day 3: member 1 gets a new email; nothing new.
  emulator.advanceClock(DAY_SECONDS);
  const { BindId } = await client.DescribeOrganizationMemberEmailBind({ MemberUin: uin(1) });
  await client.UpdateOrganizationMemberEmailBind({
    MemberUin: uin(1),
    BindId: BindId ?? 0,
    Email: "m1-new@example.com",
    CountryCode: "86",
    Phone: "13800138001",
  });
  const three = await day(3, 2);
  expect(three).toMatchObject({ status: 0, fresh: [], still: ["undeclared 6", "unbound 5"], resolved: ["failed 1"] });
});

test("a failed binding that cannot be read one day stays a known failure: still, never resolved then new again", async () => {
  declare(5);
  await bind(5);
  emulator.fail(uin(5));
  const of5 = (labels: string[]) => labels.filter((label) => label.endsWith(" 5"));
  const first = await day(10);
  expect(of5(first.all)).toEqual(["failed 5"]);

  // The next day Describe fails for member 5 with an error that says nothing about its binding.
  emulator.advanceClock(DAY_SECONDS);
  emulator.planFault({
    action: "DescribeOrganizationMemberEmailBind",
    kind: "error",
    code: "InvalidParameter",
    memberUin: uin(5),
  });
  const unread = await day(11, 10);
  // Unreadable is new, and fails the run (the report is incomplete); the failure is still there, not resolved.
  expect(unread.status).toBe(3);
  expect(of5(unread.fresh)).toEqual(["unreadable 5"]);
  expect(of5(unread.still)).toEqual(["failed 5"]);
  expect(of5(unread.resolved)).toEqual([]);
  expect(unread.stderr).not.toMatch(/new failed/);
  const kept = (JSON.parse(readFileSync(report(11), "utf8")) as { findings: Record<string, unknown>[] }).findings.find(
    (finding) => finding.kind === "failed" && finding.memberUin === uin(5),
  );
  expect(kept).toMatchObject({ notReadToday: true, since: "still" });

  // The day after, it is read again: still failed, nothing new, and --fail-on-new failed does not fire.
  emulator.advanceClock(DAY_SECONDS);
  const again = await day(12, 11);
  expect(of5(again.still)).toEqual(["failed 5"]);
  expect(of5(again.fresh)).toEqual([]);
  expect(of5(again.resolved)).toEqual(["unreadable 5"]);
  expect(again.status).toBe(0);
});

test("a --since file that is not an audit report stops the audit before any call, naming the option", async () => {
  const bad = join(folder, "not-a-report.json");
  writeFileSync(bad, JSON.stringify({ deployment: {} }));
  const before = emulator.requestLog().length;
  const { status, stderr } = await audit(["--since", bad]);
  expect(status).toBe(3);
  expect(stderr).toMatch(/The previous report has no "findings" list.*--since/);
  expect(emulator.requestLog().length).toBe(before);
  const unknownKind = await audit(["--fail-on-new", "broken"]);
  expect(unknownKind).toMatchObject({ status: 2, stderr: expect.stringMatching(/--fail-on-new takes a comma list/) });
});
