/**
 * Exact per-action budgets shared by every process that names the same Redis server
 * (`tencentcloud:organizationRateLimitRedis`), through Bottleneck's own clustering: its Redis scripts plan
 * every start across the processes, `minTime` apart. `ioredis` is an optional dependency, loaded only here
 * and only when the setting is present, so the lean install stays lean.
 */
import { createHash } from "node:crypto";
import Bottleneck from "bottleneck";

/** How long the first connection may take before the process paces alone, in milliseconds. */
const CONNECT_TIMEOUT_MS = 3000;

/**
 * How often a process looks for room in the shared budget, in milliseconds. Bottleneck's default, 5 s,
 * drains a waiting queue at about 4.5 a second across processes; 100 ms keeps it at the limit (measured:
 * 180 jobs in 8 s at 20 a second).
 */
const HEARTBEAT_MS = 100;

/** URLs this process found unreachable: asked once, not again for every action. */
const unreachable = new Set<string>();

/** A limit's keys in Redis expire after this long without use, in milliseconds. */
const IDLE_EXPIRY_MS = 10 * 60 * 1000;

/**
 * A Bottleneck limiter whose state lives in Redis, shared by every process with the same URL and `key`
 * (action, endpoint, identity; hashed, so no key id reaches Redis). Answers undefined, after `warn`, when
 * ioredis is not installed or Redis cannot be reached in time: the caller then paces adaptively alone.
 */
export async function sharedLimiter(
  url: string,
  key: string,
  minTime: number,
  warn: (message: string) => void,
): Promise<Bottleneck | undefined> {
  if (unreachable.has(url)) return undefined;
  let Redis: typeof import("ioredis").default;
  try {
    Redis = (await import("ioredis")).default;
  } catch {
    warn(
      "tencentcloud:organizationRateLimitRedis is set but the ioredis package is not installed (npm install ioredis); " +
        "pacing adaptively without Redis.",
    );
    return undefined;
  }
  // No reconnection loop and no offline queue: a Redis that is down must not hold a run, and the process
  // paces alone instead.
  const client = new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: () => null,
  });
  client.on("error", () => undefined);
  const connection = new Bottleneck.IORedisConnection({ client, Redis: Redis as never });
  connection.on("error", () => undefined);
  const limiter = new Bottleneck({
    id: `tencentcloud-member-email:${createHash("sha256").update(key).digest("hex").slice(0, 32)}`,
    connection,
    minTime,
    maxConcurrent: null,
    heartbeatInterval: HEARTBEAT_MS,
    timeout: IDLE_EXPIRY_MS,
  });
  limiter.on("error", () => undefined);
  try {
    await Promise.race([
      limiter.ready(),
      // Stryker disable next-line StringLiteral: the rejection is caught below and its message never shown
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), CONNECT_TIMEOUT_MS)),
    ]);
  } catch {
    unreachable.add(url);
    // The URL is not repeated: it may carry a password.
    warn(
      "tencentcloud:organizationRateLimitRedis: Redis could not be reached; pacing adaptively without it " +
        "(processes sharing the budget still adapt to each other).",
    );
    void connection.disconnect(false).catch(() => undefined);
    return undefined;
  }
  // The connections must not keep a finished process alive (a CLI command would never end); calls in flight
  // keep it alive themselves (see `keepAlive`).
  // At run time `ready` is the connection's promise of its two clients (the typings call it a method).
  type Unrefable = { stream?: { unref?: () => void } };
  const { subscriber } = await (connection as unknown as { ready: Promise<{ subscriber: Unrefable }> }).ready;
  // Stryker disable next-line OptionalChaining: once ready, both clients have a socket, and a socket has unref
  (client as unknown as Unrefable).stream?.unref?.();
  // Stryker disable next-line OptionalChaining: as above
  subscriber.stream?.unref?.();
  return limiter;
}

/**
 * Keeps the process alive until the returned function is called: Redis's connections are unreferenced, so a
 * call waiting on the shared limiter holds this instead.
 */
export function keepAlive(): () => void {
  const timer = setInterval(() => undefined, 60_000);
  return () => clearInterval(timer);
}
