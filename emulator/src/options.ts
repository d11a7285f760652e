import { parseCamPolicy, type CamPolicy } from "./cam";
import { ACTION_NAMES } from "./organization";
import { readPlannedFault } from "./planned-faults";
import { parseTrustPolicy, type TrustPolicy } from "./trust";
import type { EmulatorBackgroundLoad, EmulatorCredentials, EmulatorMemberType, EmulatorPlannedFault } from "./types";

/** Port the emulator's command line listens on when neither `--port` nor `EMULATOR_PORT` says otherwise. */
export const DEFAULT_EMULATOR_PORT = 9217;

/** SecretId of the demo key pair the emulator accepts when started without `credentials`. */
export const DEMO_SECRET_ID = "AKIDmemberEmailEmulatorDemo00000000";

/** SecretKey of the demo key pair the emulator accepts when started without `credentials`. */
export const DEMO_SECRET_KEY = "memberEmailEmulatorDemoSecretKey";

/** First uin of the demo organization's members. */
export const DEMO_FIRST_MEMBER_UIN = 100000000001;

/** Last uin (inclusive) of the demo organization's members. */
export const DEMO_LAST_MEMBER_UIN = 100000002000;

/**
 * Member uins of the demo organization, used when the emulator is started without `members`:
 * 100000000001 through 100000002000 inclusive (2000 members).
 */
export const DEMO_MEMBERS: readonly number[] = Object.freeze(
  Array.from({ length: DEMO_LAST_MEMBER_UIN - DEMO_FIRST_MEMBER_UIN + 1 }, (_, index) => DEMO_FIRST_MEMBER_UIN + index),
);

/**
 * The longest life of temporary credentials STS documents, 12 hours: the most that `DurationSeconds` and
 * `temporaryCredentialSeconds` may be.
 */
export const MAX_TEMPORARY_CREDENTIAL_SECONDS = 43200;

/** The longest life of temporary credentials when `temporaryCredentialSeconds` is absent: STS's documented 12 hours. */
export const DEFAULT_TEMPORARY_CREDENTIAL_SECONDS = MAX_TEMPORARY_CREDENTIAL_SECONDS;

/** `OrgId` of the demo organization, which DescribeOrganization answers when `organizationId` is absent. */
export const DEMO_ORGANIZATION_ID = 45000001;

/** `HostUin` (the management account) of the demo organization when `hostUin` is absent. */
export const DEMO_HOST_UIN = 100000000000;

/**
 * Activation emails a binding may be sent again within an hour when `sendEmailLimitPerHour` is absent.
 * Tencent Cloud documents the refusal (`LimitExceeded.SendEmailWithinOneHourLimit`) but not the number.
 */
export const DEFAULT_SEND_EMAIL_LIMIT_PER_HOUR = 3;

/**
 * Activation emails a binding may be sent again within a day when `sendEmailLimitPerDay` is absent.
 * Tencent Cloud documents the refusal (`LimitExceeded.SendEmailLimit`) but not the number.
 */
export const DEFAULT_SEND_EMAIL_LIMIT_PER_DAY = 10;

/** A member of the organization, resolved: its name and how it joined. */
export interface ResolvedMember {
  /** Name answered by DescribeOrganizationMembers. */
  readonly name: string;
  /** `Create` or `Invite`. */
  readonly type: EmulatorMemberType;
}

/** Requests per second each action accepts when `rateLimitPerSecond` is absent: the documented limit. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 20;

/**
 * Bindings the organization may create per UTC day when `dailyBindQuota` is absent. Tencent Cloud does
 * not publish its number; this one is high enough for the demo and the benchmarks.
 */
export const DEFAULT_DAILY_BIND_QUOTA = 5000;

/**
 * Members that may share one security phone (country code + number) when `maxMembersPerPhone` is
 * absent. Tencent Cloud does not publish its number.
 */
export const DEFAULT_MAX_MEMBERS_PER_PHONE = 5;

