/**
 * STS (service `sts`, version 2018-08-13): the actions a client uses to get temporary credentials and to
 * learn who it is. Written from Tencent's STS documentation; where it is silent the choice is named in
 * emulator/README.md.
 */
import { ApiError, refuseUnknownParameter } from "./errors";
import { roleId, type CallerIdentity, type KeyRing } from "./keys";
import { MAX_TEMPORARY_CREDENTIAL_SECONDS } from "./options";

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
      return assume(request, context);
    case "AssumeRoleWithWebIdentity":
      checkWebIdentityToken(request.WebIdentityToken as string, context);
      return assume(request, context);
  }
}

function assume(request: Readonly<Record<string, unknown>>, context: StsContext): Record<string, unknown> {
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
    expiresAt,
  );
  return {
    Credentials: { Token: issued.token, TmpSecretId: issued.secretId, TmpSecretKey: issued.secretKey },
    ExpiredTime: expiresAt,
    Expiration: new Date(expiresAt * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/** Refuses a token the emulator does not trust, or one whose `exp` claim has passed on its clock. */
function checkWebIdentityToken(token: string, context: StsContext): void {
  if (!context.webIdentityTokens.has(token)) {
    throw new ApiError(
      "InvalidParameter.WebIdentityTokenError",
      "The WebIdentityToken is not one the identity provider issued (it is not among the emulator's webIdentityTokens).",
    );
  }
  const expiresAt = jwtExpiry(token);
  if (expiresAt !== undefined && Math.floor(context.now().getTime() / 1000) >= expiresAt) {
    throw new ApiError(
      "InvalidParameter.WebIdentityTokenError",
      `The WebIdentityToken expired at ${new Date(expiresAt * 1000).toISOString()}: get a new one from the identity provider.`,
    );
  }
}

/** The `exp` claim of a JWT, Unix seconds; undefined when the token is not a JWT or has none. */
function jwtExpiry(token: string): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    const exp = typeof claims === "object" && claims !== null ? (claims as { exp?: unknown }).exp : undefined;
    return typeof exp === "number" ? exp : undefined;
  } catch {
    return undefined;
  }
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
