import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../provider/cli/cli";

/** Runs the command line and collects what it writes. */
async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { status, stdout, stderr };
}

let folder: string;
let state: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "member-email-audit-"));
  state = join(folder, "state.json");
  writeFileSync(state, JSON.stringify({ version: 3, deployment: { resources: [] } }));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("audit's command line", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test("prints its usage to stdout for --help, naming its options, the finding kinds and the exit statuses", async () => {
    const result = await run(["audit", "--help"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(
      /Usage: pulumi-tencentcloud-member-email audit \(--stack-state FILE \| --team-file FILE\)/,
    );
    expect(result.stdout).toMatch(
      /Kinds: unreadable, undeclared, gone, failed, expired, expiring, invited, unbound, offDomain, otherOrganization\./,
    );
    expect(result.stdout).toMatch(
      /Exit status: 0 .*,\s+1 at least one, 2 a usage error, 3 could not finish: an unreadable member \(after the report is written\)/s,
    );
    expect(result.stdout).toMatch(/see docs\/commands\.md, section Exit status/);
    expect(result.stdout).toMatch(/--at TIME .*it must name its zone/);
    expect(result.stdout).toMatch(/--ignore-kinds KINDS .*--ignore-members FILE/s);
  });

  test.each([
    [[], /Name what is declared with one of --stack-state FILE/],
    [["--stack-state", "a.json", "--team-file", "b.yaml"], /Name what is declared with one of/],
    [["--stack-state", ""], /need a file name/],
    [
      ["--stack-state", "a.json", "--expiry-warning-days", "soon"],
      /--expiry-warning-days must be a number of days from 0 to 15.*got "soon"/,
    ],
    [
      ["--stack-state", "a.json", "--fail-on", "failed,broken"],
      /--fail-on takes a comma list of finding kinds: unreadable, undeclared, .*; got "broken"/,
    ],
    [
      ["--stack-state", "a.json", "--allowed-domains", "alice@example.com"],
      /--allowed-domains must be a comma-separated list of email domains .*entry 1 of the list is not a domain/,
    ],
    [["--stack-state", "a.json", "--at", "tomorrow"], /--at must be an ISO 8601 moment/],
    // Without a zone, a time would be read in this machine's zone: refused, not guessed.
    [["--stack-state", "a.json", "--at", "2026-12-01T09:00:00"], /--at must be an ISO 8601 moment with its zone/],
    [["--stack-state", "a.json", "--at", "2026-12-01 09:00"], /--at must be an ISO 8601 moment with its zone/],
    [["--stack-state", "a.json", "--at", "2026-12-01"], /--at must be an ISO 8601 moment with its zone/],
    [["--stack-state", "a.json", "--at", "2026-02-30T09:00:00Z"], /--at must be an ISO 8601 moment/],
    [["--stack-state", "a.json", "extra"], /audit takes no arguments besides its options/],
    [["--stack-state", "a.json", "--jsn"], /Unknown option '--jsn'/],
    [
      ["--stack-state", "a.json", "extra", "words"],
      /audit takes no arguments besides its options; got "extra words"\./,
    ],
    [
      ["--stack-state", "a.json", "--expiry-warning-days", "16"],
      /--expiry-warning-days must be a number of days from 0 to 15 \(an activation link lasts 15\), such as 3; got "16"\./,
    ],
    [["--stack-state", "a.json", "--expiry-warning-days", " "], /--expiry-warning-days must be .*got " "/],
    [
      ["--stack-state", "a.json", "--max-markdown-bytes", "1999"],
      /--max-markdown-bytes must be a whole number of bytes, at least 2000, such as 60000 \(GitHub takes 65,536 characters in a comment\); got "1999"\./,
    ],
    [
      ["--stack-state", "a.json", "--max-markdown-bytes", "2000.5"],
      /--max-markdown-bytes must be a whole number .*got "2000\.5"/,
    ],
    [["--stack-state", "a.json", "--max-markdown-bytes", " "], /--max-markdown-bytes must be a whole number .*got " "/],
    [["--stack-state", "a.json", "--since", ""], /^--since needs a file name, such as --since previous-audit\.json\./],
    [
      ["--stack-state", "a.json", "--json-out", ""],
      /^--json-out needs a file name, such as --json-out previous-audit\.json\./,
    ],
    [
      ["--stack-state", "a.json", "--at", "x2026-12-01T09:00:00Z"],
      /--at must be an ISO 8601 moment with its zone, such as 2026-12-01T09:00:00Z or 2026-12-01T17:00:00\+08:00 \(a time without a zone would be read in this machine's zone\); got "x2026/,
    ],
    [["--stack-state", "a.json", "--at", "2026-12-01T09:00:00Zx"], /--at must be an ISO 8601 moment with its zone/],
    [["--stack-state", "a.json", "--ignore-kinds", "unbound,nobody"], /--ignore-kinds takes a comma list .*"nobody"/],
    [["--stack-state", "a.json", "--ignore-kinds", "unreadable"], /--ignore-kinds cannot leave out unreadable/],
    [
      ["--stack-state", "a.json", "--ignore-members", ""],
      /--ignore-members needs a file name, such as --ignore-members ignore.txt/,
    ],
  ])("refuses %j with exit status 2, the reason and the usage, before any API call", async (args, reason) => {
    process.env.TENCENTCLOUD_ORGANIZATION_ENDPOINT = "http://127.0.0.1:9";
    const result = await run(["audit", ...args]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).toMatch(/Usage:/);
    expect(result.stderr).not.toMatch(/alice@example\.com/);
    expect(result.stdout).toBe("");
  });

  test("fails with exit status 3 and the file's problem when the stack state is not a stack export", async () => {
    const bad = join(folder, "bad.json");
    writeFileSync(bad, '{"members": []}');
    const result = await run(["audit", "--stack-state", bad]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/audit failed: The stack state has no "deployment" with a "resources" list/);
  });

  test("fails with exit status 3 when the file cannot be read", async () => {
    const result = await run(["audit", "--team-file", join(folder, "missing.yaml")]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/audit failed: Could not read the team file .*missing\.yaml \(ENOENT\)/);
  });

  test("reads a stack export, team file and previous report saved with a UTF-8 byte-order mark", async () => {
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    const saved = (name: string, text: string) => {
      const file = join(folder, name);
      writeFileSync(file, `\uFEFF${text}`);
      return file;
    };
    const previous = saved(
      "previous-bom.json",
      JSON.stringify({ findings: [], summary: { at: "2026-12-01T09:00:00Z" } }),
    );
    for (const declared of [
      ["--stack-state", saved("state-bom.json", JSON.stringify({ version: 3, deployment: { resources: [] } }))],
      ["--team-file", saved("team-bom.yaml", "members:\n  - memberUin: 100000000001\n")],
    ]) {
      const result = await run(["audit", ...declared, "--since", previous]);
      // Every file was read: the audit went on as far as the credentials, which this test does not give.
      expect(result.stderr).toMatch(/audit failed: Tencent Cloud credentials are missing/);
      expect(result.status).toBe(3);
    }
  });

  test.each([
    [["--fail-on", " failed , expired ,"]],
    [["--fail-on-new", "failed,,expiring"]],
    [["--expiry-warning-days", "15"]],
    [["--expiry-warning-days", "0"]],
    [["--max-markdown-bytes", "2000"]],
    [["--ignore-kinds", " unbound "]],
  ])("takes %j, and fails only later, for want of credentials (exit status 3)", async (args) => {
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    const result = await run(["audit", "--stack-state", state, ...args]);
    expect(result.stderr).toMatch(
      /^pulumi-tencentcloud-member-email audit failed: Tencent Cloud credentials are missing/,
    );
    expect(result.status).toBe(3);
  });

  test("a --since report that cannot be read stops the audit with exit status 3, naming the file and the reason", async () => {
    const result = await run(["audit", "--stack-state", state, "--since", join(folder, "missing.json")]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /^pulumi-tencentcloud-member-email audit failed: Could not read the previous report .*missing\.json \(ENOENT\)\.\n$/,
    );
  });

  test.each([
    [
      "a system error",
      () => {
        throw Object.assign(new Error("resource temporarily unavailable"), { code: "EAGAIN" });
      },
      "EAGAIN",
    ],
    [
      "anything else",
      () => {
        throw "no input";
      },
      "no input",
    ],
  ])("--stack-state - that cannot read standard input (%s) says so, exit status 3", async (_name, stdin, reason) => {
    let stderr = "";
    const status = await main(["audit", "--stack-state", "-"], {
      stdout: () => undefined,
      stderr: (text) => void (stderr += text),
      stdin,
    });
    expect(status).toBe(3);
    expect(stderr).toBe(
      `pulumi-tencentcloud-member-email audit failed: Could not read the stack state from standard input (${reason}).\n`,
    );
  });

  test("--stack-state - reads the stack export from standard input", async () => {
    let stderr = "";
    const status = await main(["audit", "--stack-state", "-"], {
      stdout: () => undefined,
      stderr: (text) => void (stderr += text),
      stdin: () => '{"members": []}',
    });
    expect(status).toBe(3);
    expect(stderr).toMatch(/audit failed: The stack state has no "deployment" with a "resources" list/);
  });

  test("without credentials fails with exit status 3 and says which variables to set", async () => {
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    const result = await run(["audit", "--stack-state", state]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/audit failed: Tencent Cloud credentials are missing.*TENCENTCLOUD_SECRET_ID/s);
    expect(result.stdout).toBe("");
  });
});
