/**
 * The credential provider against an STS endpoint and an instance metadata service that answer what a test
 * plans: the requests it sends, the answers it refuses, and that no message carries a secret even when the
 * endpoint echoes the whole request.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CredentialSource } from "../../provider/api/credential-settings";
import { AccountRefusedError, CredentialError, CredentialProvider } from "../../provider/api/credentials";
import { retryPolicy } from "../../provider/api/retry-policy";
import {
  type PlannedEndpoint,
  type PlannedResponse,
  type ReceivedRequest,
  startPlannedEndpoint,
} from "../support/planned-endpoint";
import { freePort } from "../support/redis";
import { failureOf } from "../support/failure";

/** What the endpoint answers: an HTTP status and a body, given the request. */
type Answer = (request: ReceivedRequest) => PlannedResponse;

const roleArn = "qcs::cam::uin/100000000000:roleName/member-email-ci";
const role = { roleArn, sessionName: "member-email", durationSeconds: 3600 };
const keyPair = { secretId: "AKIDcredentialAnswers", secretKey: "credentialAnswersSecretKey" };
const oidcToken = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUifQ.c2lnbmF0dXJl";
const temporary = {
  TmpSecretId: "AKIDtemporaryOne",
  TmpSecretKey: "temporarySecretKeyOne",
  Token: "temporaryTokenOne",
};

let endpoint: PlannedEndpoint;
let host: string;
let received: ReceivedRequest[];
let scratch: string;
const planned = new Map<string, Answer>();

/** Tencent's envelope around `response`. */
const envelope = (response: Record<string, unknown>) =>
  JSON.stringify({ Response: { RequestId: "sts-1", ...response } });
const keysAnswer: Answer = () => ({
  body: envelope({ Credentials: temporary, ExpiredTime: Math.floor(Date.now() / 1000) + 3600 }),
});
/** An STS (or a proxy) that refuses with a message repeating the whole request, headers and body. */
const echoAnswer: Answer = ({ body, headers }) => ({
  body: envelope({ Error: { Code: "InvalidParameter", Message: `Refused ${JSON.stringify(headers)} ${body}` } }),
});

