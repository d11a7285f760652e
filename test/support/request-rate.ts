import type { Emulator } from "tencentcloud-organization-emulator";

/** How often the emulator's counters are read, in milliseconds: small against the 50 ms of a paced client. */
const SAMPLE_EVERY_MS = 5;

/**
 * Requests a busy machine may move into a second beyond what the client started in it. The client starts at
 * most 20 calls in any 1.05 s (pinned on its own clock by test/unit/start-window.test.ts), but a call reaches
 * the emulator only once the sending process has signed and written it, and on a loaded 2-core machine one
 * call in a second can be held back long enough to land beside the next second's (CI measured 21 once in
 * about 20 runs, with the emulator's token bucket, which models the documented limit, refusing none). A
 * client that bursts instead of pacing shows twice the limit, far beyond this.
 */
export const ARRIVAL_JITTER_REQUESTS = 1;

/** What the watch saw for one action. */
export interface ActionRate {
  /** Requests received while watching. */
  readonly requests: number;
  /** The most requests received within any span shorter than one second. */
  readonly mostInOneSecond: number;
}

/** A running watch over the emulator's per-action counters. */
export interface RateWatch {
  /** Stops sampling and answers, for each action, its requests and its busiest second. */
  stop(): Record<string, ActionRate>;
}

/**
 * Samples `emulator.requestCount(action)` for each action until stopped, and finds the busiest second.
 * The emulator counts a request when it handles it; when this process is busy (the machine is shared),
 * requests that arrived meanwhile are handled, and counted, together just after the next sample. So the
 * requests counted between samples `i` and `j` arrived after sample `i - 1`, and they are taken to span
 * from there: the largest count over spans shorter than a second is the busiest second, never one made
 * busier than it was by this process's own pauses.
 */
export function watchRequestRate(emulator: Emulator, actions: readonly string[]): RateWatch {
  const samples: { at: number; counts: number[] }[] = [];
  const sample = (): void => {
    samples.push({ at: performance.now(), counts: actions.map((action) => emulator.requestCount(action)) });
  };
  sample();
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      const result: Record<string, ActionRate> = {};
      actions.forEach((action, index) => {
        let most = 0;
        let end = 1;
        for (let start = 1; start < samples.length; start += 1) {
          const from = samples[start - 1].at;
          end = Math.max(end, start);
          while (end + 1 < samples.length && samples[end + 1].at - from < 1000) end += 1;
          most = Math.max(most, samples[end].counts[index] - samples[start].counts[index]);
        }
        result[action] = {
          requests: samples[samples.length - 1].counts[index] - samples[0].counts[index],
          mostInOneSecond: most,
        };
      });
      return result;
    },
  };
}
