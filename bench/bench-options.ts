/** The command line of `npm run bench`: which parts to run and how large. */
import { parseArgs } from "node:util";
import { DEMO_MEMBERS } from "tencentcloud-organization-emulator";

/** The parts of the benchmark, in the order they run. */
export const BENCH_PARTS = ["direct", "engine", "preview"] as const;

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
  const parts = values.only === undefined ? new Set(BENCH_PARTS) : new Set(values.only.split(",").map((part) => readPart(part.trim())));
  const sizes = values.sizes === undefined ? defaults.sizes : values.sizes.split(",").map((size) => readSize(size.trim(), "--sizes"));
  const options = {
    parts,
    sizes,
    engineSize: values["engine-size"] === undefined ? defaults.engineSize : readSize(values["engine-size"], "--engine-size"),
    previewSize: values["preview-size"] === undefined ? defaults.previewSize : readSize(values["preview-size"], "--preview-size"),
    previewRepeats:
      values["preview-repeats"] === undefined ? defaults.previewRepeats : readCount(values["preview-repeats"], "--preview-repeats"),
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
    throw new Error(`${option} takes at most ${DEMO_MEMBERS.length}, the members of the emulator's default set; got ${size}.`);
  }
  return size;
}

function readCount(value: string, option: string): number {
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`${option} takes whole numbers of at least 1; got "${value}".`);
  return count;
}
