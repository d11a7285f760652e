/**
 * How `create` binds a member's email: AddOrganizationMemberEmail, or the adoption of the binding the member
 * already has (after a lost answer to an Add, bound outside Pulumi, declared without a phone, or at an email
 * outside the allowed domains). A create's valid inputs are followed here from the first decision to the state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { OrganizationApi } from "../api/client";
import { MemberEmailApiError, MemberHasOtherEmailError } from "../api/errors";
import type { ConfigSource } from "../api/settings";
import { modificationsAfterUpdate, type BindingBefore } from "./binding-rules";
import {
  allowedEmailDomainsKey,
  emailDomainAllowed,
  offDomainAdoptionWarning,
  offDomainError,
  resolveAllowedEmailDomains,
  type AllowedEmailDomains,
} from "./email-domains";
import { emailMatches, maskEmail, phoneMatches } from "./mask";
import { toState, type MemberEmailState } from "./state";
import { updateBinding, type DeclaredBinding } from "./update-binding";
import type { BindingInputs } from "./validate";

/**
 * Add (or adoption) of a valid binding; answers its state, with the modifications the stack made while
 * adopting (an Update of a binding waiting for activation counts, as Tencent Cloud counts it). `config` is the
 * provider config the email-domain policy is read from, read only when the phone is declared.
 */
export async function addOrAdopt(
  client: OrganizationApi,
  valid: BindingInputs,
  config: ConfigSource | undefined,
): Promise<MemberEmailState> {
  if (valid.phone === undefined) return adoptWithoutPhone(client, valid);
  const desired: DeclaredBinding = { ...valid, phone: valid.phone };
  const domains = resolveAllowedEmailDomains(config);
  if (domains && !emailDomainAllowed(desired.email, domains)) {
    return adoptOffDomain(client, desired, domains, allowedEmailDomainsKey(config));
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

/**
 * An email outside the allowed domains is never bound by Add; the member's existing binding with that very
 * email (bound outside Pulumi, the case Add would answer MemberEmailExist for) is adopted with a warning.
 * `check` refuses such a declaration at preview; this guards callers of the provider that skip `check`.
 * `key` is the config key the policy was read from.
 */
async function adoptOffDomain(
  client: OrganizationApi,
  desired: DeclaredBinding,
  domains: AllowedEmailDomains,
  key: string,
): Promise<MemberEmailState> {
  const refused = offDomainError(domains, key);
  const remote = await client.describeMemberEmailBind(desired.memberUin);
  if (!remote || !emailMatches(desired.email, remote.email)) throw refused;
  void pulumi.log.warn(offDomainAdoptionWarning(desired.memberUin, domains, key));
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
