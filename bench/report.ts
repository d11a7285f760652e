import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import { ensurePulumiCli, repositoryRoot } from "../scripts/engine";
import type { CpuSeconds } from "./cpu";
import type { PreviewComparison, PreviewRow } from "./preview";
import { limitRatio, median, RATE_LIMIT_PER_SECOND, retries, type ApplyResult } from "./support";

/** The Markdown report of a run: printed, and recorded in bench/results/latest.md. */

/** Everything one run measured. */
export interface BenchReport {
  /** When the run started. */
  readonly startedAt: Date;
  /** The command line, such as `npm run bench -- --only direct`. */
  readonly command: string;
  /** Seconds the whole run took. */
  readonly totalSeconds: number;
  /** Where it ran. */
  readonly machine: Machine;
  /**
   * The machine's 1-minute load average when the run started and when it ended: above the core count,
   * other work competed with the engine and the figures are slower than the machine can do.
   */
  readonly load: { readonly start: number; readonly end: number };
  /** The applies, in the order they ran. */
  readonly applies: readonly ApplyResult[];
  /** The preview comparison, if it ran. */
  readonly preview?: PreviewComparison;
  /** Goals missed (see goals.ts); empty when the run is good. */
  readonly missed: readonly string[];
}

const seconds = (value: number): string => value.toFixed(2);
const rate = (count: number, wallSeconds: number): string => (count / wallSeconds).toFixed(2);

function machineLines(machine: Machine): string[] {
  return [
    `- CPU: ${machine.cpu}, ${machine.cores} logical cores`,
    `- Memory: ${machine.memoryGiB.toFixed(1)} GiB`,
    `- OS: ${machine.os}`,
    `- Node.js ${machine.node}, Pulumi CLI ${machine.pulumiCli}, @pulumi/pulumi ${machine.pulumiSdk}`,
  ];
}

function applyTable(applies: readonly ApplyResult[]): string[] {
  return [
    "| scenario | N | wall s | API from–to s | Add req/s | Describe req/s | ratio to limit | retries | failures |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...applies.map(
      (result) =>
        `| ${result.scenario} (${result.setup}) | ${result.size} | ${seconds(result.wallSeconds)} | ${seconds(result.api.firstSeconds)}–${seconds(result.api.lastSeconds)} | ` +
        `${rate(result.addRequests, result.wallSeconds)} | ${rate(result.describeRequests, result.wallSeconds)} | ` +
        `${limitRatio(result).toFixed(3)} | ${retries(result)} | ${result.failures} |`,
    ),
  ];
}

function applyNotes(applies: readonly ApplyResult[]): string[] {
  const notes = [
    "",
    "- **wall s**: direct, from the first `create` call to the last one settled; engine, the whole `pulumi up` (engine start, " +
      "program, creates, final checkpoint).",
    "- **API from–to s**: when the emulator received the first and the last request, counted from the start of the wall time " +
      "(sampled every 5 ms). Before it: the engine starting and the program registering resources; after it: the final answers " +
      "and, under the engine, checkpoints and shutdown.",
    "- **Add req/s**, **Describe req/s**: requests the emulator received for the action ÷ wall s.",
    `- **ratio to limit**: bindings created a second (N ÷ wall s) ÷ ${RATE_LIMIT_PER_SECOND}, the per-action limit. Add is the ` +
      "bottleneck: every create queues for an Add slot, then makes one Describe. 1.0 = the Add limit busy from start to end. " +
      "N paced requests span N−1 gaps, so a small N can show slightly above 1.0.",
    "- **retries**: requests beyond the 2N a clean apply needs (one Add and one Describe per binding), not counting the one `DescribeOrganization` each provider process makes for the organization's id.",
    "- **failures**: creates that failed, or bindings missing or with another BindId in the emulator afterwards.",
  ];
  const failed = applies.filter((result) => result.firstFailure !== undefined);
  return [
    ...notes,
    ...failed.map((result) => `- First failure of ${result.scenario} N=${result.size}: ${result.firstFailure}`),
  ];
}

