import * as pulumi from "@pulumi/pulumi";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";

const config = new pulumi.Config();
const binding = new OrganizationMemberEmail("member", {
  memberUin: config.requireNumber("memberUin"),
  email: config.requireSecret("email"),
  countryCode: config.get("countryCode") ?? "86",
  phone: config.requireSecret("phone"),
});

export const bindId = binding.bindId;
export const bindStatus = binding.bindStatus;