/** Options with every default applied and every value checked. */
export interface ResolvedOptions {
  /** TCP port, 0 for a free one. */
  readonly port: number;
  /** Path of the SQLite file; undefined for a temporary one. */
  readonly dataFile: string | undefined;
  /** The organization's members by uin. */
  readonly members: ReadonlyMap<number, ResolvedMember>;
  /** `OrgId` of the organization. */
  readonly organizationId: number;
  /** `HostUin` of the organization. */
  readonly hostUin: number;
  /** Whether Describe masks the email. */
  readonly maskEmails: boolean;
  /** Resends per binding per hour. */
  readonly sendEmailLimitPerHour: number;
  /** Resends per binding per day. */
  readonly sendEmailLimitPerDay: number;
  /** File the request log is appended to, if any. */
  readonly requestLogFile: string | undefined;
  /** Requests per second per action. */
  readonly rateLimitPerSecond: number;
  /** What an unseen neighbour spends of the limit; undefined: nothing. */
  readonly backgroundLoad: EmulatorBackgroundLoad | undefined;
  /** The key requests must be signed with. */
  readonly credentials: EmulatorCredentials;
  /** Shares of requests that fail on purpose. */
  readonly faults: {
    readonly dropResponseRate: number;
    readonly internalErrorRate: number;
    /** Committed Adds after which the process kills itself; undefined: never. */
    readonly crashAfterCommits: number | undefined;
    /** Faults planned for named requests. */
    readonly planned: readonly EmulatorPlannedFault[];
  };
  /** Bindings per UTC day. */
  readonly dailyBindQuota: number;
  /** Members per security phone. */
  readonly maxMembersPerPhone: number;
  /** The account of the configured key pair. */
  readonly accountId: string;
  /** Role ARN to the account it belongs to. */
  readonly roles: ReadonlyMap<string, string>;
  /** The OIDC tokens AssumeRoleWithWebIdentity trusts. */
  readonly webIdentityTokens: ReadonlySet<string>;
  /** The longest life of temporary credentials, in seconds. */
  readonly temporaryCredentialSeconds: number;
  /** Principal (the key pair's SecretId, or a role's ARN) to its CAM policies; undefined: CAM is off. */
  readonly policies: ReadonlyMap<string, readonly CamPolicy[]> | undefined;
  /** Role ARN to the trust policy that decides which web identities may assume it. */
  readonly trustPolicies: ReadonlyMap<string, TrustPolicy>;
}

const OPTION_NAMES = [
  "port",
  "dataFile",
  "members",
  "rateLimitPerSecond",
  "backgroundLoad",
  "credentials",
  "faults",
  "dailyBindQuota",
  "maxMembersPerPhone",
  "organizationId",
  "hostUin",
  "maskEmails",
  "sendEmailLimitPerHour",
  "sendEmailLimitPerDay",
  "requestLogFile",
  "accountId",
  "roles",
  "webIdentityTokens",
  "temporaryCredentialSeconds",
  "policies",
  "trustPolicies",
];

/**
 * Checks `startEmulator`'s options (they may come from JavaScript, so nothing is trusted) and fills in
 * the defaults. Throws a TypeError or RangeError naming the option, so a typo such as `rateLimit`
 * fails loudly instead of being ignored.
 */