/** The median CPU seconds of a row's previews, each part on its own, and the median of their totals. */
export function medianCpu(row: PreviewRow): CpuSeconds & { readonly total: number } {
  return {
    program: median(row.cpu.map((cpu) => cpu.program)),
    provider: median(row.cpu.map((cpu) => cpu.provider)),
    engine: median(row.cpu.map((cpu) => cpu.engine)),
    total: median(row.cpu.map((cpu) => cpu.program + cpu.provider + cpu.engine)),
  };
}

/** The most the bindings' median preview may take, as a multiple of each floor's (rows 2 and 3). */
export const PREVIEW_GOALS: readonly number[] = [1.05, 1.1];

/** The bindings' median wall time ÷ the median of each floor (the rows after the first), in row order. */
export function previewRatios(
  preview: PreviewComparison,
): { readonly floor: PreviewRow; readonly wall: number; readonly cpu: number }[] {
  const [bindings, ...floors] = preview.rows;
  if (bindings === undefined) return [];
  return floors.map((floor) => ({
    floor,
    wall: median(bindings.seconds) / median(floor.seconds),
    cpu: medianCpu(bindings).total / medianCpu(floor).total,
  }));
}

function previewLines(preview: PreviewComparison): string[] {
  const eachRun = (row: PreviewRow): string =>
    row.seconds
      .map((wall, index) => {
        const cpu = row.cpu[index];
        return `${seconds(wall)} (${cpu === undefined ? "?" : seconds(cpu.program + cpu.provider + cpu.engine)})`;
      })
      .join(", ");
  const rowLine = (row: PreviewRow): string => {
    const cpu = medianCpu(row);
    return (
      `| ${preview.size} ${row.label} | ${seconds(row.upSeconds)} | ${seconds(median(row.seconds))} | ` +
      `${seconds(cpu.program)} | ${seconds(cpu.provider)} | ${seconds(cpu.engine)} | ${seconds(cpu.total)} | ${eachRun(row)} |`
    );
  };
  const ratios = previewRatios(preview).map(({ floor, wall, cpu }, index) => {
    const goal = PREVIEW_GOALS[index];
    const verdict = goal === undefined ? "" : ` (goal ≤ ${goal.toFixed(2)}: ${wall <= goal ? "met" : "missed"})`;
    return `- ÷ ${floor.label}: **${wall.toFixed(2)}** wall${verdict}, ${cpu.toFixed(2)} CPU`;
  });
  return [
    `## Preview of ${preview.size} unchanged resources`,
    "",
    `| stack | up s | preview s (median of ${preview.repeats}) | CPU s: program | provider | engine | total | each preview: wall s (CPU s) |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...preview.rows.map(rowLine),
    "",
    `The stacks were created by \`${preview.bindingsUp.setup}\`; the previews took turns between the stacks, with the same \`--parallel\`. ` +
      "CPU s are medians of user + system seconds per preview: **program** is the benchmark's own process, where the " +
      "Automation API runs the inline program; **engine** the `pulumi` processes; **provider** the processes the CLI " +
      "starts for the provider. Each is sampled from /proc every 0.1 s, so a process's last tenth of a second before it exits is not counted.",
    "",
    "Preview ratios, the bindings' median ÷ each floor's (1.00 = the provider adds nothing to that floor):",
    ...ratios,
    "",
    `The previews sent ${preview.previewRequests} API requests.`,
    ...(preview.firstFailure === undefined ? [] : ["", `First failure: ${preview.firstFailure}`]),
  ];
}

