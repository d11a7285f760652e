/**
 * The audit as a pull request runs it: 120 bindings declared in a stack by `pulumi up` of the from-file
 * example's project (the `pulumi` binary), the organization of 300 members changed outside Pulumi around them
 * (bindings failed, activated, removed, made in the console; invited members; the emulator's clock moved on),
 * `pulumi stack export`, then the built command line as a child process, as `npx` runs it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { childOutput } from "../support/child-output";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";

jest.setTimeout(600_000);

const MEMBERS = 300;
const DAY_SECONDS = 24 * 60 * 60;
/** Describes a second at the provider's pace: 20 a second less the 5% margin of its start window. */
const PACED_PER_SECOND = 19;

const uin = (index: number): number => 100000000001 + index;
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
/** One member in ten has an email outside the allowed domain. */
const offDomain = (index: number): boolean => index % 10 === 9;
const email = (index: number): string => `member.${uin(index)}@${offDomain(index) ? "other.org" : "example.com"}`;
const phone = (index: number): string => `139${String(index).padStart(8, "0")}`;

// The organization, by member index (uin 100000000001 + index):
const declared = range(0, 120); // bound by `pulumi up`, then:
const removed = range(0, 5); //   their binding removed outside the API
const failedDeclared = range(5, 15); //   failed
const waitingDeclared = range(15, 25); //   left waiting for activation since the `pulumi up`
const activeDeclared = range(25, 120); //   activated
const expiredOutside = range(120, 130); // bound in the console first, never activated: the link expires
const waitingOutside = range(130, 140); // bound in the console 3 days after the `pulumi up`
const recentWaiting = range(140, 150); // bound in the console just before the audit
const recentActive = range(150, 155);
const recentFailed = range(155, 160);
const unbound = range(160, 280); // created members without a binding
const invited = range(280, 300); // invited members
const outside = [...expiredOutside, ...waitingOutside, ...recentWaiting, ...recentActive, ...recentFailed];
const bound = [...failedDeclared, ...waitingDeclared, ...activeDeclared, ...outside];

/** The planted findings: member indexes by kind. */
const planted: Record<string, number[]> = {
  undeclared: outside,
  gone: removed,
  failed: [...failedDeclared, ...expiredOutside, ...recentFailed],
  expired: waitingDeclared,
  expiring: waitingOutside,
  invited,
  unbound,
  offDomain: bound.filter(offDomain),
};
const plantedUins = (kinds: readonly string[]): string[] =>
  kinds.flatMap((kind) => planted[kind].map((index) => `${kind} ${uin(index)}`)).sort();

let emulator: Emulator;
let folder: string;
let stateFile: string;
let teamFile: string;
let project: CliProject | undefined;
/** The moment the audit measures expiry at: two days after the emulator's clock, as a review looks ahead. */
let auditAt: Date;

