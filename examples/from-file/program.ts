import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";

/** One member as the team file lists it. */
interface TeamMember {
  readonly memberUin: number;
  readonly email: string;
  readonly countryCode: string;
  readonly phone: string;
}

/** Reads the team file's `members` list; the provider's own check validates each value at preview. */
function readTeam(file: string): TeamMember[] {
  const document: unknown = parse(readFileSync(file, "utf8"));
  const members = (document as { members?: unknown } | null)?.members;
  if (!Array.isArray(members)) throw new Error(`${file} must have a "members" list.`);
  return members as TeamMember[];
}

/**
 * Onboards a team: one OrganizationMemberEmail per member listed in a YAML file. Adding a member to the
 * file and running `pulumi up` binds just that member; the engine binds them in parallel, and the provider
 * paces the calls to Tencent Cloud's 20 requests a second.
 */
export function fromFileProgram(file: string): { bindIds: pulumi.Output<Record<string, number>> } {
  const bindings = readTeam(file).map(
    (member) =>
      new OrganizationMemberEmail(`member-${member.memberUin}`, {
        memberUin: member.memberUin,
        email: pulumi.secret(member.email),
        countryCode: String(member.countryCode),
        phone: pulumi.secret(String(member.phone)),
      }),
  );
  const bindIds = pulumi
    .all(bindings.map((binding) => pulumi.all([binding.memberUin, binding.bindId])))
    .apply((pairs) => Object.fromEntries(pairs.map(([uin, bindId]) => [String(uin), bindId])));
  return { bindIds };
}
