/**
 * What the provider does at each step of a binding's life. Loaded at call time by the serialized
 * provider (see provider.ts), so nothing here is captured into the stack's state.
 *
 * @internal Published as `pulumi-tencentcloud-member-email/internal/lifecycle` for the serialized
 * provider only; programs use `memberEmailProvider` instead.
 * @packageDocumentation
 */
import * as pulumi from "@pulumi/pulumi";
import * as v from "valibot";
import type { BindingFields, OrganizationApi, RemoteBinding } from "../api/client";
import {
  EmailChangeRefusedError,
  FailedEmailError,
  MemberEmailApiError,
  MemberHasOtherEmailError,
  NothingToImportError,
  UnrecordedOrganizationError,
} from "../api/errors";
import {
  ACTIVATION_LINK_DAYS,
  linkExpiry,
  modificationsAfterUpdate,
  modificationWarning,
  requireSameOrganization,
  type BindingBefore,
} from "./binding-rules";
import { emailMatches, isMaskedEmail, isMaskedPhone, maskEmail, phoneMatches } from "./mask";
import { MissingCredentialsError } from "../api/credential-settings";
import { resolveSettings, type ConfigSource } from "../api/settings";
import {
  allowedEmailDomainsKey,
  emailDomainAllowed,
  offDomainAdoptionWarning,
  offDomainReason,
  resolveAllowedEmailDomains,
  type AllowedEmailDomains,
} from "./email-domains";
import { answerLost, updateBinding } from "./update-binding";
import { isUnknown, memberUinFromId, validateInputs, type BindingInputs } from "./validate";

/** What a binding keeps in the stack's state: its inputs and what the API said about it. */
export interface MemberEmailState extends Omit<BindingInputs, "phone"> {
  /** The phone as declared, or as the API shows it (masked, such as `18***32`) when the program declares none. */
  readonly phone: string;
  /** The binding's id in Tencent Cloud. */
  readonly bindId: number;
  /** `Valid` (waiting for the member to activate it), `Success` or `Failed`. */
  readonly bindStatus: string;
  /** When the binding was requested. */
  readonly applyTime: string;
  /** When the member activated it, or empty. */
  readonly bindTime: string;
  /** Why the binding failed, or empty. */
  readonly description: string;
  /** 1 when the security phone is bound, else 0. */
  readonly phoneBind: number;
  /** The organization the binding belongs to (DescribeOrganization's OrgId); absent in state written before 0.2. */
  readonly organizationId?: number;
  /**
   * Modifications the stack made to the binding while it waited for activation: Tencent Cloud allows 3.
   * Activation resets nothing; a failed binding given a new email starts from 0.
   */
  readonly modificationsBeforeActivation?: number;
}

const storedState = v.object({
  memberUin: v.number(),
  email: v.string(),
  countryCode: v.string(),
  phone: v.string(),
  allowEmailUpdate: v.optional(v.boolean()),
  activationReminder: v.optional(v.string()),
  bindId: v.number(),
  bindStatus: v.optional(v.string()),
  applyTime: v.optional(v.string()),
  description: v.optional(v.string()),
  organizationId: v.optional(v.number()),
  modificationsBeforeActivation: v.optional(v.number()),
});

/** Inputs that declare the phone: what Add and Update need. */
type DeclaredBinding = BindingInputs & BindingFields;

/** The provider config handed over by the engine; absent when the provider is called directly. */
let providerConfig: ConfigSource | undefined;
let cachedApi: { readonly key: string; readonly api: OrganizationApi } | undefined;

/**
 * The API client for the current settings, read when a call runs so no credential is captured. The client's
 * module (with the Tencent Cloud SDK and Bottleneck) loads on the first call that needs the API: check and
 * diff need none, and a preview of unchanged bindings makes only those, so its provider process never loads it.
 */
async function api(): Promise<OrganizationApi> {
  const settings = resolveSettings(providerConfig);
  const key = JSON.stringify(settings);
  const { OrganizationApi } = await import("../api/client");
  // Compared after the await, so calls that waited for the module together share one client and its pacing.
  if (cachedApi?.key !== key) {
    cachedApi = {
      key,
      api: new OrganizationApi(settings, {
        retrying: (message) => void pulumi.log.info(message),
        warn: (message) => void pulumi.log.warn(message),
      }),
    };
  }
  return cachedApi.api;
}

