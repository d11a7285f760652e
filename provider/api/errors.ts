import { DEFAULT_CONFIG_NAMESPACE, type Setting, type SettingName, settingTable } from "./setting-table";

/**
 * What to do about each Tencent Cloud error code the member-email actions can answer. Error wording
 * lives here and nowhere else; the client only looks codes up. A setting is written `{secretKey}`, and each
 * message names it as its reader reads it (see settingAsRead).
 */
export const errorAdvice: Readonly<Record<string, string>> = {
  // Common codes (any action).
  "AuthFailure.SignatureFailure":
    "The request signature did not match: check that {secretKey} belongs to the configured secretId.",
  "AuthFailure.SecretIdNotFound":
    "Tencent Cloud does not know this secretId: check {secretId}, or create a new API key in the CAM console.",
  "AuthFailure.SignatureExpire":
    "The request timestamp is more than 5 minutes away from Tencent Cloud's clock: synchronise this machine's clock and retry.",
  "AuthFailure.TokenFailure":
    "The temporary security token is invalid or expired: refresh {securityToken}, or remove it when using a permanent key.",
  // The advice of an action a job's policy grants is camRefusalAdvice's; this is for any other.
  "AuthFailure.UnauthorizedOperation":
    "The CAM policies of these credentials do not allow this action: grant it to their user or role (docs/credentials.md gives each job's least-privilege policy).",
  "AuthFailure.InvalidAuthorization":
    "The Authorization header was refused: check the configured credentials and that the endpoint is a Tencent Cloud API 3.0 endpoint.",
  UnsupportedProtocol:
    "The endpoint refused the request's protocol: check that {organizationEndpoint} is a Tencent Cloud API 3.0 endpoint.",
  NoSuchVersion:
    "The endpoint does not offer API version 2021-03-31 of Tencent Cloud Organization: check {organizationEndpoint}.",
  InvalidAction: "The endpoint does not offer this action: check {organizationEndpoint}.",
  MissingParameter: "A required parameter was missing: this is a bug in the provider, please report it.",
  UnknownParameter: "The API refused a parameter: this is a bug in the provider, please report it.",
  InvalidParameter: "Tencent Cloud refused one of the values: check memberUin, email, countryCode and phone.",
  InvalidParameterValue: "Tencent Cloud refused one of the values: check memberUin, email, countryCode and phone.",
  RequestLimitExceeded:
    "Tencent Cloud allows 20 requests a second for this action, shared by every process using these credentials, and kept refusing for the whole retry budget: something else spends that budget without slowing down; give calls more time with {organizationRetryBudget}, or lower {organizationRateLimit}.",
  InternalError: "Tencent Cloud had an internal error that persisted through every retry: run the command again later.",
  UnsupportedOperation:
    "Tencent Cloud does not support this operation for this member or organization. An invited member cannot " +
    "have security information (email and phone) bound: only members created in the organization can " +
    "(`discover` lists each member's type); remove this member's OrganizationMemberEmail.",
  RequestSizeLimitExceeded: "The request was too large: this is a bug in the provider, please report it.",
  // Business codes of AddOrganizationMemberEmail and UpdateOrganizationMemberEmailBind.
  "FailedOperation.CheckAccountPhoneBindLimit":
    "Tencent Cloud could not check how many members use this phone: run the command again later.",
  "FailedOperation.CheckMailAccount": "Tencent Cloud could not check this mailbox: run the command again later.",
  "FailedOperation.EmailAlreadyUsed":
    "This email is already bound to another member of the organization, or it failed activation before (an email " +
    "whose activation link expired can never be bound again): use a different email for this member.",
  "FailedOperation.MemberEmailExist":
    "This member already has a bound mailbox: declare this resource with that binding's current email, and it is adopted into the stack.",
  "LimitExceeded.EmailBindOverLimit":
    "The organization reached Tencent Cloud's daily quota of email bindings: run the command again tomorrow.",
  "LimitExceeded.PhoneNumBound":
    "This phone is already the security phone of as many members as Tencent Cloud allows: use another phone for this member.",
  "ResourceNotFound.OrganizationMemberNotExist":
    "This uin is not a member of the organization: check memberUin, or invite the account into the organization first.",
  "ResourceNotFound.OrganizationNotExist":
    "The API key's account has no organization: use the key of the organization's management account.",
  "ResourceNotFound.MemberEmailNotExist":
    "The member has no email binding any more: run `pulumi refresh` so the stack forgets it, then `pulumi up` to bind it again.",
  "ResourceNotFound.EmailBindRecordNotExist":
    "The binding no longer exists: run `pulumi refresh` so the stack forgets it, then `pulumi up` to bind it again.",
  "FailedOperation.EmailBindRecordInvalid":
    "The binding is no longer waiting for activation: an active binding needs no activation email, and a failed " +
    "one (its link expired after 15 days) cannot be sent again nor keep its email; declare a new email for this " +
    "member, with its phone.",
  "LimitExceeded.UpdateEmailBindOverLimit":
    "Tencent Cloud allows 3 modifications of a member's security information before the member activates it, " +
    "and this binding has had them: ask the member to activate the binding from the email already sent, then " +
    "run `pulumi refresh` and apply the change again.",
  "LimitExceeded.SendEmailWithinOneHourLimit":
    "Tencent Cloud limits how often the activation email is sent within an hour: try the reminder again in an hour.",
  "LimitExceeded.SendEmailLimit":
    "Tencent Cloud limits how often the activation email is sent in a day: try the reminder again tomorrow.",
};