beforeAll(async () => {
  endpoint = await startPlannedEndpoint((entry) =>
    (planned.get(entry.action) ?? (() => ({ status: 404, body: "" })))(entry),
  );
  ({ host, received } = endpoint);
});
afterAll(() => endpoint.stop());
beforeEach(() => {
  planned.clear();
  received.length = 0;
  scratch = mkdtempSync(join(tmpdir(), "member-email-credential-answers-"));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** A provider of `source` against this endpoint, with 2 attempts a few milliseconds apart. */
function provider(
  source: CredentialSource,
  accounts: { allowed?: string[]; forbidden?: string[] } = {},
  log: string[] = [],
): CredentialProvider {
  return new CredentialProvider(
    {
      source,
      stsProtocol: "http://",
      stsHost: host,
      allowedAccountIds: accounts.allowed ?? [],
      forbiddenAccountIds: accounts.forbidden ?? [],
    },
    {
      policy: { ...retryPolicy, maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
      log: { retrying: (message) => void log.push(message) },
    },
  );
}

const failure = (call: Promise<unknown>) => failureOf(call, Error);

describe("AssumeRole", () => {
  test("sends the external id and the session policy, URL-encoded as Tencent documents it, and asks STS's region", async () => {
    planned.set("AssumeRole", keysAnswer);
    const policy =
      '{"version": "2.0", "statement": [{"effect": "allow", "action": "organization:Describe*", "resource": "*"}]}';
    await provider({ kind: "assumeRole", keyPair, origin: "test", role, externalId: "ext-7", policy }).getCredential();
    expect(JSON.parse(received[0].body)).toEqual({
      RoleArn: roleArn,
      RoleSessionName: "member-email",
      DurationSeconds: 3600,
      ExternalId: "ext-7",
      Policy:
        "%7B%22version%22%3A%20%222.0%22%2C%20%22statement%22%3A%20%5B%7B%22effect%22%3A%20%22allow%22%2C%20%22action%22%3A%20" +
        "%22organization%3ADescribe*%22%2C%20%22resource%22%3A%20%22*%22%7D%5D%7D",
    });
    expect(received[0].headers["x-tc-region"]).toBe("ap-guangzhou");
  });

  test("an STS that echoes the request puts no key id or secret in the error", async () => {
    planned.set("AssumeRole", echoAnswer);
    const error = await failure(provider({ kind: "assumeRole", keyPair, origin: "test", role }).getCredential());
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.name).toBe("CredentialError");
    expect(error.message).toMatch(new RegExp(`^STS AssumeRole failed for role ${roleArn}: InvalidParameter: Refused`));
    expect(error.message).toContain("(RequestId sts-1)");
    expect(error.message).not.toContain(keyPair.secretId);
  });

  test("an error without a code or RequestId is said as no answer, without a RequestId", async () => {
    planned.set("AssumeRole", () => ({ body: JSON.stringify({ Response: { Error: { Code: "", Message: "odd" } } }) }));
    const error = await failure(provider({ kind: "assumeRole", keyPair, origin: "test", role }).getCredential());
    expect(error.message).toBe(`STS AssumeRole failed for role ${roleArn} after 2 attempts: no answer: odd`);
  });
});

describe("web identity", () => {
  test("an inline token STS echoes is in no error", async () => {
    planned.set("AssumeRoleWithWebIdentity", echoAnswer);
    const source: CredentialSource = { kind: "webIdentity", role, providerId: "github", token: oidcToken };
    const error = await failure(provider(source).getCredential());
    expect(error.message).toContain("STS AssumeRoleWithWebIdentity failed");
    expect(error.message).not.toContain(oidcToken);
  });

  test("the temporary keys are in no error of a later STS call that echoes them", async () => {
    planned.set("AssumeRoleWithWebIdentity", keysAnswer);
    planned.set("GetCallerIdentity", echoAnswer);
    const source: CredentialSource = { kind: "webIdentity", role, providerId: "github", token: oidcToken };
    const error = await failure(provider(source, { allowed: ["100000000000"] }).checkAccount());
    expect(error.message).toContain("STS GetCallerIdentity failed");
    expect(received.find((request) => request.action === "GetCallerIdentity")?.headers.authorization).toContain(
      temporary.TmpSecretId,
    );
    expect(error.message).not.toContain(temporary.TmpSecretId);
  });

  test("a token file that cannot be read fails at once, saying why and which setting names it", async () => {
    const tokenFile = join(scratch, "missing-token");
    const source: CredentialSource = { kind: "webIdentity", role, providerId: "github", tokenFile };
    const error = await failure(provider(source).getCredential());
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toBe(
      `The web identity token file ${tokenFile} cannot be read (ENOENT): check ` +
        "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE (or tencentcloud-member-email:assumeRoleWithWebIdentity.webIdentityTokenFile).",
    );
    expect(received).toEqual([]);
  });

  test.each([
    ["four parts", `${oidcToken}.more`],
    ["text before the token", `Bearer ${oidcToken}`],
  ])("a token file holding %s is not a whole token: read again, then refused unsent", async (_, text) => {
    const tokenFile = join(scratch, "token");
    writeFileSync(tokenFile, text);
    const log: string[] = [];
    const source: CredentialSource = { kind: "webIdentity", role, providerId: "github", tokenFile };
    const error = await failure(provider(source, {}, log).getCredential());
    expect(error.message).toContain(
      `The web identity token file ${tokenFile} does not hold a whole OIDC token (a JWT of three dot-separated parts) after 2 attempts`,
    );
    expect(log).toEqual([expect.stringContaining("not a whole token (a JWT of three dot-separated parts)")]);
    expect(received).toEqual([]);
  });
});

describe("the account guard", () => {
  test("a failure to ask is asked again by the next call; a refusal stays, without asking again", async () => {
    planned.set("GetCallerIdentity", () => ({
      body: envelope({ Error: { Code: "AuthFailure.UnauthorizedOperation", Message: "No." } }),
    }));
    const guarded = provider({ kind: "keyPair", keyPair, origin: "test" }, { forbidden: ["100000000009"] });
    await failure(guarded.checkAccount());
    planned.set("GetCallerIdentity", () => ({ body: envelope({ AccountId: "100000000009" }) }));
    const refusal = await failure(guarded.checkAccount());
    expect(refusal).toBeInstanceOf(AccountRefusedError);
    expect(refusal.name).toBe("AccountRefusedError");
    expect(refusal.message).toBe(
      "The credentials belong to Tencent Cloud account 100000000009, which tencentcloud-member-email:forbiddenAccountIds forbids. " +
        "Nothing was read or changed: use the credentials of another account.",
    );
    await failure(guarded.checkAccount());
    expect(received.map((request) => request.action)).toEqual(["GetCallerIdentity", "GetCallerIdentity"]);
  });
});

describe("the instance metadata service", () => {
  const path = "/latest/meta-data/cam/security-credentials/cvm-role";
  const camRole = (metadataEndpoint = `http://${host}`): CredentialSource => ({
    kind: "camRole",
    roleName: "cvm-role",
    metadataEndpoint,
  });
  const keys = { ...temporary, ExpiredTime: Math.floor(Date.now() / 1000) + 3600 };

  test("keys answered with Code Success are used", async () => {
    planned.set(path, () => ({ body: JSON.stringify({ ...keys, Code: "Success" }) }));
    expect(await provider(camRole()).getCredential()).toEqual({
      secretId: temporary.TmpSecretId,
      secretKey: temporary.TmpSecretKey,
      token: temporary.Token,
    });
  });

  test.each([
    ["a Code other than Success", JSON.stringify({ ...keys, Code: "Failure" })],
    ["no keys", JSON.stringify({ Code: "Success" })],
  ])("an answer with %s is no credentials, at once", async (_, body) => {
    planned.set(path, () => ({ body }));
    const error = await failure(provider(camRole()).getCredential());
    expect(error.message).toBe(
      `The instance metadata service at http://${host} answered no credentials for the CAM role cvm-role.`,
    );
    expect(received).toHaveLength(1);
  });

  test("an answer that is not JSON is said so, without its text", async () => {
    planned.set(path, () => ({ body: `{"TmpSecretKey":"${temporary.TmpSecretKey}"` }));
    const error = await failure(provider(camRole()).getCredential());
    expect(error.message).toContain("gave no credentials for the CAM role cvm-role (the answer is not JSON)");
    expect(error.message).not.toContain(temporary.TmpSecretKey);
  });

  test("a service that refuses connections is retried, then named with the network's code", async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const log: string[] = [];
    const error = await failure(provider(camRole(endpoint), {}, log).getCredential());
    expect(error.message).toMatch(
      new RegExp(
        `^The instance metadata service at ${endpoint} gave no credentials for the CAM role cvm-role after 2 attempts \\(fetch failed: ECONNREFUSED\\)`,
      ),
    );
    expect(log).toHaveLength(1);
  });
});
