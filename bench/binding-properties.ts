/**
 * The properties a benchmark's binding declares: the four inputs with their values (email and phone secret, as
 * in OrganizationMemberEmail) and every other property of a binding as an `undefined` placeholder. The names come
 * from the plugin's schema, which lists what OrganizationMemberEmail declares, so a floor or a native row never
 * declares fewer properties than the bindings it is compared with (the Node SDK's cost grows with each one).
 */
import * as pulumi from "@pulumi/pulumi";
import { bindingPropertyNames } from "../provider/plugin/schema";
import type { BenchBinding } from "./support";

/** The properties to construct a benchmark's binding with. */
export function bindingProperties(binding: BenchBinding): Record<string, unknown> {
  return {
    ...Object.fromEntries(bindingPropertyNames.map((name) => [name, undefined])),
    memberUin: binding.memberUin,
    email: pulumi.secret(binding.email),
    countryCode: binding.countryCode,
    phone: pulumi.secret(binding.phone),
  };
}
