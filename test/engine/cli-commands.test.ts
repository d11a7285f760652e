/**
 * The commands as an operator meets them, through the built command line (`dist/provider/cli/cli.js`, as npx runs
 * it) against the emulator: one meaning per exit status across discover, audit and remind, the help and the
 * version, the advice of a failed call, and progress on stderr in a log and on a terminal.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { childOutput } from "../support/child-output";
import { bindOutsidePulumi, mixedBindings, organizationMembers } from "../support/organization-setup";

jest.setTimeout(300_000);

const script = join(repositoryRoot, "dist", "provider", "cli", "cli.js");
const DAY_MS = 24 * 60 * 60 * 1000;
const version = (JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as { version: string }).version;

/** What a run of the command line left. */
interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** From the start of the process to its end. */
  readonly seconds: number;
}

/** Runs `command` (a program and its arguments) with the emulator's credentials and `env`; answers what it left. */
function spawnRun(command: readonly string[], emulator: Emulator, env: Record<string, string> = {}): Promise<Run> {
  const startedAt = performance.now();
  const child = spawn(command[0], command.slice(1), {
    env: {
      PATH: process.env.PATH ?? "",
      TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
      TENCENTCLOUD_SECRET_ID: emulator.secretId,
      TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
      ...env,
    },
  });
  return childOutput(child).then(({ status, stdout, stderr }) => ({
    status,
    stdout,
    stderr,
    seconds: (performance.now() - startedAt) / 1000,
  }));
}

/** Runs the built command line with `args`, its stderr a pipe (as in a CI log). */
const cli = (emulator: Emulator, args: readonly string[], env?: Record<string, string>): Promise<Run> =>
  spawnRun([process.execPath, script, ...args], emulator, env);

let folder: string;
beforeAll(() => {
  assertBuildIsCurrent();
  folder = mkdtempSync(join(tmpdir(), "member-email-cli-commands-"));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("one meaning per exit status, through the built command line", () => {
  const uin = (n: number): number => 100000000000 + n;
  let emulator: Emulator;
  let teamFile: string;
  beforeAll(async () => {
    emulator = await startEmulator({ members: [1, 2, 3, 4].map(uin) });
    // 1 and 2 waiting for activation, 3 failed; 4 never bound. The team file declares 1 and 2.
    await bindOutsidePulumi(emulator, [
      { memberUin: uin(1), email: "m1@example.com", countryCode: "86", phone: "13800138001", status: "Valid" },
      { memberUin: uin(2), email: "m2@example.com", countryCode: "86", phone: "13800138002", status: "Valid" },
      { memberUin: uin(3), email: "m3@example.com", countryCode: "86", phone: "13800138003", status: "Failed" },
    ]);
    teamFile = join(folder, "team.yaml");
    writeFileSync(teamFile, `members:\n  - memberUin: ${uin(1)}\n  - memberUin: ${uin(2)}\n`);
  });
  afterAll(async () => {
    await emulator.stop();
  });

  /** Two days before the links sent now expire: every waiting binding is due for a reminder. */
  const dueAt = () => new Date(emulator.now().getTime() + 13 * DAY_MS).toISOString();
  const wrongKey = { TENCENTCLOUD_SECRET_KEY: "wrongSecretKeyThatMustNotLeak" };

  test("--version prints the package's version and --help the commands, both on stdout with exit status 0", async () => {
    expect(await cli(emulator, ["--version"])).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: "" });
    const help = await cli(emulator, ["--help"]);
    expect(help).toMatchObject({ status: 0, stderr: "" });
    expect(help.stdout).toMatch(/^Usage: pulumi-tencentcloud-member-email <command> \[options\]/);
    expect(help.stdout).toMatch(/discover .*\n(.*\n)* {2}audit .*\n {2}remind /);
    const audit = await cli(emulator, ["help", "audit"]);
    expect(audit).toMatchObject({ status: 0, stderr: "" });
    expect(audit.stdout).toMatch(/^Usage: pulumi-tencentcloud-member-email audit /);
  });

  test.each<[string, number, string[]]>([
    ["discover", 0, ["discover"]],
    ["discover --bogus", 2, ["discover", "--bogus"]],
    ["audit without a --fail-on kind found", 0, ["audit", "--team-file", "TEAM", "--fail-on", "offDomain"]],
    ["audit --fail-on failed with a failed binding", 1, ["audit", "--team-file", "TEAM", "--fail-on", "failed"]],
    [
      "audit --fail-on-new failed with a failed binding",
      1,
      ["audit", "--team-file", "TEAM", "--fail-on-new", "failed"],
    ],
    ["audit --fail-on nothing", 2, ["audit", "--team-file", "TEAM", "--fail-on", "nothing"]],
    ["audit of a team file that is not there", 3, ["audit", "--team-file", "MISSING"]],
    ["remind --dry-run with two due", 0, ["remind", "--dry-run", "--at", "DUE"]],
    ["remind --within-days 99", 2, ["remind", "--within-days", "99"]],
  ])("%s exits %d", async (_name, status, words) => {
    const args = words.map((word) =>
      word === "TEAM" ? teamFile : word === "MISSING" ? join(folder, "missing.yaml") : word === "DUE" ? dueAt() : word,
    );
    const result = await cli(emulator, args);
    expect(result.stderr).not.toMatch(/m\d@example\.com/);
    expect(result.status).toBe(status);
    if (status === 2)
      expect(result.stderr).toMatch(/\n\nUsage: pulumi-tencentcloud-member-email (discover|audit|remind) /);
  });

  test.each([
    ["discover", ["discover"]],
    ["audit", ["audit", "--team-file", "TEAM"]],
    ["remind", ["remind"]],
  ])(
    "%s whose calls are refused exits 3, and its advice names the variable the command reads, not a config key",
    async (command, words) => {
      const before = emulator.requestCount("DescribeOrganizationMembers");
      const result = await cli(
        emulator,
        words.map((word) => (word === "TEAM" ? teamFile : word)),
        wrongKey,
      );
      expect(emulator.requestCount("DescribeOrganizationMembers")).toBe(before + 1);
      expect(result.status).toBe(3);
      expect(result.stderr).toMatch(
        new RegExp(
          `^pulumi-tencentcloud-member-email ${command} failed: DescribeOrganizationMembers failed with ` +
            "AuthFailure\\.SignatureFailure: .* check that TENCENTCLOUD_SECRET_KEY belongs to the configured secretId\\.",
          "m",
        ),
      );
      expect(result.stderr).not.toMatch(/tencentcloud(-member-email)?:/);
      expect(result.stderr).not.toContain(wrongKey.TENCENTCLOUD_SECRET_KEY);
      expect(result.stdout).toBe("");
    },
  );

  test("audit exits 3 when a member cannot be read, after writing the report of the others", async () => {
    emulator.planFault({
      action: "DescribeOrganizationMemberEmailBind",
      kind: "error",
      code: "AuthFailure.UnauthorizedOperation",
      memberUin: uin(3),
    });
    const result = await cli(emulator, ["audit", "--team-file", teamFile, "--json"]);
    expect(result.status).toBe(3);
    const report = JSON.parse(result.stdout) as { findings: { kind: string; memberUin: number }[] };
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: "unreadable", memberUin: uin(3) }));
  });

  test("remind exits 1 when Tencent Cloud refuses a reminder, after sending the others", async () => {
    emulator.planFault({
      action: "SendOrgMemberAccountBindEmail",
      kind: "error",
      code: "LimitExceeded.SendEmailWithinOneHourLimit",
      memberUin: uin(2),
    });
    const before = emulator.requestCount("SendOrgMemberAccountBindEmail");
    const result = await cli(emulator, ["remind", "--at", dueAt()]);
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(before + 2);
    expect(result.stdout).toMatch(new RegExp(`^sent\\t${uin(1)}\\t`, "m"));
    expect(result.stdout).toMatch(
      new RegExp(`^refused\\t${uin(2)}\\t.*LimitExceeded\\.SendEmailWithinOneHourLimit`, "m"),
    );
    expect(result.status).toBe(1);
  });

  test("on a terminal, progress is one line drawn in place and erased before the summary", async () => {
    // `script` runs the command on a pseudo-terminal: stderr is a TTY, as when a person runs it.
    const out = join(folder, "tty.yaml");
    const command = `${process.execPath} ${script} discover --out ${out}`;
    const result = await spawnRun(["script", "-qec", command, "/dev/null"], emulator);
    expect(result.status).toBe(0);
    // Back to the start of the line and erase it (ECMA-48 CR and EL): how a count is drawn over the one before.
    const redraw = "\r\u001b[K";
    expect(result.stdout).toContain(`${redraw}Listed 4 of 4 members; described 3 of the 3 to describe so far.`);
    // No count on a line of its own: each is drawn over the one before, then erased before what follows.
    expect(result.stdout).not.toMatch(/(^|\n)Listed /);
    expect(result.stdout).toContain(`${redraw}Wrote 3 members to ${out}.`);
    expect(result.stdout).toMatch(/\r?\n4 members, 3 bound: 2 waiting for activation/);
  });
});