/**
 * Delete calls no API, yet must not forget a binding of an account that allowedAccountIds or
 * forbiddenAccountIds refuses: the guard runs here too, and fails closed. A setting that cannot be read (a
 * typo in an account list included) refuses delete as it refuses every other step. Only where no credential
 * and no account list is set is there no account to check, and delete stays possible.
 */
async function guardAccount(): Promise<void> {
  let client: OrganizationApi;
  try {
    client = await api();
  } catch (error) {
    if (error instanceof MissingCredentialsError && !error.accountGuard) return;
    throw error;
  }
  await client.credentials.checkAccount();
}

/** Keeps the engine's provider config for the calls that follow. */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  useConfig({ get: (key) => request.config.get(key) });
}

/** Reads the settings of the calls that follow from `source` (the native plugin's config namespace). */
export function useConfig(source: ConfigSource | undefined): void {
  providerConfig = source;
}

/**
 * Validates every input before any API call, and refuses at preview a change that needs the phone
 * (a new email or country code) when the program does not declare it. Inputs that are not even an object
 * fail, never throw.
 */
export async function check(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.CheckResult> {
  const { failures } = validateInputs(news);
  const inputs = typeof news === "object" && news !== null ? news : {};
  const previous = typeof olds === "object" && olds !== null ? olds : {};
  const policy = failures.some((failure) => failure.property === "email") ? [] : emailDomainPolicy(previous, inputs);
  return { inputs, failures: [...failures, ...phoneNeeded(previous, inputs), ...policy] };
}

/**
 * The email-domain policy (`tencentcloud:allowedEmailDomains`, read from the provider config `configure`
 * kept, else the environment): a new binding or a new email outside the allowed domains fails at preview.
 * A binding declared without a phone can only adopt the member's existing binding, so it warns instead:
 * an organization is brought under management first and cleaned up after. An email already in the stack
 * and unchanged says nothing; the audit reports it.
 */
function emailDomainPolicy(
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): pulumi.dynamic.CheckFailure[] {
  const domains = resolveAllowedEmailDomains(providerConfig);
  if (!domains || typeof news.email !== "string" || isUnknown(news.email)) return [];
  if (emailDomainAllowed(news.email, domains)) return [];
  const sameMember = olds.memberUin !== undefined && olds.memberUin === news.memberUin;
  if (sameMember && !emailsDiffer(olds.email, news.email)) return [];
  if (!sameMember && news.phone === undefined) {
    void pulumi.log.warn(offDomainAdoptionWarning(news.memberUin, domains, allowedEmailDomainsKey(providerConfig)));
    return [];
  }
  return [{ property: "email", reason: offDomainReason(domains, allowedEmailDomainsKey(providerConfig)) }];
}

/**
 * Whether two emails differ as Tencent Cloud compares them: letter case alone is no difference, and an old
 * email the API answered masked is compared by its mask.
 */
function emailsDiffer(old: unknown, next: unknown): boolean {
  return typeof old === "string" && typeof next === "string" ? !emailMatches(next, old) : old !== next;
}

/**
 * UpdateOrganizationMemberEmailBind takes the email, country code and phone together, and the API only
 * ever shows the current phone masked: without a declared phone, the same member's binding cannot change.
 */
function phoneNeeded(olds: Record<string, unknown>, news: Record<string, unknown>): pulumi.dynamic.CheckFailure[] {
  const known = (value: unknown): boolean => value !== undefined && !isUnknown(value);
  const sameMember = olds.memberUin !== undefined && olds.memberUin === news.memberUin;
  if (news.phone !== undefined || !sameMember) return [];
  const changed: string[] = [];
  if (known(olds.email) && known(news.email) && emailsDiffer(olds.email, news.email)) changed.push("email");
  if (known(olds.countryCode) && known(news.countryCode) && olds.countryCode !== news.countryCode) {
    changed.push("countryCode");
  }
  if (changed.length === 0) return [];
  const allow = changed.includes("email") && news.allowEmailUpdate !== true ? ", and set `allowEmailUpdate: true`" : "";
  return [
    {
      property: "phone",
      reason:
        `phone is required to change the ${changed.join(" and ")} of member ${String(news.memberUin)}: ` +
        "UpdateOrganizationMemberEmailBind takes the email, countryCode and phone together, and Tencent Cloud " +
        "only shows the current phone masked. Declare the member's security phone " +
        `(digits only, such as "13800138000")${allow}.`,
    },
  ];
}

/**
 * No change: no changes. `phone`, `countryCode` or `activationReminder`: update in place. `memberUin`:
 * replacement. `email`: refused unless `allowEmailUpdate` is true, then update in place. A phone the
 * program does not declare is never a change.
 */
export async function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  const old = parseState(olds);
  const differs = (property: keyof BindingInputs): boolean =>
    isUnknown(news[property]) || news[property] !== old[property];
  // State may hold a masked phone (a binding read back from the API); the declared phone matches it
  // when it masks to the same value.
  const phoneDiffers =
    news.phone !== undefined &&
    (typeof news.phone !== "string" || isUnknown(news.phone) || !phoneMatches(news.phone, old.phone));
  const replaces = differs("memberUin") ? ["memberUin"] : [];
  // Letter case alone is no change: the API compares addresses without it.
  const emailDiffers = emailsDiffer(old.email, news.email);
  const sameMember = replaces.length === 0;
  const replacesFailed = sameMember && refuseFailedEmail(old, news.email, emailDiffers);
  if (emailDiffers && sameMember && !isUnknown(news.email) && !emailUpdateAllowed(news) && !replacesFailed) {
    throw new EmailChangeRefusedError(old.memberUin);
  }
  const bindingChanges = emailDiffers || phoneDiffers || differs("countryCode");
  if (sameMember && bindingChanges) warnOfModificationLimit(old, emailDiffers);
  return {
    changes: replaces.length > 0 || bindingChanges || differs("activationReminder"),
    replaces,
    deleteBeforeReplace: false,
  };
}

