import type { DiscoveredBinding } from "./discover";

/**
 * The team file that examples/from-file reads (a YAML `members` list), holding every discovered binding
 * without a phone, so a program built from it adopts each binding as it is. Every value is written as
 * JSON, which YAML reads as the same value, so no YAML library is needed and no name or email can
 * break the document.
 */
export function teamFile(bindings: readonly DiscoveredBinding[], writtenAt: Date): string {
  const lines = [
    `# Written by \`pulumi-tencentcloud-member-email discover\` at ${writtenAt.toISOString()}: every member of the`,
    "# organization with an email binding. Each entry becomes an OrganizationMemberEmail that adopts the binding",
    "# as it is; no phone is listed because Tencent Cloud only shows it masked. Add `phone` (digits only) to a",
    "# member to manage its phone or change its email. `name`, `bindId`, `bindStatus` and `memberType` (Create or",
    "# Invite) are for reading only.",
    bindings.length === 0 ? "members: []" : "members:",
  ];
  for (const binding of bindings) {
    lines.push(
      `  - memberUin: ${binding.memberUin}`,
      `    name: ${JSON.stringify(binding.name)}`,
      `    email: ${JSON.stringify(binding.email)}`,
      `    countryCode: ${JSON.stringify(binding.countryCode)}`,
      `    bindId: ${binding.bindId}`,
      `    bindStatus: ${JSON.stringify(binding.bindStatus)}`,
      `    memberType: ${JSON.stringify(binding.memberType)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
