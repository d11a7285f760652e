import { StartWindow } from "../../provider/api/start-window";

/** A clock that only moves when a sleep moves it, so the window's decisions can be read exactly. */
function fakeClock(): {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  slept: number[];
  advance: (ms: number) => void;
} {
  let time = 0;
  const slept: number[] = [];
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
    sleep: async (ms) => {
      slept.push(ms);
      time += ms;
    },
    slept,
  };
}

describe("StartWindow", () => {
  test("lets 20 calls start at once at 20 a second, and holds the 21st until the first is 1.05 s old", async () => {
    const clock = fakeClock();
    const window = new StartWindow(20, clock.now, clock.sleep);
    const starts: number[] = [];
    for (let call = 0; call < 21; call += 1) {
      await window.admit();
      starts.push(clock.now());
    }
    expect(starts.slice(0, 20)).toEqual(new Array(20).fill(0));
    expect(starts[20]).toBe(1050);
  });

  test("never admits more than the limit within any second, however the calls arrive", async () => {
    const clock = fakeClock();
    const window = new StartWindow(20, clock.now, clock.sleep);
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 100 }, () => window.admit().then(() => void starts.push(clock.now()))));
    for (let first = 0; first + 20 < starts.length; first += 1) {
      expect(starts[first + 20] - starts[first]).toBeGreaterThanOrEqual(1000);
    }
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  test("holds a call only for what remains of the window since the oldest start", async () => {
    const clock = fakeClock();
    const window = new StartWindow(1, clock.now, clock.sleep);
    await window.admit();
    clock.advance(300);
    await window.admit();
    expect(clock.slept).toEqual([750]);
    expect(clock.now()).toBe(1050);
  });

  test("on the real clock, waits by sleeping: the clock is read a few times while a call waits, not in a busy loop", async () => {
    let reads = 0;
    const now = () => {
      reads += 1;
      return performance.now();
    };
    // Below 2 a second: one start per window of about half a second.
    const window = new StartWindow(1.99, now);
    const started = performance.now();
    await window.admit();
    await window.admit();
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
    expect(reads).toBeLessThan(10);
    // And with the window's own clock.
    const own = new StartWindow(1.99);
    const ownStarted = performance.now();
    await own.admit();
    await own.admit();
    expect(performance.now() - ownStarted).toBeGreaterThanOrEqual(500);
  });

  test("spaces starts evenly at a little under the limit, for Bottleneck's minTime", () => {
    expect(new StartWindow(20).spacingMs).toBe(53);
    expect(new StartWindow(0.5).spacingMs).toBe(2100);
  });

  test("follows a change of rate", async () => {
    const clock = fakeClock();
    const window = new StartWindow(20, clock.now, clock.sleep);
    window.setRate(2);
    await window.admit();
    await window.admit();
    await window.admit();
    expect(clock.now()).toBe(1050);
    expect(window.spacingMs).toBe(525);
  });

  test("starts a retry ahead of first attempts that asked before it", async () => {
    const clock = fakeClock();
    const window = new StartWindow(1, clock.now, clock.sleep);
    const order: string[] = [];
    const calls = [
      window.admit().then(() => order.push("first 1")),
      window.admit().then(() => order.push("first 2")),
      window.admit().then(() => order.push("first 3")),
    ];
    // Asked while "first 1" holds the only start of the window.
    await Promise.resolve();
    calls.push(window.admit(true).then(() => order.push("retry")));
    await Promise.all(calls);
    expect(order).toEqual(["first 1", "retry", "first 2", "first 3"]);
  });
});