/**
 * A failed binding (its activation link expired) can never bind its email again: the same email fails the
 * preview, and a new one is said to replace nothing active. Answers whether a new email replaces a failed one.
 */
function refuseFailedEmail(old: v.InferOutput<typeof storedState>, email: unknown, emailDiffers: boolean): boolean {
  if (old.bindStatus !== "Failed" || isUnknown(email)) return false;
  if (!emailDiffers) {
    throw new FailedEmailError({ memberUin: old.memberUin, bindId: old.bindId, reason: old.description ?? "" });
  }
  void pulumi.log.info(
    `Member ${old.memberUin}'s binding (BindId ${old.bindId}) has failed: the new email is submitted in its place, ` +
      "and the member gets a new activation email. `allowEmailUpdate` is not needed, since nothing active is replaced.",
  );
  return true;
}

/**
 * Warns at preview when a change would be the last modification Tencent Cloud allows before activation, or
 * more, or when a new email makes an active binding wait again with every modification already made counted.
 */
function warnOfModificationLimit(old: v.InferOutput<typeof storedState>, emailChanges: boolean): void {
  const made = old.modificationsBeforeActivation ?? 0;
  // Stryker disable next-line StringLiteral: any status but Failed and Success is taken as waiting, as is none
  const warning = modificationWarning(old.memberUin, old.bindStatus ?? "", made, emailChanges);
  if (warning) void pulumi.log.warn(warning);
}

/**
 * AddOrganizationMemberEmail, then the binding's status; adopts a binding a lost answer left behind.
 * Without a declared phone, adopts the member's existing binding and never calls Add.
 */
export async function create(inputs: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  const valid = requireValid(inputs);
  const client = await api();
  const organizationId = await client.organizationId();
  const outs = await createBinding(client, valid);
  const modificationsBeforeActivation = outs.modificationsBeforeActivation ?? 0;
  return { id: String(valid.memberUin), outs: { ...outs, organizationId, modificationsBeforeActivation } };
}

/**
 * Add (or adoption) of a valid binding; answers its state, with the modifications the stack made while
 * adopting (an Update of a binding waiting for activation counts, as Tencent Cloud counts it).
 */
