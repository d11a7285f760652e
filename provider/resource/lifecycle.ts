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
import type { OrganizationApi } from "../api/client";
import { ConfigurationError, MissingCredentialsError } from "../api/credential-settings";
import {
  EmailChangeRefusedError,
  FailedEmailError,
  NothingToImportError,
  UnrecordedOrganizationError,
} from "../api/errors";
import { resolveSettings, stackConfigSource, type ConfigSource } from "../api/settings";
import { remind } from "./activation-reminder";
import { addOrAdopt } from "./adoption";
import { changeNote, type InputChange } from "./change-note";
import {
  modificationsAfterUpdate,
  modificationWarning,
  requireSameOrganization,
  type BindingBefore,
} from "./binding-rules";
import {
  allowedEmailDomainsKey,
  emailDomainAllowed,
  offDomainAdoptionWarning,
  offDomainError,
  offDomainReason,
  resolveAllowedEmailDomains,
} from "./email-domains";
import { emailMatches, isMaskedEmail, isMaskedPhone, phoneMatches } from "./mask";
import { parseState, storedState, toState, type StoredState } from "./state";
import { withoutHostEcho } from "./refusal-echo";
import { declared, updateBinding } from "./update-binding";
import { isUnknown, memberUinFromId, validateInputs, type BindingInputs } from "./validate";

export type { MemberEmailState } from "./state";
export type { InputChange } from "./change-note";

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

/**
 * Keeps the engine's provider config (the whole stack config) for the calls that follow, read as stackConfigSource
 * reads it: `tencentcloud-member-email:` keys, and the credentials from `tencentcloud:` too.
 */
export async function configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
  useConfig(stackConfigSource((key) => request.config.get(key)));
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
  let policy: pulumi.dynamic.CheckFailure[] = [];
  try {
    if (!failures.some((failure) => failure.property === "email")) policy = emailDomainPolicy(previous, inputs);
  } catch (error) {
    // A setting to fix is the user's to act on: its message alone, once, as a refusal (see refusal-echo.ts).
    throw error instanceof ConfigurationError ? withoutHostEcho(error) : error;
  }
  return { inputs, failures: [...failures, ...phoneNeeded(previous, inputs), ...policy] };
}

/**
 * The email-domain policy (`tencentcloud-member-email:allowedEmailDomains`, read from the provider config `configure`
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

/** What {@link diffInputs} answers: the engine's diff, and each input that changes with how it changes. */
export interface BindingDiff extends pulumi.dynamic.DiffResult {
  /** The inputs that change, in the order of the schema; empty when nothing changes. */
  readonly changedInputs: Readonly<Record<string, InputChange>>;
}

/**
 * No change: no changes. `phone`, `countryCode` or `activationReminder`: update in place. `memberUin`:
 * replacement. `email`: refused unless `allowEmailUpdate` is true, then update in place. A phone the
 * program does not declare is never a change. Each changing input is named in `changedInputs`, which the
 * plugin answers as its detailed diff.
 */
export function diffInputs(olds: Record<string, unknown>, news: Record<string, unknown>): BindingDiff {
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
  const changes: [string, boolean][] = [
    ["email", emailDiffers],
    ["countryCode", differs("countryCode")],
    ["phone", phoneDiffers],
    ["activationReminder", differs("activationReminder")],
  ];
  const changedInputs: Record<string, InputChange> = sameMember ? {} : { memberUin: "replace" };
  for (const [property, changed] of changes) if (changed) changedInputs[property] = "update";
  return {
    changes: Object.keys(changedInputs).length > 0,
    replaces,
    deleteBeforeReplace: false,
    changedInputs,
  };
}

/**
 * The dynamic provider's diff: {@link diffInputs}, and a message naming the inputs that change. The Node.js
 * SDK's dynamic-provider host drops detailed diffs, so without it `pulumi preview --diff` shows every secret
 * input of an updated binding as `[secret]`, changed or not. The message names properties, never values.
 */
export async function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.DiffResult> {
  let answer: BindingDiff;
  try {
    answer = diffInputs(olds, news);
  } catch (error) {
    // A refusal of the change is the user's to act on: its message alone, once (see refusal-echo.ts).
    const refusal = error instanceof EmailChangeRefusedError || error instanceof FailedEmailError;
    throw refusal ? withoutHostEcho(error) : error;
  }
  const { changedInputs, ...result } = answer;
  const note = changeNote(olds.memberUin, changedInputs);
  if (note) await pulumi.log.info(note);
  return result;
}

/**
 * A failed binding (its activation link expired) can never bind its email again: the same email fails the
 * preview, and a new one is said to replace nothing active. Answers whether a new email replaces a failed one.
 */
function refuseFailedEmail(old: StoredState, email: unknown, emailDiffers: boolean): boolean {
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
function warnOfModificationLimit(old: StoredState, emailChanges: boolean): void {
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
  const outs = await addOrAdopt(client, valid, providerConfig);
  const modificationsBeforeActivation = outs.modificationsBeforeActivation ?? 0;
  return { id: String(valid.memberUin), outs: { ...outs, organizationId, modificationsBeforeActivation } };
}

/**
 * DescribeOrganizationMemberEmailBind. A phone whose mask matches the stored one is no drift; a binding
 * that is gone (or a member who left the organization) removes the resource from the stack, unless the state
 * does not say which organization the binding belongs to (no `organizationId`, as 0.1.0 wrote it).
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
  // State may record no organization (0.1.0 wrote none), and under another organization's keys every member looks
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
  if (domains && !emailDomainAllowed(desired.email, domains)) {
    throw offDomainError(domains, allowedEmailDomainsKey(providerConfig));
  }
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

// `delete` is a reserved word, so it can name an export but not a function declaration.
export { deleteBinding as delete };
