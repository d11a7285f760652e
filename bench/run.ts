/**
 * `npm run bench`: applies N bindings through the provider at the 20/s limit (directly and under the
 * engine), compares a preview of unchanged bindings with the engine's floor, prints a Markdown report
 * and records a full run in bench/results/latest.md. Progress goes to stderr, the report to stdout;
 * the exit code is 1 when a goal is missed (see report.ts).
 */
import { renameSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEMO_MEMBERS } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../scripts/engine";
import { runDirect } from "./direct";
import { runEngine } from "./engine";
import { runPreview, type PreviewComparison } from "./preview";
import { REDIS_INSTALL_ADVICE, redisInstalled, startRedis } from "../scripts/redis-server";
import {
  formatRunners,
  measureRunners,
  missedRunnersGoals,
  type DirectReference,
  type RunnersLimiter,
  type RunnersRow,
} from "./runners";
import { describeMachine, formatReport, missedGoals } from "./report";
import {
  RATE_LIMIT_PER_SECOND,
  describeUp,
  limitRatio,
  median,
  retries,
  withEmulator,
  type ApplyResult,
} from "./support";

/** Where a full run is recorded. */
const RESULTS_FILE = join(repositoryRoot, "bench", "results", "latest.md");

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function summary(result: ApplyResult): string {
  return (
    `${result.scenario} N=${result.size}: ${result.wallSeconds.toFixed(2)} s, ratio ${limitRatio(result).toFixed(3)}, ` +
    `${retries(result)} retries, ${result.failures} failures`
  );
}

async function measure(options: BenchOptions): Promise<{ applies: ApplyResult[]; preview?: PreviewComparison }> {
  const applies: ApplyResult[] = [];
  if (options.parts.has("direct")) {
    for (const size of options.sizes) {
      progress(`direct N=${size}: ${size} creates at once through memberEmailProvider.create ...`);
      applies.push(await runDirect(size));
      progress(summary(applies[applies.length - 1]));
    }
  }
  if (options.parts.has("engine")) {
    // Twice: as users run it, then without intermediate checkpoints, which shows how much of the
    // time is the local backend's checkpointing rather than the provider's pacing.
    for (const skipCheckpoints of [false, true]) {
      progress(`engine N=${options.engineSize}: ${describeUp({ skipCheckpoints })} ...`);
      applies.push(await runEngine(options.engineSize, { skipCheckpoints }));
      progress(summary(applies[applies.length - 1]));
    }
  }
  if (!options.parts.has("preview")) return { applies };
  progress(
    `preview N=${options.previewSize}: up of the bindings and of each floor, then ${options.previewRepeats} previews of each, taking turns ...`,
  );
  const preview = await runPreview(options.previewSize, options.previewRepeats);
  applies.push({ ...preview.bindingsUp, setup: `${preview.bindingsUp.setup}, the preview's stack` });
  progress(summary(applies[applies.length - 1]));
  const medians = preview.rows.map((row) => `${row.label} ${median(row.seconds).toFixed(2)} s`).join(", ");
  progress(`preview: ${medians}; ${preview.failures} failures`);
  return { applies, preview };
}

/** What the runners part measured. */
interface RunnersMeasure {
  readonly rows: RunnersRow[];
  /** The one-process rows are compared with this: the provider alone, N = 200 at once. */
  readonly direct: DirectReference;
  /** Why there are no Redis rows, if there are none. */
  readonly redisAbsent?: string;
}

/**
 * 1, 3 and 5 runner processes of 200 bindings each, each count on a fresh emulator: each process adapting
 * alone, then sharing the budget through a fresh redis-server of its own (when one is installed). The
 * direct N = 200 run of this invocation is the reference for one process alone; without one, it is run here.
 */
async function measureAllRunners(applies: readonly ApplyResult[]): Promise<RunnersMeasure> {
  let reference = applies.find((result) => result.scenario === "direct" && result.size === 200);
  if (reference === undefined) {
    progress("runners: the reference, direct N=200 in this process ...");
    reference = await runDirect(200);
    progress(summary(reference));
  }
  const direct = { createPerSecond: reference.size / reference.wallSeconds };
  const limiters: RunnersLimiter[] = redisInstalled() ? ["adaptive", "redis"] : ["adaptive"];
  const rows: RunnersRow[] = [];
  for (const limiter of limiters) {
    for (const processes of [1, 3, 5]) {
      progress(`runners (${limiter}): ${processes} processes x 200 creates, then 200 reads each ...`);
      const redis = limiter === "redis" ? await startRedis() : undefined;
      try {
        const row = await withEmulator((emulator) => measureRunners(emulator, processes, 200, redis?.url));
        progress(
          `runners ${processes} (${limiter}): ${row.createPerSecond.toFixed(2)} created/s, ${row.addsPerBinding.toFixed(3)} Adds per binding, ${row.failures} failures`,
        );
        rows.push(row);
      } finally {
        redis?.stop();
      }
    }
  }
  return {
    rows,
    direct,
    ...(limiters.includes("redis") ? {} : { redisAbsent: `redis-server is not installed (${REDIS_INSTALL_ADVICE})` }),
  };
}

/** Writes through a temporary file, so an interrupted run never leaves half a record. */
function record(markdown: string): void {
  const temporary = `${RESULTS_FILE}.tmp`;
  writeFileSync(temporary, markdown);
  renameSync(temporary, RESULTS_FILE);
}