/** The code Tencent Cloud answers for an action the caller's CAM policies do not allow. */
const UNAUTHORIZED = "AuthFailure.UnauthorizedOperation";

/** A job a team gives its own CAM role, each with the least-privilege policy the docs show. */
export type CamJob = "preview" | "apply" | "sweep";

/** What each job runs, and the file of its policy (the repository's `examples/cam/`, shown in docs/credentials.md). */
export const camJobs: Readonly<Record<CamJob, { readonly runs: string; readonly policyFile: string }>> = {
  preview: { runs: "`pulumi preview --refresh` or `audit` on a pull request", policyFile: "examples/cam/preview.json" },
  apply: { runs: "`pulumi up`, `refresh`, `import` or `destroy`", policyFile: "examples/cam/apply.json" },
  sweep: { runs: "the daily sweep (`remind` and `audit`)", policyFile: "examples/cam/sweep.json" },
};

/**
 * Which jobs' policies grant each Organization action the package calls: what a refusal of the action points
 * to. A test holds it equal to the policy files.
 */
export const camActionJobs: Readonly<Record<string, readonly CamJob[]>> = {
  DescribeOrganization: ["preview", "apply"],
  DescribeOrganizationMemberEmailBind: ["preview", "apply", "sweep"],
  DescribeOrganizationMembers: ["preview", "sweep"],
  AddOrganizationMemberEmail: ["apply"],
  UpdateOrganizationMemberEmailBind: ["apply"],
  SendOrgMemberAccountBindEmail: ["apply", "sweep"],
};

/**
 * The advice for `AuthFailure.UnauthorizedOperation` on `action`: the CAM action refused, and the policy file of
 * each job that needs it, so the team grants it to the right role and no other.
 */
export function camRefusalAdvice(action: string): string {
  const jobs = Object.hasOwn(camActionJobs, action) ? camActionJobs[action] : [];
  if (jobs.length === 0) return errorAdvice[UNAUTHORIZED];
  const needs = jobs.map((job) => `a role that runs ${camJobs[job].runs} needs it: ${camJobs[job].policyFile}`);
  return (
    `organization:${action} was refused: the CAM policies of these credentials do not allow it, and ` +
    `${needs.join("; ")} (docs/credentials.md).`
  );
}

/** The advice for a code that is not in the table. */
const unknownCodeAdvice = "See the Tencent Cloud Organization API error codes for this action.";

/** The advice for a failure that never reached Tencent Cloud's API. */
const networkAdvice =
  "The request did not get an answer: check {organizationEndpoint} and the network, then run the command again.";

