import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  startEmulator,
  type Emulator,
  type EmulatorCamPolicy,
  type EmulatorOptions,
  type EmulatorTrustPolicy,
} from "tencentcloud-organization-emulator";
import { type Key, serviceClient } from "../support/organization-client";

const deployRole = "qcs::cam::uin/100000000000:roleName/member-email-deploy";
const sweepRole = "qcs::cam::uin/100000000000:roleName/member-email-sweep";
const keyPair = { secretId: "AKIDcamTestKeyPair000000000000000000", secretKey: "camTestSecretKeyNeverShown000000" };

/** The Organization actions the emulator implements, each with a body it accepts once authorized. */
const ACTIONS = [
  "DescribeOrganization",
  "DescribeOrganizationMemberEmailBind",
  "DescribeOrganizationMembers",
  "AddOrganizationMemberEmail",
  "UpdateOrganizationMemberEmailBind",
  "SendOrgMemberAccountBindEmail",
] as const;

type Action = (typeof ACTIONS)[number];

const examples = join(__dirname, "../../examples/cam");

function example<T>(file: string): T {
  return JSON.parse(readFileSync(join(examples, file), "utf8")) as T;
}

function allow(...action: string[]): EmulatorCamPolicy {
  return { version: "2.0", statement: [{ effect: "allow", action, resource: "*" }] };
}

function deny(...action: string[]): EmulatorCamPolicy {
  return { version: "2.0", statement: [{ effect: "deny", action, resource: "*" }] };
}

/** A JWT shaped like GitHub Actions' OIDC token (the emulator does not check its signature). */
function githubToken(sub: string, aud = "sts.tencentcloudapi.com"): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const claims = { iss: "https://token.actions.githubusercontent.com", aud, sub, exp: 4_000_000_000 };
  return `${part({ alg: "RS256" })}.${part(claims)}.c2lnbmF0dXJl`;
}

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function start(options: EmulatorOptions): Promise<Emulator> {
  emulator = await startEmulator({
    credentials: keyPair,
    roles: [{ roleArn: deployRole }, { roleArn: sweepRole }],
    ...options,
  });
  return emulator;
}

/**
 * Calls `action` with an empty body and answers its error code, or "ok". CAM decides before the parameters are
 * checked, so an authorized call answers its parameter error (MissingParameter) or succeeds.
 */