async function main(args: readonly string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(args);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const startedAt = new Date();
  const loadAtStart = loadavg()[0];
  const started = performance.now();
  const machine = describeMachine();
  const { applies, preview } = await measure(options);
  const runners = options.parts.has("runners") ? await measureAllRunners(applies) : undefined;
  const missed = [
    ...missedGoals(applies, preview),
    ...(runners === undefined ? [] : missedRunnersGoals(runners.rows, runners.direct, RATE_LIMIT_PER_SECOND)),
  ];
  const report = formatReport({
    startedAt,
    command: ["npm run bench", ...(args.length > 0 ? ["--", ...args] : [])].join(" "),
    totalSeconds: (performance.now() - started) / 1000,
    machine,
    load: { start: loadAtStart, end: loadavg()[0] },
    applies,
    preview,
    missed,
  });
  const markdown =
    runners === undefined
      ? report
      : `${report}\n${formatRunners(runners.rows, runners.direct, { start: loadAtStart, end: loadavg()[0] }, runners.redisAbsent)}`;
  process.stdout.write(markdown);
  if (options.complete) {
    record(markdown);
    progress(`recorded in ${RESULTS_FILE}`);
  } else {
    progress(`partial run: ${RESULTS_FILE} left as it was`);
  }
  for (const line of missed) progress(`goal missed: ${line}`);
  return missed.length === 0 ? 0 : 1;
}

/** The parts of the benchmark, in the order they run. */
export const BENCH_PARTS = ["direct", "engine", "preview", "runners"] as const;

/** One part of the benchmark. */
export type BenchPart = (typeof BENCH_PARTS)[number];

/** What to run. */
export interface BenchOptions {
  /** The parts to run. */
  readonly parts: ReadonlySet<BenchPart>;
  /** N of each direct run. */
  readonly sizes: readonly number[];
  /** N of the engine runs. */
  readonly engineSize: number;
  /** N of each preview stack. */
  readonly previewSize: number;
  /** How many times each preview runs; the median is reported. */
  readonly previewRepeats: number;
  /** Whether this is the full, default benchmark, whose results are recorded in bench/results/latest.md. */
  readonly complete: boolean;
  /** Whether only the usage was asked for. */
  readonly help: boolean;
}

/** The defaults: the sizes the issue asks for. */
const defaults = { sizes: [50, 200, 1000], engineSize: 200, previewSize: 1000, previewRepeats: 5 };

/** What `--help` prints. */
export const USAGE = `Usage: npm run bench -- [options]
  --only PARTS           comma-separated parts to run: ${BENCH_PARTS.join(", ")} (default: all)
  --sizes N,N,...        N of the direct runs (default: ${defaults.sizes.join(",")})
  --engine-size N        N of the engine runs, with and without checkpoints (default: ${defaults.engineSize})
  --preview-size N       resources in each preview stack (default: ${defaults.previewSize})
  --preview-repeats N    previews of each stack; the median is reported (default: ${defaults.previewRepeats})
Only the full default run rewrites bench/results/latest.md; a partial run prints its table only.`;

/** Parses the arguments after `npm run bench --`; throws a message that names the bad option. */
export function parseBenchOptions(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      only: { type: "string" },
      sizes: { type: "string" },
      "engine-size": { type: "string" },
      "preview-size": { type: "string" },
      "preview-repeats": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  const parts =
    values.only === undefined
      ? new Set(BENCH_PARTS)
      : new Set(values.only.split(",").map((part) => readPart(part.trim())));
  const sizes =
    values.sizes === undefined
      ? defaults.sizes
      : values.sizes.split(",").map((size) => readSize(size.trim(), "--sizes"));
  const options = {
    parts,
    sizes,
    engineSize:
      values["engine-size"] === undefined ? defaults.engineSize : readSize(values["engine-size"], "--engine-size"),
    previewSize:
      values["preview-size"] === undefined ? defaults.previewSize : readSize(values["preview-size"], "--preview-size"),
    previewRepeats:
      values["preview-repeats"] === undefined
        ? defaults.previewRepeats
        : readCount(values["preview-repeats"], "--preview-repeats"),
    help: values.help === true,
  };
  const complete =
    parts.size === BENCH_PARTS.length &&
    sizes.join(",") === defaults.sizes.join(",") &&
    options.engineSize === defaults.engineSize &&
    options.previewSize === defaults.previewSize &&
    options.previewRepeats === defaults.previewRepeats;
  return { ...options, complete };
}

function readPart(value: string): BenchPart {
  const part = BENCH_PARTS.find((known) => known === value);
  if (part === undefined) throw new Error(`--only takes ${BENCH_PARTS.join(", ")} (comma-separated); got "${value}".`);
  return part;
}

/** A number of bindings: each needs a member of its own from the emulator's default set. */
function readSize(value: string, option: string): number {
  const size = readCount(value, option);
  if (size > DEMO_MEMBERS.length) {
    throw new Error(
      `${option} takes at most ${DEMO_MEMBERS.length}, the members of the emulator's default set; got ${size}.`,
    );
  }
  return size;
}

function readCount(value: string, option: string): number {
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new Error(`${option} takes whole numbers of at least 1; got "${value}".`);
  return count;
}

// exitCode rather than exit(): a handle left open (a server, a timer) must show as a hang, not be cut off.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    progress(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
