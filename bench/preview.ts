/**
 * `pulumi preview` of N unchanged bindings against the same preview of N do-nothing resources: how much
 * the member-email provider adds to the engine's own cost when nothing changed.
 */
import type { PreviewResult as EnginePreview, Stack } from "@pulumi/pulumi/automation";
import { doNothingProgram } from "./do-nothing";
import { bindingsProgram, upBindings } from "./engine";
import {
  benchBindings,
  ENGINE_PARALLEL,
  errorSummary,
  upStack,
  withEmulator,
  withStack,
  type ApplyResult,
  type UpSetup,
} from "./support";

/**
 * The ups that build the two stacks are set-up, not what this benchmark measures: skipping the
 * intermediate checkpoints cuts them from minutes to about a minute at N = 1000 and leaves the same
 * final state. The previews write no checkpoints either way.
 */
const SETUP_UP: UpSetup = { skipCheckpoints: true };

/** What the preview comparison measured. */
export interface PreviewComparison {
  /** Resources in each stack. */
  readonly size: number;
  /** How many times each preview ran; the report uses the median. */
  readonly repeats: number;
  /** Seconds of each preview of the unchanged bindings. */
  readonly bindingsSeconds: readonly number[];
  /** Seconds of each preview of the do-nothing resources. */
  readonly floorSeconds: readonly number[];
  /** The `up` that created the bindings: a large engine run, reported (with its failures) among the applies. */
  readonly bindingsUp: ApplyResult;
  /** Seconds of the `up` that created the do-nothing resources. */
  readonly floorUpSeconds: number;
  /** API requests the emulator received during the bindings' previews: none are expected. */
  readonly previewRequests: number;
  /** Previews that failed or did not show every resource unchanged, and a failed up of the do-nothing stack. */
  readonly failures: number;
  /** What went wrong first, for the report. */
  readonly firstFailure?: string;
}

/** One preview's seconds, or why it does not count: it must succeed and find every resource (and the stack) the same. */
async function timePreview(stack: Stack, size: number): Promise<{ seconds: number; failure?: string }> {
  const started = performance.now();
  let preview: EnginePreview;
  try {
    preview = await stack.preview({ parallel: ENGINE_PARALLEL });
  } catch (error) {
    return { seconds: (performance.now() - started) / 1000, failure: `preview failed: ${errorSummary(error)}` };
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = JSON.stringify(preview.changeSummary);
  return summary === JSON.stringify({ same: size + 1 })
    ? { seconds }
    : { seconds, failure: `preview of ${stack.name} showed ${summary}` };
}

/**
 * Ups `size` bindings against a fresh emulator and `size` do-nothing resources, then previews the two
 * stacks in turn, `repeats` times each. Taking turns spreads any other load on the machine over both
 * sides, so it skews their ratio less than running all of one side first. Both stacks are new, use
 * the same engine parallelism and hold the same inputs and outputs, so the difference is the provider's
 * own work in its process: loading its modules, then check and diff.
 */
export async function runPreview(size: number, repeats: number): Promise<PreviewComparison> {
  const bindings = benchBindings(size);
  const failures: string[] = [];
  return withEmulator((emulator) =>
    withStack(`bench-preview-${size}`, bindingsProgram(bindings), emulator, async (bindingsStack) => {
      // Its failures are the apply's own: run.ts reports this up with the other applies.
      const bindingsUp = await upBindings(bindingsStack, emulator, bindings, SETUP_UP);
      return withStack(`bench-floor-${size}`, doNothingProgram(bindings), undefined, async (floorStack) => {
        const started = performance.now();
        try {
          const up = await upStack(floorStack, SETUP_UP);
          const created = up.summary.resourceChanges?.create ?? 0;
          if (created !== size + 1) failures.push(`up of the do-nothing resources created ${created}, not ${size + 1}`);
        } catch (error) {
          failures.push(`up of the do-nothing resources failed: ${errorSummary(error)}`);
        }
        const floorUpSeconds = (performance.now() - started) / 1000;
        const before = emulator.requestCount();
        const bindingsSeconds: number[] = [];
        const floorSeconds: number[] = [];
        for (let run = 0; run < repeats; run += 1) {
          for (const [stack, seconds] of [
            [bindingsStack, bindingsSeconds],
            [floorStack, floorSeconds],
          ] as const) {
            const result = await timePreview(stack, size);
            seconds.push(result.seconds);
            if (result.failure) failures.push(result.failure);
          }
        }
        const previewRequests = emulator.requestCount() - before;
        if (previewRequests > 0) failures.push(`the previews sent ${previewRequests} API requests; none were expected`);
        return {
          size,
          repeats,
          bindingsSeconds,
          floorSeconds,
          bindingsUp,
          floorUpSeconds,
          previewRequests,
          failures: failures.length,
          firstFailure: failures[0],
        };
      });
    }),
  );
}
