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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("pulumi-tencentcloud-member-email/internal/lifecycle");
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
