/**
 * `npm run test:redis`: the optional shared limiter against a real redis-server (Debian's `redis-server`
 * package), which this file starts on a free port. Kept out of `npm test` so the README's two set-up
 * commands need no Redis; `.ci/run` installs it and runs this too.
 */
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { runRunners, runnerParts } from "../../bench/runners";
import { freePort, startRedis, type RedisServer } from "../support/redis";
import { ARRIVAL_JITTER_REQUESTS, watchRequestRate } from "../support/request-rate";

const LIMIT = 20;

let redis: RedisServer;
let redisUrl: string;

beforeAll(async () => {
  redis = await startRedis();
  redisUrl = redis.url;
}, 30_000);

afterAll(() => {
  redis?.stop();
});

describe("5 processes sharing one budget through Redis", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ rateLimitPerSecond: LIMIT });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  const parts = runnerParts(5, 200);
  const bindings = 1000;

  test("each creating 200 bindings at once: none fails, at most 2% refused, the budget kept busy", async () => {
    const result = await runRunners(emulator, "create", parts, {
      TENCENTCLOUD_ORGANIZATION_RATE_LIMIT_REDIS: redisUrl,
    });
    const adds = emulator.requestCount("AddOrganizationMemberEmail");
    const perSecond = bindings / result.wallSeconds;
    process.stderr.write(
      `Redis, 5 runners x 200 creates: ${result.wallSeconds.toFixed(1)} s, ${perSecond.toFixed(2)} bindings/s, ${adds} Add requests\n`,
    );
    expect(result.runners.flatMap((runner) => runner.failures)).toEqual([]);
    expect(emulator.bindings()).toHaveLength(bindings);
    // Exact shares: (almost) no refusal, where processes adapting alone meet about 7% (shared-budget.test.ts).
    expect(adds).toBeLessThanOrEqual(1.02 * bindings);
    expect(perSecond).toBeGreaterThanOrEqual(0.85 * LIMIT);
  }, 180_000);

  test("then each reading its 200 back: none fails, at most 2% refused", async () => {
    const before = emulator.requestCount("DescribeOrganizationMemberEmailBind");
    const result = await runRunners(emulator, "read", parts, { TENCENTCLOUD_ORGANIZATION_RATE_LIMIT_REDIS: redisUrl });
    const describes = emulator.requestCount("DescribeOrganizationMemberEmailBind") - before;
    process.stderr.write(
      `Redis, 5 runners x 200 reads: ${result.wallSeconds.toFixed(1)} s, ${describes} Describe requests\n`,
    );
    expect(result.runners.flatMap((runner) => runner.failures)).toEqual([]);
    expect(describes).toBeLessThanOrEqual(1.02 * bindings);
  }, 180_000);
});

test("an unreachable Redis warns and the run paces adaptively: nothing fails", async () => {
  const emulator = await startEmulator({ rateLimitPerSecond: LIMIT });
  try {
    const unused = await freePort();
    const result = await runRunners(emulator, "create", runnerParts(1, 20), {
      TENCENTCLOUD_ORGANIZATION_RATE_LIMIT_REDIS: `redis://127.0.0.1:${unused}`,
    });
    expect(result.runners[0].failures).toEqual([]);
    expect(result.runners[0].stderr.join("\n")).toContain("Redis could not be reached; pacing adaptively");
    expect(emulator.bindings()).toHaveLength(20);
  } finally {
    await emulator.stop();
  }
}, 60_000);

test("two runners at rate 10 after a runner at 20 on the same Redis stay at or under 10 requests a second together", async () => {
  const emulator = await startEmulator({ rateLimitPerSecond: LIMIT });
  try {
    const shared = { TENCENTCLOUD_ORGANIZATION_RATE_LIMIT_REDIS: redisUrl };
    const before = await runRunners(emulator, "create", runnerParts(1, 40), {
      ...shared,
      TENCENTCLOUD_ORGANIZATION_RATE_LIMIT: "20",
    });
    expect(before.failures).toBe(0);
    const watch = watchRequestRate(emulator, ["AddOrganizationMemberEmail"]);
    const result = await runRunners(emulator, "create", runnerParts(2, 30, 100000000041), {
      ...shared,
      TENCENTCLOUD_ORGANIZATION_RATE_LIMIT: "10",
    });
    const adds = watch.stop().AddOrganizationMemberEmail;
    process.stderr.write(
      `Redis, 2 runners at 10/s after one at 20/s: ${adds.requests} Adds in ${result.wallSeconds.toFixed(1)} s, ` +
        `busiest second ${adds.mostInOneSecond}\n`,
    );
    expect(result.failures).toBe(0);
    expect(adds.requests).toBe(60);
    expect(adds.requests / result.wallSeconds).toBeLessThanOrEqual(10);
    expect(adds.mostInOneSecond).toBeLessThanOrEqual(10 + ARRIVAL_JITTER_REQUESTS);
  } finally {
    await emulator.stop();
  }
}, 60_000);
