/**
 * The preview's subject of the native provider plugin (`pulumi-resource-tencentcloud-member-email`,
 * provider/plugin/): the same bindings, declared as the plugin's resource type, so the engine runs the
 * lifecycle in the plugin's process instead of the dynamic-provider host.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../scripts/engine";
import type { PreviewSubject } from "./preview";
import { PACKAGE_NAME, RESOURCE_TOKEN } from "../provider/plugin/schema";
import { bindingProperties } from "./binding-properties";
import { RATE_LIMIT_PER_SECOND, type BenchBinding, type StackSetup } from "./support";

/** The folder of the plugin's executable in this checkout (`npm run build` compiles what it runs). */
const PLUGIN_FOLDER = join(repositoryRoot, "bin");

/**
 * A binding declared through the plugin. No SDK is generated for Node.js, so it is a plain CustomResource
 * of the plugin's type, declaring the same properties as OrganizationMemberEmail and constructed the same
 * way (without the SDK's stack per promise, see provider/resource/construction.ts), so the program side
 * costs what the dynamic resource's does and the rows differ by their provider process.
 */
class NativeBinding extends pulumi.CustomResource {
  constructor(name: string, binding: BenchBinding) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(RESOURCE_TOKEN, name, bindingProperties(binding), {
        additionalSecretOutputs: ["email", "phone"],
      });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}

function nativeProgram(bindings: readonly BenchBinding[]): () => Promise<void> {
  return async () => {
    for (const binding of bindings) new NativeBinding(`member-${binding.memberUin}`, binding);
  };
}

/**
 * The project's plugin declaration and the plugin's own config namespace, pointed at `emulator`. Throws a
 * message that says what is missing when the checkout has no plugin, so the row never measures something else.
 */
function nativeSetup(emulator: Emulator): StackSetup {
  const executable = join(PLUGIN_FOLDER, `pulumi-resource-${PACKAGE_NAME}`);
  if (!existsSync(executable)) {
    throw new Error(`The preview's native row runs the native provider plugin, and ${executable} is missing.`);
  }
  return {
    projectYaml: `plugins:\n  providers:\n    - name: ${PACKAGE_NAME}\n      path: ${PLUGIN_FOLDER}\n`,
    config: {
      [`${PACKAGE_NAME}:organizationEndpoint`]: { value: emulator.url },
      [`${PACKAGE_NAME}:secretId`]: { value: emulator.secretId },
      [`${PACKAGE_NAME}:secretKey`]: { value: emulator.secretKey, secret: true },
      [`${PACKAGE_NAME}:organizationRateLimit`]: { value: String(RATE_LIMIT_PER_SECOND) },
    },
  };
}

/**
 * The preview's row of the native plugin. Its stack binds the same members to the same emails as the
 * bindings' stack, against the same emulator, so its up adopts those bindings (the lifecycle's answer to
 * `FailedOperation.MemberEmailExist`) rather than creating new ones; the previews, which are measured, are the same.
 */
export const NATIVE_SUBJECT: PreviewSubject = {
  label: "OrganizationMemberEmail through the native plugin",
  stackName: "native",
  program: nativeProgram,
  setup: nativeSetup,
};
