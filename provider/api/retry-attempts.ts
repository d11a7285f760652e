import { setTimeout as sleep } from "node:timers/promises";
import { attemptLabel, retryDelay, shouldRetry, type Failure, type RetryPolicy } from "./retry-policy";

/** Where retries are reported. */
export interface RetryLog {
  /** Called before each retry with a sentence that carries no credential. */
  retrying(message: string): void;
}

/** One attempt that failed: what it met, for the policy to judge, and how to say so. */
export class FailedAttempt extends Error {
  /**
   * @param failure - what the attempt met, as the policy judges it.
   * @param summary - what the retry log says it met, such as `InternalError` or `HTTP 503`; never a secret.
   * @param giveUp - the error to fail with when no retry follows, given how many attempts were made.
   * @param requestId - the RequestId of the answer, when there was one.
   */
  constructor(
    readonly failure: Failure,
    readonly summary: string,
    readonly giveUp: (attempts: number) => Error,
    readonly requestId?: string,
  ) {
    super(summary);
    this.name = "FailedAttempt";
  }
}

/**
 * Runs `attempt` until it answers, throws anything but a {@link FailedAttempt}, or the policy allows no
 * further retry; then throws the failed attempt's `giveUp` error. Each retry is logged as the Organization
 * client logs its own: `<what>: <summary> on attempt 1 of 8 (RequestId …); retrying in 137 ms.` (throttling:
 * `on attempt 9 (throttled; retried for up to 60 s)`)
 *
 * @param startedAt - when the call's first attempt started (Unix milliseconds), which the policy's time budget
 * counts from: steps of one call (read a token file, then ask STS) share it.
 */
export async function retryAttempts<T>(
  policy: RetryPolicy,
  what: string,
  attempt: () => Promise<T>,
  log: RetryLog,
  startedAt: number = Date.now(),
): Promise<T> {
  for (let attempts = 1; ; attempts += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof FailedAttempt)) throw error;
      if (!shouldRetry(policy, error.failure, attempts, Date.now() - startedAt)) throw error.giveUp(attempts);
      const delay = retryDelay(policy, attempts);
      log.retrying(
        `${what}: ${error.summary} on ${attemptLabel(policy, error.failure, attempts)}` +
          `${error.requestId ? ` (RequestId ${error.requestId})` : ""}; retrying in ${delay} ms.`,
      );
      await sleep(delay);
    }
  }
}
