/** The bindings a stack's state holds, read back through `pulumi stack export`. */
import type { Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import type { ReportedBinding } from "./verify-bindings";

/** The part of an exported deployment the benchmarks read. */
const exported = z.object({
  deployment: z.object({
    resources: z
      .array(z.object({ type: z.string(), id: z.string().optional(), outputs: z.record(z.string(), z.unknown()).optional() }))
      .optional(),
  }),
});

/** The resource type the engine records for OrganizationMemberEmail (a dynamic resource of module `tencentcloud`). */
const BINDING_TYPE = "pulumi-nodejs:dynamic/tencentcloud:OrganizationMemberEmail";

/** Each OrganizationMemberEmail in the stack's state, by member uin (its id), with the BindId it stores. */
export async function stackBindings(stack: Stack): Promise<Map<number, ReportedBinding>> {
  const { deployment } = exported.parse(await stack.exportStack());
  const bindings = new Map<number, ReportedBinding>();
  for (const resource of deployment.resources ?? []) {
    if (resource.type !== BINDING_TYPE || resource.id === undefined) continue;
    bindings.set(Number(resource.id), { bindId: resource.outputs?.bindId });
  }
  return bindings;
}
