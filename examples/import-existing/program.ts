import * as pulumi from "@pulumi/pulumi";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";

/**
 * Takes over a binding that was made outside Pulumi (in the console, by a script, or by a run whose answer
 * was lost). Declare it with the email it already has: `pulumi up` finds that the member has this mailbox,
 * adopts the existing binding (its BindId goes into state, nothing is bound twice), and from then on the
 * stack manages it like any other. Pulumi's `import` resource option is not available for dynamic
 * providers, so adoption is how an existing binding enters a stack.
 */
export function importExistingProgram(): { bindId: pulumi.Output<number>; bindStatus: pulumi.Output<string> } {
  const config = new pulumi.Config();
  const existing = new OrganizationMemberEmail("existing", {
    memberUin: config.requireNumber("memberUin"),
    email: config.requireSecret("email"),
    countryCode: config.get("countryCode") ?? "86",
    phone: config.requireSecret("phone"),
  });
  return { bindId: existing.bindId, bindStatus: existing.bindStatus };
}
