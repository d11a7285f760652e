import type { IncomingHttpHeaders } from "node:http";
import {
  ACTION_NAMES,
  API_VERSION,
  MAX_MEMBERS_PAGE_SIZE,
  WRITE_ACTIONS,
  isActionName,
  runBusinessRules,
  type ActionName,
  type ActionOutputs,
  type ActionRequests,
  type OrganizationContext,
} from "./organization";
import { authorize } from "./authorization";
import type { CamPolicy } from "./cam";
import { ApiError, refuseUnknownParameter, shortened } from "./errors";
import { isMobileNumber, mobileNumberHint } from "./phone";
import { rateLimitKey, type TokenBucketRateLimiter } from "./limits";
import type { KeyRing, SigningKey } from "./keys";
import type { EmulatorBackgroundLoad } from "./types";
import type { FaultPlan } from "./planned-faults";
import { headerValue, SERVICE_NAME, STS_SERVICE_NAME, verifySignature, type SignedRequest } from "./signature";
import {
  isStsActionName,
  runStsAction,
  STS_ACTION_NAMES,
  STS_VERSION,
  UNSIGNED_STS_ACTIONS,
  type StsActionName,
  type StsContext,
} from "./sts";

/**
 * Largest request body accepted, 1 MiB. Tencent Cloud documents larger limits for some services; the
 * member-email actions take four short fields, so anything near this size is a client bug.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** An HTTP request to the API route (`/`), body already read. */
export interface ApiRequest extends SignedRequest {
  /** Whether the body exceeded {@link MAX_REQUEST_BYTES}; `body` is then empty. */
  readonly bodyTooLarge: boolean;
}

/** What the API pipeline needs besides the request. */
export interface ApiContext {
  /** The keys requests may be signed with: the configured key pair and the temporary keys STS issued. */
  readonly keys: KeyRing;
  /** What the STS actions work with. */
  readonly sts: StsContext;
  /** Principal to its CAM policies; undefined: CAM is off and every action is allowed. */
  readonly policies: ReadonlyMap<string, readonly CamPolicy[]> | undefined;
  /** Per-action rate limit. */
  readonly rateLimiter: TokenBucketRateLimiter;
  /** What an unseen neighbour spends of the limit, if anything. */
  readonly backgroundLoad?: EmulatorBackgroundLoad;
  /** Shares of requests that fail on purpose. */
  readonly faults: { readonly dropResponseRate: number; readonly internalErrorRate: number };
  /** Faults planned for named requests. */
  readonly plannedFaults: FaultPlan;
  /** Source of randomness for the faults, in [0, 1). */
  readonly random: () => number;
  /** The organization the actions work on. */
  readonly organization: OrganizationContext;
}

/** The API 3.0 envelope: `{"Response": {...output, RequestId}}` or `{"Response": {Error, RequestId}}`. */
export interface ResponseEnvelope {
  /** Output fields and RequestId, or Error and RequestId. */
  readonly Response: Readonly<Record<string, unknown>>;
}

/** The answer to an API request. */
export interface ApiOutcome {
  /** Body to send with HTTP 200. */
  readonly envelope: ResponseEnvelope;
  /** When true the request was carried out but the connection must be destroyed instead of answered (fault injection). */
  readonly dropConnection: boolean;
  /** Whether it changed the store (a write action that succeeded): its change is committed. */
  readonly committed: boolean;
  /** The error code of the answer; absent for a success. */
  readonly errorCode?: string;
  /** Called by the server once the answer is handed to the connection. */
  readonly onAnswered?: () => void;
  /** Called by the server when it cuts the connection instead of answering. */
  readonly onDropped?: () => void;
}

/**
 * Runs one API request through the same steps as Tencent Cloud API 3.0: transport checks, signature and
 * key, action and version, CAM's authorization of an Organization action, the per-action rate limit (after authentication, because Tencent counts per
 * account), injected faults, the JSON body, parameter checks, and the action's business rules. Every
 * answer, refusals included, carries a fresh RequestId. STS actions (version 2018-08-13) are served on
 * the same port: their signature's scope names the `sts` service, and AssumeRoleWithWebIdentity may
 * come unsigned (`Authorization: SKIP`), since its caller has no key yet.
 */