describe("progress in a log, through the built command line", () => {
  const MEMBERS = 2000;
  const BOUND = 150;
  // 10 calls a second: 150 descriptions take some 15 s, so the cadence shows.
  const RATE = 10;
  let emulator: Emulator;
  beforeAll(async () => {
    const members = organizationMembers(MEMBERS);
    emulator = await startEmulator({ members });
    await bindOutsidePulumi(emulator, mixedBindings(members, BOUND));
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const cadenceTest = `discover of ${MEMBERS} members (${BOUND} bound) writes a count every 5 seconds, not one per page`;
  test(cadenceTest, async () => {
    const result = await cli(emulator, ["discover", "--out", join(folder, "large.yaml")], {
      TENCENTCLOUD_ORGANIZATION_RATE_LIMIT: String(RATE),
    });
    expect(result.status).toBe(0);
    const lines = result.stderr.trimEnd().split("\n");
    const counts = lines.filter((line) => line.startsWith("Listed "));
    for (const line of counts) {
      expect(line).toMatch(
        new RegExp(`^Listed \\d+ of ${MEMBERS} members; described \\d+ of the \\d+ to describe so far\\.$`),
      );
    }
    // The command's own measure, from its first call to its last answer; the process lived a little longer.
    const reported = Number(/\(in ([\d.]+) s\)/.exec(result.stderr)?.[1]);
    expect(reported).toBeGreaterThanOrEqual(BOUND / RATE - 1);
    expect(counts.length).toBeGreaterThanOrEqual(Math.floor(reported / 5) - 1);
    expect(counts.length).toBeLessThanOrEqual(Math.floor(result.seconds / 5));
    expect(result.stderr).not.toContain("\r");
    // One line for the size, the counts, one for the file and the summary's lines: nothing per page.
    expect(lines[0]).toBe(`The organization has ${MEMBERS} members; listing them 50 at a time.`);
    expect(lines.length).toBeLessThanOrEqual(counts.length + 6);
    process.stderr.write(
      `discover of ${MEMBERS} members at ${RATE}/s: ${reported} s, ${counts.length} count lines, ${lines.length} lines on stderr\n`,
    );
  });
});
