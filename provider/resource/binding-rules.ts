/**
 * Tencent Cloud's documented rules for a member's security information ("Binding Security Information for
 * Members"), as the provider applies them before the API refuses: the modification limit before activation,
 * the 15-day activation link, and the organization a binding belongs to.
 */
import { OrganizationMismatchError } from "../api/errors";

/** Modifications of a binding's security information Tencent Cloud allows before the member activates it. */
export const MAX_MODIFICATIONS_BEFORE_ACTIVATION = 3;

/** Days an activation link stays valid after it was sent (by Add, an Update or a resend). */
export const ACTIVATION_LINK_DAYS = 15;

/**
 * The count of Updates the stack has made to a binding waiting for activation, after one more Update. Only
 * an Update of a `Valid` binding counts: an active binding's change is no modification before activation,
 * and a failed binding given a new email starts over. The count is 0 once the binding is seen active.
 */
export function modificationsAfterUpdate(
  previous: number | undefined,
  statusBefore: string | undefined,
  statusAfter: string | undefined,
): number {
  if (statusAfter === "Success") return 0;
  return statusBefore === "Valid" ? (previous ?? 0) + 1 : 0;
}

/** The count to keep after a read: 0 once the binding is seen active, else what the stack counted. */
export function modificationsAfterRead(previous: number | undefined, status: string): number {
  return status === "Success" ? 0 : (previous ?? 0);
}

/**
 * A warning for a preview that changes a binding still waiting for activation, when the change is the last
 * one Tencent Cloud allows or one too many; undefined otherwise. `made` is the stack's count of Updates.
 */
export function modificationWarning(memberUin: number, bindStatus: string, made: number): string | undefined {
  if (bindStatus === "Success") return undefined;
  const next = made + 1;
  const limit = MAX_MODIFICATIONS_BEFORE_ACTIVATION;
  if (next === limit) {
    return (
      `This change to member ${memberUin}'s binding is the last of the ${limit} modifications Tencent Cloud allows ` +
      "before the member activates it: after it, further changes are refused (LimitExceeded.UpdateEmailBindOverLimit) " +
      "until the member activates the binding from the email."
    );
  }
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
