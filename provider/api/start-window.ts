/**
 * A share of each window kept free: a request reaches the API a little later and less evenly than it is
 * admitted (signing, a busy machine, the network), and the API must still count no more than the limit in
 * any second. 2.5% was not enough on a loaded 2-core machine (22 in one second, one run in three); 5%
 * costs 5% of the rate (19 calls a second at a limit of 20).
 */
const JITTER_MARGIN = 0.05;

/**
 * At most `rate` call starts in any second, measured on the clock when each call really starts.
 *
 * Works around how Bottleneck applies `minTime`: it gives each queued job a planned start `minTime` after
 * the previous plan and a timer of its own, so when one timer fires late the next jobs still start on plan,
 * closer together, and 21 calls can start within one second at a limit of 20 (measured: gaps down to
 * 35 ms at `minTime` 50). Bottleneck keeps the queue and the spacing; this holds a start back only when
 * such a catch-up would break the limit.
 */
export class StartWindow {
  /** Start times of the calls still inside the window, oldest first. */
  private readonly starts: number[] = [];
  private count = 1;
  private spanMs = 1000;
  /** Calls waiting for a start: retries first, then first calls, each in the order they asked. */
  private readonly waiting: { readonly retries: (() => void)[]; readonly firsts: (() => void)[] } = {
    retries: [],
    firsts: [],
  };
  /** Whether a loop is handing out starts: only one sleeps at a time. */
  private pumping = false;

  constructor(
    ratePerSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.setRate(ratePerSecond);
  }

  /** Changes the rate: `count` starts per window of `count / rate` seconds, plus the margin. */
  setRate(ratePerSecond: number): void {
    this.count = Math.max(1, Math.floor(ratePerSecond));
    this.spanMs = (this.count / ratePerSecond) * 1000 * (1 + JITTER_MARGIN);
  }

  /** The even spacing of starts this window allows, in milliseconds: Bottleneck's `minTime`. */
  get spacingMs(): number {
    return Math.ceil(this.spanMs / this.count);
  }

  /**
   * Resolves when a call may start, and counts its start. A retry goes ahead of calls not yet tried: its time
   * budget is running, theirs has not started, and when the rate drops a queue of first attempts could
   * otherwise outlast it.
   */
  admit(retry = false): Promise<void> {
    return new Promise((resolve) => {
      (retry ? this.waiting.retries : this.waiting.firsts).push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiting.retries.length + this.waiting.firsts.length > 0) {
        await this.waitForRoom();
        // Picked once there is room, so a retry that asked during the wait goes first.
        (this.waiting.retries.shift() ?? this.waiting.firsts.shift())?.();
        // The admitted call starts before the window looks at the clock again.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.pumping = false;
    }
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const now = this.now();
      // Stryker disable next-line ConditionalExpression,EqualityOperator: with no start, now - undefined is NaN, which ends the loop alike
      while (this.starts.length > 0 && now - this.starts[0] >= this.spanMs) this.starts.shift();
      if (this.starts.length < this.count) {
        this.starts.push(now);
        return;
      }
      await this.sleep(Math.ceil(this.spanMs - (now - this.starts[0])));
    }
  }
}
