/**
 * Tencent Cloud's documented rules for a member's security information ("Binding Security Information for
 * Members"), as the provider applies them before the API refuses: the modification limit before activation,
 * the 15-day activation link, and the organization a binding belongs to.
 */
import type { BindingFields, RemoteBinding } from "../api/client";
import { OrganizationMismatchError } from "../api/errors";
import { emailMatches, isMaskedPhone, maskPhone } from "./mask";

/** Modifications of a binding's security information Tencent Cloud allows before the member activates it. */
export const MAX_MODIFICATIONS_BEFORE_ACTIVATION = 3;

/** Days an activation link stays valid after it was sent (by Add, an Update or a resend). */
export const ACTIVATION_LINK_DAYS = 15;

/**
 * The count of modifications before activation after `updates` more Updates of a binding that was
 * `statusBefore` (1, or 2 when a lost answer left it unknown whether the first was carried out), counted as
 * the emulator counts them, the stricter reading where Tencent Cloud's documentation is silent: every Update
 * of a `Valid` binding counts, an Update of an active (`Success`) binding does not, and activation resets
 * nothing; only a failed binding given a new email starts over, as a new submission. A binding seen active
 * after the Update was active before it (an Update never activates), so nothing was counted.
 */
export function modificationsAfterUpdate(
  previous: number | undefined,
  statusBefore: string | undefined,
  statusAfter: string | undefined,
  updates = 1,
): number {
  const made = previous ?? 0;
  if (statusAfter === "Success" || statusBefore === "Success") return made;
  if (statusBefore === "Failed") return updates - 1;
  return made + updates;
}

/**
 * A warning for a preview that changes a binding, when the change is the last modification Tencent Cloud
 * allows before activation, or one too many, or when a new email makes an active binding wait for activation
 * again with every modification already counted (activation resets nothing); undefined otherwise. `made` is
 * the stack's count. A failed binding gets none: a new email submits it again, from zero.
 */
export function modificationWarning(
  memberUin: number,
  bindStatus: string,
  made: number,
  emailChanges = false,
): string | undefined {
  const limit = MAX_MODIFICATIONS_BEFORE_ACTIVATION;
  if (bindStatus === "Failed") return undefined;
  if (bindStatus === "Success") {
    if (!emailChanges || made < limit) return undefined;
    return (
      `The new email makes member ${memberUin}'s binding wait for activation again, and it was already modified ` +
      `${made} times while waiting before: Tencent Cloud allows ${limit}, and activation resets nothing, so every ` +
      "further change is refused (LimitExceeded.UpdateEmailBindOverLimit) until the member activates the new email."
    );
  }
  const next = made + 1;
  if (next === limit) {
    return (
      `This change to member ${memberUin}'s binding is the last of the ${limit} modifications Tencent Cloud allows ` +
      "before the member activates it: after it, further changes are refused (LimitExceeded.UpdateEmailBindOverLimit) " +
      "until the member activates the binding from the email."
    );
  }
  // Stryker disable next-line EqualityOperator: next === limit returned above, so >= chooses as > does
  if (next > limit) {
    return (
      `Member ${memberUin}'s binding has already been modified ${made} times while waiting for activation, and ` +
      `Tencent Cloud allows ${limit}: this change will be refused (LimitExceeded.UpdateEmailBindOverLimit) unless ` +
      "the member has activated the binding since. Ask the member to activate it from the email, run " +
      "`pulumi refresh`, then apply the change."
    );
  }
  return undefined;
}

/** The binding as the stack knew it before an Update: the phone may be the API's masked one. */
export interface BindingBefore {
  /** The email. */
  readonly email: string;
  /** The security phone's country code. */
  readonly countryCode: string;
  /** The security phone, full or masked. */
  readonly phone: string;
  /** When the binding was last submitted, as Describe answered it; empty when unknown. */
  readonly applyTime: string;
}

/**
 * What the binding read back after an Update whose answer was lost says of that Update: `shown` (it was
 * carried out), `notShown` (it was not: sending it again is one modification, not two), or `unknowable` (the
 * binding looked the same before: a new phone masked like the old one, with the same email and country code).
 */
export type LostUpdateOutcome = "shown" | "notShown" | "unknowable";

/**
 * Whether `remote` shows the Update of `desired` whose answer was lost: its email (ignoring letter case),
 * country code and masked phone are the new ones. When `before` showed those already, a new ApplyTime is the
 * only sign that Tencent carried it out; without one, it cannot be known.
 */
export function lostUpdateOutcome(
  remote: RemoteBinding | undefined,
  desired: BindingFields,
  before: BindingBefore,
): LostUpdateOutcome {
  const shows = (email: string, countryCode: string, phone: string): boolean =>
    emailMatches(desired.email, email) &&
    countryCode === desired.countryCode &&
    shownPhone(phone) === maskPhone(desired.phone);
  if (!remote || !shows(remote.email, remote.countryCode, remote.maskedPhone)) {
    return "notShown";
  }
  if (!shows(before.email, before.countryCode, before.phone)) return "shown";
  return before.applyTime !== "" && remote.applyTime !== before.applyTime ? "shown" : "unknowable";
}

/** A phone as the API shows it: masked. */
function shownPhone(phone: string): string {
  return isMaskedPhone(phone) ? phone : maskPhone(phone);
}

/** The moment an activation link sent at `sentAt` expires: ACTIVATION_LINK_DAYS later. */
export function activationLinkExpiry(sentAt: Date): Date {
  return new Date(sentAt.getTime() + ACTIVATION_LINK_DAYS * 24 * 60 * 60 * 1000);
}

/** When an activation link sent at `sentAt` expires, as `YYYY-MM-DD HH:mm:ss UTC`. */
export function linkExpiry(sentAt: Date): string {
  return `${activationLinkExpiry(sentAt).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/**
 * Refuses to go on when the stack recorded the binding in another organization than the credentials reach:
 * the member would look unbound there, and a refresh would drop every binding from the stack. The message names
 * the credential keys under `configNamespace`, the one the settings were read from.
 */
export function requireSameOrganization(
  memberUin: number,
  recorded: number | undefined,
  current: number,
  configNamespace?: string,
): void {
  if (recorded !== undefined && recorded !== current) {
    throw new OrganizationMismatchError({ memberUin, recorded, current }, configNamespace);
  }
}
