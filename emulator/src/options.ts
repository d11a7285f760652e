import type { EmulatorCredentials } from "./types";

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
 * The account of the configured key pair when `accountId` is absent: what GetCallerIdentity answers for
 * it. The demo organization's management account.
 */
export const DEFAULT_ACCOUNT_ID = "100000000000";

/** The longest life of temporary credentials when `temporaryCredentialSeconds` is absent: STS's documented 12 hours. */
export const DEFAULT_TEMPORARY_CREDENTIAL_SECONDS = 43200;

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
  /** Uins of the organization's members. */
  readonly members: ReadonlySet<number>;
  /** Requests per second per action. */
  readonly rateLimitPerSecond: number;
  /** The key requests must be signed with. */
  readonly credentials: EmulatorCredentials;
  /** Shares of requests that fail on purpose. */
  readonly faults: { readonly dropResponseRate: number; readonly internalErrorRate: number };
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
}

const OPTION_NAMES = [
  "port",
  "dataFile",
  "members",
  "rateLimitPerSecond",
  "credentials",
  "faults",
  "dailyBindQuota",
  "maxMembersPerPhone",
  "accountId",
  "roles",
  "webIdentityTokens",
  "temporaryCredentialSeconds",
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
  rejectUnknown(faults, ["dropResponseRate", "internalErrorRate"], "faults option");
  return {
    port: readInteger(record.port, "port", 0, 65535, 0),
    dataFile: readDataFile(record.dataFile),
    members: readMembers(record.members),
    rateLimitPerSecond: readRate(record.rateLimitPerSecond),
    credentials: readCredentials(record.credentials),
    faults: {
      dropResponseRate: readShare(faults.dropResponseRate, "faults.dropResponseRate"),
      internalErrorRate: readShare(faults.internalErrorRate, "faults.internalErrorRate"),
    },
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
    accountId: readAccountId(record.accountId, "accountId") ?? DEFAULT_ACCOUNT_ID,
    roles: readRoles(record.roles, readAccountId(record.accountId, "accountId") ?? DEFAULT_ACCOUNT_ID),
    webIdentityTokens: readTokens(record.webIdentityTokens),
    temporaryCredentialSeconds: readInteger(
      record.temporaryCredentialSeconds,
      "temporaryCredentialSeconds",
      1,
      DEFAULT_TEMPORARY_CREDENTIAL_SECONDS,
      DEFAULT_TEMPORARY_CREDENTIAL_SECONDS,
    ),
  };
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
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError("dataFile must be a file path.");
  }
  return value;
}

function readMembers(value: unknown): ReadonlySet<number> {
  if (value === undefined) {
    return new Set(DEMO_MEMBERS);
  }
  if (!Array.isArray(value)) {
    throw new TypeError("members must be an array of member uins.");
  }
  for (const uin of value) {
    if (typeof uin !== "number" || !Number.isSafeInteger(uin) || uin <= 0) {
      throw new RangeError(`members must hold positive integer uins, got ${String(uin)}.`);
    }
  }
  return new Set(value as number[]);
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
