/** When and how an API call is tried again. The policy is data; `shouldRetry` and `retryDelay` only read it. */
export interface RetryPolicy {
  /** Tencent Cloud error codes that mean "try again later"; every other code fails at once. */
  readonly retryableCodes: ReadonlySet<string>;
  /** Whether a call that got no answer at all (connection lost, timeout) is tried again. */
  readonly retryNetworkErrors: boolean;
  /** The most attempts one call makes, the first included. */
  readonly maxAttempts: number;
  /** The cap of the exponential backoff before the first retry, in milliseconds. */
  readonly baseDelayMs: number;
  /** The largest cap of the backoff, in milliseconds. */
  readonly maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt, in milliseconds. */
  readonly maxElapsedMs: number;
}

/**
 * The provider's policy. `RequestLimitExceeded` and `InternalError` are Tencent's transient codes; a lost
 * answer is retried too, which is safe because create adopts a binding that a lost answer left behind.
 */
export const retryPolicy: RetryPolicy = {
  retryableCodes: new Set(["RequestLimitExceeded", "InternalError"]),
  retryNetworkErrors: true,
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  maxElapsedMs: 60_000,
};

/** Whether a failure with this code (absent = no answer) may be tried again after `attempts` attempts. */
export function shouldRetry(
  policy: RetryPolicy,
  code: string | undefined,
  attempts: number,
  elapsedMs: number,
): boolean {
  if (attempts >= policy.maxAttempts || elapsedMs >= policy.maxElapsedMs) return false;
  return code === undefined ? policy.retryNetworkErrors : policy.retryableCodes.has(code);
}

/**
 * Exponential backoff with full jitter: a random delay up to base * 2^(attempt-1), capped. Jitter keeps
 * the hundreds of resources the engine runs in parallel from retrying in lockstep.
 */
export function retryDelay(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  return Math.round(cap * random());
}
