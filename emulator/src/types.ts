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
  /**
   * Kill the process that hosts the emulator (SIGKILL, itself) right after the Nth AddOrganizationMemberEmail
   * that commits a binding, before answering it: a deterministic "killed between commit and answer" for
   * tests of durability. Meant for the command line's own process (`--crash-after-commit N`); started with
   * `startEmulator` it would kill the caller's process too. Absent: never.
   */
  readonly crashAfterCommits?: number;
  /** Faults for exactly the requests named: see EmulatorPlannedFault. More can be planned later with `planFault`. */
  readonly planned?: readonly EmulatorPlannedFault[];
}

/**
 * A fault planned for the requests of one action (Organization or STS), optionally of one member, applied after
 * the signature, the action check, CAM (with `policies`) and the per-action rate limit, as a failure on Tencent's side would be: a
 * refused request does not use it up. The request log records its outcome (an answered code, or dropped).
 */
export interface EmulatorPlannedFault {
  /** The action whose requests get the fault, such as `UpdateOrganizationMemberEmailBind` or `AssumeRole`. */
  readonly action: string;
  /**
   * `dropResponse`: the request is carried out and committed, then the connection is cut with no answer.
   * `error`: the request is answered with the error `code` and not carried out.
   */
  readonly kind: "dropResponse" | "error";
  /** For `error`: Tencent's code, such as `RequestLimitExceeded` or `FailedOperation.BindEmailLinkExpired`; default `InternalError`. */
  readonly code?: string;
  /** For `error`: the message; a sentence naming the planned fault when absent. */
  readonly message?: string;
  /** Only requests whose body's `MemberUin` is this member. */
  readonly memberUin?: number;
  /** Matching requests let through before the fault applies; default 0. */
  readonly skip?: number;
  /** How many matching requests get the fault; default 1. */
  readonly times?: number;
}

/**
 * How a member joined the organization, as DescribeOrganizationMembers answers it in `MemberType`:
 * `Create` for an account the organization created, `Invite` for an existing account that was invited.
 * Security information can only be bound to created members.
 */
export type EmulatorMemberType = "Create" | "Invite";

/** A member of the emulated organization, as the `members` option takes it. */
export interface EmulatorMember {
  /** The member's uin. */
  readonly uin: number;
  /** Its name in DescribeOrganizationMembers; absent: `member-<uin>`. */
  readonly name?: string;
  /** How it joined; absent: `Create`. */
  readonly type?: EmulatorMemberType;
}

/** One API request as the emulator's request log keeps it (the moments are real time, in milliseconds since 1970). */
export interface EmulatorRequestLogEntry {
  /** Position of the request in the log, from 1. */
  readonly sequence: number;
  /** The RequestId the request was (or would have been) answered with. */
  readonly requestId: string;
  /** Its `X-TC-Action` header; empty when it had none. */
  readonly action: string;
  /** The `MemberUin` of its body, when it had an integer one. */
  readonly memberUin?: number;
  /** When the request was received (its body read). */
  readonly receivedAt: number;
  /** When its change was committed to the store, for a write (Add, Update) that changed something. */
  readonly committedAt?: number;
  /** When its answer was handed to the connection; absent for a request never answered (dropped, or killed first). */
  readonly answeredAt?: number;
  /** The error code it was answered with; absent for a success. */
  readonly errorCode?: string;
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
   * The organization's members: uins (created members named `member-<uin>`) or `{ uin, name?, type? }`
   * objects, whose `type: "Invite"` makes an invited member (no security information can be bound to
   * it). Absent: `DEMO_MEMBERS` (100000000001 through 100000002000), all created.
   */
  readonly members?: readonly (number | EmulatorMember)[];
  /** The organization's id, as DescribeOrganization answers it in `OrgId`; absent: `DEMO_ORGANIZATION_ID`. */
  readonly organizationId?: number;
  /** Uin of the organization's management account (`HostUin`); absent: `DEMO_HOST_UIN`. */
  readonly hostUin?: number;
  /**
   * Whether DescribeOrganizationMemberEmailBind answers the email masked like the phone (`12***@qq.com`: the
   * first two characters before the @, three stars, the @ and the domain), as one of Tencent's own examples
   * shows it. Default false: the email in full.
   */
  readonly maskEmails?: boolean;
  /** Activation emails each binding may be sent again (SendOrgMemberAccountBindEmail) in an hour; default 3. */
  readonly sendEmailLimitPerHour?: number;
  /** Activation emails each binding may be sent again in a day (24 hours); default 10. */
  readonly sendEmailLimitPerDay?: number;
  /**
   * A file the request log is appended to, one JSON line per event (`received`, `committed`, `answered`),
   * written synchronously so that it survives the process being killed. Absent: the log stays in memory only.
   */
  readonly requestLogFile?: string;
  /** Requests per second accepted for each action before `RequestLimitExceeded`; default 20, `Infinity` turns the limit off. */
  readonly rateLimitPerSecond?: number;
  /**
   * Another tool of the same identity spending part of each action's limit, unseen by the caller: its bucket
   * refills `perSecond` tokens a second slower (for `action` only, or for every action). Absent: none.
   */
  readonly backgroundLoad?: EmulatorBackgroundLoad;
  /** The key pair requests must be signed with; absent: `DEMO_SECRET_ID` / `DEMO_SECRET_KEY`. */
  readonly credentials?: EmulatorCredentials;
  /** Failures to inject; absent: none. */
  readonly faults?: EmulatorFaults;
  /** Bindings `AddOrganizationMemberEmail` may create per UTC day before `LimitExceeded.EmailBindOverLimit`; default 5000. */
  readonly dailyBindQuota?: number;
  /** Members that may share one security phone (country code + number) before `LimitExceeded.PhoneNumBound`; default 5. */
  readonly maxMembersPerPhone?: number;
  /** The account (root uin) of the configured key pair, which GetCallerIdentity answers; default the `hostUin` (the management account). */
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
  /**
   * CAM: the policies attached to each principal, keyed by the key pair's SecretId (`credentials.secretId`) or by
   * the ARN of a role in `roles` (whose temporary keys, from AssumeRole or AssumeRoleWithWebIdentity, carry them).
   * Given, an Organization action is allowed only when a statement with effect `allow` matches it and none with
   * `deny` does; anything else is answered `AuthFailure.UnauthorizedOperation`. A principal without an entry may
   * call no Organization action; STS actions need no permission. A document CAM would refuse (a `version` other
   * than `"2.0"`, an unknown field, a malformed action) fails the start. Absent: every action is allowed.
   */
  readonly policies?: Readonly<Record<string, EmulatorCamPolicy | readonly EmulatorCamPolicy[]>>;
  /**
   * The trust policy of a role in `roles`, keyed by its ARN: which web identity tokens may assume it with
   * AssumeRoleWithWebIdentity, by conditions on the token's `iss`, `aud` and `sub` (`oidc:iss`, `oidc:aud`,
   * `oidc:sub` with `string_equal` or `string_like`). A token it does not accept is answered
   * `UnauthorizedOperation`. Absent for a role: any token the emulator trusts may assume it.
   */
  readonly trustPolicies?: Readonly<Record<string, EmulatorTrustPolicy>>;
}

