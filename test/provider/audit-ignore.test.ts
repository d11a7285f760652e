import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { type CommandLineRun, runCommandLine } from "../support/command-line";
import { emulatorForProvider } from "../support/emulator";
import { bindOutsidePulumi } from "../support/organization-setup";

const uin = (n: number): number => 100000000000 + n;

let emulator: Emulator;
let folder: string;
const teamFile = () => join(folder, "team.yaml");
const file = (name: string, text: string): string => {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
};

// A partly bound organization: 1 declared and waiting, 2 bound outside Pulumi and failed, 3 to 8 never bound.
beforeAll(async () => {
  emulator = await emulatorForProvider({ members: [1, 2, 3, 4, 5, 6, 7, 8].map(uin) });
  await bindOutsidePulumi(emulator, [
    { memberUin: uin(1), email: "m1@example.com", countryCode: "86", phone: "13800138001", status: "Valid" },
    { memberUin: uin(2), email: "m2@example.com", countryCode: "86", phone: "13800138002", status: "Failed" },
  ]);
  folder = mkdtempSync(join(tmpdir(), "member-email-audit-ignore-"));
  writeFileSync(teamFile(), `members:\n  - memberUin: ${uin(1)}\n`);
});
afterAll(async () => {
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs the audit in this process as of the emulator's now; answers its status and output. */
const audit = (args: string[]): Promise<CommandLineRun> =>
  runCommandLine(["audit", "--team-file", teamFile(), "--at", emulator.now().toISOString(), ...args]);

interface Report {
  readonly findings: readonly { kind: string; memberUin: number; since?: string }[];
  readonly resolved?: readonly { kind: string; memberUin: number }[];
  readonly summary: { findings: number; byKind: Record<string, number>; ignored?: number };
}
const label = (finding: { kind: string; memberUin: number }) => `${finding.kind} ${finding.memberUin - uin(0)}`;

test("without ignoring, the six unbound members bury the two findings that matter, and fail a --fail-on unbound", async () => {
  const result = await audit(["--json", "--fail-on", "unbound"]);
  expect(result.status).toBe(1);
  const report = JSON.parse(result.stdout) as Report;
  expect(report.findings.map(label)).toEqual([
    "undeclared 2",
    "failed 2",
    ...[3, 4, 5, 6, 7, 8].map((n) => `unbound ${n}`),
  ]);
  expect(report.summary).not.toHaveProperty("ignored");
});

describe("--ignore-kinds", () => {
  test("leaves the kind out of the JSON, counts it as ignored, and a --fail-on of that kind passes", async () => {
    const result = await audit(["--json", "--ignore-kinds", "unbound", "--fail-on", "unbound"]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map(label)).toEqual(["undeclared 2", "failed 2"]);
    expect(report.summary).toMatchObject({ findings: 2, ignored: 6, byKind: { unbound: 0, failed: 1 } });
    expect(result.stderr).toMatch(/: 2 findings and 6 ignored \(in [\d.]+ s\)\.\n/);
  });

  test("the Markdown has no table of the kind, and says how many were left out and why", async () => {
    const result = await audit(["--ignore-kinds", "unbound,undeclared", "--fail-on", "failed"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^\*\*1 finding\*\*: 1 failed\. .* 7 findings ignored \(`--ignore-kinds unbound,undeclared`\), not shown\.$/m,
    );
    expect(result.stdout).not.toMatch(/`unbound`|`undeclared`/);
    expect(result.stdout).toMatch(/### Failed bindings \(`failed`, 1\)/);
  });

  test("a --fail-on-new of an ignored kind never fires, and an ignored kind is not resolved the next day", async () => {
    const first = await audit(["--json", "--json-out", join(folder, "day1.json")]);
    expect(first.status).toBe(0);
    const second = await audit([
      "--json",
      "--since",
      join(folder, "day1.json"),
      "--ignore-kinds",
      "unbound",
      "--fail-on-new",
      "unbound",
    ]);
    expect(second.status).toBe(0);
    const report = JSON.parse(second.stdout) as Report;
    expect(report.resolved).toEqual([]);
    expect(report.findings.map((finding) => `${label(finding)} ${finding.since}`)).toEqual([
      "undeclared 2 still",
      "failed 2 still",
    ]);
    // Without --since every finding is new: still ignored.
    const fresh = await audit(["--ignore-kinds", "unbound", "--fail-on-new", "unbound"]);
    expect(fresh.status).toBe(0);
    expect((await audit(["--fail-on-new", "unbound"])).status).toBe(1);
  });
});

describe("--ignore-members", () => {
  test("leaves out every finding of the members the file lists, # comments and blank lines aside", async () => {
    const list = file("ignore.txt", `# the test accounts\n${uin(2)}   # failed, bound by hand\n\n  ${uin(3)}\n`);
    const result = await audit(["--json", "--ignore-members", list, "--fail-on", "failed"]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.findings.map(label)).toEqual([4, 5, 6, 7, 8].map((n) => `unbound ${n}`));
    expect(report.summary.ignored).toBe(3);
    const markdown = await audit(["--ignore-members", list]);
    expect(markdown.stdout).toMatch(
      / 3 findings ignored \(`--ignore-members .*ignore\.txt \(2 members\)`\), not shown\./,
    );
  });

  test("with --ignore-kinds, a finding either leaves out is counted once", async () => {
    const list = file("one.txt", `${uin(3)}\n`);
    const result = await audit(["--json", "--ignore-members", list, "--ignore-kinds", "unbound"]);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.summary.ignored).toBe(6);
    expect(report.findings.map(label)).toEqual(["undeclared 2", "failed 2"]);
  });

  test.each([
    [
      "a line that is not a uin",
      `${uin(2)}\nm2@example.com\n`,
      /--ignore-members .*bad\.txt, line 2: expected a member uin/,
    ],
    ["a uin with a letter", `${uin(2)}x\n`, /line 1: expected a member uin \(digits only/],
  ])("refuses %s with exit status 3 before any call, naming the line but not its text", async (_name, text, reason) => {
    const bad = file("bad.txt", text);
    const before = emulator.requestCount();
    const result = await audit(["--ignore-members", bad]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toContain("m2@example.com");
    expect(result.stdout).toBe("");
    expect(emulator.requestCount()).toBe(before);
  });

  test("a file that cannot be read stops the audit with exit status 3 before any call", async () => {
    const before = emulator.requestCount();
    const result = await audit(["--ignore-members", join(folder, "missing.txt")]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/audit failed: Could not read --ignore-members .*missing\.txt \(ENOENT\)\./);
    expect(emulator.requestCount()).toBe(before);
  });
});
