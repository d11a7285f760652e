/**
 * UpdateOrganizationMemberEmailBind, carried out once however its answers are lost. Tencent Cloud allows 3
 * modifications before activation and counts every Update it carries out: a lost answer retried blindly
 * would count twice, and on the third change the retry would be refused. So the binding is read back before
 * anything is sent again.
 */
import * as pulumi from "@pulumi/pulumi";
import type { BindingFields, OrganizationApi, RemoteBinding } from "../api/client";
import { MemberEmailApiError } from "../api/errors";
import { lostUpdateOutcome, type BindingBefore } from "./binding-rules";
import type { BindingInputs } from "./validate";

/** Inputs that declare the phone: what Add and Update need. */
export type DeclaredBinding = BindingInputs & BindingFields;

/** The inputs with their phone, for an Update; a program without one is told to declare it. */
export function declared(desired: BindingInputs): DeclaredBinding {
  if (desired.phone === undefined) {
    throw new Error(
      `Changing the binding of member ${desired.memberUin} needs its security phone: ` +
        "UpdateOrganizationMemberEmailBind takes the email, countryCode and phone together. " +
        'Declare `phone` (digits only, such as "13800138000").',
    );
  }
  return { ...desired, phone: desired.phone };
}

/** Lost answers one Update may meet before it fails: each costs a Describe, and an Update unless it was shown. */
const MAX_LOST_ANSWERS = 3;

/** What an Update came to. */
export interface UpdateOutcome {
  /**
   * The Updates Tencent Cloud may have carried out: 1, or more when a lost answer left the binding looking as
   * before (see {@link lostUpdateOutcome}) and the Update was sent again.
   */
  readonly updates: number;
  /** The binding as read back after a lost answer, when it showed the Update; undefined when the Update was answered. */
  readonly remote?: RemoteBinding;
}

/**
 * Whether a call failed without an answer (connection cut, timeout) after it may have reached Tencent Cloud:
 * an answered error (`InternalError` included) means the call was not carried out, and the client retries it.
 */
export function answerLost(error: unknown): error is MemberEmailApiError {
  return error instanceof MemberEmailApiError && error.code === undefined;
}

/**
 * Updates binding `bindId` to `desired`, which was `before`. After a lost answer, the binding is read back: if
 * it shows the change, the Update was carried out and is not sent again; if it does not, it is sent again,
 * at most {@link MAX_LOST_ANSWERS} times in all.
 */
export async function updateBinding(
  client: OrganizationApi,
  bindId: number,
  desired: BindingFields,
  before: BindingBefore,
): Promise<UpdateOutcome> {
  const what = `UpdateOrganizationMemberEmailBind for member ${desired.memberUin} (BindId ${bindId})`;
  let updates = 1;
  for (let lost = 1; ; lost += 1) {
    try {
      await client.updateMemberEmailBind(bindId, desired);
      return { updates };
    } catch (error) {
      if (!answerLost(error)) throw error;
      const remote = await client.describeMemberEmailBind(desired.memberUin);
      const outcome = lostUpdateOutcome(remote, desired, before);
      if (outcome === "shown") {
        void pulumi.log.info(
          `The answer to ${what} was lost, and the binding read back shows the change: Tencent Cloud carried it out, ` +
            "so it was not sent again.",
        );
        return { updates, remote };
      }
      if (lost >= MAX_LOST_ANSWERS) throw error;
      if (outcome === "unknowable") {
        updates += 1;
        void pulumi.log.warn(
          `The answer to ${what} was lost, and the binding read back cannot show whether Tencent Cloud carried it ` +
            "out: the new phone is masked like the old one, with the same email and country code. It is sent again; " +
            "if the first was carried out, Tencent Cloud counts both among the 3 modifications allowed before " +
            "activation, and so does modificationsBeforeActivation.",
        );
      }
    }
  }
}
