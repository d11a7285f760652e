/**
 * `npm run bench`: applies N bindings through the provider at the 20/s limit (directly and under the
 * engine), compares a preview of unchanged bindings with the engine's floor, prints a Markdown report
 * and records a full run in bench/results/latest.md. Progress goes to stderr, the report to stdout;
 * the exit code is 1 when a goal is missed (see goals.ts).
 */
import { renameSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { repositoryRoot } from "../scripts/engine";
import { limitRatio, retries, type ApplyResult } from "./apply-result";
import { parseBenchOptions, USAGE, type BenchOptions } from "./bench-options";
import { runDirect } from "./direct";
import { runEngine } from "./engine";
import { missedGoals } from "./goals";
import { describeMachine } from "./machine";
import { median } from "./median";
import { runPreview, type PreviewComparison } from "./preview";
import { formatReport } from "./report";
import { describeUp } from "./up-stack";

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
    `preview N=${options.previewSize}: up of the bindings and of the do-nothing resources, then ${options.previewRepeats} previews of each, taking turns ...`,
  );
  const preview = await runPreview(options.previewSize, options.previewRepeats);
  applies.push({ ...preview.bindingsUp, setup: `${preview.bindingsUp.setup}, the preview's stack` });
  progress(summary(applies[applies.length - 1]));
  progress(
    `preview: bindings ${median(preview.bindingsSeconds).toFixed(2)} s, do-nothing ${median(preview.floorSeconds).toFixed(2)} s, ` +
      `${preview.failures} failures`,
  );
  return { applies, preview };
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
  const missed = missedGoals(applies, preview);
  const markdown = formatReport({
    startedAt,
    command: ["npm run bench", ...(args.length > 0 ? ["--", ...args] : [])].join(" "),
    totalSeconds: (performance.now() - started) / 1000,
    machine,
    load: { start: loadAtStart, end: loadavg()[0] },
    applies,
    preview,
    missed,
  });
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
