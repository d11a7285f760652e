/**
 * STS (service `sts`, version 2018-08-13): the actions a client uses to get temporary credentials and to
 * learn who it is. Written from Tencent's STS documentation; where it is silent the choice is named in
 * emulator/README.md.
 */
import { parseCamPolicy, type CamPolicy } from "./cam";
import { ApiError, refuseUnknownParameter } from "./errors";
import { roleId, type CallerIdentity, type KeyRing } from "./keys";
import { MAX_TEMPORARY_CREDENTIAL_SECONDS } from "./options";
import { tokenClaims, trusts, type TokenClaims, type TrustPolicy } from "./trust";

/** The STS API version the emulator answers. */
export const STS_VERSION = "2018-08-13";

/** The STS actions the emulator implements. */
export const STS_ACTION_NAMES = ["AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity"] as const;

/** One STS action's name. */
export type StsActionName = (typeof STS_ACTION_NAMES)[number];

/** Whether `value` names an STS action the emulator implements. */
export function isStsActionName(value: string): value is StsActionName {
  return (STS_ACTION_NAMES as readonly string[]).includes(value);
}

/** The actions that are sent unsigned (`Authorization: SKIP`): the caller has no key yet. */
export const UNSIGNED_STS_ACTIONS: ReadonlySet<string> = new Set(["AssumeRoleWithWebIdentity"]);

/** DurationSeconds when a request leaves it out, as documented. */
const DEFAULT_DURATION_SECONDS = 7200;

/** What the STS actions work with. */
export interface StsContext {
  /** The keys the emulator accepts; temporary ones are added here. */
  readonly keys: KeyRing;
  /** Role ARN to the account it belongs to: the roles that may be assumed. */
  readonly roles: ReadonlyMap<string, string>;
  /** The OIDC tokens AssumeRoleWithWebIdentity trusts. */
  readonly webIdentityTokens: ReadonlySet<string>;
  /** Role ARN to its trust policy, which decides by the token's claims who may assume it with a web identity. */
  readonly trustPolicies: ReadonlyMap<string, TrustPolicy>;
  /** The longest life of temporary credentials, in seconds. */
  readonly temporaryCredentialSeconds: number;
  /** The emulator's clock. */
  readonly now: () => Date;
}

// RoleSessionName: 2 to 128 characters of letters, digits and `+=,.@_-`, as documented.
const SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,128}$/;

const PARAMETERS: { readonly [A in StsActionName]: Readonly<Record<string, "string" | "integer" | "array">> } = {
  AssumeRole: {
    RoleArn: "string",
    RoleSessionName: "string",
    DurationSeconds: "integer",
    Policy: "string",
    ExternalId: "string",
    Tags: "array",
    SourceIdentity: "string",
    SerialNumber: "string",
    TokenCode: "string",
  },
  AssumeRoleWithWebIdentity: {
    ProviderId: "string",
    WebIdentityToken: "string",
    RoleArn: "string",
    RoleSessionName: "string",
    DurationSeconds: "integer",
  },
  GetCallerIdentity: {},
};

const REQUIRED: { readonly [A in StsActionName]: readonly string[] } = {
  AssumeRole: ["RoleArn", "RoleSessionName"],
  AssumeRoleWithWebIdentity: ["ProviderId", "WebIdentityToken", "RoleArn", "RoleSessionName"],
  GetCallerIdentity: [],
};

/**
 * Runs an STS action. `caller` is the identity of the key that signed the request (undefined for the
 * unsigned AssumeRoleWithWebIdentity). Answers the output fields without RequestId.
 */
export function runStsAction(
  action: StsActionName,
  body: unknown,
  caller: CallerIdentity | undefined,
  context: StsContext,
): Record<string, unknown> {
  const request = validate(action, body);
  switch (action) {
    case "GetCallerIdentity":
      if (caller === undefined) throw new ApiError("AuthFailure.InvalidAuthorization", "GetCallerIdentity is signed.");
      return {
        Arn: caller.arn,
        AccountId: caller.accountId,
        UserId: caller.userId,
        PrincipalId: caller.principalId,
        Type: caller.type,
      };
    case "AssumeRole":
      return assume(request, context, readSessionPolicy(request.Policy));
    case "AssumeRoleWithWebIdentity": {
      const claims = checkWebIdentityToken(request.WebIdentityToken as string, context);
      return assume(request, context, undefined, (roleArn) => checkTrust(roleArn, claims, context));
    }
  }
}

// Tencent documents the session policy as URL-encoded JSON: `Policy` is decoded, then parsed.
function readSessionPolicy(value: unknown): CamPolicy | undefined {
  if (value === undefined) return undefined;
  let text: string;
  try {
    text = decodeURIComponent(value as string);
  } catch {
    throw new ApiError("InvalidParameter.ParamError", "Policy must be a URL-encoded JSON policy document.");
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ApiError(
      "InvalidParameter.ParamError",
      "Policy is not JSON once URL-decoded: it must be a CAM policy document.",
    );
  }
  try {
    return parseCamPolicy(document, "Policy");
  } catch (error) {
    throw new ApiError("InvalidParameter.ParamError", (error as Error).message);
  }
}

