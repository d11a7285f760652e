/**
 * The activation reminder a new `activationReminder` asks for: SendOrgMemberAccountBindEmail, sent only while
 * the binding waits for activation, and never sent twice after a lost answer.
 */
import * as pulumi from "@pulumi/pulumi";
import type { OrganizationApi, RemoteBinding } from "../api/client";
import { MemberEmailApiError } from "../api/errors";
import { ACTIVATION_LINK_DAYS, linkExpiry } from "./binding-rules";
import { answerLost } from "./update-binding";

/**
 * SendOrgMemberAccountBindEmail when the binding still waits for activation (`Valid`); an active or failed
 * binding has no activation email to send, and a message says so.
 */
export async function remind(
  client: OrganizationApi,
  memberUin: number,
  remote: RemoteBinding | undefined,
): Promise<void> {
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
