/**
 * Manage Tencent Cloud Organization members' email bindings with Pulumi.
 * @packageDocumentation
 */
export { OrganizationMemberEmail, type OrganizationMemberEmailArgs } from "./resource";
export { memberEmailProvider } from "./provider";
export { EmailChangeRefusedError, MemberEmailApiError, MemberHasOtherEmailError } from "./errors";