/** A CAM permission policy document, as Tencent writes it (`{"version": "2.0", "statement": [...]}`). */
export interface EmulatorCamPolicy {
  /** Always `"2.0"`. */
  readonly version: string;
  /** What the policy allows or denies. */
  readonly statement: readonly EmulatorCamStatement[];
}

/** One statement of a CAM permission policy. */
export interface EmulatorCamStatement {
  /** `allow`, or `deny` (which wins over any allow). */
  readonly effect: "allow" | "deny";
  /** `organization:<Action>` with `*` wildcards (`organization:Describe*`, `organization:*`), or `*`; one or several. */
  readonly action: string | readonly string[];
  /** `*`: Organization authorizes at operation level, so a statement naming another resource covers none of its actions. */
  readonly resource: string | readonly string[];
}

/** A role's trust policy for web identities (OIDC), as CAM writes it for a role of an identity provider. */
export interface EmulatorTrustPolicy {
  /** Always `"2.0"`. */
  readonly version: string;
  /** Who may assume the role. */
  readonly statement: readonly EmulatorTrustStatement[];
}

/** One statement of a trust policy. */
export interface EmulatorTrustStatement {
  /** `allow`, or `deny` (which wins). */
  readonly effect: "allow" | "deny";
  /** `name/sts:AssumeRoleWithWebIdentity` (or `sts:AssumeRoleWithWebIdentity`); a statement for another action does not apply. */
  readonly action: string | readonly string[];
  /** The identity provider, such as `{ "federated": "qcs::cam::uin/100000000000:oidc-provider/github" }`; not checked. */
  readonly principal?: unknown;
  /**
   * Conditions on the token's claims, every one of which must hold: `{ "string_equal": { "oidc:aud": [...] },
   * "string_like": { "oidc:sub": ["repo:OWNER/REPO:*"] } }`; a value or a list, one of which must match.
   */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
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
  /** Updates accepted while the binding was `Valid` (waiting for activation); a fourth is refused. */
  readonly modifications: number;
  /** When the activation link was last sent (Add, Update, resend), `"YYYY-MM-DD HH:mm:ss"` in UTC on the emulator's clock. */
  readonly linkSentAt: string;
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
  /** The organization's id (`OrgId` of DescribeOrganization). */
  readonly organizationId: number;
  /** Uin of the organization's management account (`HostUin`). */
  readonly hostUin: number;
  /**
   * Moves the emulator's clock `seconds` forward (a whole number, 0 or more) for every rule that measures
   * time (activation links, send limits, the daily quota) and for ApplyTime/BindTime. The offset is stored
   * in the data file, so an emulator restarted on it keeps it. Signatures and the rate limit stay on real time.
   */
  advanceClock(seconds: number): void;
  /** The emulator's current moment (the real time plus every `advanceClock`). */
  now(): Date;
  /** Plans one more fault (checked first: a TypeError or RangeError names the field at fault). */
  planFault(fault: EmulatorPlannedFault): void;
  /**
   * The API requests received so far (the most recent 100,000; the `requestLogFile` keeps them all), in
   * order, with the moments each was received, committed and answered.
   */
  requestLog(): EmulatorRequestLogEntry[];
  /** Closes the server and the store, and deletes the temporary data file if there is one. Safe to call twice. */
  stop(): Promise<void>;
}

/** A neighbour's steady use of the per-action limit (`startEmulator`'s `backgroundLoad`). */
export interface EmulatorBackgroundLoad {
  /** The action it calls; absent: every action. */
  readonly action?: string;
  /** Requests a second it spends, from 0 to below `rateLimitPerSecond`. */
  readonly perSecond: number;
}
