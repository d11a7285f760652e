/**
 * `npm run test:redis`: `sharedLimiter` called directly against a real redis-server, in a few seconds (the
 * mutation run's `api` suite runs it): what one process and its neighbours rely on when they name the same Redis in
 * `tencentcloud-member-email:organizationRateLimitRedis`.
 */
import Redis from "ioredis";
import { keepAlive, sharedLimiter, type SharedLimiter } from "../../provider/api/shared-limiter";
import { freePort, startRedis, type RedisServer } from "../support/redis";

const MIN_TIME = 150;

let redis: RedisServer;
let inspector: Redis;
const limiters: SharedLimiter[] = [];

/** The warning of a Redis that stopped answering after the limiter connected (docs/rate-limits.md). */
const STOPPED_ANSWERING =
  "tencentcloud-member-email:organizationRateLimitRedis: Redis stopped answering; pacing adaptively without it " +
  "(processes sharing the budget still adapt to each other).";

/** A limiter's way of pacing alone for calls that must never need it. */
const neverAlone = (): Promise<never> => Promise.reject(new Error("paced alone although Redis answers"));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url);
}, 30_000);

afterAll(async () => {
  for (const limiter of limiters) limiter.disconnect();
  inspector?.disconnect();
  redis?.stop();
});

/** A limiter of `key` on the test's Redis that must connect, and that afterAll disconnects. */
async function connected(key: string, minTime = MIN_TIME, url = redis.url): Promise<SharedLimiter> {
  const warnings: string[] = [];
  const limiter = await sharedLimiter(url, key, minTime, (message) => warnings.push(message));
  expect(warnings).toEqual([]);
  if (limiter === undefined) throw new Error("the shared limiter did not connect");
  limiters.push(limiter);
  return limiter;
}

/** Starts `count` jobs on each limiter at once and answers the times they started, in order. */
async function startTimes(limitersToUse: SharedLimiter[], count: number): Promise<number[]> {
  const starts: number[] = [];
  await Promise.all(
    limitersToUse.flatMap((limiter) =>
      Array.from({ length: count }, () =>
        limiter.schedule(async () => {
          starts.push(Date.now());
        }, neverAlone),
      ),
    ),
  );
  return starts.sort((a, b) => a - b);
}

test("two limiters of the same key share one spacing: every start minTime after the one before, across both", async () => {
  const first = await connected("AddOrganizationMemberEmail|https://organization.example|AKIDsame");
  const second = await connected("AddOrganizationMemberEmail|https://organization.example|AKIDsame");
  const starts = await startTimes([first, second], 3);
  expect(starts).toHaveLength(6);
  const gaps = starts.slice(1).map((start, index) => start - starts[index]);
  // Redis plans each start minTime after the one before; the timers that start them may run a little late
  // on a busy machine, so one gap can shrink by what the one before grew. Two limiters pacing alone would
  // start two jobs at once, and the six within 2 x minTime.
  expect(starts[5] - starts[0]).toBeGreaterThanOrEqual(5 * MIN_TIME - 20);
  for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(MIN_TIME / 3);
}, 15_000);

test("limiters of different keys do not wait for each other", async () => {
  const first = await connected("DescribeOrganizationMemberEmailBind|https://organization.example|AKIDone");
  const second = await connected("DescribeOrganizationMemberEmailBind|https://organization.example|AKIDtwo");
  const starts = await startTimes([first, second], 1);
  expect(starts[1] - starts[0]).toBeLessThan(MIN_TIME / 2);
}, 15_000);

