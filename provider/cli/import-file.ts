import { RESOURCE_TOKEN } from "../plugin/schema";
import type { DiscoveredBinding } from "./discover";

/** One resource of the file `pulumi import --file` reads. */
interface ImportResource {
  /** The resource's type token: the native plugin's `OrganizationMemberEmail`. */
  readonly type: string;
  /** The resource's name in the stack. */
  readonly name: string;
  /** The resource's id: the member's uin. */
  readonly id: string;
}

/** The document `pulumi import --file FILE` reads. */
interface ImportFile {
  /** One resource a binding. */
  readonly resources: readonly ImportResource[];
}

/**
 * The stack name of a member's binding: the member's name in lowercase letters, digits and hyphens, then the
 * uin, such as `alice-chen-100000000001` (`member-100000000001` when the name leaves nothing). The uin makes
 * it unique, and it depends on this member alone, so the name is the same on every run, whoever else joins.
 */
export function resourceName(binding: Pick<DiscoveredBinding, "memberUin" | "name">): string {
  const slug = binding.name
    .normalize("NFKD")
    .toLowerCase()
    // Each run of other characters is one hyphen, so a name starts or ends with one hyphen at most.
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40)
    .replace(/-$/, "");
  const uin = String(binding.memberUin);
  // The emulator and the console name members after their uin: no need to say it twice.
  if (slug === "" || slug.endsWith(uin)) return slug === "" ? `member-${uin}` : slug;
  return `${slug}-${uin}`;
}

/**
 * The `pulumi import --file` document of every discovered binding, in uin order, as the native plugin's
 * resources: importing it brings the whole organization under a stack (YAML, or any language) in one command.
 */
export function importFile(bindings: readonly DiscoveredBinding[]): string {
  const resources = [...bindings]
    .sort((a, b) => a.memberUin - b.memberUin)
    .map(
      (binding): ImportResource => ({
        type: RESOURCE_TOKEN,
        name: resourceName(binding),
        id: String(binding.memberUin),
      }),
    );
  const document: ImportFile = { resources };
  return `${JSON.stringify(document, null, 2)}\n`;
}
