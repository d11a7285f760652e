import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { CORE_SCHEMA, load } from "js-yaml";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";

/**
 * One member as the team file lists it. `discover --out` writes such a file for every existing binding,
 * without phones; `name`, `bindId` and `bindStatus` are there for people to read and are not inputs.
 */
interface TeamMember {
  readonly memberUin: number;
  readonly email: string;
  readonly countryCode: string;
  /** Absent: the member's existing binding is adopted as it is, its phone left alone. */
  readonly phone?: string | number;
  /** `true` lets a change of this member's email be applied in place (the phone must be listed too). */
  readonly allowEmailUpdate?: boolean;
}

/** Reads the team file's `members` list; the provider's own check validates each value at preview. */
function readTeam(file: string): TeamMember[] {
  // YAML 1.2's core schema, as `discover --out` writes the file: a date-like value stays a string.
  const document: unknown = load(readFileSync(file, "utf8"), { schema: CORE_SCHEMA });
  const members = (document as { members?: unknown } | null)?.members;
  if (!Array.isArray(members)) throw new Error(`${file} must have a "members" list.`);
  return members as TeamMember[];
}

/** Choices that apply to every member of the file. */
export interface FromFileOptions {
  /**
   * The token passed to every binding's `activationReminder`: changing it sends the activation email again
   * to every member whose binding still waits for activation. Change it every week (such as the ISO week
   * "2026-W49"): a link expires 15 days after it was last sent.
   */
  readonly activationReminder?: string;
}

/**
 * Onboards a team: one OrganizationMemberEmail per member listed in a YAML file. Adding a member to the
 * file and running `pulumi up` binds just that member; the engine binds them in parallel, and the provider
 * paces the calls to Tencent Cloud's 20 requests a second. A member listed without a phone is adopted as
 * it is, which is how a file written by `discover --out` brings an existing organization under management.
 */
export function fromFileProgram(
  file: string,
  options: FromFileOptions = {},
): { bindIds: pulumi.Output<Record<string, number>> } {
  const bindings = readTeam(file).map(
    (member) =>
      new OrganizationMemberEmail(`member-${member.memberUin}`, {
        memberUin: member.memberUin,
        email: pulumi.secret(member.email),
        countryCode: String(member.countryCode),
        phone: member.phone === undefined ? undefined : pulumi.secret(String(member.phone)),
        allowEmailUpdate: member.allowEmailUpdate,
        activationReminder: options.activationReminder,
      }),
  );
  const bindIds = pulumi
    .all(bindings.map((binding) => pulumi.all([binding.memberUin, binding.bindId])))
    .apply((pairs) => Object.fromEntries(pairs.map(([uin, bindId]) => [String(uin), bindId])));
  return { bindIds };
}
