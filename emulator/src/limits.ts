/**
 * A token bucket per key (the emulator uses one per action): capacity = rate, refilled continuously at
 * `rate` tokens a second. A client pacing itself at the limit with small network jitter always finds a
 * token, while a burst of twice the rate is refused once the bucket is empty. Written here rather than
 * taken from a library because it admits or refuses at once; queueing limiters such as Bottleneck
 * delay requests instead, which is the client's job, not the server's.
 */
export class TokenBucketRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  /**
   * @param ratePerSecond - tokens added per second and the bucket's capacity; `Infinity` admits everything.
   * @param now - clock in milliseconds; monotonic by default so a wall-clock jump does not refill buckets.
   */
  constructor(
    readonly ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token from `key`'s bucket; answers whether there was one. */
  tryAcquire(key: string): boolean {
    if (this.ratePerSecond === Infinity) {
      return true;
    }
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.ratePerSecond, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.ratePerSecond, bucket.tokens + elapsedSeconds * this.ratePerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }
}

/**
 * Counts the API requests received, in total and per `X-TC-Action` for the actions the emulator
 * implements. An invented action name counts in the total only, so a client sending a new name with
 * every request cannot grow the counter without bound.
 */
export class RequestCounter {
  private total = 0;
  private readonly byAction = new Map<string, number>();

  /** @param actions - the action names counted one by one. */
  constructor(private readonly actions: ReadonlySet<string>) {}

  /** Counts one request; `action` is its `X-TC-Action` header, if it had one. */
  count(action: string | undefined): void {
    this.total += 1;
    if (action !== undefined && this.actions.has(action)) {
      this.byAction.set(action, (this.byAction.get(action) ?? 0) + 1);
    }
  }

  /** Requests counted, all of them or those for one action. */
  get(action?: string): number {
    return action === undefined ? this.total : (this.byAction.get(action) ?? 0);
  }
}
