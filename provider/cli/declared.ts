import { CORE_SCHEMA, load } from "js-yaml";
import { RESOURCE_TOKEN } from "../plugin/schema";
import { withoutByteOrderMark } from "./byte-order-mark";

/** A member whose email binding a stack or a team file declares. */
export interface DeclaredMember {
  /** The member's account uin. */
  readonly memberUin: number;
  /** The binding's id as the stack holds it; absent for a team file, or a stack that has none yet. */
  readonly bindId?: number;
  /**
   * The organization the stack's state records the binding in (its `organizationId` output): a stack with an
   * explicit provider per organization holds several. Absent for a team file, and a state written without it.
   */
  readonly organizationId?: number;
}

/** A stack export or team file that cannot be read: its message names the file's problem, never a value's content. */
export class DeclaredInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeclaredInputError";
  }
}

/** The type token of the resource as the native provider plugin registers it. */
const NATIVE_RESOURCE_TYPE = RESOURCE_TOKEN;
/** The type token of the resource as the dynamic provider registers it (module `tencentcloud`). */
const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic/tencentcloud:OrganizationMemberEmail";
/** The type tokens of dynamic resources: `pulumi-nodejs:dynamic:Resource` when no module and type are named. */
const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/** The outputs every OrganizationMemberEmail has, and which tell it apart from another dynamic resource. */
const OUTPUT_SHAPE = ["memberUin", "email", "countryCode", "bindId", "bindStatus"] as const;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A uin from a number, or from a resource id (the uin in decimal). Secret values (envelopes) are not read. */
function uinOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === "string" && /^[1-9][0-9]{0,15}$/.test(value)) return uinOf(Number(value));
  return undefined;
}

/**
 * The OrganizationMemberEmail resources of a stack, from the JSON `pulumi stack export` writes: the dynamic
 * provider's (type `pulumi-nodejs:dynamic/tencentcloud:OrganizationMemberEmail`, or any dynamic resource with
 * its outputs, such as `pulumi-nodejs:dynamic:Resource`) and the native plugin's.
 * Only the member uin, the BindId and the organization id are read; they are not secret. A resource pending deletion is not
 * declared any more. A UTF-8 byte-order mark before the JSON is no part of it.
 */
export function declaredFromStackState(text: string): DeclaredMember[] {
  let document: unknown;
  try {
    document = JSON.parse(withoutByteOrderMark(text));
  } catch {
    throw new DeclaredInputError(
      "The stack state is not JSON: give the output of `pulumi stack export` (--stack-state FILE, or - for standard input).",
    );
  }
  const deployment = isRecord(document) ? document.deployment : undefined;
  const resources = isRecord(deployment) ? deployment.resources : undefined;
  if (!isRecord(document) || !isRecord(deployment) || (resources !== undefined && !Array.isArray(resources))) {
    throw new DeclaredInputError(
      'The stack state has no "deployment" with a "resources" list: give the output of `pulumi stack export`.',
    );
  }
  const declared = new Map<number, DeclaredMember>();
  for (const resource of resources ?? []) {
    if (!isRecord(resource) || resource.delete === true) continue;
    const outputs = isRecord(resource.outputs) ? resource.outputs : {};
    const type = typeof resource.type === "string" ? resource.type : "";
    const ours =
      type === NATIVE_RESOURCE_TYPE ||
      type === DYNAMIC_RESOURCE_TYPE ||
      (type.startsWith(DYNAMIC_TYPE_PREFIX) && OUTPUT_SHAPE.every((key) => Object.hasOwn(outputs, key)));
    if (!ours) continue;
    const inputs = isRecord(resource.inputs) ? resource.inputs : {};
    // A program may make memberUin secret; the resource id is the uin in decimal all the same.
    const memberUin = uinOf(outputs.memberUin) ?? uinOf(inputs.memberUin) ?? uinOf(resource.id);
    if (memberUin === undefined) continue;
    const bindId = uinOf(outputs.bindId);
    const organizationId = uinOf(outputs.organizationId);
    declared.set(memberUin, {
      memberUin,
      ...(bindId === undefined ? {} : { bindId }),
      ...(organizationId === undefined ? {} : { organizationId }),
    });
  }
  return [...declared.values()];
}

/**
 * The members of a team file, the YAML that examples/from-file reads and `discover --out` writes
 * (`members: [{ memberUin, email, countryCode, phone?, bindId? }]`): only `memberUin` and `bindId` are read.
 */
export function declaredFromTeamFile(text: string): DeclaredMember[] {
  let document: unknown;
  try {
    // YAML 1.2's core schema, as `discover --out` writes the file: a date-like value stays a string.
    document = load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    // The parser's message quotes the lines around the one it stopped at, which may hold an email or a phone.
    const line = isRecord(error) ? lineOf(error.mark) : "";
    throw new DeclaredInputError(`The team file is not YAML${line}: give the file examples/from-file reads.`);
  }
  const members = isRecord(document) ? document.members : undefined;
  if (!Array.isArray(members)) {
    throw new DeclaredInputError('The team file has no "members" list: give the file examples/from-file reads.');
  }
  return members.map((member, index) => {
    const memberUin = isRecord(member) ? uinOf(member.memberUin) : undefined;
    if (memberUin === undefined) {
      throw new DeclaredInputError(
        `Member ${index + 1} of the team file has no memberUin: each member needs one, such as memberUin: 100000000001.`,
      );
    }
    const bindId = isRecord(member) ? uinOf(member.bindId) : undefined;
    return bindId === undefined ? { memberUin } : { memberUin, bindId };
  });
}

/** The line of a parser's mark (`line` counts from 0) as the message names it, counted from 1. */
function lineOf(mark: unknown): string {
  return isRecord(mark) && typeof mark.line === "number" ? ` (line ${mark.line + 1})` : "";
}
