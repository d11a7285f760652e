import * as pulumi from "@pulumi/pulumi";
import { OrganizationMemberEmail } from "@tencentcloud-member-email/sdk";

// The binding the dynamic resource managed, now the native plugin's resource from the generated Node.js SDK.
const config = new pulumi.Config();
const binding = new OrganizationMemberEmail("member", {
  memberUin: config.requireNumber("memberUin"),
  email: config.requireSecret("email"),
  countryCode: config.get("countryCode") ?? "86",
  phone: config.requireSecret("phone"),
});

export const bindId = binding.bindId;
export const bindStatus = binding.bindStatus;
