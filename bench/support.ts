import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ConfigMap, PulumiFn, Stack, UpResult } from "@pulumi/pulumi/automation";
import {
  DEMO_FIRST_MEMBER_UIN,
  DEMO_LAST_MEMBER_UIN,
  startEmulator,
  type Emulator,
} from "tencentcloud-organization-emulator";
import * as v from "valibot";
import { engineStack } from "../scripts/engine";

/** What one apply benchmark measured, and the figures the report derives from it. */

/** The per-action limit the provider paces itself to and the emulator enforces, in requests a second. */
export const RATE_LIMIT_PER_SECOND = 20;

/** The action every create calls first; its queue sets the pace of a whole apply. */
export const ADD_ACTION = "AddOrganizationMemberEmail";

/** The action every create calls once its Add has been answered. */
export const DESCRIBE_ACTION = "DescribeOrganizationMemberEmailBind";

/** The action the provider calls once per process, for the organization's id: not a retry. */
export const ORGANIZATION_ACTION = "DescribeOrganization";

/** One apply of N bindings, direct or under the engine. */
export interface ApplyResult {
  /** `direct` (provider.create called in this process) or `engine` (`pulumi up`). */
  readonly scenario: string;
  /** The number of bindings applied. */
  readonly size: number;
  /** Seconds from the start of the apply to its end. */
  readonly wallSeconds: number;
  /** When, from the start, the emulator received the first request and the last. */
  readonly api: ApiSpan;
  /** AddOrganizationMemberEmail requests the emulator received. */
  readonly addRequests: number;
  /** DescribeOrganizationMemberEmailBind requests the emulator received. */
  readonly describeRequests: number;
  /** Requests for any other action but the one DescribeOrganization per provider process: a plain create makes none. */
  readonly otherRequests: number;
  /** Bindings whose create failed, or that are missing or wrong afterwards. */
  readonly failures: number;
  /** The first failure's message, for the report. */
  readonly firstFailure?: string;
  /** How the run was set up, such as the engine's parallelism. */
  readonly setup: string;
}

/**
 * The emulator's request counts, split into the two actions of a create and the rest; the organization's id,
 * asked once by each provider process (a successful DescribeOrganization), is left out of the rest.
 */
export function requestCounts(
  emulator: Emulator,
): Pick<ApplyResult, "addRequests" | "describeRequests" | "otherRequests"> {
  const addRequests = emulator.requestCount(ADD_ACTION);
  const describeRequests = emulator.requestCount(DESCRIBE_ACTION);
  const lookups = emulator
    .requestLog()
    .filter((entry) => entry.action === ORGANIZATION_ACTION && entry.errorCode === undefined).length;
  return {
    addRequests,
    describeRequests,
    otherRequests: emulator.requestCount() - addRequests - describeRequests - lookups,
  };
}

/**
 * Requests beyond the 2N a clean apply needs (one Add and one Describe per binding): retries after
 * RequestLimitExceeded, InternalError or a lost answer, plus any adoption calls.
 */
export function retries(result: ApplyResult): number {
  return result.addRequests + result.describeRequests + result.otherRequests - 2 * result.size;
}

/**
 * Bindings created a second over the whole wall time, divided by the limit. Each binding needs one Add
 * and Add is the bottleneck (every create queues for an Add slot first), so 1.0 means the apply kept
 * the Add limit busy from start to end; retried requests do not count, as they create nothing. Paced
 * requests are 1/limit s apart, so N of them span only N-1 gaps: for small N the ratio can exceed
 * 1.0 by about 1/N without any second holding more than the limit.
 */
export function limitRatio(result: ApplyResult): number {
  return result.size / result.wallSeconds / RATE_LIMIT_PER_SECOND;
}

/** The bindings the benchmarks create: one per member of the emulator's default member set. */

/** The inputs of one benchmark binding, as a program or a direct `create` call passes them. */
export interface BenchBinding {
  /** The member's uin, from the emulator's default member set. */
  readonly memberUin: number;
  /** An address of its own, so no two bindings share one. */
  readonly email: string;
  /** Always "86". */
  readonly countryCode: string;
  /** A phone of its own: the API allows only a few members per phone. */
  readonly phone: string;
}

/**
 * The first `count` members of the emulator's default set, each with its own email and phone. Throws when
 * the default set is too small, rather than failing halfway through a run with unknown members.
 */
export function benchBindings(count: number): BenchBinding[] {
  const available = DEMO_LAST_MEMBER_UIN - DEMO_FIRST_MEMBER_UIN + 1;
  if (count > available) {
    throw new RangeError(
      `The emulator's default member set holds ${available} members; ${count} bindings were asked for.`,
    );
  }
  return Array.from({ length: count }, (_, index) => {
    const memberUin = DEMO_FIRST_MEMBER_UIN + index;
    return {
      memberUin,
      email: `bench-${memberUin}@example.com`,
      countryCode: "86",
      // 138 is a Chinese mobile prefix, so libphonenumber accepts the number as a real mobile's length.
      phone: `138${String(index).padStart(8, "0")}`,
    };
  });
}