async function createBinding(client: OrganizationApi, valid: BindingInputs): Promise<MemberEmailState> {
  if (valid.phone === undefined) return adoptWithoutPhone(client, valid);
  const desired: DeclaredBinding = { ...valid, phone: valid.phone };
  const domains = resolveAllowedEmailDomains(providerConfig);
  if (domains && !emailDomainAllowed(desired.email, domains)) {
    return adoptOffDomain(client, desired, domains);
  }
  let bindId: number | undefined;
  try {
    bindId = await client.addMemberEmail(desired);
  } catch (error) {
    if (error instanceof MemberEmailApiError && error.code === "FailedOperation.MemberEmailExist") {
      return adopt(client, desired, error);
    }
    throw error;
  }
  const remote = await client.describeMemberEmailBind(desired.memberUin);
  return toState(desired, remote, bindId);
}

/**
 * The member already has a mailbox: after a lost answer to our own Add, or because it was bound outside
 * Pulumi. The same email is adopted; another email is an error that says how to take it over.
 */
async function adopt(
  client: OrganizationApi,
  desired: DeclaredBinding,
  exists: Error & { readonly requestId?: string },
): Promise<MemberEmailState> {
  const remote = await client.describeMemberEmailBind(desired.memberUin);
  if (!remote) throw exists;
  if (!emailMatches(desired.email, remote.email)) {
    throw new MemberHasOtherEmailError({
      memberUin: desired.memberUin,
      bindId: remote.bindId,
      maskedEmail: maskEmail(remote.email),
      requestId: exists.requestId,
    });
  }
  void pulumi.log.info(
    `Member ${desired.memberUin} already had this email bound (BindId ${remote.bindId}); ` +
      "the existing binding was adopted into the stack instead of creating a second one.",
  );
  if (phoneMatches(desired.phone, remote.maskedPhone) && remote.countryCode === desired.countryCode) {
    return toState(desired, remote, remote.bindId);
  }
  const before: BindingBefore = { ...remote, phone: remote.maskedPhone };
  const { updates, remote: shown } = await updateBinding(client, remote.bindId, desired, before);
  const after = shown ?? (await client.describeMemberEmailBind(desired.memberUin)) ?? remote;
  const modificationsBeforeActivation = modificationsAfterUpdate(0, remote.bindStatus, after.bindStatus, updates);
  return { ...toState(desired, after, remote.bindId), modificationsBeforeActivation };
}

/** The error of an email outside the allowed domains, for create and update called without `check`. */
function offDomainError(domains: AllowedEmailDomains): Error {
  return new Error(
    `Invalid OrganizationMemberEmail inputs: ${offDomainReason(domains, allowedEmailDomainsKey(providerConfig))}.`,
  );
}

/**
 * An email outside the allowed domains is never bound by Add; the member's existing binding with that very
 * email (bound outside Pulumi, the case Add would answer MemberEmailExist for) is adopted with a warning.
 * `check` refuses such a declaration at preview; this guards callers of the provider that skip `check`.
 */
async function adoptOffDomain(
  client: OrganizationApi,
  desired: DeclaredBinding,
  domains: AllowedEmailDomains,
): Promise<MemberEmailState> {
  const refused = offDomainError(domains);
  const remote = await client.describeMemberEmailBind(desired.memberUin);
  if (!remote || !emailMatches(desired.email, remote.email)) throw refused;
  void pulumi.log.warn(offDomainAdoptionWarning(desired.memberUin, domains, allowedEmailDomainsKey(providerConfig)));
  return adopt(client, desired, refused);
}

/**
 * A binding whose phone the program does not declare (the API only shows it masked): the member's existing
 * binding with the same email, compared ignoring case, is adopted as it is. Binding a new email needs the phone.
 */
