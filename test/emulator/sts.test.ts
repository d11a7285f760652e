import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { sts } from "tencentcloud-sdk-nodejs/tencentcloud/services/sts";
import { startEmulator, type Emulator, type EmulatorOptions } from "tencentcloud-organization-emulator";
import { organizationClient, sdkError } from "../support/organization-client";

const roleArn = "qcs::cam::uin/100000000000:roleName/member-email-ci";
const otherAccountRole = "qcs::cam::uin/200000000000:roleName/audit";
const oidcToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUvb3JnIn0.c2lnbmF0dXJl";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  emulator = await startEmulator({
    roles: [{ roleArn }, { roleArn: otherAccountRole }],
    webIdentityTokens: [oidcToken],
    ...options,
  });
  return emulator;
}

/** The official SDK's STS client pointed at the emulator, signing with `credential`. */
function stsClient(target: Emulator, credential: { secretId: string; secretKey: string; token?: string } = target) {
  return new sts.v20180813.Client({
    credential,
    region: "ap-guangzhou",
    profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${target.port}`, reqTimeout: 10 } },
  });
}

/** An unsigned AssumeRoleWithWebIdentity, as the SDK's OIDCRoleArnCredential sends it (`Authorization: SKIP`). */
function assumeWithWebIdentity(target: Emulator, token: string): Promise<Record<string, unknown>> {
  const client = new CommonClient("sts.tencentcloudapi.com", "2018-08-13", {
    credential: { secretId: "", secretKey: "" },
    region: "ap-guangzhou",
    profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${target.port}`, reqTimeout: 10 } },
  });
  return client.request(
    "AssumeRoleWithWebIdentity",
    { ProviderId: "OIDC", WebIdentityToken: token, RoleArn: roleArn, RoleSessionName: "github-actions" },
    { skipSign: true },
  );
}

function temporaryKey(answer: { Credentials?: { TmpSecretId?: string; TmpSecretKey?: string; Token?: string } }) {
  return {
    secretId: answer.Credentials?.TmpSecretId ?? "",
    secretKey: answer.Credentials?.TmpSecretKey ?? "",
    token: answer.Credentials?.Token ?? "",
  };
}

