/**
 * Each credential source of the provider against the emulator's STS, through the API client a program's
 * provider uses: no key pair unless the source needs one.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type Emulator, type EmulatorOptions } from "tencentcloud-organization-emulator";
import { OrganizationApi } from "../../provider/api/client";
import { main } from "../../provider/cli/cli";
import { CredentialProvider } from "../../provider/api/credentials";
import { retryPolicy, type RetryPolicy } from "../../provider/api/retry-policy";
import { resolveSettings } from "../../provider/api/settings";

const roleArn = "qcs::cam::uin/100000000000:roleName/member-email-ci";
const oidcToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUvb3JnIn0.b2lkYy10ZXN0LXNpZ25hdHVyZQ";
const organizationActions = [
  "AddOrganizationMemberEmail",
  "DescribeOrganizationMemberEmailBind",
  "UpdateOrganizationMemberEmailBind",
  "DescribeOrganizationMembers",
  "SendOrgMemberAccountBindEmail",
];

let emulator: Emulator;
let scratch: string;
const servers: Server[] = [];

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({ roles: [{ roleArn }], webIdentityTokens: [oidcToken], ...options });
  return emulator;
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "member-email-credentials-"));
});
afterEach(async () => {
  await emulator?.stop();
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * The client for `env` alone (no Pulumi config), as `discover` makes it; endpoints point at the emulator.
 * Its retry log lines go to `retrying`; `policy` replaces the provider's retry policy.
 */
function client(
  env: Record<string, string>,
  retrying: (message: string) => void = () => undefined,
  policy?: RetryPolicy,
): OrganizationApi {
  const settings = resolveSettings(undefined, {
    TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
    TENCENTCLOUD_STS_ENDPOINT: emulator.url,
    ...env,
  });
  return new OrganizationApi(settings, { retrying }, policy);
}

/** What the emulator answered each request of `action`, in order: an error code, `ok`, or `dropped`. */
function outcomes(action: string): string[] {
  return emulator
    .requestLog()
    .filter((entry) => entry.action === action)
    .map((entry) => entry.errorCode ?? (entry.answeredAt === undefined ? "dropped" : "ok"));
}

/** The error `call` fails with; the test fails if it succeeds. */
async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error("The call succeeded.");
}

/**
 * Resolves once `condition` holds, polling every few milliseconds, or once `settled` (the calls under test)
 * has settled, whichever comes first: a call that fails early is then reported as itself, not as a timeout.
 */
async function until(condition: () => boolean, settled: Promise<unknown>): Promise<void> {
  let done = false;
  void settled.finally(() => {
    done = true;
  });
  while (!condition() && !done) await sleep(5);
}

function organizationCalls(): number {
  return organizationActions.reduce((sum, action) => sum + emulator.requestCount(action), 0);
}