export function resolveOptions(options: unknown): ResolvedOptions {
  const record = readRecord(options ?? {}, "options");
  rejectUnknown(record, OPTION_NAMES, "startEmulator option");
  const faults = readRecord(record.faults ?? {}, "faults");
  rejectUnknown(faults, ["dropResponseRate", "internalErrorRate", "crashAfterCommits", "planned"], "faults option");
  // The key pair is the management account's unless told otherwise: the organization's HostUin.
  const hostUin = readInteger(record.hostUin, "hostUin", 1, Number.MAX_SAFE_INTEGER, DEMO_HOST_UIN);
  const accountId = readAccountId(record.accountId, "accountId") ?? String(hostUin);
  const credentials = readCredentials(record.credentials);
  const roles = readRoles(record.roles, accountId);
  return {
    port: readInteger(record.port, "port", 0, 65535, 0),
    dataFile: readDataFile(record.dataFile),
    members: readMembers(record.members),
    rateLimitPerSecond: readRate(record.rateLimitPerSecond),
    backgroundLoad: readBackgroundLoad(record.backgroundLoad, readRate(record.rateLimitPerSecond)),
    credentials,
    faults: {
      dropResponseRate: readShare(faults.dropResponseRate, "faults.dropResponseRate"),
      internalErrorRate: readShare(faults.internalErrorRate, "faults.internalErrorRate"),
      crashAfterCommits:
        faults.crashAfterCommits === undefined
          ? undefined
          : readInteger(faults.crashAfterCommits, "faults.crashAfterCommits", 1, Number.MAX_SAFE_INTEGER, 1),
      planned: readPlannedFaults(faults.planned),
    },
    organizationId: readInteger(
      record.organizationId,
      "organizationId",
      1,
      Number.MAX_SAFE_INTEGER,
      DEMO_ORGANIZATION_ID,
    ),
    hostUin,
    maskEmails: readBoolean(record.maskEmails, "maskEmails"),
    sendEmailLimitPerHour: readInteger(
      record.sendEmailLimitPerHour,
      "sendEmailLimitPerHour",
      0,
      Number.MAX_SAFE_INTEGER,
      DEFAULT_SEND_EMAIL_LIMIT_PER_HOUR,
    ),
    sendEmailLimitPerDay: readInteger(
      record.sendEmailLimitPerDay,
      "sendEmailLimitPerDay",
      0,
      Number.MAX_SAFE_INTEGER,
      DEFAULT_SEND_EMAIL_LIMIT_PER_DAY,
    ),
    requestLogFile: readOptionalPath(record.requestLogFile, "requestLogFile"),
    dailyBindQuota: readInteger(
      record.dailyBindQuota,
      "dailyBindQuota",
      0,
      Number.MAX_SAFE_INTEGER,
      DEFAULT_DAILY_BIND_QUOTA,
    ),
    maxMembersPerPhone: readInteger(
      record.maxMembersPerPhone,
      "maxMembersPerPhone",
      1,
      Number.MAX_SAFE_INTEGER,
      DEFAULT_MAX_MEMBERS_PER_PHONE,
    ),
    accountId,
    roles,
    webIdentityTokens: readTokens(record.webIdentityTokens),
    temporaryCredentialSeconds: readInteger(
      record.temporaryCredentialSeconds,
      "temporaryCredentialSeconds",
      1,
      MAX_TEMPORARY_CREDENTIAL_SECONDS,
      DEFAULT_TEMPORARY_CREDENTIAL_SECONDS,
    ),
    policies: readPolicies(record.policies, credentials.secretId, roles),
    trustPolicies: readTrustPolicies(record.trustPolicies, roles),
  };
}

/**
 * The `policies` option: each principal's documents, checked now so that a policy CAM would refuse fails
 * the start, not a request. Messages name a role by its ARN and the key pair as "the key pair", never by a
 * value that might be a key: a principal that is neither is not echoed (it may be a SecretKey pasted by mistake).
 */
function readPolicies(
  value: unknown,
  secretId: string,
  roles: ReadonlyMap<string, string>,
): ReadonlyMap<string, readonly CamPolicy[]> | undefined {
  if (value === undefined) return undefined;
  const record = readRecord(value, "policies");
  const policies = new Map<string, readonly CamPolicy[]>();
  for (const [principal, documents] of Object.entries(record)) {
    if (principal !== secretId && !roles.has(principal)) {
      throw new TypeError(
        `policies names ${ROLE_ARN_ACCOUNT.test(principal) ? `the role ${principal}, which is not in roles` : "a principal that is neither the key pair's SecretId nor a role in roles"}: ` +
          "key each entry by the SecretId of credentials or by the ARN of a role in roles.",
      );
    }
    const what = principal === secretId ? "The policy of the key pair" : `The policy of ${principal}`;
    const list: readonly unknown[] = Array.isArray(documents) ? documents : [documents];
    policies.set(
      principal,
      list.map((document, index) =>
        asTypeError(() => parseCamPolicy(document, list.length > 1 ? `${what} (document ${index + 1})` : what)),
      ),
    );
  }
  return policies;
}

