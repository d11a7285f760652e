import { join } from "node:path";
import { DEFAULT_EMULATOR_PORT } from "tencentcloud-organization-emulator";
import { DEFAULT_DATA_FILE, parseCliArguments } from "../../emulator/src/cli-arguments";

describe("parseCliArguments", () => {
  const cwd = "/home/someone/project";

  it("starts on port 9217 with .emulator-data/organization.sqlite under the current folder by default", () => {
    expect(parseCliArguments([], {}, cwd)).toEqual({
      kind: "start",
      options: { port: DEFAULT_EMULATOR_PORT, dataFile: join(cwd, DEFAULT_DATA_FILE), faults: {} },
    });
    expect(DEFAULT_EMULATOR_PORT).toBe(9217);
    expect(DEFAULT_DATA_FILE).toBe(".emulator-data/organization.sqlite");
  });

  it("reads every flag", () => {
    const command = parseCliArguments(
      [
        "--port",
        "0",
        "--data-file",
        "data/org.sqlite",
        "--rate-limit",
        "50",
        "--daily-bind-quota",
        "10",
        "--max-members-per-phone",
        "2",
        "--drop-response-rate",
        "0.25",
        "--internal-error-rate",
        "0.1",
      ],
      {},
      cwd,
    );
    expect(command).toEqual({
      kind: "start",
      options: {
        port: 0,
        dataFile: join(cwd, "data/org.sqlite"),
        rateLimitPerSecond: 50,
        dailyBindQuota: 10,
        maxMembersPerPhone: 2,
        faults: { dropResponseRate: 0.25, internalErrorRate: 0.1 },
      },
    });
  });

  it("reads EMULATOR_PORT and EMULATOR_DATA_FILE, and lets flags win over them", () => {
    const env = { EMULATOR_PORT: "9300", EMULATOR_DATA_FILE: "/var/lib/emulator.sqlite" };
    expect(parseCliArguments([], env, cwd)).toEqual(
      expect.objectContaining({
        options: expect.objectContaining({ port: 9300, dataFile: "/var/lib/emulator.sqlite" }),
      }),
    );
    expect(parseCliArguments(["--port", "9400"], env, cwd)).toEqual(
      expect.objectContaining({ options: expect.objectContaining({ port: 9400 }) }),
    );
  });

  it("asks for help with --help", () => {
    expect(parseCliArguments(["--help"], {}, cwd)).toEqual({ kind: "help" });
  });

  it.each([
    [["--port", "http"], /--port must be an integer/],
    [["--port", "70000"], /--port must be an integer from 0 to 65535/],
    [["--rate-limit", "0"], /--rate-limit must be a number of at least 1/],
    [["--drop-response-rate", "2"], /--drop-response-rate must be a number from 0 to 1/],
    [["--daily-bind-quota", "1.5"], /--daily-bind-quota must be an integer/],
    [["--colour"], /Unknown option '--colour'/],
  ])("refuses %j naming the flag", (argv, message) => {
    expect(() => parseCliArguments(argv, {}, cwd)).toThrow(message);
  });

  it("names EMULATOR_PORT when the environment gives a bad port", () => {
    expect(() => parseCliArguments([], { EMULATOR_PORT: "abc" }, cwd)).toThrow(/EMULATOR_PORT/);
  });
});