export function handleApiRequest(request: ApiRequest, context: ApiContext, requestId: string): ApiOutcome {
  let dropConnection = false;
  let action: ActionName | undefined;
  try {
    checkTransport(request);
    const named = headerValue(request.headers, "x-tc-action") ?? "";
    const stsAction = isStsActionName(named) ? named : undefined;
    const unsigned =
      stsAction !== undefined &&
      UNSIGNED_STS_ACTIONS.has(stsAction) &&
      headerValue(request.headers, "authorization")?.trim() === "SKIP";
    // The signature's window is on the real time, not the emulator's clock: clients sign with their own real
    // clock, so a clock moved forward by advanceClock must not make every signature look expired. Temporary
    // keys expire on the emulator's clock, so that tests can outlive them in seconds.
    const signer = unsigned
      ? undefined
      : verifySignature(
          request,
          (secretId) => context.keys.find(secretId),
          Math.floor(Date.now() / 1000),
          stsAction === undefined ? SERVICE_NAME : STS_SERVICE_NAME,
          context.organization.clock.nowSeconds(),
        );
    if (stsAction === undefined) {
      action = resolveAction(request.headers);
      // CAM decides before the service counts or runs anything: a refused call spends no rate and no fault.
      // STS actions are not Organization actions, and every caller may use them. Only an STS action comes unsigned.
      authorize(action, signer as SigningKey, context.policies);
    }
    const limited: string = action ?? resolveStsAction(stsAction as StsActionName, request.headers);
    const bucket = rateLimitKey(
      limited,
      headerValue(request.headers, "host"),
      headerValue(request.headers, "x-tc-region"),
      signer === undefined ? undefined : `${signer.identity.type}:${signer.identity.principalId}`,
    );
    const background = context.backgroundLoad;
    const spentElsewhere =
      background !== undefined && (background.action === undefined || background.action === limited)
        ? background.perSecond
        : 0;
    if (!context.rateLimiter.tryAcquire(bucket, spentElsewhere)) {
      throw new ApiError(
        "RequestLimitExceeded",
        `${limited} accepts at most ${context.rateLimiter.ratePerSecond} requests a second: slow down and retry.`,
      );
    }
    const planned = context.plannedFaults.take(limited, () => {
      try {
        return parseJsonBody(request);
      } catch {
        return undefined; // a body that is not JSON names no member; its refusal comes in its turn
      }
    });
    if (planned?.kind === "error") throw new PlannedFaultError(planned.code, planned.message);
    if (context.random() < context.faults.internalErrorRate) {
      throw new ApiError(
        "InternalError",
        "An internal error occurred (injected by the emulator's faults.internalErrorRate); nothing was changed.",
      );
    }
    dropConnection = planned?.kind === "dropResponse" || context.random() < context.faults.dropResponseRate;
    if (stsAction !== undefined) {
      const output = runStsAction(stsAction, parseJsonBody(request), signer?.identity, context.sts);
      return { envelope: { Response: { ...output, RequestId: requestId } }, dropConnection, committed: false };
    }
    const organizationAction = action as ActionName;
    const output = runAction(organizationAction, parseJsonBody(request), context.organization);
    return {
      envelope: { Response: { ...output, RequestId: requestId } },
      dropConnection,
      committed: WRITE_ACTIONS.has(organizationAction),
    };
  } catch (error) {
    const envelope = errorEnvelope(error, requestId);
    const errorCode = (envelope.Response.Error as { Code: string }).Code;
    return { envelope, dropConnection, committed: false, errorCode };
  }
}

// The transport checks run first, in the order the README lists them: method, path, Content-Type, size.
function checkTransport(request: ApiRequest): void {
  if (request.method !== "POST") {
    throw new ApiError(
      "UnsupportedProtocol",
      `The emulator answers POST / with a JSON body signed with TC3-HMAC-SHA256, not ${shortened(request.method)}.`,
    );
  }
  if (request.path !== "/") {
    throw new ApiError(
      "UnsupportedProtocol",
      "The API answers at the path / only (API 3.0 sends the action in X-TC-Action); " +
        "the emulator's own routes are under /emulator/.",
    );
  }
  const contentType = (headerValue(request.headers, "content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (contentType !== "application/json") {
    throw new ApiError(
      "UnsupportedProtocol",
      "The Content-Type must be application/json: the emulator speaks the JSON form of API 3.0.",
    );
  }
  if (request.bodyTooLarge) {
    throw new ApiError("RequestSizeLimitExceeded", `The request body exceeds ${MAX_REQUEST_BYTES} bytes.`);
  }
}

function resolveAction(headers: IncomingHttpHeaders): ActionName {
  const action = headerValue(headers, "x-tc-action");
  if (action === undefined || action === "") {
    throw new ApiError("MissingParameter", "The X-TC-Action header is missing: name the action to call.");
  }
  if (!isActionName(action)) {
    throw new ApiError(
      "InvalidAction",
      `The action ${shortened(action)} does not exist here: the emulator implements ${[...ACTION_NAMES, ...STS_ACTION_NAMES].join(", ")}.`,
    );
  }
  requireVersion(headers, action, API_VERSION, "Organization API");
  return action;
}

function resolveStsAction(action: StsActionName, headers: IncomingHttpHeaders): StsActionName {
  requireVersion(headers, action, STS_VERSION, "STS API");
  return action;
}

/** Refuses a request whose X-TC-Version is absent or is not `expected`, the version of the `label` API. */
function requireVersion(headers: IncomingHttpHeaders, action: string, expected: string, label: string): void {
  const version = headerValue(headers, "x-tc-version");
  if (version === undefined || version === "") {
    throw new ApiError("MissingParameter", `The X-TC-Version header is missing: the ${label} version is ${expected}.`);
  }
  if (version !== expected) {
    throw new ApiError(
      "NoSuchVersion",
      `The API version ${shortened(version)} does not exist for ${action}: use ${expected}.`,
    );
  }
}

function parseJsonBody(request: ApiRequest): unknown {
  try {
    return JSON.parse(request.body.toString("utf8"));
  } catch {
    throw new ApiError("InvalidParameter", "The request body is not valid JSON.");
  }
}

function runAction<A extends ActionName>(
  action: A,
  body: unknown,
  organization: OrganizationContext,
): ActionOutputs[A] {
  return runBusinessRules(action, validateParameters(action, body), organization);
}

/** A planned fault's error: any code a test names, such as one Tencent documents but the emulator never answers by itself. */
class PlannedFaultError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PlannedFaultError";
  }
}

