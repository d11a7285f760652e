/**
 * `pulumi preview` of N unchanged bindings against the same preview of N do-nothing resources: how much
 * the member-email provider adds to the engine's own cost when nothing changed.
 */
import type { PreviewResult as EnginePreview, Stack } from "@pulumi/pulumi/automation";
import type { Emulator } from "tencentcloud-organization-emulator";
import { watchCpu, type CpuSeconds } from "./cpu";
import { doNothingProgram, fairFloorProgram } from "./do-nothing";
import { bindingsProgram, upBindings } from "./engine";
import { NATIVE_SUBJECT } from "./native";
import {
  benchBindings,
  emulatorConfig,
  ENGINE_PARALLEL,
  errorSummary,
  upStack,
  withEmulator,
  withStack,
  type ApplyResult,
  type BenchBinding,
  type StackSetup,
  type UpSetup,
} from "./support";

/**
 * The ups that build the stacks are set-up, not what this benchmark measures: skipping the intermediate
 * checkpoints cuts them from minutes to about a minute at N = 1000 and leaves the same final state. The
 * previews write no checkpoints either way.
 */
const SETUP_UP: UpSetup = { skipCheckpoints: true };

/** One stack the previews take turns on. */
export interface PreviewSubject {
  /** What the stack holds, for the report, such as "1000 OrganizationMemberEmail". */
  readonly label: string;
  /** The stack's name. */
  readonly stackName: string;
  /** The program that declares the stack's resources. */
  readonly program: (bindings: readonly BenchBinding[]) => () => Promise<void>;
  /** What the stack needs besides its program, such as the config that points its provider at the emulator. */
  readonly setup: (emulator: Emulator) => StackSetup;
}

/**
 * The stacks compared, bindings first: the ratios are the bindings' figures ÷ each other row's, and the
 * goals apply to the two floors. The last row is the same bindings through the native plugin (native.ts).
 */
export const PREVIEW_SUBJECTS: readonly PreviewSubject[] = [
  {
    label: "OrganizationMemberEmail",
    stackName: "bindings",
    program: bindingsProgram,
    setup: (emulator) => ({ config: emulatorConfig(emulator) }),
  },
  {
    label: "do-nothing, same properties (fair floor)",
    stackName: "fair-floor",
    program: fairFloorProgram,
    setup: () => ({}),
  },
  {
    label: "do-nothing, 5 properties (first floor)",
    stackName: "floor-5",
    program: doNothingProgram,
    setup: () => ({}),
  },
  NATIVE_SUBJECT,
];

/** What the previews of one stack measured. */
export interface PreviewRow {
  /** The subject's label. */
  readonly label: string;
  /** Seconds of the `up` that created the stack. */
  readonly upSeconds: number;
  /** Seconds of each preview. */
  readonly seconds: readonly number[];
  /** CPU seconds of each preview, by process. */
  readonly cpu: readonly CpuSeconds[];
}

/** What the preview comparison measured. */
export interface PreviewComparison {
  /** Resources in each stack. */
  readonly size: number;
  /** How many times each preview ran; the report uses the median. */
  readonly repeats: number;
  /** One row per subject, bindings first, in the order of {@link PREVIEW_SUBJECTS}. */
  readonly rows: readonly PreviewRow[];
  /** The `up` that created the bindings: a large engine run, reported (with its failures) among the applies. */
  readonly bindingsUp: ApplyResult;
  /** API requests the emulator received during the previews: none are expected. */
  readonly previewRequests: number;
  /** Previews that failed or did not show every resource unchanged, and failed ups of the floors. */
  readonly failures: number;
  /** What went wrong first, for the report. */
  readonly firstFailure?: string;
}

