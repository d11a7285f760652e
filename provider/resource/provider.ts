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
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("pulumi-tencentcloud-member-email/internal/lifecycle");
  } catch (error) {
    throw packageNotFound(error);
  }
}

/**
 * The error for a package the engine's provider process cannot load by name: installed under an npm alias,
 * only as another package's dependency under pnpm, or bundled into the program. Serialized with the
 * provider, so it uses nothing but globals; any other failure is passed on as it was.
 */
function packageNotFound(error: unknown): unknown {
  const name = "pulumi-tencentcloud-member-email";
  const fields = typeof error === "object" && error !== null ? (error as { code?: unknown; message?: unknown }) : {};
  const message = typeof fields.message === "string" ? fields.message : "";
  if (fields.code !== "MODULE_NOT_FOUND" || !message.includes(`'${name}/`)) return error;
  return new Error(
    `The OrganizationMemberEmail provider could not load its package, ${name}, by that name from ` +
      `${process.cwd()}: the engine runs the provider from the stack's state and loads the package the way ` +
      `require("${name}") does from the folder where pulumi runs. Install it under its own name in that ` +
      `project: npm install ${name}. An npm alias (npm install other-name@npm:${name}), a pnpm install that ` +
      "has it only as another package's dependency, and a program bundled without node_modules cannot be loaded.",
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