test("the raw key never reaches Redis: its keys carry a hash, and expire after 10 minutes without use", async () => {
  const key = "UpdateOrganizationMemberEmailBind|https://organization.example|AKIDsecretKeyId";
  const limiter = await connected(key);
  await limiter.schedule(async () => undefined, neverAlone);
  // The call answers at once; Bottleneck frees its start in Redis just after (and deletes the job's keys).
  await sleep(200);
  const keys = await inspector.keys("*");
  expect(keys.join("\n")).not.toContain("AKIDsecretKeyId");
  const ours = keys.filter((name) => name.includes("tencentcloud-member-email:"));
  // Bottleneck's keys and the processes' spacings (`<id>_spacings`).
  expect(ours).toContainEqual(expect.stringMatching(/_spacings$/));
  expect(ours.length).toBeGreaterThan(0);
  const ids = new Set(ours.map((name) => /tencentcloud-member-email:([0-9a-f]+)/.exec(name)?.[1]));
  // Every limiter so far has its own id of 32 hex digits; this one's keys are among them.
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  for (const name of ours) {
    const ttl = await inspector.pttl(name);
    expect(ttl).toBeGreaterThan(9 * 60 * 1000);
    // Bottleneck adds a second to the expiry it is given.
    expect(ttl).toBeLessThanOrEqual(10 * 60 * 1000 + 1000);
  }
}, 15_000);

test("an unreachable Redis answers undefined with one warning, and is not asked again", async () => {
  const url = `redis://127.0.0.1:${await freePort()}`;
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  // Two actions' limiters asked at once, as the first calls of a run do: one warning between them.
  const both = await Promise.all([
    sharedLimiter(url, "AddOrganizationMemberEmail|x|AKIDa", MIN_TIME, warn),
    sharedLimiter(url, "UpdateOrganizationMemberEmailBind|x|AKIDa", MIN_TIME, warn),
  ]);
  expect(both).toEqual([undefined, undefined]);
  expect(warnings).toEqual([
    "tencentcloud-member-email:organizationRateLimitRedis: Redis could not be reached; pacing adaptively without it " +
      "(processes sharing the budget still adapt to each other).",
  ]);
  // The URL may carry a password: the warning does not repeat it.
  expect(warnings[0]).not.toContain(url);
  const started = Date.now();
  expect(await sharedLimiter(url, "DescribeOrganizationMemberEmailBind|x|AKIDa", MIN_TIME, warn)).toBeUndefined();
  expect(warnings).toHaveLength(1);
  expect(Date.now() - started).toBeLessThan(50);
}, 15_000);

test("a call waiting on the shared limiter holds the process alive until it is released", () => {
  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
  const before = timers();
  const release = keepAlive();
  expect(timers()).toBe(before + 1);
  release();
  expect(timers()).toBe(before);
});

/** Whether the starts are at least `spacing` apart, give or take a late timer (see the first test). */
function expectSpacedAtLeast(starts: number[], spacing: number): void {
  expect(starts[starts.length - 1] - starts[0]).toBeGreaterThanOrEqual((starts.length - 1) * spacing - 20);
  for (const gap of starts.slice(1).map((start, index) => start - starts[index])) {
    expect(gap).toBeGreaterThanOrEqual(spacing / 3);
  }
}

test("a budget a faster limiter used before follows the rate of the limiters using it now", async () => {
  const key = "AddOrganizationMemberEmail|https://organization.example|AKIDrates";
  // A runner at about twice the rate spends the budget first, and ends.
  const before = await connected(key, MIN_TIME / 3);
  await startTimes([before], 2);
  before.disconnect();
  const first = await connected(key);
  const second = await connected(key);
  expectSpacedAtLeast(await startTimes([first, second], 3), MIN_TIME);
}, 15_000);

test("two limiters of one budget set to different rates at once: the slower rate spaces both", async () => {
  const key = "AddOrganizationMemberEmail|https://organization.example|AKIDmixed";
  // The slower first: a faster limiter joining later does not speed the budget up.
  const slow = await connected(key);
  const fast = await connected(key, MIN_TIME / 3);
  expectSpacedAtLeast(await startTimes([fast, slow], 3), MIN_TIME);
}, 15_000);

test("a limiter whose configured rate changes takes the budget's spacing with it", async () => {
  const limiter = await connected("AddOrganizationMemberEmail|https://organization.example|AKIDchanged", MIN_TIME / 3);
  limiter.setSpacing(MIN_TIME);
  // Said to Redis in the background: one script and one settings update.
  await sleep(200);
  expectSpacedAtLeast(await startTimes([limiter], 4), MIN_TIME);
  // And back: the slower spacing it said before no longer counts.
  limiter.setSpacing(MIN_TIME / 3);
  await sleep(200);
  const starts = await startTimes([limiter], 4);
  expect(starts[3] - starts[0]).toBeLessThan(3 * MIN_TIME - 20);
}, 15_000);