function errorEnvelope(error: unknown, requestId: string): ResponseEnvelope {
  const { code, message } =
    error instanceof ApiError || error instanceof PlannedFaultError
      ? error
      : {
          code: "InternalError",
          message: `The emulator failed: ${error instanceof Error ? error.message : String(error)}`,
        };
  return { Response: { Error: { Code: code, Message: message }, RequestId: requestId } };
}

/**
 * What a parameter must be; each kind knows its JSON type, the values it accepts and whether it may be
 * absent. `unsupportedFilter` is a documented filter the emulator does not implement: refused, never ignored.
 */
type ParameterKind =
  | "positiveInteger"
  | "email"
  | "countryCode"
  | "phone"
  | "offset"
  | "pageSize"
  | "optionalString"
  | "unsupportedFilter";

const OPTIONAL_KINDS: ReadonlySet<ParameterKind> = new Set(["pageSize", "optionalString", "unsupportedFilter"]);

// Every parameter of every action, in the order they are checked. Typed against the SDK's request
// models, so a parameter the SDK knows cannot be forgotten here.
const PARAMETERS: { readonly [A in ActionName]: { readonly [P in keyof ActionRequests[A]]-?: ParameterKind } } = {
  AddOrganizationMemberEmail: {
    MemberUin: "positiveInteger",
    Email: "email",
    CountryCode: "countryCode",
    Phone: "phone",
  },
  DescribeOrganizationMemberEmailBind: { MemberUin: "positiveInteger" },
  UpdateOrganizationMemberEmailBind: {
    MemberUin: "positiveInteger",
    BindId: "positiveInteger",
    Email: "email",
    CountryCode: "countryCode",
    Phone: "phone",
  },
  SendOrgMemberAccountBindEmail: { MemberUin: "positiveInteger", BindId: "positiveInteger" },
  DescribeOrganizationMembers: {
    Offset: "offset",
    Limit: "pageSize",
    Lang: "optionalString",
    SearchKey: "optionalString",
    AuthName: "unsupportedFilter",
    Product: "unsupportedFilter",
    Tags: "unsupportedFilter",
    NodeId: "unsupportedFilter",
    NodeName: "unsupportedFilter",
  },
  DescribeOrganization: { Lang: "optionalString", Product: "unsupportedFilter" },
};