async function adoptWithoutPhone(client: OrganizationApi, desired: BindingInputs): Promise<MemberEmailState> {
  const remote = await client.describeMemberEmailBind(desired.memberUin);
  if (!remote) {
    throw new Error(
      `Member ${desired.memberUin} has no email binding to adopt, and binding a new email needs the member's ` +
        "security phone: declare `phone` on this OrganizationMemberEmail (digits only, without the country code, " +
        'such as "13800138000").',
    );
  }
  if (!emailMatches(desired.email, remote.email)) {
    throw new Error(
      `Member ${desired.memberUin} has another email bound (${maskEmail(remote.email)}, BindId ${remote.bindId}), ` +
        "so this binding cannot be adopted. Declare the email the member has (`discover` lists it) to adopt the " +
        "binding; to change the email afterwards, declare the phone too and set `allowEmailUpdate: true`.",
    );
  }
  if (remote.countryCode !== desired.countryCode) {
    const current = JSON.stringify(remote.countryCode);
    throw new Error(
      `Member ${desired.memberUin}'s binding (BindId ${remote.bindId}) has the country code ${current}, ` +
        `not ${JSON.stringify(desired.countryCode)}: declare countryCode ${current} to adopt it, ` +
        "or declare the phone to change it.",
    );
  }
  void pulumi.log.info(
    `Member ${desired.memberUin}'s existing binding (BindId ${remote.bindId}, ${remote.bindStatus}) was adopted ` +
      "into the stack; its phone is not declared, so the stack leaves the phone as it is.",
  );
  return toState(desired, remote, remote.bindId);
}

/**
 * DescribeOrganizationMemberEmailBind. A phone whose mask matches the stored one is no drift; a binding
 * that is gone (or a member who left the organization) removes the resource from the stack, unless the state
 * does not say which organization the binding belongs to (written before 0.2).
 */
export async function read(id: string, props: Record<string, unknown>): Promise<pulumi.dynamic.ReadResult> {
  const memberUin = memberUinFromId(id);
  const stored = v.safeParse(v.partial(storedState), props);
  const known = stored.success ? stored.output : {};
  const client = await api();
  // Checked first: another organization's Describe would answer "no such member" and drop the binding.
  const organizationId = await client.organizationId();
  requireSameOrganization(memberUin, known.organizationId, organizationId, providerConfig?.namespace);
  const remote = await client.describeMemberEmailBind(memberUin);
  // Nothing stored is an import (`pulumi import` reads with empty state): say why there is nothing to import.
  if (!remote && Object.keys(props ?? {}).length === 0) throw new NothingToImportError(memberUin);
  // State written before 0.2 recorded no organization, and under another organization's keys every member looks
  // unbound: a missing binding proves nothing, so it is refused, never forgotten. A binding found belongs to the
  // organization the keys reach (a member is in one organization at a time), and the state records it below.
  if (!remote && known.organizationId === undefined && known.bindId !== undefined) {
    throw new UnrecordedOrganizationError(
      { memberUin, bindId: known.bindId, current: organizationId },
      providerConfig?.namespace,
    );
  }
  if (!remote) return {};
  const declared = known.phone !== undefined && phoneMatches(known.phone, remote.maskedPhone) ? known.phone : undefined;
  const phone = declared ?? remote.maskedPhone;
  // The declared spelling stays when the API's differs only in letter case, so a refresh never turns an
  // unchanged program into an email change; a masked email (some answers hide the address like the phone)
  // is compared by its mask.
  const email = known.email !== undefined && emailMatches(known.email, remote.email) ? known.email : remote.email;
  // A masked phone is no input check accepts: without the declared one, the inputs (those an import writes
  // into the program) leave the phone out, and the binding is managed as an adopted one whose phone stays.
  const inputs: BindingInputs = {
    memberUin,
    email,
    countryCode: remote.countryCode,
    ...(declared === undefined || isMaskedPhone(declared) ? {} : { phone: declared }),
    // Stryker disable next-line ConditionalExpression: an input left undefined is one the engine never receives
    ...(known.allowEmailUpdate === undefined ? {} : { allowEmailUpdate: known.allowEmailUpdate }),
    // Stryker disable next-line ConditionalExpression: an input left undefined is one the engine never receives
    ...(known.activationReminder === undefined ? {} : { activationReminder: known.activationReminder }),
  };
  // Activation resets nothing, so a read changes no count.
  const modificationsBeforeActivation = known.modificationsBeforeActivation ?? 0;
  if (isMaskedEmail(email)) {
    void pulumi.log.warn(
      `Tencent Cloud answered member ${memberUin}'s email masked (${email}): declare the member's full email in ` +
        "the program; it is compared with the masked one.",
    );
  }
  const state = {
    ...toState({ ...inputs, phone }, remote, remote.bindId),
    organizationId,
    modificationsBeforeActivation,
  };
  return { id, props: state, inputs };
}

