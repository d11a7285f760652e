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

/** One row of the runners benchmark. */
export interface RunnersRow {
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
}

/** `processes` runners of `each` bindings against a fresh emulator: their creates, then their reads. */
export async function measureRunners(emulator: Emulator, processes: number, each: number): Promise<RunnersRow> {
  const parts = runnerParts(processes, each);
  const bindings = processes * each;
  const created = await runRunners(emulator, "create", parts);
  const adds = emulator.requestCount("AddOrganizationMemberEmail");
  const describesBefore = emulator.requestCount("DescribeOrganizationMemberEmailBind");
  const read = await runRunners(emulator, "read", parts);
  const describes = emulator.requestCount("DescribeOrganizationMemberEmailBind") - describesBefore;
  return {
    processes,
    bindings,
    createPerSecond: bindings / created.wallSeconds,
    addsPerBinding: adds / bindings,
    readPerSecond: bindings / read.wallSeconds,
    describesPerRead: describes / bindings,
    failures: created.failures + read.failures,
  };
}

/** The runners' table, in Markdown. */
export function formatRunners(rows: readonly RunnersRow[], load: { start: number; end: number }): string {
  return [
    "## Runners sharing one budget of 20 requests/s per action (one identity, one emulator)",
    "",
    "| processes | bindings | created/s combined | Add requests per binding | read/s combined | Describe requests per read | failures |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (row) =>
        `| ${row.processes} | ${row.bindings} | ${row.createPerSecond.toFixed(2)} | ${row.addsPerBinding.toFixed(3)} | ` +
        `${row.readPerSecond.toFixed(2)} | ${row.describesPerRead.toFixed(3)} | ${row.failures} |`,
    ),
    "",
    `Each process creates 200 bindings at once (the provider's \`create\`), then reads them back (\`read\`, as a refresh does); load average (1 min) ${load.start.toFixed(2)} at the start, ${load.end.toFixed(2)} at the end.`,
    "",
  ].join("\n");
}
