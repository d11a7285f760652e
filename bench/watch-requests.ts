/** When the emulator was busy: the first request it saw and the last, timed from the start of a run. */
import type { Emulator } from "tencentcloud-organization-emulator";

/** How often the counter is sampled, in milliseconds: small against the 50 ms between paced requests. */
const SAMPLE_EVERY_MS = 5;

/** When the API was in use, in seconds since the watch started; both 0 when no request came. */
export interface ApiSpan {
  /** When the first request was seen. */
  readonly firstSeconds: number;
  /** When the last request was seen. */
  readonly lastSeconds: number;
}

/** A running watch over the emulator's request counter. */
export interface RequestWatch {
  /** Stops sampling and answers the span; accurate to about the sampling period. */
  stop(): ApiSpan;
}

/**
 * Samples `emulator.requestCount()` until stopped. Under the engine the provider runs in another process,
 * so the emulator's counter is the only clock that sees when the API work starts and ends; the wall
 * time of `pulumi up` also holds the engine's start-up and shutdown.
 */
export function watchRequests(emulator: Emulator): RequestWatch {
  const startedAt = performance.now();
  let seen = emulator.requestCount();
  let firstAt: number | undefined;
  let lastAt: number | undefined;
  const sample = (): void => {
    const count = emulator.requestCount();
    if (count === seen) return;
    const now = performance.now();
    firstAt ??= now;
    lastAt = now;
    seen = count;
  };
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      if (firstAt === undefined || lastAt === undefined) return { firstSeconds: 0, lastSeconds: 0 };
      return { firstSeconds: (firstAt - startedAt) / 1000, lastSeconds: (lastAt - startedAt) / 1000 };
    },
  };
}