/** The settings an endpoint's host comes from: the Organization API's, STS's and the instance metadata service's. */
export type EndpointSetting = "organizationEndpoint" | "stsEndpoint" | "metadataEndpoint";

/**
 * The advice for an endpoint whose host does not resolve (`ENOTFOUND`): no retry can change that, the setting the
 * host comes from can. Names the setting as the reader of `namespace` reads it (see settingAsRead).
 */
export function unresolvedHostAdvice(setting: EndpointSetting, namespace: string | undefined): string {
  return (
    `The endpoint's host does not resolve (ENOTFOUND), so nothing was sent and the call was not retried: ` +
    `check ${settingAsRead(setting, namespace)}, the setting the host comes from, and this machine's DNS.`
  );
}

/** The config namespace the advice names keys under: the package's, which both doors read. */
const ADVICE_NAMESPACE = DEFAULT_CONFIG_NAMESPACE;

/**
 * `text` with its config keys (`tencentcloud-member-email:secretId` and the like) named under `namespace`, the one
 * the settings were read from.
 */
export function withConfigNamespace(text: string, namespace: string = ADVICE_NAMESPACE): string {
  return text.replaceAll(`${ADVICE_NAMESPACE}:`, `${namespace}:`);
}

/**
 * A setting as its reader reads it. Both doors read `tencentcloud-member-email:` config, falling back to the
 * setting's environment variable (`tencentcloud-member-email:secretKey (or TENCENTCLOUD_SECRET_KEY)`); the commands,
 * which are given no config (`namespace` absent), the environment variable alone (`TENCENTCLOUD_SECRET_KEY`).
 */
export function settingAsRead(name: SettingName, namespace: string | undefined): string {
  const setting: Setting = settingTable[name];
  if (namespace === undefined) return setting.env ?? `${DEFAULT_CONFIG_NAMESPACE}:${name}`;
  return setting.env === undefined ? `${namespace}:${name}` : `${namespace}:${name} (or ${setting.env})`;
}

/**
 * Advice for a Tencent Cloud error code, or for a network failure when the code is absent (an endpoint whose host
 * does not resolve has its own, and a CAM refusal of `action` names the policy file that grants it), naming each
 * setting as the reader of `namespace` reads it (see settingAsRead).
 */
export function adviceFor(
  code: string | undefined,
  namespace: string | undefined,
  networkCode?: string,
  action?: string,
): string {
  // A network code comes only with no answer, hence without Tencent's code.
  if (networkCode === "ENOTFOUND") return unresolvedHostAdvice("organizationEndpoint", namespace);
  if (code === UNAUTHORIZED && action !== undefined) return camRefusalAdvice(action);
  const advice = code === undefined ? networkAdvice : (errorAdvice[code] ?? unknownCodeAdvice);
  return advice.replace(/\{(\w+)\}/g, (token, name: string) =>
    Object.hasOwn(settingTable, name) ? settingAsRead(name as SettingName, namespace) : token,
  );
}

/**
 * An API call that failed for good: names the action, the member, Tencent's error code, what to do,
 * and the RequestId. It never carries a credential.
 */
export class MemberEmailApiError extends Error {
  /** The API action that failed. */
  readonly action: string;
  /** The member the call was about; absent for a call about the whole organization, such as listing members. */
  readonly memberUin?: number;
  /** Tencent Cloud's error code; absent for network errors and timeouts. */
  readonly code?: string;
  /** The network's error code when no answer came and the network named one, such as `ENOTFOUND`. */
  readonly networkCode?: string;
  /** Tencent Cloud's own message (or the network error's), with credentials already removed. */
  readonly apiMessage: string;
  /** The RequestId of the answer, when there was one. */
  readonly requestId?: string;
  /** How many times the call was attempted. */
  readonly attempts: number;

  /**
   * @param configNamespace The config namespace the settings were read from, which the advice names keys under
   * (with their environment variables): absent when they were read from the environment alone, as the commands
   * read them, and the advice then names the variables alone.
   */
  constructor(failure: ApiFailure, configNamespace?: string) {
    super(describeFailure(failure, configNamespace));
    this.name = "MemberEmailApiError";
    this.action = failure.action;
    this.memberUin = failure.memberUin;
    this.code = failure.code;
    this.networkCode = failure.networkCode;
    this.apiMessage = failure.apiMessage;
    this.requestId = failure.requestId;
    this.attempts = failure.attempts;
  }
}