/** One preview's seconds and CPU, or why it does not count: it must succeed and find every resource (and the stack) the same. */
async function timePreview(
  stack: Stack,
  size: number,
): Promise<{ seconds: number; cpu: CpuSeconds; failure?: string }> {
  const cpu = watchCpu();
  const started = performance.now();
  let preview: EnginePreview;
  try {
    preview = await stack.preview({ parallel: ENGINE_PARALLEL });
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    return { seconds, cpu: cpu.stop(), failure: `preview failed: ${errorSummary(error)}` };
  }
  const seconds = (performance.now() - started) / 1000;
  const spent = cpu.stop();
  const summary = JSON.stringify(preview.changeSummary);
  return summary === JSON.stringify({ same: size + 1 })
    ? { seconds, cpu: spent }
    : { seconds, cpu: spent, failure: `preview of ${stack.name} showed ${summary}` };
}

/** A stack made for one subject, with the up that created it. */
interface PreparedStack {
  readonly stack: Stack;
  readonly upSeconds: number;
}

/**
 * Opens a stack per subject (nested, so each is removed however the run ends), ups it, then runs `use`
 * with all of them. The bindings' up is checked against the emulator and kept for the report.
 */
async function withSubjectStacks<T>(
  subjects: readonly PreviewSubject[],
  bindings: readonly BenchBinding[],
  emulator: Emulator,
  failures: string[],
  use: (stacks: readonly PreparedStack[], bindingsUp: ApplyResult) => Promise<T>,
  prepared: readonly PreparedStack[] = [],
  bindingsUp?: ApplyResult,
): Promise<T> {
  const [subject, ...rest] = subjects;
  if (subject === undefined) {
    if (bindingsUp === undefined) throw new Error("The preview subjects must start with the bindings.");
    return use(prepared, bindingsUp);
  }
  const name = `bench-${subject.stackName}-${bindings.length}`;
  return withStack(name, subject.program(bindings), subject.setup(emulator), async (stack) => {
    const started = performance.now();
    let up = bindingsUp;
    if (bindingsUp === undefined) {
      // Its failures are the apply's own: run.ts reports this up with the other applies.
      up = await upBindings(stack, emulator, bindings, SETUP_UP);
    } else {
      try {
        const result = await upStack(stack, SETUP_UP);
        const created = result.summary.resourceChanges?.create ?? 0;
        if (created !== bindings.length + 1) {
          failures.push(`up of ${subject.label} created ${created}, not ${bindings.length + 1}`);
        }
      } catch (error) {
        failures.push(`up of ${subject.label} failed: ${errorSummary(error)}`);
      }
    }
    const upSeconds = (performance.now() - started) / 1000;
    return withSubjectStacks(rest, bindings, emulator, failures, use, [...prepared, { stack, upSeconds }], up);
  });
}

/**
 * Ups `size` resources of each subject (the bindings against a fresh emulator), then previews the stacks
 * in turn, `repeats` times each. Taking turns spreads any other load on the machine over every side, so it
 * skews their ratios less than running all of one side first. The stacks are new and use the same engine
 * parallelism, so the difference is what each resource costs the program, the provider and the engine.
 */
export async function runPreview(
  size: number,
  repeats: number,
  subjects: readonly PreviewSubject[] = PREVIEW_SUBJECTS,
): Promise<PreviewComparison> {
  const bindings = benchBindings(size);
  const failures: string[] = [];
  return withEmulator((emulator) =>
    withSubjectStacks(subjects, bindings, emulator, failures, async (stacks, bindingsUp) => {
      const before = emulator.requestCount();
      const seconds = stacks.map((): number[] => []);
      const cpu = stacks.map((): CpuSeconds[] => []);
      for (let run = 0; run < repeats; run += 1) {
        for (const [index, { stack }] of stacks.entries()) {
          const result = await timePreview(stack, size);
          seconds[index].push(result.seconds);
          cpu[index].push(result.cpu);
          if (result.failure) failures.push(result.failure);
        }
      }
      const previewRequests = emulator.requestCount() - before;
      if (previewRequests > 0) failures.push(`the previews sent ${previewRequests} API requests; none were expected`);
      return {
        size,
        repeats,
        rows: stacks.map(({ upSeconds }, index) => ({
          label: subjects[index].label,
          upSeconds,
          seconds: seconds[index],
          cpu: cpu[index],
        })),
        bindingsUp,
        previewRequests,
        failures: failures.length,
        firstFailure: failures[0],
      };
    }),
  );
}
