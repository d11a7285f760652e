import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_EMULATOR_PORT, DEMO_MEMBERS, startEmulator } from "tencentcloud-organization-emulator";
import { DEFAULT_DATA_FILE, parseCliArguments } from "../../emulator/src/cli-arguments";
import { organizationClient, sdkError } from "../support/organization-client";

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

  it("reads the flags of the organization, the send limits, the request log and the crash fault", () => {
    const command = parseCliArguments(
      [
        "--invited-members",
        "100000000002, 900000000001",
        "--organization-id",
        "46000002",
        "--host-uin",
        "200000000000",
        "--mask-emails",
        "--send-email-limit-per-hour",
        "1",
        "--send-email-limit-per-day",
        "2",
        "--request-log",
        "logs/requests.jsonl",
        "--crash-after-commit",
        "10",
      ],
      {},
      cwd,
    );
    if (command.kind !== "start") throw new Error("expected a start command");
    const { members, ...rest } = command.options;
    expect(rest).toEqual({
      port: DEFAULT_EMULATOR_PORT,
      dataFile: join(cwd, DEFAULT_DATA_FILE),
      organizationId: 46000002,
      hostUin: 200000000000,
      maskEmails: true,
      sendEmailLimitPerHour: 1,
      sendEmailLimitPerDay: 2,
      requestLogFile: join(cwd, "logs/requests.jsonl"),
      faults: { crashAfterCommits: 10 },
    });
    // The demo organization, with the listed members invited (one of them added to it).
    expect(members).toHaveLength(DEMO_MEMBERS.length + 1);
    expect(members?.filter((member) => typeof member === "object" && member.type === "Invite")).toEqual([
      { uin: 100000000002, type: "Invite" },
      { uin: 900000000001, type: "Invite" },
    ]);
    expect(members?.[0]).toEqual({ uin: 100000000001, type: "Create" });
  });

  it("reads the STS flags: the key pair's account, roles, trusted OIDC tokens and the temporary keys' life", () => {
    const command = parseCliArguments(
      [
        "--account-id",
        "200000000000",
        "--role",
        "qcs::cam::uin/200000000000:roleName/deploy",
        "--role",
        "qcs::cam::uin/300000000000:roleName/audit",
        "--web-identity-token",
        "oidc-token-1",
        "--web-identity-token",
        "oidc-token-2",
        "--temporary-credential-seconds",
        "60",
      ],
      {},
      cwd,
    );
    expect(command).toEqual({
      kind: "start",
      options: {
        port: DEFAULT_EMULATOR_PORT,
        dataFile: join(cwd, DEFAULT_DATA_FILE),
        accountId: "200000000000",
        roles: [
          { roleArn: "qcs::cam::uin/200000000000:roleName/deploy" },
          { roleArn: "qcs::cam::uin/300000000000:roleName/audit" },
        ],
        webIdentityTokens: ["oidc-token-1", "oidc-token-2"],
        temporaryCredentialSeconds: 60,
        faults: {},
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
    [["--invited-members", "12,abc"], /--invited-members must be an integer/],
    [["--crash-after-commit", "0"], /--crash-after-commit must be an integer from 1/],
    [["--account-id", "12a"], /--account-id must be an account uin of digits/],
    [["--role", "deploy"], /--role must be a role ARN such as qcs::cam::uin\/100000000000:roleName\/deploy/],
    [["--web-identity-token", "two words"], /--web-identity-token must be a token without spaces/],
    [["--temporary-credential-seconds", "43201"], /--temporary-credential-seconds must be an integer from 1 to 43200/],
  ])("refuses %j naming the flag", (argv, message) => {
    expect(() => parseCliArguments(argv, {}, cwd)).toThrow(message);
  });

  it("names EMULATOR_PORT when the environment gives a bad port", () => {
    expect(() => parseCliArguments([], { EMULATOR_PORT: "abc" }, cwd)).toThrow(/EMULATOR_PORT/);
  });
});

describe("parseCliArguments with CAM policy files", () => {
  const repository = join(__dirname, "../..");
  const role = "qcs::cam::uin/100000000000:roleName/member-email-sweep";
  const example = (file: string): unknown => JSON.parse(readFileSync(join(repository, "examples/cam", file), "utf8"));
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "cli-policy-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  function options(argv: string[]) {
    const command = parseCliArguments(argv, {}, repository);
    if (command.kind !== "start") throw new Error("expected a start command");
    return command.options;
  }

  it("reads --policy and --trust-policy files relative to the current folder, a principal's files together", () => {
    const twoDocuments = join(folder, "two.json");
    writeFileSync(twoDocuments, JSON.stringify([example("preview.json"), example("sweep.json")]));
    const read = options([
      "--role",
      role,
      "--policy",
      `AKIDexample=examples/cam/apply.json`,
      "--policy",
      `${role}=${twoDocuments}`,
      "--policy",
      `AKIDexample=examples/cam/sweep.json`,
      "--trust-policy",
      `${role}=examples/cam/sweep.trust.json`,
    ]);
    expect(read.policies).toEqual({
      AKIDexample: [example("apply.json"), example("sweep.json")],
      [role]: [example("preview.json"), example("sweep.json")],
    });
    expect(read.trustPolicies).toEqual({ [role]: example("sweep.trust.json") });
  });

  it("gives the emulator the policies of the flags: an action the file does not allow is refused", async () => {
    const read = options(["--port", "0", "--policy", "AKIDcli0000000000000000000000000000=examples/cam/preview.json"]);
    const emulator = await startEmulator({
      ...read,
      dataFile: join(folder, "data.sqlite"),
      credentials: { secretId: "AKIDcli0000000000000000000000000000", secretKey: "cliSecretKey" },
    });
    try {
      const client = organizationClient(emulator);
      await expect(client.DescribeOrganization({})).resolves.toHaveProperty("OrgId");
      const refused = await sdkError(
        client.AddOrganizationMemberEmail({
          MemberUin: 100000000001,
          Email: "someone@example.com",
          CountryCode: "86",
          Phone: "13800138000",
        }),
      );
      expect(refused.code).toBe("AuthFailure.UnauthorizedOperation");
      expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
    } finally {
      await emulator.stop();
    }
  });

  it.each([
    [
      ["--policy", "examples/cam/apply.json"],
      /--policy must be <name>=<file>, such as --policy qcs::cam::uin\/100000000000:roleName\/deploy=examples/,
    ],
    [["--trust-policy", "=examples/cam/sweep.trust.json"], /--trust-policy must be <name>=<file>/],
    [["--policy", "AKIDexample=examples/cam/missing.json"], /--policy: cannot read .*missing\.json/],
    [["--policy", "AKIDexample=README.md"], /--policy: .*README\.md is not JSON/],
  ])("refuses %j naming the flag and the file, never the principal", (argv, message) => {
    expect(() => parseCliArguments(argv, {}, repository)).toThrow(message);
    expect(() => parseCliArguments(argv, {}, repository)).not.toThrow(/AKIDexample/);
  });

  it("refuses a role given two trust policies", () => {
    const argv = ["--trust-policy", `${role}=examples/cam/sweep.trust.json`];
    expect(() => parseCliArguments([...argv, ...argv], {}, repository)).toThrow(
      `--trust-policy names the role ${role} twice.`,
    );
  });
});