// An address as Tencent Cloud's InvalidParameter.InvalidEmail ("the email format is wrong") implies one: a
// local part in RFC 5322's dot-atom form (ASCII letters, digits and !#$%&'*+/=?^_`{|}~-, dots between
// them), "@", and a domain of RFC 1035 host labels (letters, digits, inner hyphens, at most 63 each) whose
// last label is a top-level domain (letters, or an xn-- internationalized one). RFC 5321 caps an address
// at 254 characters and its local part at 64.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
const TOP_LEVEL_LABEL = "(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})";
const EMAIL_PATTERN = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*@(?:${LABEL}\\.)+${TOP_LEVEL_LABEL}$`);
const MAX_EMAIL_LENGTH = 254;
const MAX_EMAIL_LOCAL_PART_LENGTH = 64;
// Characters no mailbox has: control characters (Cc), invisible format characters such as bidirectional
// overrides and zero-width spaces (Cf), lone surrogates (Cs, which a store would turn into another
// address), the replacement character U+FFFD (what a lone surrogate or a broken UTF-8 byte becomes on the
// way, so the address is no longer the one the client meant), private-use characters (Co), and markup.
const EMAIL_FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\uFFFD<>]/u;
// E.164: the calling code and the national number together have at most 15 digits.
const MAX_E164_DIGITS = 15;

/**
 * Checks an action's JSON body against its parameters and returns it typed. Refusals follow API 3.0:
 * `UnknownParameter` for a field the action does not take, `MissingParameter` for an absent one,
 * `InvalidParameter` for a wrong JSON type, `InvalidParameterValue` for a value out of its rules; each
 * message names the parameter. Email and phone values are never echoed: they are personal data.
 */
export function validateParameters<A extends ActionName>(action: A, body: unknown): ActionRequests[A] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError("InvalidParameter", "The request body must be a JSON object of the action's parameters.");
  }
  const kinds: Readonly<Record<string, ParameterKind>> = PARAMETERS[action];
  const record = body as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    refuseUnknownParameter(action, kinds, name);
  }
  for (const [name, kind] of Object.entries(kinds)) {
    checkParameter(name, kind, record[name]);
  }
  if (typeof record.CountryCode === "string" && typeof record.Phone === "string") {
    if (record.CountryCode.length + record.Phone.length > MAX_E164_DIGITS) {
      throw new ApiError(
        "InvalidParameterValue",
        `CountryCode and Phone together must be at most ${MAX_E164_DIGITS} digits (E.164).`,
      );
    }
    // The security phone receives the verification codes, so it must be a mobile number of its country.
    if (!isMobileNumber(record.CountryCode, record.Phone)) {
      throw new ApiError(
        "InvalidParameterValue",
        `Phone must be a mobile number of the CountryCode ${record.CountryCode}, without the area code: ` +
          `${mobileNumberHint(record.CountryCode)}. The security phone receives verification codes.`,
      );
    }
  }
  // Every field was checked against the table above, which is typed against ActionRequests[A].
  return record as unknown as ActionRequests[A];
}

function checkParameter(name: string, kind: ParameterKind, value: unknown): void {
  if (value === undefined) {
    if (OPTIONAL_KINDS.has(kind)) return;
    throw new ApiError("MissingParameter", `The parameter ${name} is missing.`);
  }
  switch (kind) {
    case "offset":
      requireInteger(name, value);
      if (value < 0 || !Number.isSafeInteger(value)) {
        throw new ApiError("InvalidParameterValue", `${name} must be 0 or a positive multiple of Limit, got ${value}.`);
      }
      return;
    case "pageSize":
      requireInteger(name, value);
      if (value < 1 || value > MAX_MEMBERS_PAGE_SIZE) {
        throw new ApiError("InvalidParameterValue", `${name} must be 1 to ${MAX_MEMBERS_PAGE_SIZE}, got ${value}.`);
      }
      return;
    case "optionalString":
      requireString(name, value);
      return;
    case "unsupportedFilter":
      throw new ApiError("UnsupportedOperation", `The emulator does not filter members by ${name}; leave it out.`);
    case "positiveInteger":
      requireInteger(name, value);
      if (value <= 0 || !Number.isSafeInteger(value)) {
        throw new ApiError("InvalidParameterValue", `${name} must be a positive integer, got ${value}.`);
      }
      return;
    case "email":
      requireString(name, value);
      if (
        value.length > MAX_EMAIL_LENGTH ||
        value.indexOf("@") > MAX_EMAIL_LOCAL_PART_LENGTH ||
        EMAIL_FORBIDDEN.test(value) ||
        !EMAIL_PATTERN.test(value)
      ) {
        throw new ApiError(
          "InvalidParameterValue",
          `${name} must be an email address such as name@example.com: letters, digits and !#$%&'*+/=?^_\`{|}~.- ` +
            `before the @, a domain name after it, at most ${MAX_EMAIL_LENGTH} characters ` +
            `(${MAX_EMAIL_LOCAL_PART_LENGTH} before the @), without control, invisible or markup characters.`,
        );
      }
      return;
    case "countryCode":
      requireString(name, value);
      if (!/^\d{1,3}$/.test(value)) {
        throw new ApiError(
          "InvalidParameterValue",
          `${name} must be an international area code of 1 to 3 digits, such as "86".`,
        );
      }
      return;
    case "phone":
      requireString(name, value);
      if (!/^\d{4,15}$/.test(value)) {
        throw new ApiError(
          "InvalidParameterValue",
          `${name} must be a phone number of 4 to 15 digits, without the area code.`,
        );
      }
      return;
  }
}

function requireInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ApiError(
      "InvalidParameter",
      `${name} must be an Integer (a JSON number without a fraction), got ${describeType(value)}.`,
    );
  }
}

function requireString(name: string, value: unknown): asserts value is string {
  if (typeof value !== "string") {
    throw new ApiError("InvalidParameter", `${name} must be a String, got ${describeType(value)}.`);
  }
}

function describeType(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (typeof value === "number") {
    return Number.isInteger(value) ? "a number" : "a number with a fraction";
  }
  return `a ${typeof value}`;
}
