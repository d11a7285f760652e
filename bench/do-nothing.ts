/**
 * A dynamic resource whose provider does nothing: the floor of what the engine costs per resource, to
 * compare the member-email provider's preview against.
 */
import * as pulumi from "@pulumi/pulumi";
import type { BenchBinding } from "./support";

/**
 * The engine serializes this object into every resource's state and runs it in its provider process,
 * so it is a plain literal of arrow functions that capture nothing. It makes the same calls as the
 * real provider during a preview (check, then diff), answers them at once, and answers a create with
 * the outputs a binding has (the inputs and the API's fields, with fixed values), so the state it leaves
 * is the same size and shape as the real one.
 */
const doNothingProvider: pulumi.dynamic.ResourceProvider = {
  check: async (_olds: Record<string, unknown>, news: Record<string, unknown>) => ({ inputs: news }),
  diff: async () => ({ changes: false }),
  create: async (inputs: Record<string, unknown>) => ({
    id: String(inputs.memberUin),
    outs: {
      ...inputs,
      bindId: 1,
      bindStatus: "Valid",
      applyTime: "2026-01-01 00:00:00",
      bindTime: "",
      description: "",
      phoneBind: 0,
    },
  }),
};

/** A resource of the do-nothing provider, with the same inputs as an OrganizationMemberEmail. */
export class DoNothing extends pulumi.dynamic.Resource {
  /**
   * Declares a resource that costs the engine what any dynamic resource costs, and nothing more.
   * @param name The unique name of the resource in the stack.
   * @param binding The same inputs a binding has; email and phone are secrets, as in OrganizationMemberEmail.
   */
  constructor(name: string, binding: BenchBinding) {
    super(
      doNothingProvider,
      name,
      { ...binding, email: pulumi.secret(binding.email), phone: pulumi.secret(binding.phone) },
      { additionalSecretOutputs: ["email", "phone"] },
      "bench",
      "DoNothing",
    );
  }
}

/** A program that declares one DoNothing per binding. */
export function doNothingProgram(bindings: readonly BenchBinding[]): () => Promise<void> {
  return async () => {
    for (const binding of bindings) new DoNothing(`member-${binding.memberUin}`, binding);
  };
}
