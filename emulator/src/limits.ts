/**
 * A token bucket per key (the emulator uses one per action, region and caller identity, as Tencent counts
 * its limit): capacity = rate, refilled continuously at `rate` tokens a second, less what a neighbour the
 * caller cannot see spends (see `tryAcquire`). A client pacing itself at the limit with small network jitter always finds a
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

  /**
   * Takes one token from `key`'s bucket; answers whether there was one.
   *
   * @param spentElsewherePerSecond - tokens a second another client of the same bucket spends (the
   * emulator's `backgroundLoad`): the bucket refills that much slower for this caller, as it would if a
   * neighbour paced at that rate took its share first.
   */
  tryAcquire(key: string, spentElsewherePerSecond = 0): boolean {
    if (this.ratePerSecond === Infinity) {
      return true;
    }
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.ratePerSecond, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    const refill = Math.max(0, this.ratePerSecond - spentElsewherePerSecond);
    bucket.tokens = Math.min(this.ratePerSecond, bucket.tokens + elapsedSeconds * refill);
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

/**
 * The bucket a request spends from. Tencent counts its limit per action, per region and per CAM identity
 * (its API rate-limit documentation); the region is the endpoint the request was sent to, named by its
 * `Host` header without the port (the signed host) and its `X-TC-Region` header.
 *
 * @param identity - the principal whose key signed the request (an account's uin or a role's id), or
 * undefined for an unsigned request.
 */
export function rateLimitKey(
  action: string,
  host: string | undefined,
  region: string | undefined,
  identity: string | undefined,
): string {
  const endpoint = (host ?? "").replace(/:\d+$/, "").toLowerCase();
  return JSON.stringify([action, endpoint, region ?? "", identity ?? "unsigned"]);
}