/**
 * UpdateOrganizationMemberEmailBind with the stored BindId when the email, country code or phone changed,
 * then the binding's status; a new `activationReminder` sends the activation email again if the binding
 * still waits for activation.
 */
export async function update(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
  const old = parseState(olds);
  const desired = requireValid(news);
  const emailChanges = emailsDiffer(old.email, desired.email);
  // A failed binding's email can never bind again, so a new one replaces nothing active.
  if (emailChanges && !desired.allowEmailUpdate && old.bindStatus !== "Failed") {
    throw new EmailChangeRefusedError(old.memberUin);
  }
  // `check` refuses this at preview; a caller of the provider that skips `check` is refused here.
  const domains = emailChanges ? resolveAllowedEmailDomains(providerConfig) : undefined;
  if (domains && !emailDomainAllowed(desired.email, domains)) throw offDomainError(domains);
  const bindingChanges =
    emailChanges ||
    desired.countryCode !== old.countryCode ||
    (desired.phone !== undefined && !phoneMatches(desired.phone, old.phone));
  const client = await api();
  const organizationId = await client.organizationId();
  requireSameOrganization(old.memberUin, old.organizationId, organizationId, providerConfig?.namespace);
  const before: BindingBefore = { ...old, applyTime: old.applyTime ?? "" };
  const updated = bindingChanges ? await updateBinding(client, old.bindId, declared(desired), before) : undefined;
  const remote = updated?.remote ?? (await client.describeMemberEmailBind(desired.memberUin));
  const modificationsBeforeActivation = updated
    ? modificationsAfterUpdate(old.modificationsBeforeActivation, old.bindStatus, remote?.bindStatus, updated.updates)
    : (old.modificationsBeforeActivation ?? 0);
  // A new email gets its own activation email from the update; a reminder would repeat it.
  const reminderChanges =
    desired.activationReminder !== undefined && desired.activationReminder !== old.activationReminder;
  if (reminderChanges && !emailChanges) await remind(client, desired.memberUin, remote);
  // A phone the program stops declaring is still the binding's phone: state keeps what it had.
  const state = toState({ ...desired, phone: desired.phone ?? old.phone }, remote, old.bindId);
  return { outs: { ...state, organizationId, modificationsBeforeActivation } };
}

/** The inputs with their phone, for Add and Update; a program without one is told to declare it. */
function declared(desired: BindingInputs): DeclaredBinding {
  if (desired.phone === undefined) {
    throw new Error(
      `Changing the binding of member ${desired.memberUin} needs its security phone: ` +
        "UpdateOrganizationMemberEmailBind takes the email, countryCode and phone together. " +
        'Declare `phone` (digits only, such as "13800138000").',
    );
  }
  return { ...desired, phone: desired.phone };
}

/**
 * SendOrgMemberAccountBindEmail when the binding still waits for activation (`Valid`); an active or failed
 * binding has no activation email to send, and a message says so.
 */
