/**
 * Exact per-action budgets shared by every process that names the same Redis server
 * (`tencentcloud-member-email:organizationRateLimitRedis`), through Bottleneck's own clustering: its Redis scripts plan
 * every start across the processes, `minTime` apart. `ioredis` is an optional dependency, loaded only here
 * and only when the setting is present, so the lean install stays lean.
 */
import { createHash, randomBytes } from "node:crypto";
import Bottleneck from "bottleneck";
import { SPACING_REFRESH_MS, SharedSpacing } from "./shared-spacing";

/** How long the first connection may take before the process paces alone, in milliseconds. */
const CONNECT_TIMEOUT_MS = 3000;

/**
 * How long one Redis command may take before Redis counts as no longer answering, in milliseconds. Bottleneck's
 * scripts answer in a few milliseconds; without a bound, a Redis that stops answering (a frozen host, a stopped
 * process, a network partition that drops packets) holds every call waiting on it for ever.
 */
const COMMAND_TIMEOUT_MS = 2000;

/**
 * How often a process looks for room in the shared budget, in milliseconds. Bottleneck's default, 5 s,
 * drains a waiting queue at about 4.5 a second across processes; 100 ms keeps it at the limit (measured:
 * 180 jobs in 8 s at 20 a second). It is also how soon a Redis that stopped answering is noticed, plus
 * {@link COMMAND_TIMEOUT_MS}.
 */
const HEARTBEAT_MS = 100;

/** URLs this process found unreachable, or that stopped answering: said once, and not asked again. */
const unreachable = new Set<string>();

/** A limit's keys in Redis expire after this long without use, in milliseconds. */
const IDLE_EXPIRY_MS = 10 * 60 * 1000;

/** A budget shared through Redis, while Redis answers; then this process paces alone. */
export interface SharedLimiter {
  /**
   * Runs `task` at its turn in the shared budget and answers its outcome. When Redis stops answering before
   * the task's turn, `alone` runs it instead: the task runs once either way, never again when Redis answers later.
   */
  schedule<T>(task: () => Promise<T>, alone: (task: () => Promise<T>) => Promise<T>): Promise<T>;
  /** Changes this process's spacing of starts (its configured rate changed); the budget keeps the slowest. */
  setSpacing(minTime: number): void;
  /** Closes the connections at once; calls not started yet run through their `alone`. */
  disconnect(): void;
}

/**
 * A limiter whose state lives in Redis, shared by every process with the same URL and `key` (action, endpoint,
 * identity; hashed, so no key id reaches Redis), its starts `minTime` apart or more when a process sharing it
 * is set slower. Answers undefined, after `warn`, when ioredis is not installed or Redis cannot be reached in
 * time: the caller then paces adaptively alone. A Redis that stops answering later warns the same way, once.
 */