/** What became of 20 calls on a limiter whose Redis `interrupt` stopped after the first 2 started. */
interface Interrupted {
  /** Each call's answer, in the order they were asked. */
  readonly results: number[];
  /** The calls that ran, each as often as it ran, sorted. */
  readonly runs: number[];
  /** The calls paced alone. */
  readonly alone: number;
  /** From the first call to the last answer, in seconds. */
  readonly seconds: number;
  readonly warnings: string[];
}

/**
 * 10 calls queued (planned in Redis, 10 x MIN_TIME long), Redis interrupted after 2 of them started, then 10 more
 * calls asked of it, with a second limiter of that Redis idle beside; `after` runs once every call answered (Redis waking), and the runs are counted a second later.
 */
async function interrupted(
  server: RedisServer,
  interrupt: () => void,
  after: () => void = () => undefined,
): Promise<Interrupted> {
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const limiter = await sharedLimiter(
    server.url,
    "AddOrganizationMemberEmail|https://organization.example|AKIDinterrupted",
    MIN_TIME,
    warn,
  );
  // Another action's limiter on the same Redis, idle: it notices too, and says nothing more.
  const idle = await sharedLimiter(server.url, "DescribeOrganizationMemberEmailBind|x|AKIDinterrupted", MIN_TIME, warn);
  if (limiter === undefined || idle === undefined) throw new Error("the shared limiters did not connect");
  const runs: number[] = [];
  let alone = 0;
  const paceAlone = <T>(task: () => Promise<T>): Promise<T> => {
    alone += 1;
    return task();
  };
  const call = (index: number) =>
    limiter.schedule(async () => {
      runs.push(index);
      return index;
    }, paceAlone);
  const started = Date.now();
  const early = Array.from({ length: 10 }, (_, index) => call(index));
  await sleep(2 * MIN_TIME);
  interrupt();
  const late = Array.from({ length: 10 }, (_, index) => call(10 + index));
  const results = await Promise.all([...early, ...late]);
  const seconds = (Date.now() - started) / 1000;
  after();
  await sleep(1000);
  return { results, runs: [...runs].sort((a, b) => a - b), alone, seconds, warnings };
}

const twenty = Array.from({ length: 20 }, (_, index) => index);

test("a Redis that stops answering mid-queue holds no call: each runs once, some paced alone, after one warning", async () => {
  const frozen = await startRedis();
  try {
    // Redis answers again once every call answered: what it was sent meanwhile runs nothing more.
    const outcome = await interrupted(frozen, frozen.pause, frozen.resume);
    expect(outcome.results).toEqual(twenty);
    expect(outcome.runs).toEqual(twenty);
    expect(outcome.alone).toBeGreaterThanOrEqual(10);
    // Noticed within the 2 s a command may take, and a little more.
    expect(outcome.seconds).toBeLessThan(4);
    expect(outcome.warnings).toEqual([STOPPED_ANSWERING]);
    // Not asked again: the next limiter of that Redis paces alone at once, without a second warning.
    const next = Date.now();
    const warn = (message: string) => outcome.warnings.push(message);
    expect(await sharedLimiter(frozen.url, "DescribeOrganizationMemberEmailBind|x|AKIDi", MIN_TIME, warn)).toBe(
      undefined,
    );
    expect(Date.now() - next).toBeLessThan(50);
    expect(outcome.warnings).toHaveLength(1);
  } finally {
    frozen.stop();
  }
}, 20_000);

test("a Redis killed mid-queue holds no call either: each runs once, some paced alone, after one warning", async () => {
  const killed = await startRedis();
  const outcome = await interrupted(killed, killed.stop);
  expect(outcome.results).toEqual(twenty);
  expect(outcome.runs).toEqual(twenty);
  expect(outcome.alone).toBeGreaterThanOrEqual(10);
  // A closed connection fails every command at once: nothing waits for the 2 s bound.
  expect(outcome.seconds).toBeLessThan(2);
  expect(outcome.warnings).toEqual([STOPPED_ANSWERING]);
}, 20_000);
