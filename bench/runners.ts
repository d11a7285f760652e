/**
 * Several runners (separate processes, as separate CI runners are) spending one identity's budget of 20
 * requests a second per action on one emulator: each creates its share of the bindings at once, then reads
 * them back, as `pulumi up` and then `pulumi refresh` would.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Emulator } from "tencentcloud-organization-emulator";
import type { RunnerOutcome } from "./runner-process";

/** The child script, compiled under dist/bench: next to this file when built, else (under jest) in the build. */
const RUNNER_SCRIPT = __filename.endsWith(".ts")
  ? join(__dirname, "..", "dist", "bench", "runner-process.js")
  : join(__dirname, "runner-process.js");

/** One runner's part of a run. */
export interface RunnerPart {
  /** The first member uin of its bindings. */
  readonly firstMember: number;
  /** How many bindings it creates or reads. */
  readonly count: number;
}

/** One runner's report, with what it wrote to stderr (the provider's warnings). */
export type RunnerReport = RunnerOutcome & { readonly stderr: readonly string[] };

/** What the runners of one run did together. */
export interface RunnersResult {
  /** Each runner's own report, in the order of `parts`. */
  readonly runners: RunnerReport[];
  /**
   * From the start signal to the last call settled, in seconds: the longest of the runners' own times (each
   * counts from the signal it received), which leaves out the processes' exits.
   */
  readonly wallSeconds: number;
  /** Calls that failed, all runners together. */
  readonly failures: number;
}

/**
 * Starts one child per part with the emulator's endpoint and keys, waits until all have loaded, starts them
 * together and collects their reports. `environment` adds settings (the rate limit, a retry budget).
 */
