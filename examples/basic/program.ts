import * as pulumi from "@pulumi/pulumi";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";

/**
 * One member's email binding. Every input can be changed with stack config (`pulumi config set --secret email ...`;
 * email and phone are personal data, so set them as secrets); the defaults are a member of the emulator's
 * demo organization.
 */
export function basicProgram(): { bindId: pulumi.Output<number>; bindStatus: pulumi.Output<string> } {
  const config = new pulumi.Config();
  const alice = new OrganizationMemberEmail("alice", {
    memberUin: config.getNumber("memberUin") ?? 100000000001,
    email: config.getSecret("email") ?? "alice@example.com",
    countryCode: config.get("countryCode") ?? "86",
    phone: config.getSecret("phone") ?? "13800138000",
    allowEmailUpdate: config.getBoolean("allowEmailUpdate") ?? false,
  });
  return { bindId: alice.bindId, bindStatus: alice.bindStatus };
}
