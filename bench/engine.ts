/** N bindings applied by `pulumi up` under the real engine, against the emulator. */
import type { Stack } from "@pulumi/pulumi/automation";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";
import type { Emulator } from "tencentcloud-organization-emulator";
import {
  benchBindings,
  describeUp,
  emulatorConfig,
  errorSummary,
  requestCounts,
  stackBindings,
  upStack,
  verifyBindings,
  watchRequests,
  withEmulator,
  withStack,
  type ApplyResult,
  type BenchBinding,
  type UpSetup,
} from "./support";

/** A program that declares one OrganizationMemberEmail per binding. */
export function bindingsProgram(bindings: readonly BenchBinding[]): () => Promise<void> {
  return async () => {
    for (const binding of bindings) new OrganizationMemberEmail(`member-${binding.memberUin}`, { ...binding });
  };
}

/**
 * Runs `pulumi up` of `bindings` on `stack` (new, pointed at `emulator`), then checks that the state
 * holds every binding with the BindId the emulator stores. The wall time is the whole `up`: engine
 * start, program, creates and the final checkpoint.
 */
export async function upBindings(
  stack: Stack,
  emulator: Emulator,
  bindings: readonly BenchBinding[],
  setup: UpSetup,
): Promise<ApplyResult> {
  const watch = watchRequests(emulator);
  const started = performance.now();
  let upFailure: string | undefined;
  try {
    await upStack(stack, setup);
  } catch (error) {
    upFailure = `pulumi up failed: ${errorSummary(error)}`;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const api = watch.stop();
  const verification = verifyBindings(emulator, bindings, await stackBindings(stack));
  return {
    scenario: "engine",
    size: bindings.length,
    wallSeconds,
    api,
    ...requestCounts(emulator),
    // A failed up counts even when every binding came out right: something else in it broke.
    failures: Math.max(verification.failures, upFailure === undefined ? 0 : 1),
    firstFailure: upFailure ?? verification.firstFailure,
    setup: describeUp(setup),
  };
}

/** `pulumi up` of `size` bindings on a new stack and a fresh emulator. */
export async function runEngine(size: number, setup: UpSetup): Promise<ApplyResult> {
  const bindings = benchBindings(size);
  return withEmulator((emulator) =>
    withStack(`bench-engine-${size}`, bindingsProgram(bindings), { config: emulatorConfig(emulator) }, (stack) =>
      upBindings(stack, emulator, bindings, setup),
    ),
  );
}
