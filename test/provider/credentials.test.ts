/**
 * Each credential source of the provider against the emulator's STS, through the API client a program's
 * provider uses: no key pair unless the source needs one.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator, type EmulatorOptions } from "tencentcloud-organization-emulator";
import { OrganizationApi } from "../../provider/api/client";
import { main } from "../../provider/cli/cli";
import { CredentialProvider } from "../../provider/api/credentials";
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

/** The client for `env` alone (no Pulumi config), as `discover` makes it; endpoints point at the emulator. */
function client(env: Record<string, string>): OrganizationApi {
  const settings = resolveSettings(undefined, {
    TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
    TENCENTCLOUD_STS_ENDPOINT: emulator.url,
    ...env,
  });
  return new OrganizationApi(settings, { retrying: () => undefined });
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
  writeFileSync(tokenFile, "not-a-trusted-token");
  api.credentials.invalidate();
  const error = await api.describeMemberEmailBind(100000000001).catch((e: unknown) => e as Error);
  expect(String(error)).toMatch(/AssumeRoleWithWebIdentity failed for role .*InvalidParameter.WebIdentityTokenError/);
  expect(String(error)).not.toContain("not-a-trusted-token");
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
    () => clock,
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
    "The credentials belong to Tencent Cloud account 100000000000, which tencentcloud:allowedAccountIds does not " +
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
  ).rejects.toThrow(/account 100000000000, which tencentcloud:forbiddenAccountIds forbids/);
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