describe("STS on the emulator's port", () => {
  it("answers GetCallerIdentity with the configured account of the key pair", async () => {
    const target = await start({ accountId: "100000000042" });
    const identity = await stsClient(target).GetCallerIdentity();
    expect(identity).toMatchObject({ AccountId: "100000000042", Type: "RootAccount" });
    expect(target.requestCount("GetCallerIdentity")).toBe(1);
  });

  it("issues temporary keys for a configured role that sign Organization calls with X-TC-Token", async () => {
    const target = await start();
    const before = Math.floor(Date.now() / 1000);
    const answer = await stsClient(target).AssumeRole({ RoleArn: roleArn, RoleSessionName: "pulumi-up" });
    expect(answer.ExpiredTime).toBeGreaterThanOrEqual(before + 7200);
    expect(answer.ExpiredTime).toBeLessThanOrEqual(before + 7201);
    const key = temporaryKey(answer);
    await expect(
      organizationClient(target, key).DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 }),
    ).resolves.toMatchObject({ BindStatus: "Unbound" });
    expect(target.requestCount("AssumeRole")).toBe(1);
  });

  it("answers GetCallerIdentity of an assumed role with the role's own account", async () => {
    const target = await start();
    const key = temporaryKey(await stsClient(target).AssumeRole({ RoleArn: otherAccountRole, RoleSessionName: "a1" }));
    await expect(stsClient(target, key).GetCallerIdentity()).resolves.toMatchObject({
      AccountId: "200000000000",
      Type: "CAMRole",
    });
  });

  it("refuses a role it was not configured with, and a session name outside the documented rule", async () => {
    const target = await start();
    const client = stsClient(target);
    await expect(
      sdkError(client.AssumeRole({ RoleArn: "qcs::cam::uin/1:roleName/none", RoleSessionName: "ok" })),
    ).resolves.toMatchObject({ code: "ResourceNotFound.RoleNotFound" });
    await expect(
      sdkError(client.AssumeRole({ RoleArn: roleArn, RoleSessionName: "has space" })),
    ).resolves.toMatchObject({ code: "InvalidParameter.ParamError" });
  });

  it("caps the life of temporary keys at temporaryCredentialSeconds and refuses them once expired on its clock", async () => {
    const target = await start({ temporaryCredentialSeconds: 60 });
    const answer = await stsClient(target).AssumeRole({
      RoleArn: roleArn,
      RoleSessionName: "short",
      DurationSeconds: 900,
    });
    expect(answer.ExpiredTime).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 60);
    const client = organizationClient(target, temporaryKey(answer));
    target.advanceClock(50);
    await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 })).resolves.toBeDefined();
    target.advanceClock(10);
    const error = await sdkError(
      organizationClient(target, temporaryKey(answer)).DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 }),
    );
    expect(error).toMatchObject({ code: "AuthFailure.TokenFailure" });
    expect(error.message).toMatch(/expired/);
  });

  it("trusts an unsigned AssumeRoleWithWebIdentity only with a token it was configured with", async () => {
    const target = await start();
    const answer = (await assumeWithWebIdentity(target, oidcToken)) as { Credentials?: { TmpSecretId?: string } };
    expect(answer.Credentials?.TmpSecretId).toMatch(/^AKID/);
    const refused = await sdkError(assumeWithWebIdentity(target, `${oidcToken}x`));
    expect(refused).toMatchObject({ code: "InvalidParameter.WebIdentityTokenError" });
    expect(refused.message).not.toContain(oidcToken);
    expect(target.requestCount("AssumeRoleWithWebIdentity")).toBe(2);
  });

  it("refuses a web identity token whose exp claim has passed", async () => {
    const claims = Buffer.from(JSON.stringify({ sub: "repo:example/org", exp: 1_000_000_000 })).toString("base64url");
    const expired = `eyJhbGciOiJSUzI1NiJ9.${claims}.c2ln`;
    const target = await start({ webIdentityTokens: [expired] });
    await expect(sdkError(assumeWithWebIdentity(target, expired))).resolves.toMatchObject({
      code: "InvalidParameter.WebIdentityTokenError",
      message: expect.stringMatching(/expired/),
    });
  });

  it("refuses a parameter named after an Object method (toString, constructor) as UnknownParameter", async () => {
    const target = await start();
    const client = new CommonClient("sts.tencentcloudapi.com", "2018-08-13", {
      credential: { secretId: target.secretId, secretKey: target.secretKey },
      region: "ap-guangzhou",
      profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${target.port}`, reqTimeout: 10 } },
    });
    for (const name of ["toString", "constructor"]) {
      await expect(
        sdkError(client.request("AssumeRole", { RoleArn: roleArn, RoleSessionName: "pulumi-up", [name]: "x" })),
      ).resolves.toMatchObject({
        code: "UnknownParameter",
        message: expect.stringContaining(`AssumeRole does not take the parameter ${name}; it takes RoleArn,`),
      });
    }
    expect(target.issuedCredentials()).toHaveLength(0);
  });

  it("refuses an Organization action sent unsigned with Authorization: SKIP", async () => {
    const target = await start();
    const client = new CommonClient("organization.tencentcloudapi.com", "2021-03-31", {
      credential: { secretId: "", secretKey: "" },
      region: "",
      profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${target.port}`, reqTimeout: 10 } },
    });
    await expect(
      sdkError(client.request("DescribeOrganizationMemberEmailBind", { MemberUin: 100000000001 }, { skipSign: true })),
    ).resolves.toMatchObject({ code: "AuthFailure.InvalidAuthorization" });
  });
});
