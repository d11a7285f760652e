import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { DEMO_SECRET_ID, DEMO_SECRET_KEY, readRequestLogFile } from "tencentcloud-organization-emulator";
import { organizationClient } from "../support/organization-client";

const repositoryRoot = resolve(__dirname, "../..");
const cliSource = join(repositoryRoot, "emulator/src/cli.ts");
const typescriptHook = join(__dirname, "support/register-typescript.js");

interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly url: string;
  readonly output: () => string;
}

describe("the emulator's command line", () => {
  let folder: string;
  const children: ChildProcessWithoutNullStreams[] = [];

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "emulator-cli-test-"));
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => stopChild(child, "SIGKILL")));
    rmSync(folder, { recursive: true, force: true });
  });

  // Runs emulator/src/cli.ts in a child node through a transpile-on-require hook (see register-typescript.js).
  function spawnCli(
    args: readonly string[],
    options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
  ): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, ["--require", typescriptHook, cliSource, ...args], {
      cwd: options.cwd ?? folder,
      env: { ...process.env, EMULATOR_PORT: undefined, EMULATOR_DATA_FILE: undefined, ...options.env },
    });
    children.push(child);
    return child;
  }

  function startCli(
    args: readonly string[],
    options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
  ): Promise<RunningCli> {
    const child = spawnCli(args, options);
    let output = "";
    return new Promise((resolvePromise, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString("utf8");
        const match = /Emulator listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(output);
        if (match !== null) {
          resolvePromise({ child, url: match[1], port: Number(match[2]), output: () => output });
        }
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      child.once("exit", (code) =>
        reject(new Error(`The emulator exited (${String(code)}) before it was ready:\n${output}`)),
      );
    });
  }

  it("prints the ready line, the demo credentials and how to point the provider at it", async () => {
    const cli = await startCli(["--port", "0", "--data-file", join(folder, "org.sqlite")]);
    // The rest of the banner follows the ready line in the same write; give it a moment to arrive.
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 200));
    expect(cli.output()).toContain(`Emulator listening on http://127.0.0.1:${cli.port}\n`);
    expect(cli.output()).toContain(`TENCENTCLOUD_ORGANIZATION_ENDPOINT=${cli.url}`);
    expect(cli.output()).toContain(`TENCENTCLOUD_SECRET_ID=${DEMO_SECRET_ID}`);
    expect(cli.output()).toContain(`TENCENTCLOUD_SECRET_KEY=${DEMO_SECRET_KEY}`);
    expect(cli.output()).toContain(`${cli.url}/emulator/activate`);
  });

  it("serves STS with the roles, OIDC tokens and temporary-key life its flags give", async () => {
    const role = "qcs::cam::uin/200000000000:roleName/deploy";
    const cli = await startCli([
      ...["--port", "0", "--data-file", join(folder, "org.sqlite")],
      ...["--role", role, "--web-identity-token", "cli-oidc-token", "--temporary-credential-seconds", "60"],
    ]);
    const stsAt = (credential: { secretId: string; secretKey: string; token?: string }): CommonClient =>
      new CommonClient("sts.tencentcloudapi.com", "2018-08-13", {
        credential,
        region: "ap-guangzhou",
        profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${cli.port}`, reqTimeout: 10 } },
      });
    const refused = await stsAt({ secretId: "", secretKey: "" })
      .request(
        "AssumeRoleWithWebIdentity",
        { ProviderId: "github", WebIdentityToken: "another-token", RoleArn: role, RoleSessionName: "cli-test" },
        { skipSign: true },
      )
      .then(
        () => "answered",
        (error: { code?: string }) => error.code,
      );
    expect(refused).toBe("InvalidParameter.WebIdentityTokenError");
    const answer = (await stsAt({ secretId: "", secretKey: "" }).request(
      "AssumeRoleWithWebIdentity",
      { ProviderId: "github", WebIdentityToken: "cli-oidc-token", RoleArn: role, RoleSessionName: "cli-test" },
      { skipSign: true },
    )) as { Credentials: { TmpSecretId: string; TmpSecretKey: string; Token: string }; ExpiredTime: number };
    expect(answer.ExpiredTime - Date.now() / 1000).toBeLessThanOrEqual(61);
    const { TmpSecretId: secretId, TmpSecretKey: secretKey, Token: token } = answer.Credentials;
    const identity = (await stsAt({ secretId, secretKey, token }).request("GetCallerIdentity", {})) as {
      AccountId: string;
    };
    expect(identity.AccountId).toBe("200000000000");
    expect(cli.output()).toContain(`export TENCENTCLOUD_STS_ENDPOINT=${cli.url}`);
  });

  it("enforces the CAM policy and trust policy files its flags name, and says so", async () => {
    const role = "qcs::cam::uin/100000000000:roleName/member-email-sweep";
    const token = (sub: string): string => {
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
      const claims = { iss: "https://token.actions.githubusercontent.com", aud: "sts.tencentcloudapi.com", sub };
      return `${part({ alg: "RS256" })}.${part(claims)}.c2lnbmF0dXJl`;
    };
    const pullRequest = token("repo:OWNER/REPO:pull_request");
    const defaultBranch = token("repo:OWNER/REPO:ref:refs/heads/main");
    const cam = join(repositoryRoot, "examples/cam");
    const cli = await startCli([
      ...["--port", "0", "--data-file", join(folder, "org.sqlite"), "--role", role],
      ...["--web-identity-token", pullRequest, "--web-identity-token", defaultBranch],
      ...[
        "--policy",
        `${DEMO_SECRET_ID}=${join(cam, "preview.json")}`,
        "--policy",
        `${role}=${join(cam, "sweep.json")}`,
      ],
      ...["--trust-policy", `${role}=${join(cam, "sweep.trust.json")}`],
    ]);
    const port = cli.port;
    const refusal = (call: Promise<unknown>): Promise<string | undefined> =>
      call.then(
        () => "answered",
        (error: { code?: string }) => error.code,
      );
    const keyPair = organizationClient({ port, secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY });
    await expect(keyPair.DescribeOrganization({})).resolves.toHaveProperty("OrgId");
    expect(await refusal(keyPair.SendOrgMemberAccountBindEmail({ MemberUin: 100000000001, BindId: 1 }))).toBe(
      "AuthFailure.UnauthorizedOperation",
    );
    const sts = new CommonClient("sts.tencentcloudapi.com", "2018-08-13", {
      credential: { secretId: "", secretKey: "" },
      region: "ap-guangzhou",
      profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${port}`, reqTimeout: 10 } },
    });
    const assume = (webIdentityToken: string) =>
      sts.request(
        "AssumeRoleWithWebIdentity",
        { ProviderId: "github-actions", WebIdentityToken: webIdentityToken, RoleArn: role, RoleSessionName: "sweep" },
        { skipSign: true },
      ) as Promise<{ Credentials: { TmpSecretId: string; TmpSecretKey: string; Token: string } }>;
    expect(await refusal(assume(pullRequest))).toBe("UnauthorizedOperation");
    const { TmpSecretId: secretId, TmpSecretKey: secretKey, Token } = (await assume(defaultBranch)).Credentials;
    const sweep = organizationClient({ port, secretId, secretKey }, { secretId, secretKey, token: Token });
    expect(await refusal(sweep.DescribeOrganization({}))).toBe("AuthFailure.UnauthorizedOperation");
    await expect(sweep.DescribeOrganizationMembers({ Offset: 0, Limit: 1 })).resolves.toHaveProperty("Total");
    expect(cli.output()).toContain("CAM: only what the policies of --policy allow (2 principal(s))");
  });

  it("keeps a binding answered just before it is killed with SIGKILL, and keeps counting BindIds after the restart", async () => {
    const dataFile = join(folder, "org.sqlite");
    const first = await startCli(["--port", "0", "--data-file", dataFile]);
    const added = await organizationClient({
      port: first.port,
      secretId: DEMO_SECRET_ID,
      secretKey: DEMO_SECRET_KEY,
    }).AddOrganizationMemberEmail({
      MemberUin: 100000000001,
      Email: "survivor@example.com",
      CountryCode: "86",
      Phone: "13800000000",
    });
    await stopChild(first.child, "SIGKILL");

    const second = await startCli(["--port", "0", "--data-file", dataFile]);
    const client = organizationClient({ port: second.port, secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY });
    const described = await client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 });
    expect(described).toEqual(
      expect.objectContaining({ BindId: added.BindId, Email: "survivor@example.com", BindStatus: "Valid" }),
    );
    const next = await client.AddOrganizationMemberEmail({
      MemberUin: 100000000002,
      Email: "next@example.com",
      CountryCode: "86",
      Phone: "13800000001",
    });
    expect(next.BindId).toBeGreaterThan(added.BindId ?? Infinity);
  });

  it("with --crash-after-commit 2, kills itself between the second Add's commit and its answer, as its --request-log shows", async () => {
    const dataFile = join(folder, "org.sqlite");
    const logFile = join(folder, "requests.jsonl");
    const cli = await startCli([
      "--port",
      "0",
      "--data-file",
      dataFile,
      "--request-log",
      logFile,
      "--crash-after-commit",
      "2",
    ]);
    const exited = new Promise<NodeJS.Signals | null>((resolvePromise) =>
      cli.child.once("exit", (_code, signal) => resolvePromise(signal)),
    );
    const client = organizationClient({ port: cli.port, secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY });
    const add = (memberUin: number) =>
      client.AddOrganizationMemberEmail({
        MemberUin: memberUin,
        Email: `${memberUin}@example.com`,
        CountryCode: "86",
        Phone: "13800000000",
      });
    await add(100000000001);
    // A refused Add commits nothing, so it does not count.
    await expect(add(100000000001)).rejects.toMatchObject({ code: "FailedOperation.MemberEmailExist" });
    await expect(add(100000000002)).rejects.toThrow();
    expect(await exited).toBe("SIGKILL");

    const log = readRequestLogFile(readFileSync(logFile, "utf8"));
    expect(log.map(({ action, memberUin, errorCode }) => ({ action, memberUin, errorCode }))).toEqual([
      { action: "AddOrganizationMemberEmail", memberUin: 100000000001, errorCode: undefined },
      { action: "AddOrganizationMemberEmail", memberUin: 100000000001, errorCode: "FailedOperation.MemberEmailExist" },
      { action: "AddOrganizationMemberEmail", memberUin: 100000000002, errorCode: undefined },
    ]);
    const [answered, refused, killed] = log;
    expect(answered.committedAt).toBeGreaterThanOrEqual(answered.receivedAt);
    expect(answered.answeredAt).toBeGreaterThanOrEqual(answered.committedAt ?? Infinity);
    expect(refused.committedAt).toBeUndefined();
    expect(killed.committedAt).toBeGreaterThanOrEqual(killed.receivedAt);
    expect(killed.answeredAt).toBeUndefined();

    // The binding committed before the kill is there after a restart.
    const restarted = await startCli(["--port", "0", "--data-file", dataFile]);
    const described = await organizationClient({
      port: restarted.port,
      secretId: DEMO_SECRET_ID,
      secretKey: DEMO_SECRET_KEY,
    }).DescribeOrganizationMemberEmailBind({ MemberUin: 100000000002 });
    expect(described).toMatchObject({ Email: "100000000002@example.com", BindStatus: "Valid" });
  });

  it("stops cleanly with exit code 0 on SIGTERM and on SIGINT", async () => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const cli = await startCli(["--port", "0", "--data-file", join(folder, "org.sqlite")]);
      const exit = await stopChild(cli.child, signal);
      expect(exit).toEqual({ code: 0, signal: null });
      expect(cli.output()).toContain(`Received ${signal}`);
    }
  });

  it("uses EMULATOR_PORT and .emulator-data/organization.sqlite under the current folder when given no flags", async () => {
    const port = await freePort();
    const cli = await startCli([], { cwd: folder, env: { EMULATOR_PORT: String(port) } });
    expect(cli.port).toBe(port);
    expect(existsSync(join(folder, ".emulator-data", "organization.sqlite"))).toBe(true);
  });

  it("refuses a bad flag with exit code 2 and the usage", async () => {
    const child = spawnCli(["--rate-limit", "fast"]);
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString("utf8")));
    const exit = await new Promise((resolvePromise) => child.once("exit", (code) => resolvePromise(code)));
    expect(exit).toBe(2);
    expect(errors).toContain("--rate-limit must be a number");
    expect(errors).toContain("Usage:");
  });
});

function stopChild(
  child: ChildProcessWithoutNullStreams,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolvePromise({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once("exit", (code, exitSignal) => resolvePromise({ code, signal: exitSignal }));
    child.kill(signal);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}