/** Binds members through the official SDK as the console does, paced under the emulator's limit. */
async function bindInConsole(indexes: readonly number[]): Promise<void> {
  const client = organizationClient(emulator);
  for (const index of indexes) {
    await client.AddOrganizationMemberEmail({
      MemberUin: uin(index),
      Email: email(index),
      CountryCode: "86",
      Phone: phone(index),
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
}

beforeAll(async () => {
  assertBuildIsCurrent();
  emulator = await startEmulator({
    members: range(0, MEMBERS).map((index) => ({
      uin: uin(index),
      type: invited.includes(index) ? ("Invite" as const) : ("Create" as const),
      // A name from the organization that would break a Markdown table if it were not escaped.
      ...(index === 200 ? { name: "R&D | <Ops> *team*" } : {}),
    })),
  });
  folder = mkdtempSync(join(tmpdir(), "member-email-audit-"));

  // Day 0: bindings made in the console, never activated.
  await bindInConsole(expiredOutside);
  emulator.advanceClock(2 * DAY_SECONDS);

  // Day 2: the team file's 120 members bound by `pulumi up`.
  teamFile = join(folder, "team.yaml");
  const lines = declared.flatMap((index) => [
    `  - memberUin: ${uin(index)}`,
    `    email: ${JSON.stringify(email(index))}`,
    '    countryCode: "86"',
    `    phone: ${JSON.stringify(phone(index))}`,
  ]);
  writeFileSync(teamFile, `members:\n${lines.join("\n")}\n`);
  project = await cliProject(join(repositoryRoot, "examples", "from-file"), emulatorEnvironment(emulator));
  await project.pulumiOk(["config", "set", "teamFile", teamFile]);
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(new RegExp(`\\+ ${declared.length + 1} created`));

  // Day 5: more bindings made in the console.
  emulator.advanceClock(3 * DAY_SECONDS);
  await bindInConsole(waitingOutside);

  // Day 15.5: the day-0 links have expired; the last bindings are made; the declared ones change outside Pulumi.
  emulator.advanceClock(10.5 * DAY_SECONDS);
  await bindInConsole([...recentWaiting, ...recentActive, ...recentFailed]);
  for (const index of removed) emulator.unbind(uin(index));
  for (const index of [...failedDeclared, ...recentFailed])
    emulator.fail(uin(index), "The mailbox rejected the email.");
  for (const index of [...activeDeclared, ...recentActive]) emulator.activate(uin(index));

  const exported = await project.pulumiOk(["stack", "export"]);
  stateFile = join(folder, "stack.json");
  writeFileSync(stateFile, exported.stdout);
  auditAt = new Date(emulator.now().getTime() + 2 * DAY_SECONDS * 1000);
}, 600_000);

afterAll(async () => {
  await project?.dispose();
  await emulator?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Runs the built command line's audit against the emulator; answers its exit status, output and duration. */
function audit(
  args: string[],
  stdin?: string,
): Promise<{ status: number | null; stdout: string; stderr: string; seconds: number }> {
  return command(["audit", "--at", auditAt.toISOString(), ...args], stdin);
}

/** Runs the built command line against the emulator, as `npx` does. */
function command(
  args: string[],
  stdin?: string,
): Promise<{ status: number | null; stdout: string; stderr: string; seconds: number }> {
  const script = join(repositoryRoot, "dist", "provider", "cli", "cli.js");
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? "", ...emulatorEnvironment(emulator) },
  });
  child.stdin.end(stdin ?? "");
  return childOutput(child).then(({ status, stdout, stderr }) => {
    const seconds = Number(/\(in ([0-9.]+) s\)/.exec(stderr)?.[1] ?? Number.NaN);
    return { status, stdout, stderr, seconds };
  });
}

/** The findings of a Markdown report, as `kind uin` lines read from its tables. */
function markdownFindings(markdown: string): string[] {
  return markdown.split("\n### ").flatMap((section) => {
    const kind = /^[^\n]*\(`(\w+)`, \d+\)/.exec(section)?.[1];
    if (!kind) return [];
    return [...section.matchAll(/^\| (\d+) \|/gm)].map((row) => `${kind} ${row[1]}`);
  });
}

/** The API calls the emulator received while `run` ran, per action. */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; listings: number; describes: number }> {
  const before = {
    listings: emulator.requestCount("DescribeOrganizationMembers"),
    describes: emulator.requestCount("DescribeOrganizationMemberEmailBind"),
  };
  const result = await run();
  return {
    result,
    listings: emulator.requestCount("DescribeOrganizationMembers") - before.listings,
    describes: emulator.requestCount("DescribeOrganizationMemberEmailBind") - before.describes,
  };
}

/** Everything personal or secret the organization holds, none of which a report may show. */
function assertNothingPersonal(text: string): void {
  for (const index of [...declared, ...outside]) {
    expect(text).not.toContain(email(index));
    expect(text).not.toContain(phone(index));
  }
  expect(text).not.toContain(emulator.secretKey);
  expect(text).not.toContain(emulator.secretId);
}

const kinds = Object.keys(planted);
const everyKindTest =
  `the Markdown audit of ${MEMBERS} members from \`pulumi stack export\` lists exactly the planted findings, ` +
  "in 1 listing of 6 pages and one describe per binding, at the pace of the rate limit";
test(everyKindTest, async () => {
  const { result, listings, describes } = await counted(() =>
    audit(["--stack-state", stateFile, "--allowed-domains", "example.com", "--fail-on", "expired,offDomain"]),
  );
  expect(result.stderr).toMatch(/^The organization has 300 members; listing them 50 at a time\.$/m);
  // In a log, the counts come every 5 seconds, not per page: one or two lines for a run of about 8 seconds.
  expect(
    result.stderr.match(/^Listed \d+ of 300 members; described \d+ of the \d+ to describe so far\.$/gm)?.length,
  ).toBeLessThanOrEqual(2);
  expect(result.status).toBe(1);
  expect(markdownFindings(result.stdout).sort()).toEqual(plantedUins(kinds));
  const total = Object.values(planted).reduce((sum, indexes) => sum + indexes.length, 0);
  const counts = kinds.map((kind) => `${planted[kind].length} ${kind}`).join(", ");
  expect(result.stdout).toContain(
    `## Tencent Cloud organization audit\n\n**${total} findings**: ${counts}. 300 members`,
  );
  expect(result.stdout).toContain("<details><summary>120 members</summary>");
  // A name from the organization is a code span: it cannot break the table, nor mention, link or inject markup.
  expect(result.stdout).toContain("| `R&D \\| <Ops> *team*` |");
  expect(result.stdout).toContain("The activation link expired");
  assertNothingPersonal(result.stdout + result.stderr);

  // The domain policy needs every bound member's email: each binding is described once, and nothing else.
  expect(listings).toBe(MEMBERS / 50);
  expect(describes).toBe(bound.length);
  // The rate limit allows 19 describes a second (the listing's 6 pages go alongside, under their own limit).
  const allowed = describes / PACED_PER_SECOND;
  process.stderr.write(
    `audit of ${MEMBERS} members, ${describes} described: ${result.seconds} s (allowed ${allowed.toFixed(2)} s)\n`,
  );
  expect(result.seconds).toBeGreaterThanOrEqual((describes - 1) / 20);
  expect(result.seconds).toBeLessThanOrEqual(allowed * 1.1);
});

const jsonTest =
  "the JSON audit from standard input without a domain policy describes only what can be a finding, " +
  "and exits 0 when no finding is of a --fail-on kind";
test(jsonTest, async () => {
  const { readFileSync } = await import("node:fs");
  const { result, listings, describes } = await counted(() =>
    audit(["--stack-state", "-", "--json", "--fail-on", "offDomain"], readFileSync(stateFile, "utf8")),
  );
  expect(result.status).toBe(0);
  const report = JSON.parse(result.stdout) as {
    findings: { kind: string; memberUin: number; name: string; maskedEmail?: string }[];
    summary: Record<string, unknown>;
  };
  const withoutPolicy = kinds.filter((kind) => kind !== "offDomain");
  expect(report.findings.map((finding) => `${finding.kind} ${finding.memberUin}`).sort()).toEqual(
    plantedUins(withoutPolicy),
  );
  expect(report.findings.find((finding) => finding.kind === "undeclared")).toMatchObject({
    memberUin: uin(120),
    name: `member-${uin(120)}`,
    maskedEmail: "m***@example.com",
  });
  expect(report.summary).toMatchObject({ members: MEMBERS, declared: declared.length, bound: bound.length });
  assertNothingPersonal(result.stdout + result.stderr);

  // Declared bindings the listing shows active need no describe without a domain policy.
  expect(listings).toBe(MEMBERS / 50);
  expect(describes).toBe(bound.length - activeDeclared.length);
  const allowed = describes / PACED_PER_SECOND;
  process.stderr.write(`audit --json, ${describes} described: ${result.seconds} s (allowed ${allowed.toFixed(2)} s)\n`);
  expect(result.seconds).toBeGreaterThanOrEqual((describes - 1) / 20);
  expect(result.seconds).toBeLessThanOrEqual(allowed * 1.1);
});

test("the audit from the team file the stack was made from finds the same, and exits 1 on a --fail-on kind", async () => {
  const result = await audit([
    "--team-file",
    teamFile,
    "--json",
    "--allowed-domains",
    "example.com",
    "--fail-on",
    "gone",
  ]);
  expect(result.status).toBe(1);
  const report = JSON.parse(result.stdout) as { findings: { kind: string; memberUin: number }[] };
  expect(report.findings.map((finding) => `${finding.kind} ${finding.memberUin}`).sort()).toEqual(plantedUins(kinds));
  assertNothingPersonal(result.stdout + result.stderr);
});

const faultTest =
  "one member's Describe refused as expired and another's refused outright: the Markdown still lists every " +
  "finding, the first as expired and the second as unreadable, and the exit status is 2 after the report";
test(faultTest, async () => {
  const DESCRIBE = "DescribeOrganizationMemberEmailBind";
  const expiredByCode = uin(waitingOutside[0]);
  const unreadable = uin(recentActive[0]);
  const before = emulator.requestLog().at(-1)?.sequence ?? 0;
  emulator.planFault({
    action: DESCRIBE,
    kind: "error",
    code: "FailedOperation.BindEmailLinkExpired",
    memberUin: expiredByCode,
  });
  emulator.planFault({
    action: DESCRIBE,
    kind: "error",
    code: "AuthFailure.UnauthorizedOperation",
    memberUin: unreadable,
  });
  const result = await audit(["--stack-state", stateFile, "--allowed-domains", "example.com", "--fail-on", "expired"]);

  const refused = emulator.requestLog().filter((entry) => entry.sequence > before && entry.errorCode !== undefined);
  expect(refused.map((entry) => `${entry.action} ${entry.memberUin} ${entry.errorCode}`).sort()).toEqual([
    `${DESCRIBE} ${expiredByCode} FailedOperation.BindEmailLinkExpired`,
    `${DESCRIBE} ${unreadable} AuthFailure.UnauthorizedOperation`,
  ]);
  expect(result.status).toBe(3);
  // The planted findings, but the two members: the first is expired instead of expiring (and keeps its other
  // findings from the listing), the second is unreadable instead of its Describe's findings.
  const expected = plantedUins(kinds)
    .filter((line) => line !== `expiring ${expiredByCode}`)
    .filter((line) => !(line.endsWith(` ${unreadable}`) && !line.startsWith("undeclared")))
    .concat([`expired ${expiredByCode}`, `unreadable ${unreadable}`])
    .sort();
  expect(markdownFindings(result.stdout).sort()).toEqual(expected);
  const requestIdOf = (memberUin: number): string | undefined =>
    refused.find((entry) => entry.memberUin === memberUin)?.requestId;
  expect(result.stdout).toContain(
    `| ${unreadable} | \`member-${unreadable}\` | \`AuthFailure.UnauthorizedOperation\` | \`${requestIdOf(unreadable)}\` |`,
  );
  expect(result.stdout).toContain("`Describe answered FailedOperation.BindEmailLinkExpired`");
  expect(result.stderr).toContain("Failing on: expired.");
  expect(result.stderr).toMatch(/could not read 1 member \(the "unreadable" findings\): the report is incomplete\.\n$/);
  assertNothingPersonal(result.stdout + result.stderr);
});

test("remind limited to the stack's export resends only the declared bindings near their link's end", async () => {
  const SEND = "SendOrgMemberAccountBindEmail";
  const before = emulator.requestLog().at(-1)?.sequence ?? 0;
  // Within 5 days of the emulator's day 15.5: the declared waiting links (from day 2, ending on day 17) and the
  // console's from day 5 (ending on day 20), which the stack does not declare.
  const result = await command([
    "remind",
    "--stack-state",
    stateFile,
    "--within-days",
    "5",
    "--at",
    emulator.now().toISOString(),
    "--json",
  ]);
  expect(result.status).toBe(0);
  const report = JSON.parse(result.stdout) as {
    sent: { memberUin: number }[];
    skipped: { memberUin: number; reason: string }[];
  };
  const waiting = waitingDeclared.map(uin).sort();
  expect(report.sent.map((entry) => entry.memberUin).sort()).toEqual(waiting);
  const sends = emulator.requestLog().filter((entry) => entry.sequence > before && entry.action === SEND);
  expect(sends.map((entry) => entry.memberUin).sort()).toEqual(waiting);
  expect(sends.filter((entry) => entry.errorCode !== undefined)).toEqual([]);
  // The console's waiting bindings were due too, but the stack does not declare them.
  const undeclared = report.skipped.filter((entry) => entry.reason === "undeclared").map((entry) => entry.memberUin);
  expect(undeclared).toEqual(expect.arrayContaining(waitingOutside.map(uin)));
  assertNothingPersonal(result.stdout + result.stderr);
});