/** The whole report as Markdown. */
export function formatReport(report: BenchReport): string {
  const goalRun = report.applies.find((result) => result.scenario === "direct" && result.size === GOAL_SIZE);
  const verdict =
    report.missed.length === 0
      ? [
          goalRun
            ? `Goal met: direct N=${GOAL_SIZE} reached ${limitRatio(goalRun).toFixed(3)} of the limit (goal ≥ ${GOAL_RATIO}), no failures.`
            : "No failures.",
        ]
      : ["Goals missed:", ...report.missed.map((line) => `- ${line}`)];
  const lines = [
    "# Benchmark results",
    "",
    `Run \`${report.command}\` on ${report.startedAt.toISOString()}; it took ${report.totalSeconds.toFixed(0)} s.`,
    "",
    ...machineLines(report.machine),
    `- Load average (1 min): ${report.load.start.toFixed(2)} at the start, ${report.load.end.toFixed(2)} at the end`,
    "",
    ...(report.applies.length === 0
      ? []
      : [
          `## Apply N bindings against the emulator at ${RATE_LIMIT_PER_SECOND} requests/s per action`,
          "",
          ...applyTable(report.applies),
          ...applyNotes(report.applies),
          "",
        ]),
    ...(report.preview ? [...previewLines(report.preview), ""] : []),
    ...verdict,
  ];
  return `${lines.join("\n")}\n`;
}

/** The figures a run must reach to count as good; the benchmark exits non-zero when one is missed. */

/** The direct run whose rate is the acceptance figure. */
export const GOAL_SIZE = 200;

/** The least share of the limit that run must reach. */
export const GOAL_RATIO = 0.9;

/**
 * Sentences for each goal missed: any failure anywhere, the direct N = 200 rate below 0.9 of the limit, and
 * the bindings' preview above 1.05 times the fair floor's or 1.1 times the first floor's.
 */
export function missedGoals(applies: readonly ApplyResult[], preview: PreviewComparison | undefined): string[] {
  const missed: string[] = [];
  for (const result of applies) {
    if (result.failures > 0) {
      missed.push(
        `${result.scenario} N=${result.size}: ${result.failures} failures; first: ${result.firstFailure ?? "unknown"}`,
      );
    }
  }
  if (preview && preview.failures > 0) {
    missed.push(`preview N=${preview.size}: ${preview.failures} failures; first: ${preview.firstFailure ?? "unknown"}`);
  }
  for (const [index, { floor, wall }] of (preview ? previewRatios(preview) : []).entries()) {
    const goal = PREVIEW_GOALS[index];
    if (goal !== undefined && wall > goal) {
      missed.push(
        `the bindings' preview took ${wall.toFixed(2)} times the ${floor.label}'s; the goal is at most ${goal}.`,
      );
    }
  }
  const goalRun = applies.find((result) => result.scenario === "direct" && result.size === GOAL_SIZE);
  if (goalRun && limitRatio(goalRun) < GOAL_RATIO) {
    missed.push(
      `direct N=${GOAL_SIZE} reached ${limitRatio(goalRun).toFixed(3)} of the limit; the goal is at least ${GOAL_RATIO}.`,
    );
  }
  return missed;
}

/** The machine a run measured on, so recorded figures say where they came from. */

/** What the report says about the machine and the tools. */
export interface Machine {
  /** The first CPU's model name. */
  readonly cpu: string;
  /** Logical CPUs: the engine's default parallelism is 4 per CPU. */
  readonly cores: number;
  /** Total memory in GiB. */
  readonly memoryGiB: number;
  /** Operating system and kernel release. */
  readonly os: string;
  /** The Node.js version running the benchmark and the provider. */
  readonly node: string;
  /** What `pulumi version` prints for the CLI the engine runs use. */
  readonly pulumiCli: string;
  /** The version of @pulumi/pulumi the program and the provider load. */
  readonly pulumiSdk: string;
}

/** Describes this machine; asks the Pulumi CLI for its version, so it needs the CLI in place. */
export function describeMachine(): Machine {
  const processors = cpus();
  const sdkManifest = require.resolve("@pulumi/pulumi/package.json", { paths: [repositoryRoot] });
  const sdk = JSON.parse(readFileSync(sdkManifest, "utf8")) as { version?: unknown };
  return {
    cpu: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: totalmem() / 1024 ** 3,
    os: `${type()} ${release()}`,
    node: process.version,
    pulumiCli: execFileSync(ensurePulumiCli(), ["version"], { encoding: "utf8" }).trim(),
    pulumiSdk: typeof sdk.version === "string" ? sdk.version : "unknown",
  };
}
