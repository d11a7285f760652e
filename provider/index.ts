/**
 * Manage Tencent Cloud Organization members' email bindings with Pulumi.
 * @packageDocumentation
 */
export { OrganizationMemberEmail, type OrganizationMemberEmailArgs } from "./resource/resource";
export { memberEmailProvider } from "./resource/provider";
export {
  EmailChangeRefusedError,
  FailedEmailError,
  MemberEmailApiError,
  MemberHasOtherEmailError,
  OrganizationMismatchError,
} from "./api/errors";