/** A short form of an error for a one-line report. */

/**
 * The first non-empty lines of an error's message, joined. The Automation API's errors carry the CLI's
 * whole output, which for a thousand resources would bury the report.
 */
export function errorSummary(error: unknown, lines = 6): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, lines)
    .join(" / ");
}

/** The middle value of some measurements. */

/** The median of `values` (the mean of the two middle ones for an even count); NaN when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Points the provider, called directly in this process, at an emulator. */

/**
 * Sets the environment variables the provider reads when it runs without the engine, and answers a
 * function that puts the previous values back. The rate is set too, so a developer's own
 * TENCENTCLOUD_ORGANIZATION_RATE_LIMIT cannot change what the benchmark measures.
 */
export function useEmulatorEnvironment(emulator: Emulator): () => void {
  const values: Record<string, string> = {
    TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
    TENCENTCLOUD_SECRET_ID: emulator.secretId,
    TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
    TENCENTCLOUD_ORGANIZATION_RATE_LIMIT: String(RATE_LIMIT_PER_SECOND),
  };
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** The bindings a stack's state holds, read back through `pulumi stack export`. */

/** The part of an exported deployment the benchmarks read. */
const exported = v.object({
  deployment: v.object({
    resources: v.optional(
      v.array(
        v.object({
          type: v.string(),
          id: v.optional(v.string()),
          outputs: v.optional(v.record(v.string(), v.unknown())),
        }),
      ),
    ),
  }),
});

/** The resource type the engine records for OrganizationMemberEmail (a dynamic resource of module `tencentcloud`). */
const BINDING_TYPE = "pulumi-nodejs:dynamic/tencentcloud:OrganizationMemberEmail";

/** Each OrganizationMemberEmail in the stack's state, by member uin (its id), with the BindId it stores. */
export async function stackBindings(stack: Stack): Promise<Map<number, ReportedBinding>> {
  const { deployment } = v.parse(exported, await stack.exportStack());
  const bindings = new Map<number, ReportedBinding>();
  for (const resource of deployment.resources ?? []) {
    if (resource.type !== BINDING_TYPE || resource.id === undefined) continue;
    bindings.set(Number(resource.id), { bindId: resource.outputs?.bindId });
  }
  return bindings;
}

/** `pulumi up` as every benchmark runs it. */

/** How an up runs. */
export interface UpSetup {
  /**
   * Sets PULUMI_SKIP_CHECKPOINTS=true: the engine writes the state once at the end instead of after
   * every step. With a local (DIY) backend each of those writes is the whole snapshot, so their cost
   * grows with the square of the stack's size and, from a few hundred resources, paces the up more
   * than the API limit does (pulumi/pulumi#10960; journaling, the fix, exists for Pulumi Cloud only).
   */
  readonly skipCheckpoints: boolean;
}

/** Says how an up ran, for the report. */
export function describeUp(setup: UpSetup): string {
  return `pulumi up --parallel ${ENGINE_PARALLEL}${setup.skipCheckpoints ? ", PULUMI_SKIP_CHECKPOINTS=true" : ""}`;
}

/** Runs `pulumi up` with the benchmarks' parallelism, skipping the intermediate checkpoints if asked. */
export async function upStack(stack: Stack, setup: UpSetup): Promise<UpResult> {
  // The workspace's envVars go to every CLI command it runs; set only around this up, so previews run as usual.
  const envVars = stack.workspace.envVars;
  if (setup.skipCheckpoints) envVars.PULUMI_SKIP_CHECKPOINTS = "true";
  try {
    return await stack.up({ parallel: ENGINE_PARALLEL });
  } finally {
    delete envVars.PULUMI_SKIP_CHECKPOINTS;
  }
}

/** Checks what an apply reports against what the emulator holds. */

/** What the checked apply reported for one member: its BindId, or why it has none. */
export type ReportedBinding = { readonly bindId: unknown } | { readonly error: string };

/** The outcome of the check. */
export interface Verification {
  /** Members whose create failed, whose binding is missing, or whose BindId differs from the emulator's. */
  readonly failures: number;
  /** What went wrong first, for the report. */
  readonly firstFailure?: string;
}

/**
 * Counts the bindings that did not come out right: each expected member must have a reported BindId
 * equal to the one the emulator stores, with the email that was asked for. A fast apply that
 * silently lost bindings must not pass as a good figure.
 */
export function verifyBindings(
  emulator: Emulator,
  expected: readonly BenchBinding[],
  reported: ReadonlyMap<number, ReportedBinding>,
): Verification {
  const stored = new Map(emulator.bindings().map((binding) => [binding.memberUin, binding]));
  const problems: string[] = [];
  for (const binding of expected) {
    const report = reported.get(binding.memberUin);
    const remote = stored.get(binding.memberUin);
    if (report === undefined) problems.push(`member ${binding.memberUin}: not reported by the apply`);
    else if ("error" in report) problems.push(`member ${binding.memberUin}: ${report.error}`);
    else if (remote === undefined) problems.push(`member ${binding.memberUin}: no binding in the emulator`);
    else if (report.bindId !== remote.bindId) {
      problems.push(`member ${binding.memberUin}: BindId ${String(report.bindId)} reported, ${remote.bindId} stored`);
    } else if (remote.email !== binding.email) problems.push(`member ${binding.memberUin}: another email stored`);
  }
  return { failures: problems.length, firstFailure: problems[0] };
}

/** When the emulator was busy: the first request it saw and the last, timed from the start of a run. */

/** How often the counter is sampled, in milliseconds: small against the 50 ms between paced requests. */
const SAMPLE_EVERY_MS = 5;

/** When the API was in use, in seconds since the watch started; both 0 when no request came. */
export interface ApiSpan {
  /** When the first request was seen. */
  readonly firstSeconds: number;
  /** When the last request was seen. */
  readonly lastSeconds: number;
}

/** A running watch over the emulator's request counter. */
export interface RequestWatch {
  /** Stops sampling and answers the span; accurate to about the sampling period. */
  stop(): ApiSpan;
}

/**
 * Samples `emulator.requestCount()` until stopped. Under the engine the provider runs in another process,
 * so the emulator's counter is the only clock that sees when the API work starts and ends; the wall
 * time of `pulumi up` also holds the engine's start-up and shutdown.
 */
export function watchRequests(emulator: Emulator): RequestWatch {
  const startedAt = performance.now();
  let seen = emulator.requestCount();
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  const sample = (): void => {
    const count = emulator.requestCount();
    if (count === seen) return;
    const now = performance.now();
    firstAt ??= now;
    lastAt = now;
    seen = count;
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      if (firstAt === undefined || lastAt === undefined) return { firstSeconds: 0, lastSeconds: 0 };
      return { firstSeconds: (firstAt - startedAt) / 1000, lastSeconds: (lastAt - startedAt) / 1000 };
    },
  };
}

