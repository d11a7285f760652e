import { readFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../provider/cli/cli";
import { EXIT_STATUS } from "../../provider/cli/exit-status";

/** Runs the command line and collects what it writes. */
async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { status, stdout, stderr };
}

const packageJson = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as {
  version: string;
};

describe("the command line", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test.each([["--help"], ["-h"], ["help"]])(
    "%s prints the help of the whole to stdout, listing every command, with exit status 0",
    async (word) => {
      const result = await run([word]);
      expect(result.status).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(/^Usage: pulumi-tencentcloud-member-email <command> \[options\]\n/);
      expect(result.stdout).toMatch(/^ {2}discover {3}list every email binding/m);
      expect(result.stdout).toMatch(/^ {2}audit {6}review the organization/m);
      expect(result.stdout).toMatch(/^ {2}remind {5}send the activation email again/m);
      expect(result.stdout).toMatch(
        /0 done, 1 found what it was asked to fail on, 2 a usage error,\s+3 could not finish/,
      );
      expect(result.stdout).toMatch(/see docs\/commands\.md, section Exit status/);
      expect(result.stdout).not.toMatch(/Usage: pulumi-tencentcloud-member-email discover/);
    },
  );

  test.each([
    ["discover", /^Usage: pulumi-tencentcloud-member-email discover \[--json\] \[--show-emails\]/],
    ["audit", /^Usage: pulumi-tencentcloud-member-email audit \(--stack-state FILE/],
    ["remind", /^Usage: pulumi-tencentcloud-member-email remind \[--within-days N\]/],
  ])("help %s, and the command's --help and -h, print its help to stdout, exit status 0", async (command, usage) => {
    const results = [await run(["help", command]), await run([command, "--help"]), await run([command, "-h"])];
    for (const result of results) {
      expect(result).toMatchObject({ status: 0, stderr: "" });
      expect(result.stdout).toMatch(usage);
      expect(result.stdout).toMatch(/2 a usage error, 3 could not finish/);
      expect(result.stdout).toMatch(/see docs\/commands\.md, section Exit status/);
    }
    expect(results[1].stdout).toBe(results[0].stdout);
    expect(results[2].stdout).toBe(results[0].stdout);
  });

  test("discover's help names the credentials it reads and the option that shows emails whole", async () => {
    const result = await run(["discover", "--help"]);
    expect(result.stdout).toMatch(/TENCENTCLOUD_SECRET_ID.*TENCENTCLOUD_SECRET_KEY/s);
    expect(result.stdout).toMatch(/--show-emails\n\s+print each email whole; without it, the lines and the JSON show/);
  });

  test("--version prints the package's version from package.json, exit status 0", async () => {
    const result = await run(["--version"]);
    expect(result).toEqual({ status: 0, stdout: `${packageJson.version}\n`, stderr: "" });
  });

  test.each([
    [[], /^Name a command: discover, audit and remind\./],
    [["list"], /^Unknown command "list": the commands are discover, audit and remind\./],
    [["constructor"], /^Unknown command "constructor": the commands are discover, audit and remind\./],
    [["help", "toString"], /^help takes one command: discover, audit and remind; got "toString"\./],
    [["help", "list"], /^help takes one command: discover, audit and remind; got "list"\./],
    [["help", "audit", "remind"], /^help takes one command: discover, audit and remind; got "audit remind"\./],
    [["--version", "discover"], /^--version takes nothing after it; got "discover"\./],
    [["--help", "audit"], /^--help takes nothing after it; got "audit"\./],
    [["-h", "x", "y"], /^-h takes nothing after it; got "x y"\./],
    [["--json", "discover"], /^Name a command before the options: discover, audit and remind; got "--json" first\./],
  ])("refuses %j with exit status 2, the reason and the help of the whole on stderr", async (args, reason) => {
    const result = await run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).toMatch(/\n\nUsage: pulumi-tencentcloud-member-email <command> \[options\]\n/);
    expect(result.stdout).toBe("");
  });

  test.each([
    [["discover", "--jsn"], /Unknown option '--jsn'/],
    [["discover", "--out"], /--out/],
    [["discover", "--out="], /--out needs a file name, such as --out team.yaml/],
    [["discover", "--import-file"], /--import-file/],
    [["discover", "--import-file="], /--import-file needs a file name, such as --import-file import.json/],
    [["discover", "extra"], /discover takes no arguments besides its options; got "extra"/],
  ])("refuses %j with exit status 2, the reason and discover's help", async (args, reason) => {
    const result = await run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).toMatch(/\n\nUsage: pulumi-tencentcloud-member-email discover \[--json\]/);
    expect(result.stdout).toBe("");
  });

  test("discover without credentials fails with exit status 3 and says which variables to set", async () => {
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    const result = await run(["discover", "--json"]);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /^pulumi-tencentcloud-member-email discover failed: Tencent Cloud credentials are missing.*TENCENTCLOUD_SECRET_ID/s,
    );
    expect(result.stdout).toBe("");
  });
});

test("docs/commands.md has one exit status table, whose rows are the statuses the commands exit with", () => {
  const page = readFileSync(join(__dirname, "..", "..", "docs", "commands.md"), "utf8");
  const section = page.slice(page.indexOf("### Exit status"));
  const rows = section.slice(0, section.indexOf("\n\n", section.indexOf("| status |"))).split("\n");
  const statuses = rows.filter((row) => /^\| `\d` \|/.test(row)).map((row) => Number(/^\| `(\d)` \|/.exec(row)?.[1]));
  expect(statuses).toEqual(Object.values(EXIT_STATUS));
  expect(page.match(/^\| status \| meaning \|/gm)).toHaveLength(1);
});
