import { main } from "../../provider/cli/cli";

/** Runs the command line and collects what it writes. */
async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { status, stdout, stderr };
}

describe("the command line", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test("prints its usage for --help, naming the command, its options and the credentials it reads", async () => {
    const result = await run(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/Usage: pulumi-tencentcloud-member-email discover \[--json\] \[--out FILE\]/);
    expect(result.stderr).toMatch(/TENCENTCLOUD_SECRET_ID.*TENCENTCLOUD_SECRET_KEY/s);
  });

  test.each([
    [[], /Name a command: discover/],
    [["list"], /Unknown command "list": the commands are discover, audit and remind/],
    [["discover", "--jsn"], /Unknown option '--jsn'/],
    [["discover", "--out"], /--out/],
    [["discover", "--import-file"], /--import-file/],
    [["discover", "--import-file="], /--import-file needs a file name, such as --import-file import.json/],
    [["discover", "extra"], /discover takes no arguments besides its options/],
  ])("refuses %j with exit status 2, the reason and the usage", async (args, reason) => {
    const result = await run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).toMatch(/Usage:/);
    expect(result.stdout).toBe("");
  });

  test("without credentials fails with exit status 1 and says which variables to set", async () => {
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    const result = await run(["discover", "--json"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/discover failed: Tencent Cloud credentials are missing.*TENCENTCLOUD_SECRET_ID/s);
    expect(result.stdout).toBe("");
  });
});
