/**
 * The share of Tencent's per-action limit one process takes when others may be spending the same budget
 * (other stacks, pull-request previews, other tools of the same identity), which it cannot see: additive
 * increase, multiplicative decrease (AIMD), as TCP shares a link. Each `RequestLimitExceeded` lowers the
 * rate to `DECREASE_FACTOR` of itself; every call that passes raises it by `INCREASE_PER_SECOND / rate`,
 * which is `INCREASE_PER_SECOND` requests a second more for every second of calls passing (one refusal at the
 * ceiling after a quiet spell is taken for jitter, see `QUIET_MS`). Processes doing
 * so converge on shares of the budget instead of retrying into each other; a process alone is never
 * refused and stays at the configured ceiling, today's rate.
 */

/** What a refusal leaves of the rate. 0.7 (as CUBIC and AWS's adaptive retry mode use) halves it in two refusals. */
const DECREASE_FACTOR = 0.7;

/**
 * Requests a second added per second of passing calls. Small, because Tencent's bucket holds a second's
 * worth of tokens: an overshoot is only refused once the bucket is empty, so a fast climb overshoots far
 * and is refused many times (measured with 5 processes: 1 a second made 20% of the requests refusals, 0.3
 * about 5%).
 */
const INCREASE_PER_SECOND = 0.3;

/**
 * How long a process at its ceiling must have gone unrefused for one refusal to count as jitter rather
 * than a neighbour, in milliseconds. Alone, a process paced just under the limit is refused once in a while
 * when a busy machine bunches its requests on the way; taken as a neighbour, that one refusal would cost it a
 * fifth of its rate for twenty seconds (measured on a loaded 2-core machine: 18.3 bindings a second instead of
 * 19.9). A real neighbour refuses again within the second, and the second refusal counts.
 */
const QUIET_MS = 5000;

/** The lowest rate, requests a second: a process never stops asking altogether. */
const FLOOR_PER_SECOND = 0.5;

/** One process's rate for one limit key (action, endpoint, identity), moved by what the API answers. */
export class AdaptiveRate {
  private current: number;
  /** When the rate was last lowered: a refusal of a call started before then is already accounted for. */
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  /** When the last refusal came, acted on or not. */
  private lastRefusalAt = Number.NEGATIVE_INFINITY;

  /**
   * @param ceiling - the configured rate (`tencentcloud-member-email:organizationRateLimit`), never exceeded.
   * @param apply - called with the new rate each time it changes.
   * @param now - clock in milliseconds, the one the call start times passed in are taken on.
   */
  constructor(
    private ceiling: number,
    private readonly apply: (ratePerSecond: number) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.current = ceiling;
  }

  /** The rate now, requests a second. */
  get rate(): number {
    return this.current;
  }

  /** Changes the ceiling (the configuration changed); the rate starts again from it. */
  setCeiling(ceiling: number): void {
    this.ceiling = ceiling;
    this.set(ceiling);
  }

  /**
   * A call that started at `startedAt` was refused with `RequestLimitExceeded`. Calls started before the last
   * decrease were sent at the old rate: their refusals say nothing new, and lowering again for each would
   * collapse the rate after one burst.
   */
  throttled(startedAt: number): void {
    const now = this.now();
    const quiet = now - this.lastRefusalAt >= QUIET_MS;
    this.lastRefusalAt = now;
    // At the ceiling after a quiet spell, one refusal is taken for jitter: the call is retried, the rate kept.
    if (quiet && this.current >= this.ceiling) return;
    if (startedAt <= this.lastDecreaseAt) return;
    this.lastDecreaseAt = now;
    this.set(Math.max(FLOOR_PER_SECOND, this.current * DECREASE_FACTOR));
  }

  /** A call passed the limit (whatever else it answered). */
  passed(): void {
    if (this.current >= this.ceiling) return;
    this.set(Math.min(this.ceiling, this.current + INCREASE_PER_SECOND / this.current));
  }

  private set(rate: number): void {
    this.current = rate;
    this.apply(rate);
  }
}
