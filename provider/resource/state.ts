/**
 * What a binding keeps in the stack's state, and the two ways in and out of it: the state a step answers
 * (from the inputs and what the API said) and the stored state a step reads back.
 */
import * as v from "valibot";
import type { RemoteBinding } from "../api/client";
import type { BindingInputs } from "./validate";

/** What a binding keeps in the stack's state: its inputs and what the API said about it. */
export interface MemberEmailState extends Omit<BindingInputs, "phone"> {
  /** The phone as declared, or as the API shows it (masked, such as `18***32`) when the program declares none. */
  readonly phone: string;
  /** The binding's id in Tencent Cloud. */
  readonly bindId: number;
  /** `Valid` (waiting for the member to activate it), `Success` or `Failed`. */
  readonly bindStatus: string;
  /** When the binding was requested. */
  readonly applyTime: string;
  /** When the member activated it, or empty. */
  readonly bindTime: string;
  /** Why the binding failed, or empty. */
  readonly description: string;
  /** 1 when the security phone is bound, else 0. */
  readonly phoneBind: number;
  /** The organization the binding belongs to (DescribeOrganization's OrgId); absent in state written by 0.1.0. */
  readonly organizationId?: number;
  /**
   * Modifications the stack made to the binding while it waited for activation: Tencent Cloud allows 3.
   * Activation resets nothing; a failed binding given a new email starts from 0.
   */
  readonly modificationsBeforeActivation?: number;
}

/** The stored state the steps read back (diff, read, update): what they need of it, checked. */
export const storedState = v.object({
  memberUin: v.number(),
  email: v.string(),
  countryCode: v.string(),
  phone: v.string(),
  allowEmailUpdate: v.optional(v.boolean()),
  activationReminder: v.optional(v.string()),
  bindId: v.number(),
  bindStatus: v.optional(v.string()),
  applyTime: v.optional(v.string()),
  description: v.optional(v.string()),
  organizationId: v.optional(v.number()),
  modificationsBeforeActivation: v.optional(v.number()),
});

/** A binding's stored state, as {@link parseState} answers it. */
export type StoredState = v.InferOutput<typeof storedState>;

/** The stored state of a binding; state that lacks what the steps need fails, saying to refresh it. */
export function parseState(olds: Record<string, unknown>): StoredState {
  const parsed = v.safeParse(storedState, olds);
  if (!parsed.success) {
    const fields = parsed.issues.map((issue) => v.getDotPath(issue)).join(", ");
    throw new Error(
      `The stack's state of this OrganizationMemberEmail is incomplete (${fields}); run \`pulumi refresh\` to read it again.`,
    );
  }
  return parsed.output;
}

/** The state of a binding; a phone the program does not declare is kept as the API shows it, masked. */
export function toState(
  inputs: BindingInputs,
  remote: RemoteBinding | undefined,
  bindId: number | undefined,
): MemberEmailState {
  const resolvedBindId = bindId ?? remote?.bindId;
  if (resolvedBindId === undefined) {
    throw new Error(
      `AddOrganizationMemberEmail for member ${inputs.memberUin} answered without a BindId and the binding could not be read back; run \`pulumi refresh\`.`,
    );
  }
  return {
    ...inputs,
    phone: inputs.phone ?? remote?.maskedPhone ?? "",
    bindId: resolvedBindId,
    bindStatus: remote?.bindStatus ?? "Valid",
    applyTime: remote?.applyTime ?? "",
    bindTime: remote?.bindTime ?? "",
    description: remote?.description ?? "",
    phoneBind: remote?.phoneBind ?? 0,
  };
}