/** Refuses a web identity whose claims the role's trust policy does not accept; a role without one trusts any. */
function checkTrust(roleArn: string, claims: TokenClaims, context: StsContext): void {
  const policy = context.trustPolicies.get(roleArn);
  if (policy === undefined || trusts(policy, claims)) return;
  // The claims name a repository and a branch, not a credential; the token itself is never echoed.
  const shown = (value: string | readonly string[] | undefined): string =>
    value === undefined ? "none" : JSON.stringify(value).slice(0, 200);
  throw new ApiError(
    "UnauthorizedOperation",
    `The trust policy of the role ${roleArn} does not let this web identity assume it: ` +
      `no statement accepts its claims (sub ${shown(claims.sub)}, aud ${shown(claims.aud)}, iss ${shown(claims.iss)}).`,
  );
}

function assume(
  request: Readonly<Record<string, unknown>>,
  context: StsContext,
  sessionPolicy: CamPolicy | undefined,
  checkRole: (roleArn: string) => void = () => undefined,
): Record<string, unknown> {
  const roleArn = request.RoleArn as string;
  const sessionName = request.RoleSessionName as string;
  if (!SESSION_NAME_PATTERN.test(sessionName)) {
    throw new ApiError(
      "InvalidParameter.ParamError",
      "RoleSessionName must be 2 to 128 characters of letters, digits and +=,.@_-.",
    );
  }
  const requested = (request.DurationSeconds as number | undefined) ?? DEFAULT_DURATION_SECONDS;
  if (requested < 1 || requested > MAX_TEMPORARY_CREDENTIAL_SECONDS) {
    throw new ApiError(
      "InvalidParameter.ParamError",
      `DurationSeconds must be from 1 to ${MAX_TEMPORARY_CREDENTIAL_SECONDS}, got ${requested}.`,
    );
  }
  const accountId = context.roles.get(roleArn);
  if (accountId === undefined) {
    // The ARN is not secret, but it is cut short so an answer stays small whatever was sent.
    throw new ApiError(
      "ResourceNotFound.RoleNotFound",
      `The role ${roleArn.length > 128 ? `${roleArn.slice(0, 128)}…` : roleArn} does not exist or may not be assumed.`,
    );
  }
  checkRole(roleArn);
  const nowSeconds = Math.floor(context.now().getTime() / 1000);
  const expiresAt = nowSeconds + Math.min(requested, context.temporaryCredentialSeconds);
  const id = roleId(roleArn);
  const issued = context.keys.issue(
    {
      accountId,
      arn: `qcs::sts:${accountId}:assumed-role/${id}/${sessionName}`,
      userId: `${id}:${sessionName}`,
      principalId: id,
      type: "CAMRole",
    },
    { principal: roleArn, name: roleArn, ...(sessionPolicy === undefined ? {} : { sessionPolicy }) },
    expiresAt,
  );
  return {
    Credentials: { Token: issued.token, TmpSecretId: issued.secretId, TmpSecretKey: issued.secretKey },
    ExpiredTime: expiresAt,
    Expiration: new Date(expiresAt * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/**
 * Refuses a token the emulator does not trust, or one whose `exp` claim has passed on its clock; answers its
 * claims, for the role's trust policy.
 */
function checkWebIdentityToken(token: string, context: StsContext): TokenClaims {
  if (!context.webIdentityTokens.has(token)) {
    throw new ApiError(
      "InvalidParameter.WebIdentityTokenError",
      "The WebIdentityToken is not one the identity provider issued (it is not among the emulator's webIdentityTokens).",
    );
  }
  const claims = tokenClaims(token);
  const expiresAt = claims.exp;
  if (expiresAt !== undefined && Math.floor(context.now().getTime() / 1000) >= expiresAt) {
    throw new ApiError(
      "InvalidParameter.WebIdentityTokenError",
      `The WebIdentityToken expired at ${new Date(expiresAt * 1000).toISOString()}: get a new one from the identity provider.`,
    );
  }
  return claims;
}

function validate(action: StsActionName, body: unknown): Readonly<Record<string, unknown>> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError("InvalidParameter", "The request body must be a JSON object of the action's parameters.");
  }
  const kinds = PARAMETERS[action];
  const record = body as Record<string, unknown>;
  for (const [name, value] of Object.entries(record)) {
    refuseUnknownParameter(action, kinds, name);
    const kind = kinds[name];
    const fits =
      kind === "string"
        ? typeof value === "string"
        : kind === "integer"
          ? typeof value === "number" && Number.isInteger(value)
          : Array.isArray(value);
    if (!fits) {
      throw new ApiError(
        "InvalidParameter",
        `${name} must be ${kind === "string" ? "a String" : kind === "integer" ? "an Integer" : "an Array"}.`,
      );
    }
  }
  for (const name of REQUIRED[action]) {
    if (record[name] === undefined || record[name] === "") {
      throw new ApiError("MissingParameter", `The parameter ${name} is missing.`);
    }
  }
  return record;
}
