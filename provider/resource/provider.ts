import * as pulumi from "@pulumi/pulumi";
import type * as lifecycleModule from "./lifecycle";

/**
 * The engine keeps a dynamic resource's provider in the stack's state, as text (`__provider`), and evaluates it in
 * its own provider process. So the provider captures nothing: its methods load the implementation by package name
 * when they run (as Pulumi's closure serializer recommends for code that should not be copied into the state),
 * which resolves the same from `node_modules`, from a linked checkout, and on another machine that refreshes the
 * stack, and keeps credentials, SDK clients and rate limiters out of the state. The code that runs is the one
 * installed where `pulumi` runs.
 *
 * The subpath `internal/lifecycle` is that seam and nothing more; stacks written by 0.1.0 load the same module
 * through its earlier name, `pulumi-tencentcloud-member-email/lifecycle`, which stays.
 */
function lifecycle(): typeof lifecycleModule {
  try {
    return require("pulumi-tencentcloud-member-email/internal/lifecycle");
  } catch (error) {
    throw packageNotFound(error);
  }
}

/** What to do about a package the provider process cannot load by name: the end of that error, in both providers. */
const INSTALL_ADVICE =
  "install it there under that name (npm install pulumi-tencentcloud-member-email); an npm alias, a pnpm install " +
  "as another package's dependency, or a bundle cannot be loaded.";

/**
 * The error for a package the engine's provider process cannot load by name: installed under an npm alias,
 * only as another package's dependency under pnpm, or bundled into the program (the README's Install section
 * says which layouts work). It uses nothing but globals and a string, since it runs wherever the provider is
 * evaluated. Any other failure is passed on as it was.
 */
function packageNotFound(error: unknown): unknown {
  const name = "pulumi-tencentcloud-member-email";
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (code !== "MODULE_NOT_FOUND" || !(error as Error).message.includes(`'${name}/`)) return error;
  return new Error(`${name} cannot be loaded by its name from ${process.cwd()}: ${INSTALL_ADVICE}`);
}

/**
 * The dynamic provider behind {@link OrganizationMemberEmail}. Its methods can also be called directly;
 * without `configure`, they read credentials and endpoint from the environment.
 */
export const memberEmailProvider: pulumi.dynamic.ResourceProvider = {
  configure: (request) => lifecycle().configure(request),
  check: (olds, news) => lifecycle().check(olds, news),
  diff: (id, olds, news) => lifecycle().diff(id, olds, news),
  create: (inputs) => lifecycle().create(inputs),
  read: (id, props) => lifecycle().read(id, props),
  update: (id, olds, news) => lifecycle().update(id, olds, news),
  delete: (id, props) => lifecycle().delete(id, props),
};

/**
 * The text every binding carries as its provider (`__provider`, in its inputs and its outputs), in the form the
 * engine's dynamic-provider host evaluates: a module whose `exports.handler()` answers the provider. It is
 * {@link memberEmailProvider} written by hand: the same methods (the lifecycle module's exports, loaded by package
 * name in the provider process) and the same error when the package cannot be loaded.
 *
 * Why by hand: the Node SDK's closure serializer wraps each of the seven methods and each helper in a function of
 * its own, 3.3 kB of text, and that text travels with every binding through every preview: in the program's
 * request and the engine's answer, in the provider's check and diff, in the state. The SDK encodes and decodes
 * protobuf strings a character at a time, so the program spent about 0.8 s more CPU on a preview of 1000
 * bindings than on 1000 do-nothing resources with the same properties (bench/README.md). This text is 0.5 kB.
 * The host's format is the one every dynamic resource's state holds, which the host must go on evaluating.
 */
export const serializedProvider = `exports.handler = () => {
  const name = "pulumi-tencentcloud-member-email";
  try {
    return require(name + "/internal/lifecycle");
  } catch (error) {
    if (error?.code !== "MODULE_NOT_FOUND" || !String(error.message).includes("'" + name + "/")) throw error;
    throw new Error(name + " cannot be loaded by its name from " + process.cwd() + ": " + ${JSON.stringify(INSTALL_ADVICE)});
  }
};
`;

/** The property `pulumi.dynamic.Resource` stores its serialized provider in. */
const PROVIDER_PROPERTY = "__provider";

/**
 * {@link serializedProvider}, once `sdkText` (the SDK's serialization of the provider, an output) is done: one
 * output per SDK text, which the SDK caches per provider object, so all the bindings of a program share one.
 */
const serializedProviders = new WeakMap<object, pulumi.Output<string>>();

function serializedProviderAfter(sdkText: unknown): pulumi.Output<string> {
  if (typeof sdkText !== "object" || sdkText === null) return pulumi.output(serializedProvider);
  let text = serializedProviders.get(sdkText);
  if (text === undefined) {
    text = pulumi.output(sdkText).apply(() => serializedProvider);
    serializedProviders.set(sdkText, text);
  }
  return text;
}

/**
 * `inputs`, to hand to `pulumi.dynamic.Resource`'s constructor, which stores its own serialization of the provider
 * in them: that one assignment stores {@link serializedProvider} instead, once the SDK's text is done, and any
 * other goes through. The SDK serializes {@link memberEmailProvider} once per program; waiting for it keeps a
 * failure to serialize it the binding's error, as before, and leaves no serialization running after the program.
 * Should a version of the SDK stop assigning into the object it is given, the binding carries the SDK's own
 * text, which does the same, only longer.
 */
export function withSerializedProvider(inputs: Record<string, unknown>): Record<string, unknown> {
  return new Proxy(inputs, {
    set: (target, property, value) =>
      Reflect.set(target, property, property === PROVIDER_PROPERTY ? serializedProviderAfter(value) : value),
  });
}