/** A tiny instance metadata service serving one CAM role's credentials, as a CVM's does. */
async function metadataServer(roleName: string, credentials: () => Record<string, unknown>): Promise<string> {
  const server = createServer((request, response) => {
    const path = `/latest/meta-data/cam/security-credentials/${roleName}`;
    response.writeHead(request.url === path ? 200 : 404, { "Content-Type": "application/json" });
    response.end(request.url === path ? JSON.stringify(credentials()) : "{}");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test("a role assumed on top of the key pair signs the Organization calls with temporary keys", async () => {
  await start();
  const api = client({
    TENCENTCLOUD_SECRET_ID: emulator.secretId,
    TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
    TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
    TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: "pulumi-up",
  });
  await expect(api.describeMemberEmailBind(100000000001)).resolves.toBeUndefined();
  const key = await api.credentials.getCredential();
  expect(key.secretId).not.toBe(emulator.secretId);
  expect(key.token).toBeTruthy();
  expect(emulator.requestCount("AssumeRole")).toBe(1);
});

test("a web identity token file needs no key pair and is read again at each renewal", async () => {
  await start({ webIdentityTokens: [oidcToken, `${oidcToken}2`] });
  const tokenFile = join(scratch, "token");
  writeFileSync(tokenFile, oidcToken);
  const api = client({
    TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
    TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: tokenFile,
  });
  await api.describeMemberEmailBind(100000000001);
  writeFileSync(tokenFile, `${oidcToken}2`);
  api.credentials.invalidate();
  await api.describeMemberEmailBind(100000000001);
  expect(emulator.requestCount("AssumeRoleWithWebIdentity")).toBe(2);
  // A whole JWT, but not one the identity provider issued.
  const untrusted = `${oidcToken.slice(0, oidcToken.lastIndexOf("."))}.dW50cnVzdGVk`;
  writeFileSync(tokenFile, untrusted);
  api.credentials.invalidate();
  const error = await api.describeMemberEmailBind(100000000001).catch((e: unknown) => e as Error);
  expect(String(error)).toMatch(/AssumeRoleWithWebIdentity failed for role .*: InvalidParameter.WebIdentityTokenError/);
  expect(String(error)).not.toContain(untrusted);
  expect(emulator.requestCount("AssumeRoleWithWebIdentity")).toBe(3);
});

test("a tccli profile file gives the key pair, and its role-arn is assumed on top", async () => {
  await start();
  writeFileSync(
    join(scratch, "ci.credential"),
    JSON.stringify({ secretId: emulator.secretId, secretKey: emulator.secretKey, "role-arn": roleArn }),
  );
  const api = client({ TENCENTCLOUD_PROFILE: "ci", TENCENTCLOUD_SHARED_CREDENTIALS_DIR: scratch });
  await expect(api.describeMemberEmailBind(100000000001)).resolves.toBeUndefined();
  expect(emulator.requestCount("AssumeRole")).toBe(1);
});

test("an instance's CAM role is read from the metadata service the setting points at", async () => {
  await start();
  // The metadata service hands out keys STS issued for the instance's role.
  const answer = await new CredentialProvider(
    resolveSettings(undefined, {
      TENCENTCLOUD_SECRET_ID: emulator.secretId,
      TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
      TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
      TENCENTCLOUD_STS_ENDPOINT: emulator.url,
    }).credentials,
  ).getCredential();
  let served = 0;
  const metadata = await metadataServer("cvm-role", () => {
    served += 1;
    return {
      TmpSecretId: answer.secretId,
      TmpSecretKey: answer.secretKey,
      Token: answer.token,
      ExpiredTime: Math.floor(Date.now() / 1000) + 3600,
      Code: "Success",
    };
  });
  const api = client({ TENCENTCLOUD_CAM_ROLE_NAME: "cvm-role", TENCENTCLOUD_METADATA_ENDPOINT: metadata });
  await expect(api.describeMemberEmailBind(100000000001)).resolves.toBeUndefined();
  expect(served).toBe(1);
});

test("temporary keys the service calls expired are renewed and the call goes through", async () => {
  await start({ temporaryCredentialSeconds: 60 });
  const api = client({
    TENCENTCLOUD_SECRET_ID: emulator.secretId,
    TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
    TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
  });
  await api.describeMemberEmailBind(100000000001);
  // On the emulator's clock the keys are past their 60 seconds; on this machine's they are fresh.
  emulator.advanceClock(61);
  await expect(api.describeMemberEmailBind(100000000001)).resolves.toBeUndefined();
  expect(emulator.requestCount("AssumeRole")).toBe(2);
  expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(3);
});

test("temporary keys are renewed ahead of their expiry, before the service would refuse them", async () => {
  await start({ temporaryCredentialSeconds: 60 });
  let clock = Date.now();
  const provider = new CredentialProvider(
    resolveSettings(undefined, {
      TENCENTCLOUD_SECRET_ID: emulator.secretId,
      TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
      TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
      TENCENTCLOUD_STS_ENDPOINT: emulator.url,
    }).credentials,
    { now: () => clock },
  );
  const first = await provider.getCredential();
  clock += 20_000;
  expect(await provider.getCredential()).toEqual(first);
  clock += 20_000; // 40 s of 60: past the renewal margin (half the life), still 20 s before expiry.
  expect((await provider.getCredential()).secretId).not.toBe(first.secretId);
  expect(emulator.requestCount("AssumeRole")).toBe(2);
});

test("an account allowedAccountIds does not list fails before any Organization call, naming both", async () => {
  await start({ accountId: "100000000000" });
  const api = client({
    TENCENTCLOUD_SECRET_ID: emulator.secretId,
    TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
    TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: "200000000000,300000000000",
  });
  await expect(api.describeMemberEmailBind(100000000001)).rejects.toThrow(
    "The credentials belong to Tencent Cloud account 100000000000, which tencentcloud-member-email:allowedAccountIds does not " +
      "allow (allowed: 200000000000, 300000000000). Nothing was read or changed: use the credentials of an allowed " +
      "account, or add this one to the list.",
  );
  await expect(api.describeOrganizationMembers(0, 10)).rejects.toThrow(/allowedAccountIds/);
  expect(organizationCalls()).toBe(0);
  expect(emulator.requestCount("GetCallerIdentity")).toBe(1);
});

test("an account forbiddenAccountIds lists fails; any other goes through after one GetCallerIdentity", async () => {
  await start({ accountId: "100000000000" });
  const keys = { TENCENTCLOUD_SECRET_ID: emulator.secretId, TENCENTCLOUD_SECRET_KEY: emulator.secretKey };
  await expect(
    client({ ...keys, TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS: "100000000000" }).describeMemberEmailBind(100000000001),
  ).rejects.toThrow(/account 100000000000, which tencentcloud-member-email:forbiddenAccountIds forbids/);
  expect(organizationCalls()).toBe(0);
  const allowed = client({ ...keys, TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: "100000000000" });
  await allowed.describeMemberEmailBind(100000000001);
  await allowed.describeMemberEmailBind(100000000002);
  expect(emulator.requestCount("GetCallerIdentity")).toBe(2);
  expect(organizationCalls()).toBe(2);
});

test("discover takes the same chain: a web identity token file and no key pair", async () => {
  await start();
  const tokenFile = join(scratch, "token");
  writeFileSync(tokenFile, oidcToken);
  const env = {
    TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
    TENCENTCLOUD_STS_ENDPOINT: emulator.url,
    TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
    TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: tokenFile,
  };
  const saved = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith("TENCENTCLOUD_")) delete process.env[name];
  Object.assign(process.env, env);
  let stdout = "";
  let stderr = "";
  try {
    const status = await main(["discover", "--json"], {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    });
    expect({ status, stderr }).toMatchObject({ status: 0 });
  } finally {
    process.env = saved;
  }
  expect(JSON.parse(stdout)).toEqual([]);
  expect(emulator.requestCount("AssumeRoleWithWebIdentity")).toBe(1);
  expect(emulator.requestCount("DescribeOrganizationMembers")).toBeGreaterThan(0);
  expect(stdout + stderr).not.toContain(oidcToken);
}, 120_000);

describe("transient faults on the way to credentials", () => {
  /** A fast policy for the tests that exhaust it: the provider's, with short delays. */
  const quick: RetryPolicy = { ...retryPolicy, baseDelayMs: 10, maxDelayMs: 20 };
  const account = "100000000000";

  test("one InternalError from STS in a renewal, one RequestLimitExceeded from GetCallerIdentity and a token file emptied for 100 ms fail none of 50 queued calls", async () => {
    await start({
      temporaryCredentialSeconds: 60,
      faults: {
        planned: [
          { action: "GetCallerIdentity", kind: "error", code: "RequestLimitExceeded" },
          // The first AssumeRoleWithWebIdentity gets the first keys; the fault falls on the renewal.
          { action: "AssumeRoleWithWebIdentity", kind: "error", code: "InternalError", skip: 1 },
        ],
      },
    });
    const tokenFile = join(scratch, "token");
    writeFileSync(tokenFile, oidcToken);
    const log: string[] = [];
    let rewritten: Promise<void> | undefined;
    const api = client(
      {
        TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
        TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: account,
      },
      (message) => {
        log.push(message);
        // The CI system finishes rewriting the file 100 ms after the renewal first found it empty (timed from
        // that read, so that a busy machine cannot let the renewal start after the rewrite).
        if (rewritten === undefined && message.startsWith(`Reading the web identity token file ${tokenFile}: empty`)) {
          rewritten = sleep(100).then(() => writeFileSync(tokenFile, oidcToken));
        }
      },
    );
    const members = Array.from({ length: 50 }, (_, index) => 100000000001 + index);
    const calls = members.map((uin) => api.describeMemberEmailBind(uin));
    // With 10 calls answered and 40 queued, the keys expire on the service's clock while the CI system is
    // rewriting the token file.
    await until(() => outcomes("DescribeOrganizationMemberEmailBind").length >= 10, Promise.allSettled(calls));
    writeFileSync(tokenFile, "");
    emulator.advanceClock(61);
    const results = await Promise.allSettled(calls);
    await rewritten;

    const failed = results.filter((result) => result.status === "rejected");
    expect(failed).toEqual([]);
    // Every fault happened: the guard's check was throttled once and asked again; the renewal's first
    // AssumeRoleWithWebIdentity failed and its retry gave the keys every waiting call used (one renewal in all).
    expect(outcomes("GetCallerIdentity")).toEqual(["RequestLimitExceeded", "ok"]);
    expect(outcomes("AssumeRoleWithWebIdentity")).toEqual(["ok", "InternalError", "ok"]);
    const describes = outcomes("DescribeOrganizationMemberEmailBind");
    expect(describes.filter((outcome) => outcome === "ok")).toHaveLength(50);
    // The calls refused were refused for the expired keys (a loaded machine can also bunch two calls enough for
    // one RequestLimitExceeded, which is retried like the rest; the pacing has tests of its own).
    expect(
      describes.filter(
        (outcome) => outcome !== "ok" && outcome !== "AuthFailure.TokenFailure" && outcome !== "RequestLimitExceeded",
      ),
    ).toEqual([]);
    expect(describes).toContain("AuthFailure.TokenFailure");
    // The renewal found the file empty and read it again.
    expect(log).toContainEqual(
      expect.stringMatching(new RegExp(`^Reading the web identity token file ${tokenFile}: empty on attempt 1 of 8`)),
    );
    expect(log).toContainEqual(
      expect.stringMatching(
        /^STS GetCallerIdentity: RequestLimitExceeded on attempt 1 \(throttled; retried for up to 60 s\) \(RequestId /,
      ),
    );
    expect(log).toContainEqual(
      expect.stringMatching(/^STS AssumeRoleWithWebIdentity: InternalError on attempt 1 of 8 \(RequestId /),
    );
  }, 60_000);

  test("a call refused as expired while the renewal is being retried joins that renewal instead of starting another", async () => {
    await start();
    const provider = new CredentialProvider(
      resolveSettings(undefined, {
        TENCENTCLOUD_SECRET_ID: emulator.secretId,
        TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
        TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
        TENCENTCLOUD_STS_ENDPOINT: emulator.url,
      }).credentials,
      { policy: quick },
    );
    const expired = await provider.getCredential();
    emulator.planFault({ action: "AssumeRole", kind: "error", code: "InternalError" });
    // A first call refused with these keys starts the renewal, which meets the InternalError...
    provider.invalidate(expired.secretId);
    const first = provider.getCredential();
    // ...and a second call signed with the same keys is refused while the renewal waits to retry.
    provider.invalidate(expired.secretId);
    const second = provider.getCredential();

    const [renewed, joined] = await Promise.all([first, second]);
    expect(joined).toEqual(renewed);
    expect(renewed.secretId).not.toBe(expired.secretId);
    expect(outcomes("AssumeRole")).toEqual(["ok", "InternalError", "ok"]);
  });

  test("an instance metadata service that answers 500 once and resets the connection once still gives the keys", async () => {
    await start();
    const issued = await new CredentialProvider(
      resolveSettings(undefined, {
        TENCENTCLOUD_SECRET_ID: emulator.secretId,
        TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
        TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
        TENCENTCLOUD_STS_ENDPOINT: emulator.url,
      }).credentials,
    ).getCredential();
    const answers: string[] = [];
    const server = createServer((request, response) => {
      const hiccup = ["500", "reset"][answers.length] ?? "200";
      answers.push(hiccup);
      if (hiccup === "500") {
        response.writeHead(500).end("internal error");
      } else if (hiccup === "reset") {
        request.socket.resetAndDestroy();
      } else {
        response.writeHead(200, { "Content-Type": "application/json" });
        response.end(
          JSON.stringify({
            TmpSecretId: issued.secretId,
            TmpSecretKey: issued.secretKey,
            Token: issued.token,
            ExpiredTime: Math.floor(Date.now() / 1000) + 3600,
            Code: "Success",
          }),
        );
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const log: string[] = [];
    const api = client(
      { TENCENTCLOUD_CAM_ROLE_NAME: "cvm-role", TENCENTCLOUD_METADATA_ENDPOINT: endpoint },
      (message) => log.push(message),
    );

    await expect(api.describeMemberEmailBind(100000000001)).resolves.toBeUndefined();
    expect(answers).toEqual(["500", "reset", "200"]);
    expect(log).toEqual([
      expect.stringMatching(new RegExp(`^The instance metadata service at ${endpoint}: HTTP 500 on attempt 1 of 8;`)),
      expect.stringMatching(/: no answer \(fetch failed: ECONNRESET\) on attempt 2 of 8; retrying in \d+ ms\.$/),
    ]);
  });

  test("an instance metadata service that does not know the role fails at once, as it always did", async () => {
    await start();
    let served = 0;
    const endpoint = await metadataServer("other-role", () => {
      served += 1;
      return {};
    });
    const api = client({ TENCENTCLOUD_CAM_ROLE_NAME: "cvm-role", TENCENTCLOUD_METADATA_ENDPOINT: endpoint });
    await expect(api.describeMemberEmailBind(100000000001)).rejects.toThrow(
      `The instance metadata service at ${endpoint} gave no credentials for the CAM role cvm-role (HTTP 404): ` +
        "check TENCENTCLOUD_CAM_ROLE_NAME and that the role is bound to this instance.",
    );
    expect(served).toBe(0);
    expect(organizationCalls()).toBe(0);
  });

  test("an STS InternalError that persists fails after the policy's attempts, and the message says how many", async () => {
    await start({ faults: { planned: [{ action: "AssumeRole", kind: "error", code: "InternalError", times: 100 }] } });
    const log: string[] = [];
    const api = client(
      {
        TENCENTCLOUD_SECRET_ID: emulator.secretId,
        TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
        TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
      },
      (message) => void log.push(message),
      { ...quick, maxAttempts: 3 },
    );
    const error = await failure(api.describeMemberEmailBind(100000000001));
    expect(error.message).toMatch(
      new RegExp(
        `^STS AssumeRole failed for role ${roleArn} after 3 attempts: InternalError: .+ \\(RequestId [\\w-]+\\)$`,
      ),
    );
    expect(outcomes("AssumeRole")).toEqual(["InternalError", "InternalError", "InternalError"]);
    expect(log).toHaveLength(2);
    expect(organizationCalls()).toBe(0);
  });

  test("STS retries stop once the call's time budget is spent, counted from its first attempt", async () => {
    await start({
      faults: { planned: [{ action: "AssumeRole", kind: "error", code: "RequestLimitExceeded", times: 10_000 }] },
    });
    const budgetMs = 400;
    const api = client(
      {
        TENCENTCLOUD_SECRET_ID: emulator.secretId,
        TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
        TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
      },
      undefined,
      { ...quick, maxAttempts: 10_000, maxElapsedMs: budgetMs },
    );
    const error = await failure(api.describeMemberEmailBind(100000000001));
    const failedAt = Date.now();
    const attempts = emulator.requestLog().filter((entry) => entry.action === "AssumeRole");
    expect(error.message).toContain(`after ${attempts.length} attempts: RequestLimitExceeded`);
    // The last retry started within the budget; none started after it. The client's clock starts when it sends the
    // first attempt, which the emulator receives a little later: that latency (a few ms) is allowed for.
    const latencyMs = 25;
    expect(failedAt - attempts[0].receivedAt).toBeGreaterThanOrEqual(budgetMs - latencyMs);
    expect(attempts[attempts.length - 1].receivedAt - attempts[0].receivedAt).toBeLessThan(budgetMs + 100);
  }, 10_000);

  test.each([
    ["RequestLimitExceeded.UinLimitExceeded", "GetCallerIdentity"],
    ["InternalError", "GetCallerIdentity"],
    ["RequestLimitExceeded", "AssumeRole"],
  ])("%s from STS %s is retried", async (code, action) => {
    await start({ accountId: account, faults: { planned: [{ action, kind: "error", code }] } });
    const api = client({
      TENCENTCLOUD_SECRET_ID: emulator.secretId,
      TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
      TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
      TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: account,
    });
    await expect(api.describeMemberEmailBind(100000000001)).resolves.toBeUndefined();
    expect(outcomes(action)).toEqual([code, "ok"]);
  });

  test("a role that does not exist and a refused signature fail at once, with the messages they always had", async () => {
    await start();
    const missing = "qcs::cam::uin/100000000000:roleName/no-such-role";
    const error = await failure(
      client({
        TENCENTCLOUD_SECRET_ID: emulator.secretId,
        TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
        TENCENTCLOUD_ASSUME_ROLE_ARN: missing,
      }).describeMemberEmailBind(100000000001),
    );
    expect(error.message).toMatch(
      new RegExp(
        `^STS AssumeRole failed for role ${missing}: ResourceNotFound.RoleNotFound: The role ${missing} does not ` +
          "exist or may not be assumed. \\(RequestId [\\w-]+\\)$",
      ),
    );
    const refused = await failure(
      client({
        TENCENTCLOUD_SECRET_ID: emulator.secretId,
        TENCENTCLOUD_SECRET_KEY: "not-the-key",
        TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
      }).describeMemberEmailBind(100000000001),
    );
    expect(refused.message).toMatch(new RegExp(`^STS AssumeRole failed for role ${roleArn}: AuthFailure\\.`));
    expect(outcomes("AssumeRole")).toEqual(["ResourceNotFound.RoleNotFound", expect.stringMatching(/^AuthFailure\./)]);
    expect(organizationCalls()).toBe(0);
  });

  test("a token file that stays empty fails after the policy's attempts, naming the file", async () => {
    await start();
    const tokenFile = join(scratch, "token");
    writeFileSync(tokenFile, "\n");
    const api = client(
      { TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: tokenFile },
      undefined,
      { ...quick, maxAttempts: 3 },
    );
    await expect(api.describeMemberEmailBind(100000000001)).rejects.toThrow(
      `The web identity token file ${tokenFile} is empty after 3 attempts: check that the CI system writes its OIDC ` +
        "token there, and TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE (or " +
        "tencentcloud-member-email:assumeRoleWithWebIdentity.webIdentityTokenFile).",
    );
    expect(emulator.requestCount("AssumeRoleWithWebIdentity")).toBe(0);
  });

  test("a half-written token file is read again until the token is whole, and the part read is never sent", async () => {
    await start();
    const tokenFile = join(scratch, "token");
    const half = oidcToken.slice(0, oidcToken.indexOf(".") + 10);
    writeFileSync(tokenFile, half);
    const log: string[] = [];
    const api = client(
      { TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: tokenFile },
      (message) => void log.push(message),
    );
    const call = api.describeMemberEmailBind(100000000001);
    await until(
      () => log.length > 0,
      call.catch(() => undefined),
    );
    writeFileSync(tokenFile, oidcToken);
    await expect(call).resolves.toBeUndefined();
    expect(log[0]).toMatch(
      new RegExp(`^Reading the web identity token file ${tokenFile}: not a whole token .* on attempt 1 of 8;`),
    );
    expect(log.join("\n")).not.toContain(half);
    expect(outcomes("AssumeRoleWithWebIdentity")).toEqual(["ok"]);
  });
});

describe("no STS error message or retry log carries a credential, even when STS echoes one", () => {
  test("a web identity token STS echoes in its errors is in no message and no log line", async () => {
    await start({
      faults: {
        planned: [
          // A transient echo, retried, then a lasting one.
          {
            action: "AssumeRoleWithWebIdentity",
            kind: "error",
            code: "InternalError",
            message: `boom on ${oidcToken}`,
          },
          {
            action: "AssumeRoleWithWebIdentity",
            kind: "error",
            code: "InvalidParameter.WebIdentityTokenError",
            message: `The token ${oidcToken.toUpperCase()} is refused.`,
          },
        ],
      },
    });
    const tokenFile = join(scratch, "token");
    writeFileSync(tokenFile, oidcToken);
    const log: string[] = [];
    const api = client(
      { TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: tokenFile },
      (message) => void log.push(message),
    );
    const error = await failure(api.describeMemberEmailBind(100000000001));
    expect(outcomes("AssumeRoleWithWebIdentity")).toEqual(["InternalError", "InvalidParameter.WebIdentityTokenError"]);
    expect(error.message).toMatch(
      /^STS AssumeRoleWithWebIdentity failed for role .+ after 2 attempts: InvalidParameter.WebIdentityTokenError: The token \*\*\* is refused\./,
    );
    expect(log).toHaveLength(1);
    const everything = `${error.message}\n${error.stack}\n${log.join("\n")}`.toLowerCase();
    expect(everything).not.toContain(oidcToken.toLowerCase());
  });

  test("a key pair STS echoes in its errors is in no message and no log line", async () => {
    await start();
    const echoed = `id ${emulator.secretId} key ${emulator.secretKey}`;
    emulator.planFault({ action: "AssumeRole", kind: "error", code: "InternalError", message: echoed });
    emulator.planFault({
      action: "AssumeRole",
      kind: "error",
      code: "AuthFailure.SecretIdNotFound",
      message: echoed,
    });
    const log: string[] = [];
    const api = client(
      {
        TENCENTCLOUD_SECRET_ID: emulator.secretId,
        TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
        TENCENTCLOUD_ASSUME_ROLE_ARN: roleArn,
      },
      (message) => void log.push(message),
    );
    const error = await failure(api.describeMemberEmailBind(100000000001));
    expect(outcomes("AssumeRole")).toEqual(["InternalError", "AuthFailure.SecretIdNotFound"]);
    expect(error.message).toContain("after 2 attempts: AuthFailure.SecretIdNotFound: id *** key ***");
    for (const secret of [emulator.secretId, emulator.secretKey]) {
      expect(`${error.message}\n${error.stack}\n${log.join("\n")}`).not.toContain(secret);
    }
  });
});
