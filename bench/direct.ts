/** N creates through the provider, called directly in this process, all issued at once. */
import { memberEmailProvider } from "pulumi-tencentcloud-member-email";
import {
  benchBindings,
  requestCounts,
  useEmulatorEnvironment,
  verifyBindings,
  watchRequests,
  withEmulator,
  type ApplyResult,
  type ReportedBinding,
} from "./support";

/**
 * Creates `size` bindings against a fresh emulator with every `create` started at once, as an engine
 * with unlimited parallelism would, so only the provider's own pacing decides how fast they go. The
 * provider's limiter is module state shared by the whole process, which is also what the engine's
 * provider process does with hundreds of resources.
 */
export async function runDirect(size: number): Promise<ApplyResult> {
  const bindings = benchBindings(size);
  return withEmulator(async (emulator) => {
    const restoreEnvironment = useEmulatorEnvironment(emulator);
    try {
      // The first call loads the provider's modules (the SDK, valibot, libphonenumber: about 0.2 s once per
      // process); a check, which calls no API, pays that before the clock starts so N=50 measures pacing.
      await memberEmailProvider.check?.({}, { ...bindings[0] });
      const watch = watchRequests(emulator);
      const started = performance.now();
      const settled = await Promise.allSettled(bindings.map((binding) => memberEmailProvider.create({ ...binding })));
      const wallSeconds = (performance.now() - started) / 1000;
      const api = watch.stop();
      const reported = new Map<number, ReportedBinding>(
        settled.map((outcome, index) => [
          bindings[index].memberUin,
          outcome.status === "fulfilled"
            ? { bindId: (outcome.value.outs as { bindId?: unknown } | undefined)?.bindId }
            : { error: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason) },
        ]),
      );
      return {
        scenario: "direct",
        size,
        wallSeconds,
        api,
        ...requestCounts(emulator),
        ...verifyBindings(emulator, bindings, reported),
        setup: "provider.create x N at once",
      };
    } finally {
      restoreEnvironment();
    }
  });
}