/** Facts about a failed API call: what a {@link MemberEmailApiError} is made from. */
export type ApiFailure = Pick<
  MemberEmailApiError,
  "action" | "memberUin" | "code" | "networkCode" | "apiMessage" | "requestId" | "attempts"
>;

function describeFailure(failure: ApiFailure, configNamespace: string | undefined): string {
  const what = failure.code ?? "NetworkError";
  const tries = afterAttempts(failure.attempts);
  const requestId = failure.requestId ? failure.requestId : "none (no answer from the API)";
  const apiMessage = asSentence(failure.apiMessage);
  return (
    `${failure.action}${failure.memberUin === undefined ? "" : ` for member ${failure.memberUin}`} ` +
    `failed with ${what}${tries}: ${apiMessage} ` +
    `${adviceFor(failure.code, configNamespace, failure.networkCode, failure.action)} (RequestId: ${requestId})`
  );
}

/**
 * How a failure message says how many attempts were made: ` after 3 attempts`, or nothing for a failure that
 * was not retried (it failed at once, with the message it always had).
 */
export function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : "";
}

/** The API's message ending with exactly one full stop (or its own `!`/`?`), however it ended. */
function asSentence(message: string): string {
  const text = message.trimEnd();
  return /[.!?\u3002]$/.test(text) ? text : `${text}.`;
}

/**
 * Replaces every occurrence of the given secrets in `text`, whatever their letter case, so no credential
 * reaches a message or log, and neither does the email or phone of a request that an endpoint echoed.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let result = text;
  // Longest first: a secret that holds another (a token holding its key id) is removed whole, not around it.
  const longestFirst = secrets.filter((secret): secret is string => !!secret).sort((a, b) => b.length - a.length);
  for (const secret of longestFirst) {
    result = result.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "***");
  }
  return result;
}

/**
 * A change of a bound email that the program did not allow: refused at preview (and at update, should
 * one get that far) unless the resource sets `allowEmailUpdate: true`.
 */
export class EmailChangeRefusedError extends Error {
  /** The member whose email would change. */
  readonly memberUin: number;

  constructor(memberUin: number) {
    super(
      `The email of member ${memberUin} would change, and changing a bound email is refused by default: ` +
        "Tencent Cloud sends the member a new activation email and the binding waits until they activate it. " +
        "To apply the new email in place through UpdateOrganizationMemberEmailBind, set `allowEmailUpdate: true` " +
        "on this OrganizationMemberEmail; otherwise keep the current email.",
    );
    this.name = "EmailChangeRefusedError";
    this.memberUin = memberUin;
  }
}

/**
 * Create found the member already bound to another email, which it does not overwrite: the existing
 * binding is taken over by declaring it with its current email.
 */
export class MemberHasOtherEmailError extends Error {
  /** The member. */
  readonly memberUin: number;
  /** The existing binding's id. */
  readonly bindId: number;
  /** The RequestId of the API's refusal to bind a second email. */
  readonly requestId?: string;

  /**
   * @param maskedEmail The bound email, masked (the full address is personal data and stays out of messages).
   */
  constructor(failure: { memberUin: number; bindId: number; maskedEmail: string; requestId?: string }) {
    super(
      `Member ${failure.memberUin} already has another email bound (${failure.maskedEmail}, BindId ${failure.bindId}), ` +
        "so this binding cannot be created. To manage that binding, declare this resource with its current email " +
        "(it is then adopted into the stack), and change the email afterwards with `allowEmailUpdate: true`. " +
        `(RequestId of the refusal: ${failure.requestId ?? "none"})`,
    );
    this.name = "MemberHasOtherEmailError";
    this.memberUin = failure.memberUin;
    this.bindId = failure.bindId;
    this.requestId = failure.requestId;
  }
}

