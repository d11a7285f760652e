/** What one apply benchmark measured, and the figures the report derives from it. */
import type { Emulator } from "tencentcloud-organization-emulator";
import type { ApiSpan } from "./watch-requests";

/** The per-action limit the provider paces itself to and the emulator enforces, in requests a second. */
export const RATE_LIMIT_PER_SECOND = 20;

/** The action every create calls first; its queue sets the pace of a whole apply. */
export const ADD_ACTION = "AddOrganizationMemberEmail";

/** The action every create calls once its Add has been answered. */
export const DESCRIBE_ACTION = "DescribeOrganizationMemberEmailBind";

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
  /** Requests for any other action: a plain create makes none. */
  readonly otherRequests: number;
  /** Bindings whose create failed, or that are missing or wrong afterwards. */
  readonly failures: number;
  /** The first failure's message, for the report. */
  readonly firstFailure?: string;
  /** How the run was set up, such as the engine's parallelism. */
  readonly setup: string;
}

/** The emulator's request counts, split into the two actions of a create and the rest. */
export function requestCounts(emulator: Emulator): Pick<ApplyResult, "addRequests" | "describeRequests" | "otherRequests"> {
  const addRequests = emulator.requestCount(ADD_ACTION);
  const describeRequests = emulator.requestCount(DESCRIBE_ACTION);
  return { addRequests, describeRequests, otherRequests: emulator.requestCount() - addRequests - describeRequests };
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
