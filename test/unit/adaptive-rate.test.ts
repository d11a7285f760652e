import { AdaptiveRate } from "../../provider/api/adaptive-rate";

/** An adaptive rate on a clock the test moves, recording each rate it applies. */
function adaptiveRate(ceiling: number) {
  let time = 0;
  const applied: number[] = [];
  const rate = new AdaptiveRate(
    ceiling,
    (value) => applied.push(value),
    () => time,
  );
  return { rate, applied, advance: (ms: number) => (time += ms), now: () => time };
}

describe("AdaptiveRate", () => {
  test("stays at the configured rate while nothing is refused: one process alone keeps today's rate", () => {
    const { rate, applied } = adaptiveRate(20);
    for (let call = 0; call < 1000; call += 1) rate.passed();
    expect(rate.rate).toBe(20);
    expect(applied).toEqual([]);
  });

  test("takes one refusal at the ceiling after a quiet spell for jitter, and the next one within 5 s for a neighbour", () => {
    const { rate, advance, now } = adaptiveRate(20);
    advance(10_000);
    rate.throttled(now());
    expect(rate.rate).toBe(20);
    advance(6000);
    rate.throttled(now());
    expect(rate.rate).toBe(20);
    advance(1000);
    rate.throttled(now());
    expect(rate.rate).toBeCloseTo(14);
  });

  test("lowers the rate to 0.7 of itself on a refusal, once for the calls sent at the old rate", () => {
    const { rate, advance, now } = adaptiveRate(20);
    advance(1000);
    rate.throttled(now()); // the first, at the ceiling: jitter
    advance(1);
    const sentAt = now();
    rate.throttled(sentAt);
    expect(rate.rate).toBeCloseTo(14);
    // Refusals of calls started before the decrease were sent at 20 a second: no further decrease.
    rate.throttled(sentAt);
    rate.throttled(sentAt - 1);
    expect(rate.rate).toBeCloseTo(14);
    advance(10);
    rate.throttled(now());
    expect(rate.rate).toBeCloseTo(9.8);
  });

  test("climbs back by about 0.3 a second for each second of calls passing, up to the ceiling", () => {
    const { rate } = adaptiveRate(20);
    rate.throttled(-1);
    rate.throttled(0);
    rate.throttled(1);
    rate.throttled(2);
    const low = rate.rate;
    // Ten seconds of calls at the current rate: about 3 a second more.
    let calls = 0;
    for (let second = 0; second < 10; second += 1) {
      const perSecond = Math.round(rate.rate);
      for (let call = 0; call < perSecond; call += 1, calls += 1) rate.passed();
    }
    expect(rate.rate - low).toBeGreaterThan(2.5);
    expect(rate.rate - low).toBeLessThan(3.5);
    for (let call = 0; call < 100_000; call += 1) rate.passed();
    expect(rate.rate).toBe(20);
  });

  test("never drops below half a request a second", () => {
    const { rate, advance, now } = adaptiveRate(20);
    for (let refusal = 0; refusal < 50; refusal += 1) {
      advance(1);
      rate.throttled(now());
    }
    expect(rate.rate).toBe(0.5);
  });
});