/** The `trustPolicies` option: a trust policy per role ARN, each role one of `roles`. */
function readTrustPolicies(value: unknown, roles: ReadonlyMap<string, string>): ReadonlyMap<string, TrustPolicy> {
  if (value === undefined) return new Map();
  const record = readRecord(value, "trustPolicies");
  const trustPolicies = new Map<string, TrustPolicy>();
  for (const [roleArn, document] of Object.entries(record)) {
    if (!roles.has(roleArn)) {
      throw new TypeError(
        `trustPolicies names ${ROLE_ARN_ACCOUNT.test(roleArn) ? `the role ${roleArn}, which is not in roles` : "something that is not a role ARN of roles"}: ` +
          "key each entry by the ARN of a role in roles.",
      );
    }
    trustPolicies.set(
      roleArn,
      asTypeError(() => parseTrustPolicy(document, `The trust policy of ${roleArn}`)),
    );
  }
  return trustPolicies;
}

/** Runs `parse`, turning its Error into the TypeError every option error is. */
function asTypeError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new TypeError(error instanceof Error ? error.message : String(error));
  }
}

function readAccountId(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !/^\d{1,20}$/.test(value)) {
    throw new TypeError(`${name} must be an account uin as a string of digits, such as "100000000000".`);
  }
  return value;
}

// `qcs::cam::uin/<account>:roleName/<name>`: the account a role belongs to is the uin its ARN names.
const ROLE_ARN_ACCOUNT = /^qcs::cam::uin\/(\d{1,20}):role(?:Name)?\/.+$/;

function readRoles(value: unknown, accountId: string): ReadonlyMap<string, string> {
  if (value === undefined) return new Map();
  if (!Array.isArray(value)) throw new TypeError("roles must be an array of { roleArn, accountId? }.");
  const roles = new Map<string, string>();
  value.forEach((entry: unknown, index) => {
    const record = readRecord(entry, `roles[${index}]`);
    rejectUnknown(record, ["roleArn", "accountId"], `roles[${index}] field`);
    if (typeof record.roleArn !== "string" || record.roleArn.trim() === "") {
      throw new TypeError(
        `roles[${index}].roleArn must be a role ARN such as "qcs::cam::uin/100000000000:roleName/ci".`,
      );
    }
    const own = readAccountId(record.accountId, `roles[${index}].accountId`);
    roles.set(record.roleArn, own ?? ROLE_ARN_ACCOUNT.exec(record.roleArn)?.[1] ?? accountId);
  });
  return roles;
}

function readTokens(value: unknown): ReadonlySet<string> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value) || value.some((token) => typeof token !== "string" || token === "")) {
    // The tokens are not echoed: they are credentials.
    throw new TypeError("webIdentityTokens must be an array of non-empty strings.");
  }
  return new Set(value as string[]);
}

function readPlannedFaults(value: unknown): readonly EmulatorPlannedFault[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TypeError("faults.planned must be an array of planned faults.");
  return value.map((fault) => readPlannedFault(fault));
}

function readRecord(value: unknown, name: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object.`);
  }
  return value as Record<string, unknown>;
}

function rejectUnknown(record: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const name of Object.keys(record)) {
    if (!known.includes(name)) {
      throw new TypeError(`Unknown ${what} "${name}"; known ones are ${known.join(", ")}.`);
    }
  }
}

function readInteger(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}.`);
  }
  return value;
}

function readDataFile(value: unknown): string | undefined {
  return readOptionalPath(value, "dataFile");
}