async function remind(client: OrganizationApi, memberUin: number, remote: RemoteBinding | undefined): Promise<void> {
  if (!remote) {
    throw new Error(
      `Member ${memberUin} has no email binding any more, so there is no activation email to send: ` +
        "run `pulumi refresh` so the stack forgets it.",
    );
  }
  const already = `Member ${memberUin}'s binding (BindId ${remote.bindId}) is already active`;
  if (remote.bindStatus === "Success") {
    const since = remote.bindTime ? ` since ${remote.bindTime}` : "";
    void pulumi.log.info(`${already}${since}: no activation email was sent.`);
    return;
  }
  if (remote.bindStatus === "Failed") {
    const why = remote.description ? ` (${remote.description.replace(/[.\s]+$/, "")})` : "";
    void pulumi.log.warn(
      `Member ${memberUin}'s binding (BindId ${remote.bindId}) has failed${why}, and a reminder cannot help: ` +
        "Tencent Cloud sends no new activation link for a failed binding (an expired link stays expired) and never " +
        "binds an email that failed activation again. No activation email was sent. Declare a new email for this " +
        "member, with its phone; `allowEmailUpdate` is not needed for a failed binding.",
    );
    return;
  }
  if (remote.bindStatus !== "Valid") {
    const why = remote.description ? ` (${remote.description})` : "";
    void pulumi.log.warn(
      `Member ${memberUin}'s binding (BindId ${remote.bindId}) is ${remote.bindStatus}${why}, not waiting for ` +
        "activation: no activation email was sent. An email change (`allowEmailUpdate: true`, with the phone " +
        "declared) starts the binding over.",
    );
    return;
  }
  try {
    await client.sendMemberAccountBindEmail(memberUin, remote.bindId);
  } catch (error) {
    // The member may activate between the Describe and the send; Tencent then refuses the resend.
    if (error instanceof MemberEmailApiError && error.code === "FailedOperation.EmailBindRecordInvalid") {
      void pulumi.log.info(`${already}: no activation email was sent.`);
      return;
    }
    // Sent again, a resend Tencent did carry out would spend its resend limit twice.
    if (answerLost(error)) {
      void pulumi.log.warn(
        `The answer to SendOrgMemberAccountBindEmail for member ${memberUin} (BindId ${remote.bindId}) was lost: ` +
          "the activation email may or may not have been sent. It is not sent again now, since Tencent Cloud " +
          "limits how often it may be sent; if the member gets none, change `activationReminder` again later.",
      );
      return;
    }
    throw error;
  }
  void pulumi.log.info(
    `Member ${memberUin}'s binding (BindId ${remote.bindId}) is waiting for activation: ` +
      `the activation email was sent again, and its link expires in ${ACTIVATION_LINK_DAYS} days (${linkExpiry(new Date())}).`,
  );
}

/** Tencent Cloud has no unbind call: the binding leaves the stack only, and a warning says so. */
async function deleteBinding(id: string, props: Record<string, unknown>): Promise<void> {
  await guardAccount();
  const bindId = typeof props.bindId === "number" ? ` (BindId ${props.bindId})` : "";
  await pulumi.log.warn(
    `OrganizationMemberEmail for member ${id} was removed from the stack only: Tencent Cloud has no API to unbind ` +
      `a member's email, so the binding${bindId} stays in the organization.`,
  );
}

function emailUpdateAllowed(news: Record<string, unknown>): boolean {
  return news.allowEmailUpdate === true || isUnknown(news.allowEmailUpdate);
}

function requireValid(inputs: Record<string, unknown>): BindingInputs {
  const { inputs: valid, failures } = validateInputs(inputs);
  if (!valid) {
    const reasons = failures.map((failure) => failure.reason).join("; ");
    throw new Error(`Invalid OrganizationMemberEmail inputs: ${reasons || "some inputs are not known yet"}.`);
  }
  return valid;
}

function parseState(olds: Record<string, unknown>): v.InferOutput<typeof storedState> {
  const parsed = v.safeParse(storedState, olds);
  if (!parsed.success) {
    const fields = parsed.issues.map((issue) => v.getDotPath(issue)).join(", ");
    throw new Error(
      `The stack's state of this OrganizationMemberEmail is incomplete (${fields}); run \`pulumi refresh\` to read it again.`,
    );
  }
  return parsed.output;
}

/** The state of a binding; a phone the program does not declare is kept as the API shows it, masked. */
function toState(
  inputs: BindingInputs,
  remote: RemoteBinding | undefined,
  bindId: number | undefined,
): MemberEmailState {
  const resolvedBindId = bindId ?? remote?.bindId;
  if (resolvedBindId === undefined) {
    throw new Error(
      `AddOrganizationMemberEmail for member ${inputs.memberUin} answered without a BindId and the binding could not be read back; run \`pulumi refresh\`.`,
    );
  }
  return {
    ...inputs,
    phone: inputs.phone ?? remote?.maskedPhone ?? "",
    bindId: resolvedBindId,
    bindStatus: remote?.bindStatus ?? "Valid",
    applyTime: remote?.applyTime ?? "",
    bindTime: remote?.bindTime ?? "",
    description: remote?.description ?? "",
    phoneBind: remote?.phoneBind ?? 0,
  };
}

// `delete` is a reserved word, so it can name an export but not a function declaration.
export { deleteBinding as delete };