async function outcome(target: Emulator, action: string, key: Key = keyPair): Promise<string> {
  try {
    await serviceClient(target, "organization", key).request(action, {});
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

async function refusal(
  target: Emulator,
  action: string,
  key: Key = keyPair,
): Promise<{ code?: string; message: string }> {
  try {
    await serviceClient(target, "organization", key).request(action, {});
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error(`${action} was allowed`);
}

/** Which actions `key` may call: the authorized ones, in ACTIONS' order. */
async function allowedActions(target: Emulator, key: Key = keyPair): Promise<Action[]> {
  const allowed: Action[] = [];
  for (const action of ACTIONS) {
    if ((await outcome(target, action, key)) !== "AuthFailure.UnauthorizedOperation") allowed.push(action);
  }
  return allowed;
}

function temporaryKey(answer: Record<string, unknown>): Key {
  const credentials = answer.Credentials as { TmpSecretId: string; TmpSecretKey: string; Token: string };
  return { secretId: credentials.TmpSecretId, secretKey: credentials.TmpSecretKey, token: credentials.Token };
}

async function assumeRole(target: Emulator, roleArn: string, policy?: string): Promise<Key> {
  const answer = await serviceClient(target, "sts", keyPair).request("AssumeRole", {
    RoleArn: roleArn,
    RoleSessionName: "cam-test",
    ...(policy === undefined ? {} : { Policy: policy }),
  });
  return temporaryKey(answer);
}

function assumeWithWebIdentity(target: Emulator, roleArn: string, token: string): Promise<Record<string, unknown>> {
  return serviceClient(target, "sts", { secretId: "", secretKey: "" }).request(
    "AssumeRoleWithWebIdentity",
    { ProviderId: "github-actions", WebIdentityToken: token, RoleArn: roleArn, RoleSessionName: "github-1" },
    { skipSign: true },
  );
}

/** The message of startEmulator's refusal; an emulator that starts after all is stopped, and the test fails. */
async function startRefusal(options: EmulatorOptions): Promise<string> {
  let started: Emulator;
  try {
    started = await startEmulator(options);
  } catch (error) {
    return (error as Error).message;
  }
  await started.stop();
  throw new Error("The emulator started but was expected to refuse its options.");
}

async function stsError(call: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error("The STS call succeeded but was expected to fail.");
}

describe("CAM policies on the emulator", () => {
  it("allows every action when started without policies, as before", async () => {
    const target = await start({});
    expect(await allowedActions(target)).toEqual(ACTIONS);
  });

  it("lets a deny statement win over an allow statement for the same action", async () => {
    const target = await start({
      policies: { [keyPair.secretId]: [allow("organization:*"), deny("organization:AddOrganizationMemberEmail")] },
    });
    expect(await allowedActions(target)).toEqual(ACTIONS.filter((action) => action !== "AddOrganizationMemberEmail"));
    const refused = await refusal(target, "AddOrganizationMemberEmail");
    expect(refused.message).toContain("denies it");
  });

  it("covers the Describe actions and no write with organization:Describe*", async () => {
    const target = await start({ policies: { [keyPair.secretId]: allow("organization:Describe*") } });
    expect(await allowedActions(target)).toEqual([
      "DescribeOrganization",
      "DescribeOrganizationMemberEmailBind",
      "DescribeOrganizationMembers",
    ]);
  });

  it.each([["organization:*"], ["*"]])("allows every Organization action with %s", async (action) => {
    const target = await start({ policies: { [keyPair.secretId]: allow(action) } });
    expect(await allowedActions(target)).toEqual(ACTIONS);
  });

  it("does not count a statement whose resource is not * for Organization's operation-level actions", async () => {
    const target = await start({
      policies: {
        [keyPair.secretId]: {
          version: "2.0",
          statement: [{ effect: "allow", action: "organization:*", resource: "qcs::organization::uin/100000000000:*" }],
        },
      },
    });
    expect(await allowedActions(target)).toEqual([]);
  });

  it("refuses with AuthFailure.UnauthorizedOperation naming the action and the principal, never a key", async () => {
    const target = await start({ policies: { [keyPair.secretId]: allow("organization:DescribeOrganizationMembers") } });
    const refused = await refusal(target, "DescribeOrganization");
    expect(refused.code).toBe("AuthFailure.UnauthorizedOperation");
    expect(refused.message).toContain("organization:DescribeOrganization");
    expect(refused.message).toContain("qcs::cam::uin/100000000000:uin/100000000000");
    expect(refused.message).not.toContain(keyPair.secretId);
    expect(refused.message).not.toContain(keyPair.secretKey);
    // Refused once, before the action ran: the emulator received exactly that request.
    expect(target.requestCount("DescribeOrganization")).toBe(1);
  });

  it("refuses before the planned faults: a refused call does not use up a fault planned for its action", async () => {
    const target = await start({
      policies: { [deployRole]: allow("organization:AddOrganizationMemberEmail") },
      faults: { planned: [{ action: "AddOrganizationMemberEmail", kind: "error", code: "InternalError" }] },
    });
    expect(await outcome(target, "AddOrganizationMemberEmail")).toBe("AuthFailure.UnauthorizedOperation");
    expect(await outcome(target, "AddOrganizationMemberEmail", await assumeRole(target, deployRole))).toBe(
      "InternalError",
    );
  });

  it("answers STS calls without any policy: a key pair with none may assume a role and ask who it is", async () => {
    const target = await start({ policies: { [deployRole]: allow("organization:*") } });
    expect(await allowedActions(target)).toEqual([]);
    await expect(serviceClient(target, "sts", keyPair).request("GetCallerIdentity", {})).resolves.toMatchObject({
      Type: "RootAccount",
    });
    await expect(assumeRole(target, deployRole)).resolves.toMatchObject({ secretId: expect.any(String) });
  });

  it("gives the temporary keys of AssumeRole the role's policies, and names the role when it refuses", async () => {
    const target = await start({ policies: { [deployRole]: allow("organization:Describe*") } });
    const key = await assumeRole(target, deployRole);
    expect(await allowedActions(target, key)).toEqual([
      "DescribeOrganization",
      "DescribeOrganizationMemberEmailBind",
      "DescribeOrganizationMembers",
    ]);
    const refused = await refusal(target, "AddOrganizationMemberEmail", key);
    expect(refused.message).toContain(deployRole);
    expect(refused.message).toContain("organization:AddOrganizationMemberEmail");
    for (const secret of [key.secretId, key.secretKey, key.token ?? ""]) expect(refused.message).not.toContain(secret);
  });

  it("narrows a role to what its URL-encoded session policy also allows", async () => {
    const target = await start({ policies: { [deployRole]: allow("organization:*") } });
    const session = encodeURIComponent(JSON.stringify(allow("organization:DescribeOrganization")));
    const key = await assumeRole(target, deployRole, session);
    expect(await allowedActions(target, key)).toEqual(["DescribeOrganization"]);
    const refused = await refusal(target, "AddOrganizationMemberEmail", key);
    expect(refused.message).toContain("session policy");
  });

  it("never widens a role with a session policy that allows more", async () => {
    const target = await start({ policies: { [deployRole]: allow("organization:DescribeOrganization") } });
    const key = await assumeRole(target, deployRole, encodeURIComponent(JSON.stringify(allow("*"))));
    expect(await allowedActions(target, key)).toEqual(["DescribeOrganization"]);
  });

  it.each([
    ["a version other than 2.0", encodeURIComponent(JSON.stringify({ version: "1.0", statement: [] }))],
    ["text that is not JSON", encodeURIComponent("allow everything")],
    ["a broken URL encoding", "%E0%A4%A"],
    ["an action that is not service:Action", encodeURIComponent(JSON.stringify(allow("Describe everything")))],
  ])("refuses a session policy of %s with InvalidParameter.ParamError", async (_, policy) => {
    const target = await start({ policies: { [deployRole]: allow("organization:*") } });
    const error = await stsError(assumeRole(target, deployRole, policy));
    expect(error.code).toBe("InvalidParameter.ParamError");
    expect(target.issuedCredentials()).toHaveLength(0);
  });

  it("refuses at start a policy whose version is not 2.0, naming the role", async () => {
    const message = await startRefusal({
      roles: [{ roleArn: deployRole }],
      policies: { [deployRole]: { version: "1.0", statement: [] } },
    });
    expect(message).toContain(`The policy of ${deployRole} must have "version": "2.0"`);
  });

  it("refuses at start a malformed policy of the key pair without echoing its SecretId", async () => {
    const malformed = { version: "2.0", statement: [{ effect: "permit", action: "*", resource: "*" }] };
    const starting = startEmulator({
      credentials: keyPair,
      policies: { [keyPair.secretId]: malformed as unknown as EmulatorCamPolicy },
    });
    await expect(starting).rejects.toThrow(
      'The policy of the key pair, statement 1 must have "effect": "allow" or "deny".',
    );
    await expect(starting).rejects.not.toThrow(keyPair.secretId);
  });

  it("takes actions written name/organization:<Action> and a statement given as one object", async () => {
    const single = {
      version: "2.0",
      statement: { effect: "allow", action: "name/organization:DescribeOrganizationMembers", resource: "*" },
    };
    const target = await start({ policies: { [keyPair.secretId]: single as unknown as EmulatorCamPolicy } });
    expect(await allowedActions(target)).toEqual(["DescribeOrganizationMembers"]);
  });

  it.each([
    [
      "a condition it cannot evaluate",
      { effect: "allow", action: "*", resource: "*", condition: { ip_equal: { "qcs:ip": "10.0.0.1" } } },
      'statement 1 has a "condition"',
    ],
    ["a field CAM does not define", { Effect: "allow", action: "*", resource: "*" }, 'has the field "Effect"'],
    ["a feature set", { effect: "allow", action: "permid/organization:1", resource: "*" }, "not of the form"],
    ["no resource", { effect: "allow", action: "*" }, '"resource" must be a string or a non-empty array'],
  ])("refuses at start a statement with %s", async (_, statement, message) => {
    const document = { version: "2.0", statement: [statement] } as unknown as EmulatorCamPolicy;
    expect(await startRefusal({ roles: [{ roleArn: deployRole }], policies: { [deployRole]: document } })).toContain(
      message,
    );
  });

  it("refuses at start a principal that is neither the key pair nor a role, without echoing it", async () => {
    const message = await startRefusal({ credentials: keyPair, policies: { [keyPair.secretKey]: allow("*") } });
    expect(message).toContain("neither the key pair's SecretId nor a role in roles");
    expect(message).not.toContain(keyPair.secretKey);
  });
});

describe("trust policies of roles assumed with a web identity", () => {
  const sweepTrust = example<EmulatorTrustPolicy>("sweep.trust.json");
  const pullRequest = githubToken("repo:OWNER/REPO:pull_request");
  const defaultBranch = githubToken("repo:OWNER/REPO:ref:refs/heads/main");

  async function startSweep(): Promise<Emulator> {
    return start({
      webIdentityTokens: [pullRequest, defaultBranch],
      trustPolicies: { [sweepRole]: sweepTrust },
      policies: { [sweepRole]: example<EmulatorCamPolicy>("sweep.json") },
    });
  }

  it("refuses a pull request's token the sweep role with UnauthorizedOperation, naming its subject, never the token", async () => {
    const target = await startSweep();
    const error = await stsError(assumeWithWebIdentity(target, sweepRole, pullRequest));
    expect(error.code).toBe("UnauthorizedOperation");
    expect(error.message).toContain(sweepRole);
    expect(error.message).toContain("repo:OWNER/REPO:pull_request");
    expect(error.message).not.toContain(pullRequest);
    expect(target.issuedCredentials()).toHaveLength(0);
  });

  it("lets the default branch's token assume the sweep role, whose keys carry the sweep policy", async () => {
    const target = await startSweep();
    const key = temporaryKey(await assumeWithWebIdentity(target, sweepRole, defaultBranch));
    expect(await allowedActions(target, key)).toEqual([
      "DescribeOrganizationMemberEmailBind",
      "DescribeOrganizationMembers",
      "SendOrgMemberAccountBindEmail",
    ]);
  });

  it("refuses a token whose audience the trust policy does not list", async () => {
    const otherAudience = githubToken("repo:OWNER/REPO:ref:refs/heads/main", "https://github.com/OWNER");
    const target = await start({ webIdentityTokens: [otherAudience], trustPolicies: { [sweepRole]: sweepTrust } });
    const error = await stsError(assumeWithWebIdentity(target, sweepRole, otherAudience));
    expect(error.code).toBe("UnauthorizedOperation");
  });

  it("matches string_like with * and lets a deny statement win", async () => {
    const feature = githubToken("repo:OWNER/REPO:ref:refs/heads/feature-1");
    const release = githubToken("repo:OWNER/REPO:ref:refs/heads/release");
    const otherRepository = githubToken("repo:OTHER/REPO:ref:refs/heads/main");
    const action = "name/sts:AssumeRoleWithWebIdentity";
    const target = await start({
      webIdentityTokens: [feature, release, otherRepository],
      trustPolicies: {
        [sweepRole]: {
          version: "2.0",
          statement: [
            { effect: "allow", action, condition: { string_like: { "oidc:sub": "repo:OWNER/REPO:*" } } },
            {
              effect: "deny",
              action,
              condition: { string_equal: { "oidc:sub": ["repo:OWNER/REPO:ref:refs/heads/release"] } },
            },
          ],
        },
      },
    });
    await expect(assumeWithWebIdentity(target, sweepRole, feature)).resolves.toHaveProperty("Credentials");
    expect((await stsError(assumeWithWebIdentity(target, sweepRole, release))).code).toBe("UnauthorizedOperation");
    expect((await stsError(assumeWithWebIdentity(target, sweepRole, otherRepository))).code).toBe(
      "UnauthorizedOperation",
    );
  });

  it("matches string_like's ? with one character, and an aud claim that lists several audiences by any of them", async () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const jwt = (claims: object) => `${part({ alg: "RS256" })}.${part(claims)}.c2lnbmF0dXJl`;
    const twoAudiences = jwt({ sub: "repo:OWNER/REPO:environment:prod1", aud: ["other", "sts.tencentcloudapi.com"] });
    const longerName = jwt({ sub: "repo:OWNER/REPO:environment:prod12", aud: "sts.tencentcloudapi.com" });
    const target = await start({
      webIdentityTokens: [twoAudiences, longerName],
      trustPolicies: {
        [sweepRole]: {
          version: "2.0",
          statement: [
            {
              effect: "allow",
              action: "name/sts:AssumeRoleWithWebIdentity",
              condition: {
                string_equal: { "oidc:aud": "sts.tencentcloudapi.com" },
                string_like: { "oidc:sub": "repo:OWNER/REPO:environment:prod?" },
              },
            },
          ],
        },
      },
    });
    await expect(assumeWithWebIdentity(target, sweepRole, twoAudiences)).resolves.toHaveProperty("Credentials");
    expect((await stsError(assumeWithWebIdentity(target, sweepRole, longerName))).code).toBe("UnauthorizedOperation");
  });

  it("keeps a role without a trust policy open to any token the emulator trusts", async () => {
    const target = await start({ webIdentityTokens: [pullRequest], trustPolicies: { [sweepRole]: sweepTrust } });
    await expect(assumeWithWebIdentity(target, deployRole, pullRequest)).resolves.toHaveProperty("Credentials");
  });

  it("refuses at start a trust condition the emulator cannot evaluate", async () => {
    const unknownKey = {
      version: "2.0",
      statement: [
        {
          effect: "allow",
          action: "name/sts:AssumeRoleWithWebIdentity",
          condition: { string_equal: { "oidc:azp": "x" } },
        },
      ],
    };
    const message = await startRefusal({
      roles: [{ roleArn: sweepRole }],
      trustPolicies: { [sweepRole]: unknownKey as unknown as EmulatorTrustPolicy },
    });
    expect(message).toContain('condition key "oidc:azp"');
  });
});

describe("the example policies in examples/cam", () => {
  // What each job calls: preview (pulumi preview --refresh, audit), apply (up, update, import, refresh, destroy,
  // adoption, activation reminders), sweep (remind, audit).
  const jobs: readonly [string, readonly Action[]][] = [
    ["preview.json", ["DescribeOrganization", "DescribeOrganizationMemberEmailBind", "DescribeOrganizationMembers"]],
    [
      "apply.json",
      [
        "DescribeOrganization",
        "DescribeOrganizationMemberEmailBind",
        "AddOrganizationMemberEmail",
        "UpdateOrganizationMemberEmailBind",
        "SendOrgMemberAccountBindEmail",
      ],
    ],
    [
      "sweep.json",
      ["DescribeOrganizationMemberEmailBind", "DescribeOrganizationMembers", "SendOrgMemberAccountBindEmail"],
    ],
  ];

  it.each(jobs)("%s allows exactly the actions of its job", async (file, actions) => {
    const target = await start({ policies: { [keyPair.secretId]: example<EmulatorCamPolicy>(file) } });
    expect(await allowedActions(target)).toEqual(ACTIONS.filter((action) => actions.includes(action)));
  });

  it.each([
    ["preview.trust.json", "repo:OWNER/REPO:pull_request"],
    ["apply.trust.json", "repo:OWNER/REPO:environment:production"],
    ["sweep.trust.json", "repo:OWNER/REPO:ref:refs/heads/main"],
  ])("%s trusts its workflow's subject and none of the other two", async (file, subject) => {
    const subjects = [
      "repo:OWNER/REPO:pull_request",
      "repo:OWNER/REPO:environment:production",
      "repo:OWNER/REPO:ref:refs/heads/main",
    ];
    const tokens = subjects.map((sub) => githubToken(sub));
    const target = await start({
      webIdentityTokens: tokens,
      trustPolicies: { [deployRole]: example<EmulatorTrustPolicy>(file) },
    });
    const assumed: string[] = [];
    for (const [index, token] of tokens.entries()) {
      try {
        await assumeWithWebIdentity(target, deployRole, token);
        assumed.push(subjects[index]);
      } catch (error) {
        expect((error as { code?: string }).code).toBe("UnauthorizedOperation");
      }
    }
    expect(assumed).toEqual([subject]);
  });
});