function readOptionalPath(value: unknown, name: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${name} must be a file path.`);
  }
  return value;
}

function readBoolean(value: unknown, name: string): boolean {
  if (value === undefined) {
    return false;
  }
  if (typeof value !== "boolean") {
    throw new TypeError(`${name} must be true or false, got ${String(value)}.`);
  }
  return value;
}

function readMembers(value: unknown): ReadonlyMap<number, ResolvedMember> {
  const members = new Map<number, ResolvedMember>();
  if (value === undefined) {
    for (const uin of DEMO_MEMBERS) members.set(uin, { name: defaultMemberName(uin), type: "Create" });
    return members;
  }
  if (!Array.isArray(value)) {
    throw new TypeError("members must be an array of member uins or { uin, name?, type? } objects.");
  }
  for (const entry of value as unknown[]) {
    const record =
      typeof entry === "object" && entry !== null && !Array.isArray(entry)
        ? (entry as Record<string, unknown>)
        : { uin: entry };
    rejectUnknown(record, ["uin", "name", "type"], "members field");
    const { uin, name, type } = record;
    if (typeof uin !== "number" || !Number.isSafeInteger(uin) || uin <= 0) {
      throw new RangeError(`members must hold positive integer uins, got ${String(uin)}.`);
    }
    if (name !== undefined && (typeof name !== "string" || name === "")) {
      throw new TypeError(`The name of member ${uin} must be a non-empty string.`);
    }
    if (type !== undefined && type !== "Create" && type !== "Invite") {
      throw new TypeError(`The type of member ${uin} must be "Create" or "Invite", got ${String(type)}.`);
    }
    members.set(uin, { name: name ?? defaultMemberName(uin), type: type ?? "Create" });
  }
  return members;
}

/** The emulator's name for a member given without one. */
function defaultMemberName(memberUin: number): string {
  return `member-${memberUin}`;
}

function readRate(value: unknown): number {
  if (value === undefined) {
    return DEFAULT_RATE_LIMIT_PER_SECOND;
  }
  // Below one a token bucket of that capacity could never hold a whole token.
  if (typeof value !== "number" || Number.isNaN(value) || value < 1) {
    throw new RangeError(`rateLimitPerSecond must be a number of at least 1 (or Infinity), got ${String(value)}.`);
  }
  return value;
}

function readBackgroundLoad(value: unknown, ratePerSecond: number): EmulatorBackgroundLoad | undefined {
  if (value === undefined) return undefined;
  const record = readRecord(value, "backgroundLoad");
  rejectUnknown(record, ["action", "perSecond"], "backgroundLoad option");
  const { action, perSecond } = record;
  if (action !== undefined && !(ACTION_NAMES as readonly unknown[]).includes(action)) {
    throw new RangeError(`backgroundLoad.action must be one of ${ACTION_NAMES.join(", ")}, got ${String(action)}.`);
  }
  // A neighbour spending the whole limit would leave the caller nothing, which no test can tell from a hang.
  if (typeof perSecond !== "number" || Number.isNaN(perSecond) || perSecond < 0 || perSecond >= ratePerSecond) {
    throw new RangeError(
      `backgroundLoad.perSecond must be a number from 0 to below rateLimitPerSecond (${ratePerSecond}), got ${String(perSecond)}.`,
    );
  }
  return action === undefined ? { perSecond } : { action: action as string, perSecond };
}

function readShare(value: unknown, name: string): number {
  if (value === undefined) {
    return 0;
  }
  if (typeof value !== "number" || Number.isNaN(value) || value < 0 || value > 1) {
    throw new RangeError(`${name} must be a number from 0 to 1, got ${String(value)}.`);
  }
  return value;
}

function readCredentials(value: unknown): EmulatorCredentials {
  if (value === undefined) {
    return { secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY };
  }
  const record = readRecord(value, "credentials");
  rejectUnknown(record, ["secretId", "secretKey", "token"], "credentials field");
  const { secretId, secretKey, token } = record;
  if (typeof secretId !== "string" || secretId === "" || typeof secretKey !== "string" || secretKey === "") {
    // The values are not echoed: one of them is a secret.
    throw new TypeError("credentials must hold a non-empty secretId and secretKey.");
  }
  if (token !== undefined && (typeof token !== "string" || token === "")) {
    throw new TypeError("credentials.token must be a non-empty string when given.");
  }
  return token === undefined ? { secretId, secretKey } : { secretId, secretKey, token };
}