export async function sharedLimiter(
  url: string,
  key: string,
  minTime: number,
  warn: (message: string) => void,
): Promise<SharedLimiter | undefined> {
  if (unreachable.has(url)) return undefined;
  let Redis: typeof import("ioredis").default;
  try {
    Redis = (await import("ioredis")).default;
  } catch {
    warn(
      "tencentcloud-member-email:organizationRateLimitRedis is set but the ioredis package is not installed (npm install ioredis); " +
        "pacing adaptively without Redis.",
    );
    return undefined;
  }
  // No reconnection loop, no offline queue and a bound on every command: a Redis that is down or stops
  // answering must not hold a run, and the process paces alone instead.
  const client = new Redis(url, {
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    // A Redis that stopped answering never acknowledges the close either: its sockets go after this long.
    disconnectTimeout: 100,
  });
  client.on("error", () => undefined);
  const connection = new Bottleneck.IORedisConnection({ client, Redis: Redis as never });
  connection.on("error", () => undefined);
  const id = `tencentcloud-member-email:${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
  const limiter = new Bottleneck({
    id,
    connection,
    minTime,
    maxConcurrent: null,
    heartbeatInterval: HEARTBEAT_MS,
    timeout: IDLE_EXPIRY_MS,
  });
  limiter.on("error", () => undefined);
  const spacing = new SharedSpacing(client, `${id}_spacings`, randomBytes(8).toString("hex"), IDLE_EXPIRY_MS);
  let applied: number;
  try {
    applied = await Promise.race([
      limiter.ready().then(() => follow(spacing, limiter, minTime, undefined)),
      // Stryker disable next-line StringLiteral: the rejection is caught below and its message never shown
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), CONNECT_TIMEOUT_MS)),
    ]);
  } catch {
    // The URL is not repeated: it may carry a password.
    if (!unreachable.has(url)) {
      unreachable.add(url);
      warn(
        "tencentcloud-member-email:organizationRateLimitRedis: Redis could not be reached; pacing adaptively without it " +
          "(processes sharing the budget still adapt to each other).",
      );
    }
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
  return answering(url, limiter, connection, spacing, { own: minTime, applied }, warn);
}

/**
 * Says this process's spacing and sets the shared limiter's to the slowest of the processes sharing it, when
 * that differs from `applied`; answers the spacing now applied.
 */
async function follow(
  spacing: SharedSpacing,
  limiter: Bottleneck,
  own: number,
  applied: number | undefined,
): Promise<number> {
  const slowest = await spacing.say(own);
  if (slowest !== applied) await limiter.updateSettings({ minTime: slowest });
  return slowest;
}

/** The {@link SharedLimiter} of a connected `limiter`, which gives way to pacing alone when Redis stops answering. */
function answering(
  url: string,
  limiter: Bottleneck,
  connection: Bottleneck.IORedisConnection,
  spacing: SharedSpacing,
  spacings: { own: number; applied: number },
  warn: (message: string) => void,
): SharedLimiter {
  let up = true;
  let { own, applied } = spacings;
  /** How each call not started yet is handed to pacing alone. */
  const waiting = new Set<() => void>();
  const refresh = setInterval(() => {
    follow(spacing, limiter, own, applied).then((now) => {
      applied = now;
    }, stoppedAnswering);
  }, SPACING_REFRESH_MS);
  refresh.unref();
  const close = () => {
    clearInterval(refresh);
    up = false;
    // Queued calls are dropped (each then runs alone); those running finish and answer without Redis.
    limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
    void connection.disconnect(false).catch(() => undefined);
    for (const paceAlone of [...waiting]) paceAlone();
  };
  const stoppedAnswering = () => {
    if (!up) return;
    close();
    if (unreachable.has(url)) return;
    unreachable.add(url);
    // The URL is not repeated: it may carry a password.
    warn(
      "tencentcloud-member-email:organizationRateLimitRedis: Redis stopped answering; pacing adaptively without it " +
        "(processes sharing the budget still adapt to each other).",
    );
  };
  // Every failure of Bottleneck's Redis scripts (a command that timed out, a closed connection) comes here;
  // the heartbeat runs one every HEARTBEAT_MS, so a Redis that stops answering is noticed within
  // COMMAND_TIMEOUT_MS and a little more.
  limiter.on("error", stoppedAnswering);
  return {
    schedule<T>(task: () => Promise<T>, alone: (task: () => Promise<T>) => Promise<T>): Promise<T> {
      if (!up) return alone(task);
      return new Promise<T>((resolve, reject) => {
        let started = false;
        const startOnce = (): boolean => {
          if (started) return false;
          started = true;
          waiting.delete(paceAlone);
          return true;
        };
        const paceAlone = () => {
          if (startOnce()) alone(task).then(resolve, reject);
        };
        waiting.add(paceAlone);
        limiter
          .schedule(async () => {
            // The outcome is taken here, not from Bottleneck's promise: that one settles only once Redis has
            // freed the start, and a Redis that stopped answering meanwhile would hold it for ever.
            if (startOnce()) await task().then(resolve, reject);
          })
          .catch(() => {
            // Bottleneck could not queue the call (Redis did not answer), or dropped it on `close`: not started.
            stoppedAnswering();
            paceAlone();
          });
      });
    },
    setSpacing(minTimeNow: number): void {
      if (minTimeNow === own || !up) return;
      own = minTimeNow;
      follow(spacing, limiter, own, applied).then((now) => {
        applied = now;
      }, stoppedAnswering);
    },
    disconnect: close,
  };
}

/**
 * Keeps the process alive until the returned function is called: Redis's connections are unreferenced, so a
 * call waiting on the shared limiter holds this instead.
 */
export function keepAlive(): () => void {
  const timer = setInterval(() => undefined, 60_000);
  return () => clearInterval(timer);
}