export async function runRunners(
  emulator: Emulator,
  mode: "create" | "read",
  parts: readonly RunnerPart[],
  environment: Record<string, string> = {},
): Promise<RunnersResult> {
  const children = parts.map((part) => {
    const child = spawn(process.execPath, [RUNNER_SCRIPT], {
      env: {
        ...process.env,
        TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
        TENCENTCLOUD_SECRET_ID: emulator.secretId,
        TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
        ...environment,
        RUNNER_MODE: mode,
        RUNNER_FIRST_MEMBER: String(part.firstMember),
        RUNNER_COUNT: String(part.count),
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    // The provider's warnings (pulumi.log.warn writes to stderr outside the engine), kept for the caller.
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on("line", (line) => stderr.push(line));
    const lines = createInterface({ input: child.stdout });
    const ready = new Promise<void>((resolve, reject) => {
      lines.once("line", (line) => (line === "ready" ? resolve() : reject(new Error(`runner said: ${line}`))));
      child.once("exit", (code) => reject(new Error(`runner exited with ${code} before it was ready`)));
    });
    const report = new Promise<RunnerReport>((resolve, reject) => {
      const received: string[] = [];
      lines.on("line", (line) => received.push(line));
      child.once("exit", (code) => {
        const last = received[received.length - 1];
        if (code === 0 && last !== undefined && last !== "ready")
          resolve({ ...(JSON.parse(last) as RunnerOutcome), stderr });
        else reject(new Error(`runner exited with ${code}: ${[...received, ...stderr].join("\n")}`));
      });
    });
    // Awaited only once every runner is ready; a runner that dies first is reported by `ready`.
    report.catch(() => undefined);
    return { child, ready, report };
  });
  try {
    await Promise.all(children.map((runner) => runner.ready));
  } catch (error) {
    for (const runner of children) runner.child.kill();
    throw error;
  }
  for (const runner of children) runner.child.stdin?.end("go\n");
  const runners = await Promise.all(children.map((runner) => runner.report));
  const wallSeconds = Math.max(...runners.map((runner) => runner.seconds));
  return { runners, wallSeconds, failures: runners.reduce((sum, runner) => sum + runner.failures.length, 0) };
}

/** `runners` parts of `each` bindings, one after another from the first demo member. */
export function runnerParts(runners: number, each: number, firstMember = 100000000001): RunnerPart[] {
  return Array.from({ length: runners }, (_, index) => ({ firstMember: firstMember + index * each, count: each }));
}

/** How the processes of a run share the budget. */
export type RunnersLimiter = "adaptive" | "redis";

/** One row of the runners benchmark. */
export interface RunnersRow {
  /** How the processes shared the budget: each adapting alone, or through one Redis. */
  readonly limiter: RunnersLimiter;
  /** Processes sharing the budget. */
  readonly processes: number;
  /** Bindings created (and then read), all processes together. */
  readonly bindings: number;
  /** Bindings created a second, all processes together. */
  readonly createPerSecond: number;
  /** AddOrganizationMemberEmail requests the emulator received per binding. */
  readonly addsPerBinding: number;
  /** Bindings read back a second, all processes together. */
  readonly readPerSecond: number;
  /** DescribeOrganizationMemberEmailBind requests the emulator received per read. */
  readonly describesPerRead: number;
  /** Creates and reads that failed. */
  readonly failures: number;
  /** Runs of a runner (its create or its read) that warned Redis could not be used, and paced adaptively. */
  readonly redisFallbacks: number;
}

/** The provider's warning when the Redis setting is present but Redis cannot be used. */
const REDIS_FALLBACK = /organizationRateLimitRedis.*(could not be reached|stopped answering|not installed)/;

function redisFallbacks(result: RunnersResult): number {
  return result.runners.filter((runner) => runner.stderr.some((line) => REDIS_FALLBACK.test(line))).length;
}

/**
 * `processes` runners of `each` bindings against a fresh emulator: their creates, then their reads. With a
 * `redisUrl`, every runner shares the budget through that Redis.
 */
export async function measureRunners(
  emulator: Emulator,
  processes: number,
  each: number,
  redisUrl?: string,
): Promise<RunnersRow> {
  const parts = runnerParts(processes, each);
  const bindings = processes * each;
  const environment: Record<string, string> =
    redisUrl === undefined ? {} : { TENCENTCLOUD_ORGANIZATION_RATE_LIMIT_REDIS: redisUrl };
  const created = await runRunners(emulator, "create", parts, environment);
  const adds = emulator.requestCount("AddOrganizationMemberEmail");
  const describesBefore = emulator.requestCount("DescribeOrganizationMemberEmailBind");
  const read = await runRunners(emulator, "read", parts, environment);
  const describes = emulator.requestCount("DescribeOrganizationMemberEmailBind") - describesBefore;
  return {
    limiter: redisUrl === undefined ? "adaptive" : "redis",
    processes,
    bindings,
    createPerSecond: bindings / created.wallSeconds,
    addsPerBinding: adds / bindings,
    readPerSecond: bindings / read.wallSeconds,
    describesPerRead: describes / bindings,
    failures: created.failures + read.failures,
    redisFallbacks: redisFallbacks(created) + redisFallbacks(read),
  };
}

/** The goals of the runners (issue: many runners, one limit), checked by `npm run bench`. */
export const RUNNERS_GOALS = {
  /** Of the 5-process rows: requests per binding at most this, for Add and for Describe. */
  requestsPerBinding: 1.15,
  /** Of the 5-process rows: bindings created a second combined, at least this share of the limit. */
  shareOfLimit: 0.85,
  /** One process alone: created a second at least this share of the provider alone (direct N = 200). */
  aloneToDirect: 0.95,
} as const;

/** What the one-process row is compared with: the provider alone, N = 200 creates at once in one process. */
export interface DirectReference {
  /** Bindings created a second by `npm run bench`'s direct N = 200 of the same run. */
  readonly createPerSecond: number;
}

/** The goals the rows miss, one line each. */
export function missedRunnersGoals(
  rows: readonly RunnersRow[],
  direct: DirectReference,
  limitPerSecond: number,
): string[] {
  const label = (row: RunnersRow) => `${row.processes} runners (${limiterLabel(row.limiter)})`;
  return rows.flatMap((row) => [
    ...(row.failures > 0 ? [`${label(row)}: ${row.failures} failures`] : []),
    ...(row.redisFallbacks > 0 ? [`${label(row)}: ${row.redisFallbacks} runs could not use Redis`] : []),
    ...(row.processes === 5 && row.addsPerBinding > RUNNERS_GOALS.requestsPerBinding
      ? [`${label(row)}: ${row.addsPerBinding.toFixed(3)} Add requests per binding (goal: at most 1.15)`]
      : []),
    ...(row.processes === 5 && row.describesPerRead > RUNNERS_GOALS.requestsPerBinding
      ? [`${label(row)}: ${row.describesPerRead.toFixed(3)} Describe requests per read (goal: at most 1.15)`]
      : []),
    ...(row.processes === 5 && row.createPerSecond < RUNNERS_GOALS.shareOfLimit * limitPerSecond
      ? [`${label(row)}: ${row.createPerSecond.toFixed(2)} created/s (goal: at least 0.85 of ${limitPerSecond})`]
      : []),
    ...(row.processes === 1 && row.createPerSecond < RUNNERS_GOALS.aloneToDirect * direct.createPerSecond
      ? [
          `${label(row)}: ${row.createPerSecond.toFixed(2)} created/s, ` +
            `${(row.createPerSecond / direct.createPerSecond).toFixed(3)} of the provider alone (goal: at least 0.95)`,
        ]
      : []),
  ]);
}

function limiterLabel(limiter: RunnersLimiter): string {
  return limiter === "redis" ? "through Redis" : "each adapting";
}

/** The runners' table, in Markdown. `redisAbsent` says why the Redis rows are missing, if they are. */
export function formatRunners(
  rows: readonly RunnersRow[],
  direct: DirectReference,
  load: { start: number; end: number },
  redisAbsent?: string,
): string {
  const alone = rows.filter((row) => row.processes === 1);
  return [
    "## Runners sharing one budget of 20 requests/s per action (one identity, one emulator)",
    "",
    "| budget shared | processes | bindings | created/s combined | Add requests per binding | read/s combined | Describe requests per read | failures |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (row) =>
        `| ${limiterLabel(row.limiter)} | ${row.processes} | ${row.bindings} | ${row.createPerSecond.toFixed(2)} | ` +
        `${row.addsPerBinding.toFixed(3)} | ${row.readPerSecond.toFixed(2)} | ${row.describesPerRead.toFixed(3)} | ${row.failures} |`,
    ),
    "",
    `Each process creates 200 bindings at once (the provider's \`create\`), then reads them back (\`read\`, as a refresh does); each row on a fresh emulator (and a fresh \`redis-server\`); load average (1 min) ${load.start.toFixed(2)} at the start, ${load.end.toFixed(2)} at the end.`,
    "",
    ...alone.map(
      (row) =>
        `One process alone, ${limiterLabel(row.limiter)}: ${row.createPerSecond.toFixed(2)} created/s, ` +
        `**${(row.createPerSecond / direct.createPerSecond).toFixed(3)}** of the provider alone in this run ` +
        `(direct N = 200: ${direct.createPerSecond.toFixed(2)} created/s; goal: at least 0.95).`,
    ),
    ...rows
      .filter((row) => row.redisFallbacks > 0)
      .map(
        (row) =>
          `${row.processes} processes through Redis: ${row.redisFallbacks} runs warned that Redis could not be reached and paced adaptively.`,
      ),
    ...(redisAbsent === undefined ? [] : [`No Redis rows: ${redisAbsent}.`]),
    "",
  ].join("\n");
}
