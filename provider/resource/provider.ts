import type * as pulumi from "@pulumi/pulumi";
import type * as lifecycleModule from "./lifecycle";

/**
 * The engine serializes the provider object, with everything it captures, into the stack's state and
 * evaluates it in its own provider process. So the object captures nothing: each method loads the
 * implementation by package name when it runs (as Pulumi's closure serializer recommends for code that
 * should not be copied into the state), which resolves the same from `node_modules`, from a linked
 * checkout, and on another machine that refreshes the stack, and keeps credentials, SDK clients and
 * rate limiters out of the state. The code that runs is the one installed where `pulumi` runs.
 *
 * The subpath `internal/lifecycle` is that seam and nothing more; stacks written by 0.1.0 load the
 * same module through its earlier name, `pulumi-tencentcloud-member-email/lifecycle`, which stays.
 */
function lifecycle(): typeof lifecycleModule {
  try {
    return require("pulumi-tencentcloud-member-email/internal/lifecycle");
  } catch (error) {
    throw packageNotFound(error);
  }
}

/**
 * The error for a package the engine's provider process cannot load by name: installed under an npm alias,
 * only as another package's dependency under pnpm, or bundled into the program (the README's Install section
 * says which layouts work). Serialized with the provider into every binding's state, so it uses nothing but
 * globals and stays short: the serialized text travels with each binding through every preview. Any other
 * failure is passed on as it was.
 */
function packageNotFound(error: unknown): unknown {
  const name = "pulumi-tencentcloud-member-email";
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (code !== "MODULE_NOT_FOUND" || !(error as Error).message.includes(`'${name}/`)) return error;
  return new Error(
    `${name} cannot be loaded by its name from ${process.cwd()}: install it there under that name ` +
      `(npm install ${name}); an npm alias, a pnpm install as another package's dependency, or a bundle cannot be loaded.`,
  );
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
