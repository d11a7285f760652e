/**
 * Dynamic resources whose provider does nothing: the floor of what the engine costs per resource, to
 * compare the member-email provider's preview against.
 */
import * as pulumi from "@pulumi/pulumi";
import { bindingProperties } from "./binding-properties";
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

/**
 * A do-nothing resource that declares the same properties as an OrganizationMemberEmail: every input and
 * output (see binding-properties.ts; undeclared ones are `undefined`, as in OrganizationMemberEmail). The
 * Node SDK's cost of constructing a resource grows with the properties it declares, so this is the fair
 * floor for the bindings. It is constructed the way OrganizationMemberEmail is, with `Error.stackTraceLimit`
 * at 0, so the SDK keeps no stack per promise (see provider/resource/construction.ts): the floor is the
 * least an engine and SDK can cost for such a resource, not a cost the bindings no longer pay.
 */
export class DoNothingFull extends pulumi.dynamic.Resource {
  /**
   * Declares a resource that costs the engine what a dynamic resource with these properties costs, and nothing more.
   * @param name The unique name of the resource in the stack.
   * @param binding The same inputs a binding has; email and phone are secrets, as in OrganizationMemberEmail.
   */
  constructor(name: string, binding: BenchBinding) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(
        doNothingProvider,
        name,
        bindingProperties(binding),
        { additionalSecretOutputs: ["email", "phone"] },
        "bench",
        "DoNothingFull",
      );
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}

/**
 * The floor the benchmark compared against first: a do-nothing resource that declares only the four
 * inputs, constructed as any dynamic resource is (the SDK keeps a stack per promise).
 */
export class DoNothing extends pulumi.dynamic.Resource {
  /**
   * Declares a resource with the inputs of a binding and no other property.
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

/** A program that declares one DoNothingFull per binding: the fair floor. */
export function fairFloorProgram(bindings: readonly BenchBinding[]): () => Promise<void> {
  return async () => {
    for (const binding of bindings) new DoNothingFull(`member-${binding.memberUin}`, binding);
  };
}

/** A program that declares one DoNothing (four inputs) per binding: the earlier floor. */
export function doNothingProgram(bindings: readonly BenchBinding[]): () => Promise<void> {
  return async () => {
    for (const binding of bindings) new DoNothing(`member-${binding.memberUin}`, binding);
  };
}