/** A fresh emulator for one benchmark, stopped and removed however the benchmark ends. */

/**
 * Runs `use` against an emulator of its own, with an empty data file in a temporary folder and the
 * documented limit of 20 requests a second per action, so no run sees another's bindings or quota.
 */
export async function withEmulator<T>(use: (emulator: Emulator) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), "member-email-bench-emulator-"));
  try {
    const emulator = await startEmulator({
      rateLimitPerSecond: RATE_LIMIT_PER_SECOND,
      dataFile: join(folder, "organization.sqlite"),
    });
    try {
      return await use(emulator);
    } finally {
      await emulator.stop();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A throwaway stack under the real Pulumi engine, removed however the benchmark ends. */

/**
 * The engine's parallelism (`--parallel`) for every benchmark stack. The CLI's default is 4 per CPU
 * (8 here); 64 keeps enough creates queued that the provider's pacing, not the engine, sets the rate,
 * and the previews use the same value so their comparison is fair.
 */
export const ENGINE_PARALLEL = 64;

/** The passphrase of the benchmark stacks' secrets provider; the stacks live only as long as a run. */
const PASSPHRASE = "bench-passphrase";

/** What a benchmark stack needs besides its program. */
export interface StackSetup {
  /** The stack's config, such as the provider's endpoint and credentials. */
  readonly config?: ConfigMap;
  /** Lines appended to the project's Pulumi.yaml, such as a `plugins:` section naming a provider plugin's folder. */
  readonly projectYaml?: string;
}

/** The config that points the member-email dynamic provider at `emulator`, as a user's config would. */
export function emulatorConfig(emulator: Emulator): ConfigMap {
  return {
    "tencentcloud-member-email:organizationEndpoint": { value: emulator.url },
    "tencentcloud-member-email:secretId": { value: emulator.secretId },
    "tencentcloud-member-email:secretKey": { value: emulator.secretKey, secret: true },
    // Config wins over the environment, so a developer's TENCENTCLOUD_ORGANIZATION_RATE_LIMIT cannot skew the figures.
    "tencentcloud-member-email:organizationRateLimit": { value: String(RATE_LIMIT_PER_SECOND) },
  };
}

/** Runs `use` with a new stack of `program` in a temporary project folder with a local backend, set up as `setup` says. */
export async function withStack<T>(
  stackName: string,
  program: PulumiFn,
  setup: StackSetup,
  use: (stack: Stack) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "member-email-bench-stack-"));
  try {
    if (setup.projectYaml !== undefined) {
      writeFileSync(join(dir, "Pulumi.yaml"), `name: member-email\nruntime: nodejs\n${setup.projectYaml}`);
    }
    const stack = await engineStack({ dir, stateDir: join(dir, "state"), passphrase: PASSPHRASE, stackName, program });
    if (setup.config) await stack.setAllConfig(setup.config);
    return await use(stack);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
