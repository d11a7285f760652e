/** The API key the emulator accepts: requests must be signed with it. */
export interface EmulatorCredentials {
  /** Key id, sent in clear in the `Authorization` header. */
  readonly secretId: string;
  /** Key secret: only used to recompute signatures, never sent and never echoed in an answer. */
  readonly secretKey: string;
  /**
   * Session token of temporary credentials. When set, every request must carry it in `X-TC-Token`;
   * when absent, a request that carries a token is refused (`AuthFailure.TokenFailure`).
   */
  readonly token?: string;
}

/** Failures the emulator injects on purpose, so clients can be tested against them. */
export interface EmulatorFaults {
  /**
   * Share (0 to 1) of authenticated API requests that are carried out and committed, after which the
   * connection is destroyed without an answer: the client sees a network error although the change happened.
   */
  readonly dropResponseRate?: number;
  /** Share (0 to 1) of authenticated API requests answered `InternalError` without doing anything. */
  readonly internalErrorRate?: number;
}

/** How to start an emulator; every field is optional. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 or absent picks a free port (read it back from `Emulator.url`). */
  readonly port?: number;
  /**
   * Path of the SQLite file that stores the bindings, created if missing (with its folder). A later
   * emulator on the same file sees the same bindings. Absent: a temporary file, deleted by `stop()`.
   */
  readonly dataFile?: string;
  /**
   * Uins of the organization's members; absent: `DEMO_MEMBERS` (100000000001 through 100000002000).
   * DescribeOrganizationMembers names each `member-<uin>`.
   */
  readonly members?: readonly number[];
  /** Requests per second accepted for each action before `RequestLimitExceeded`; default 20, `Infinity` turns the limit off. */
  readonly rateLimitPerSecond?: number;
  /** The key pair requests must be signed with; absent: `DEMO_SECRET_ID` / `DEMO_SECRET_KEY`. */
  readonly credentials?: EmulatorCredentials;
  /** Failures to inject; absent: none. */
  readonly faults?: EmulatorFaults;
  /** Bindings `AddOrganizationMemberEmail` may create per UTC day before `LimitExceeded.EmailBindOverLimit`; default 5000. */
  readonly dailyBindQuota?: number;
  /** Members that may share one security phone (country code + number) before `LimitExceeded.PhoneNumBound`; default 5. */
  readonly maxMembersPerPhone?: number;
  /** The account (root uin) of the configured key pair, which GetCallerIdentity answers; default `DEFAULT_ACCOUNT_ID`. */
  readonly accountId?: string;
  /**
   * The roles STS lets be assumed (AssumeRole, AssumeRoleWithWebIdentity), each answering GetCallerIdentity
   * with its own account: `accountId`, else the uin its ARN names (`qcs::cam::uin/<uin>:roleName/<name>`),
   * else the emulator's `accountId`. Absent: none.
   */
  readonly roles?: readonly EmulatorRole[];
  /** The OIDC tokens AssumeRoleWithWebIdentity trusts (a JWT among them is refused once its `exp` has passed). Absent: none. */
  readonly webIdentityTokens?: readonly string[];
  /** The longest life, in seconds, of the temporary credentials STS issues; default and maximum 43200 (12 hours). */
  readonly temporaryCredentialSeconds?: number;
}

/** Temporary credentials the emulator's STS issued. */
export interface EmulatorIssuedCredentials {
  /** The temporary key id (`TmpSecretId`). */
  readonly secretId: string;
  /** The temporary key secret (`TmpSecretKey`). */
  readonly secretKey: string;
  /** The session token (`Token`). */
  readonly token: string;
  /** When the emulator stops accepting them, Unix seconds on its clock (`ExpiredTime`). */
  readonly expiresAt: number;
}

/** A role the emulator's STS lets be assumed. */
export interface EmulatorRole {
  /** The role's ARN, such as `qcs::cam::uin/100000000000:roleName/member-email-ci`. */
  readonly roleArn: string;
  /** The account the role belongs to, which GetCallerIdentity answers for its temporary keys. */
  readonly accountId?: string;
}

/**
 * State of a stored binding: `Valid` waits for the member to activate it from the email, `Success` is
 * active, `Failed` is a binding Tencent Cloud gave up on (its Description says why).
 */
export type EmulatorBindStatus = "Valid" | "Success" | "Failed";

/** One member's email binding as the emulator stores it (the phone unmasked). */
export interface EmulatorBinding {
  /** Uin of the member the mailbox is bound to. */
  readonly memberUin: number;
  /** Id of the binding, unique and increasing across restarts on the same data file. */
  readonly bindId: number;
  /** The bound email address, as last given. */
  readonly email: string;
  /** International area code of the security phone, such as `"86"`. */
  readonly countryCode: string;
  /** Security phone number, unmasked. */
  readonly phone: string;
  /** `Valid` until the member activates the binding, then `Success`; or `Failed`. */
  readonly status: EmulatorBindStatus;
  /** When the binding (or its last email change) was applied for, `"YYYY-MM-DD HH:mm:ss"` in UTC. */
  readonly applyTime: string;
  /** When the member activated it, `"YYYY-MM-DD HH:mm:ss"` in UTC; empty until then. */
  readonly bindTime: string;
  /** Why the binding failed, as Describe answers it in `Description`; empty unless `Failed`. */
  readonly description: string;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL of the API, like `http://127.0.0.1:9217`; point the provider's endpoint at it. */
  readonly url: string;
  /** TCP port the emulator listens on. */
  readonly port: number;
  /** Path of the SQLite data file: the `dataFile` option, or the temporary file `stop()` deletes. */
  readonly dataFile: string;
  /** The SQLite driver behind the store: Node's built-in `node:sqlite`, or `better-sqlite3` where Node.js lacks it. */
  readonly storage: "node:sqlite" | "better-sqlite3";
  /** SecretId of the key pair requests must be signed with. */
  readonly secretId: string;
  /** SecretKey of the key pair requests must be signed with. */
  readonly secretKey: string;
  /** The account of that key pair, as GetCallerIdentity answers it. */
  readonly accountId: string;
  /**
   * Number of API requests received (on `POST /`, whatever their fate: refused, rate-limited and
   * dropped ones included), all of them or those whose `X-TC-Action` is `action`.
   */
  requestCount(action?: string): number;
  /**
   * Activates the member's binding as if the member had clicked the link in the email: status
   * `Success`, `BindTime` now. Throws if the member has no binding.
   */
  activate(memberUin: number): EmulatorBinding;
  /**
   * Fails the member's binding as if Tencent Cloud had given up on it (the member never confirmed, the
   * mailbox refused the email): status `Failed`, `Description` the reason. Throws if the member has no binding.
   */
  fail(memberUin: number, description?: string): EmulatorBinding;
  /**
   * Removes the member's binding as if it had been removed outside the API (there is no unbind
   * action). Returns whether there was one. The BindId is never reused.
   */
  unbind(memberUin: number): boolean;
  /**
   * Every temporary key STS issued (AssumeRole, AssumeRoleWithWebIdentity), expired ones included, oldest
   * first: for tests that check a client never writes one where it should not.
   */
  issuedCredentials(): EmulatorIssuedCredentials[];
  /** Every stored binding, ordered by BindId. */
  bindings(): EmulatorBinding[];
  /** Closes the server and the store, and deletes the temporary data file if there is one. Safe to call twice. */
  stop(): Promise<void>;
}
