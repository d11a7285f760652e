/** The furthest the clock may run ahead of the real time: a century, far past any rule, well inside `Date`. */
const MAX_CLOCK_OFFSET_SECONDS = 100 * 366 * 24 * 3600;

/**
 * The emulator's time: the real time plus an offset that tests move forward (`advanceClock`), so that
 * rules measured in days (the 15-day activation link, the daily quota, the send limits) can be tried in
 * a test that lasts seconds. Every business rule reads this clock, and so do ApplyTime and BindTime.
 *
 * Two things deliberately stay on the real time: the signature's 5-minute timestamp window (clients sign
 * with their own real clock, so an advanced emulator would refuse every request as expired) and the
 * per-action rate limit (it protects the emulator's real throughput).
 */
export class EmulatorClock {
  private offset: number;

  /**
   * @param offsetSeconds - how far ahead of the real time the clock starts (what the store kept).
   * @param persist - called with the new offset before `advance` returns, so it survives a restart.
   * @param realNow - the real time in milliseconds; replaceable in tests.
   */
  constructor(
    offsetSeconds = 0,
    private readonly persist: (offsetSeconds: number) => void = () => undefined,
    private readonly realNow: () => number = () => Date.now(),
  ) {
    this.offset = offsetSeconds;
  }

  /** Seconds the clock is ahead of the real time (0 until `advance` is called). */
  get offsetSeconds(): number {
    return this.offset;
  }

  /** The emulator's current moment. */
  now(): Date {
    return new Date(this.realNow() + this.offset * 1000);
  }

  /** The emulator's current moment in whole Unix seconds. */
  nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  /**
   * Moves the clock `seconds` forward (a whole, non-negative number: time never goes back, so nothing
   * that expired comes back to life), at most a century ahead of the real time in all. The new offset is
   * stored before this returns.
   */
  advance(seconds: number): void {
    if (
      typeof seconds !== "number" ||
      !Number.isSafeInteger(seconds) ||
      seconds < 0 ||
      this.offset + seconds > MAX_CLOCK_OFFSET_SECONDS
    ) {
      throw new RangeError(
        `The clock moves forward by a whole number of seconds, 0 or more, at most ${MAX_CLOCK_OFFSET_SECONDS} ` +
          `ahead of the real time in all; got ${String(seconds)}.`,
      );
    }
    const next = this.offset + seconds;
    this.persist(next);
    this.offset = next;
  }
}
