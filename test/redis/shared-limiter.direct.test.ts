/**
 * `npm run test:redis`: `sharedLimiter` called directly against a real redis-server, in a few seconds (the
 * mutation run's `api` suite runs it): what one process and its neighbours rely on when they name the same Redis in
 * `tencentcloud:organizationRateLimitRedis`.
 */
import Redis from "ioredis";
import type Bottleneck from "bottleneck";
import { keepAlive, sharedLimiter } from "../../provider/api/shared-limiter";
import { freePort, startRedis, type RedisServer } from "../support/redis";

const MIN_TIME = 150;

let redis: RedisServer;
let inspector: Redis;
const limiters: Bottleneck[] = [];

beforeAll(async () => {
  redis = await startRedis();
  inspector = new Redis(redis.url);
}, 30_000);

afterAll(async () => {
  await Promise.all(limiters.map((limiter) => limiter.disconnect(true)));
  inspector?.disconnect();
  redis?.stop();
});

/** A limiter of `key` on the test's Redis that must connect, and that afterAll disconnects. */
async function connected(key: string): Promise<Bottleneck> {
  const warnings: string[] = [];
  const limiter = await sharedLimiter(redis.url, key, MIN_TIME, (message) => warnings.push(message));
  expect(warnings).toEqual([]);
  if (limiter === undefined) throw new Error("the shared limiter did not connect");
  limiters.push(limiter);
  return limiter;
}

/** Starts `count` jobs on each limiter at once and answers the times they started, in order. */
async function startTimes(limitersToUse: Bottleneck[], count: number): Promise<number[]> {
  const starts: number[] = [];
  await Promise.all(
    limitersToUse.flatMap((limiter) =>
      Array.from({ length: count }, () =>
        limiter.schedule(async () => {
          starts.push(Date.now());
        }),
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
  await limiter.schedule(async () => undefined);
  const keys = await inspector.keys("*");
  expect(keys.join("\n")).not.toContain("AKIDsecretKeyId");
  const ours = keys.filter((name) => name.includes("tencentcloud-member-email:"));
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
  expect(await sharedLimiter(url, "AddOrganizationMemberEmail|x|AKIDa", MIN_TIME, warn)).toBeUndefined();
  expect(warnings).toEqual([
    "tencentcloud:organizationRateLimitRedis: Redis could not be reached; pacing adaptively without it " +
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