/**
 * A binding the stack recorded in one organization, reached with credentials of another: refused before
 * anything is read or changed, so a refresh removes nothing from the stack.
 */
export class OrganizationMismatchError extends Error {
  /** The member. */
  readonly memberUin: number;
  /** The organization the stack recorded the binding in. */
  readonly recorded: number;
  /** The organization the credentials reach. */
  readonly current: number;

  /**
   * @param configNamespace The namespace the settings were read from, which the message names keys under:
   * the package's when absent.
   */
  constructor(facts: { memberUin: number; recorded: number; current: number }, configNamespace?: string) {
    super(
      withConfigNamespace(
        `The binding of member ${facts.memberUin} belongs to organization ${facts.recorded}, but the configured ` +
          `credentials reach organization ${facts.current}: nothing was read or changed, and the binding stays in ` +
          `the stack. Use the credentials (tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey) of organization ` +
          `${facts.recorded}'s management account for this stack.`,
        configNamespace,
      ),
    );
    this.name = "OrganizationMismatchError";
    this.memberUin = facts.memberUin;
    this.recorded = facts.recorded;
    this.current = facts.current;
  }
}

/**
 * A binding whose state records no organization (no `organizationId`, as 0.1.0 wrote it), missing from the
 * organization the credentials reach: under another organization's keys every member looks unbound, so the read
 * refuses instead of removing the binding from the stack.
 */
export class UnrecordedOrganizationError extends Error {
  /** The member. */
  readonly memberUin: number;
  /** The organization the credentials reach. */
  readonly current: number;

  /**
   * @param configNamespace The namespace the settings were read from, which the message names keys under:
   * the package's when absent.
   */
  constructor(facts: { memberUin: number; bindId: number; current: number }, configNamespace?: string) {
    super(
      withConfigNamespace(
        `The stack's state of the binding of member ${facts.memberUin} (BindId ${facts.bindId}) records no ` +
          "organization (no organizationId: state written by 0.1.0 has none), and the configured credentials reach " +
          `organization ${facts.current}, where member ${facts.memberUin} has no email binding: nothing was changed, ` +
          "and the binding stays in the stack. Run `pulumi refresh` with the credentials " +
          "(tencentcloud-member-email:secretId and tencentcloud-member-email:secretKey) of the management account of the organization the binding was made in: it " +
          "records that organization. If the binding is really gone from it, remove it from the stack with " +
          "`pulumi state delete <urn>`.",
        configNamespace,
      ),
    );
    this.name = "UnrecordedOrganizationError";
    this.memberUin = facts.memberUin;
    this.current = facts.current;
  }
}

/**
 * A binding that failed (its activation link expired) declared with the same email: Tencent Cloud never binds
 * an email that failed activation again, so the preview fails and asks for a new one.
 */
export class FailedEmailError extends Error {
  /** The member. */
  readonly memberUin: number;

  constructor(facts: { memberUin: number; bindId: number; reason: string }) {
    const reason = facts.reason ? ` (${facts.reason.replace(/[.\s]+$/, "")})` : "";
    super(
      `Member ${facts.memberUin}'s binding (BindId ${facts.bindId}) has failed${reason}, and an email that failed ` +
        "activation can never be bound again: declare a new email for this member, with its phone. " +
        "`allowEmailUpdate` is not needed, since nothing active is replaced.",
    );
    this.name = "FailedEmailError";
    this.memberUin = facts.memberUin;
  }
}

/**
 * `pulumi import` of a member that has no email binding: there is nothing to import, and a binding is
 * made by declaring it instead.
 */
export class NothingToImportError extends Error {
  /** The member named by the import's id. */
  readonly memberUin: number;

  constructor(memberUin: number) {
    super(
      `Member ${memberUin} has no email binding to import. Check the uin (\`pulumi-tencentcloud-member-email ` +
        "discover` lists the members that have one), or bind an email by declaring an OrganizationMemberEmail " +
        "with memberUin, email, countryCode and phone, and run `pulumi up`.",
    );
    this.name = "NothingToImportError";
    this.memberUin = memberUin;
  }
}
