/**
 * `npm run test:redis`: how long a process's rate counts in a budget shared through Redis (docs/rate-limits.md, "Which
 * rate a shared budget keeps"): for as long as the process runs, and a few seconds after it ended. Kept out of the
 * mutation run's api suite, which runs test/redis/shared-limiter.direct.test.ts: this one waits those seconds.
 */
import { sharedLimiter, type SharedLimiter } from "../../provider/api/shared-limiter";
import { startRedis, type RedisServer } from "../support/redis";

const SLOW = 150;
const FAST = 50;
const KEY = "AddOrganizationMemberEmail|https://organization.example|AKIDlasting";

let redis: RedisServer;
const limiters: SharedLimiter[] = [];

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(() => {
  for (const limiter of limiters) limiter.disconnect();
  redis?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connected(minTime: number): Promise<SharedLimiter> {
  const limiter = await sharedLimiter(redis.url, KEY, minTime, (message) => {
    throw new Error(`unexpected warning: ${message}`);
  });
  if (limiter === undefined) throw new Error("the shared limiter did not connect");
  limiters.push(limiter);
  return limiter;
}

/** From the first start to the last of 4 calls on `limiter`, in milliseconds. */
async function span(limiter: SharedLimiter): Promise<number> {
  const starts: number[] = [];
  const neverAlone = (): Promise<never> => Promise.reject(new Error("paced alone although Redis answers"));
  await Promise.all(Array.from({ length: 4 }, () => limiter.schedule(async () => starts.push(Date.now()), neverAlone)));
  return Math.max(...starts) - Math.min(...starts);
}

test("a slower process counts as long as it runs, and stops counting within about 8 s after it ended", async () => {
  const slow = await connected(SLOW);
  // Longer than a spacing counts without being said again (6 s): the slower process says it every 2 s.
  await sleep(7000);
  const fast = await connected(FAST);
  expect(await span(fast)).toBeGreaterThanOrEqual(3 * SLOW - 20);
  slow.disconnect();
  // 6 s for its spacing to lapse, and up to 2 s before the faster process asks again.
  await sleep(8500);
  expect(await span(fast)).toBeLessThan(3 * SLOW - 20);
}, 30_000);
