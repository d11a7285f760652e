/**
 * `npm run test:redis`: `pulumi up` through the Pulumi CLI, with the dynamic resource's stack config naming a real
 * redis-server that stops answering mid-run (SIGSTOP, as a frozen host or a dropped network) and answers again
 * before the run ends. The provider must neither hang on it nor send an Add twice when it wakes.
 */
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";
import { testStack, type TestStack } from "../support/engine";
import { diagnosticLines } from "../support/pulumi-diagnostics";
import { startRedis, type RedisServer } from "../support/redis";

jest.setTimeout(300_000);

const BINDINGS = 200;
const FIRST_MEMBER = 100000000001;
const ADD = "AddOrganizationMemberEmail";

/** The warning of a Redis that stopped answering (docs/rate-limits.md). */
const STOPPED_ANSWERING = "Redis stopped answering; pacing adaptively without it";

/** Resolves once `condition` holds, or once `give up` is called (the run ended first). */
function when(condition: () => boolean): { reached: Promise<boolean>; giveUp: () => void } {
  let giveUp = () => undefined as void;
  const reached = new Promise<boolean>((resolve) => {
    const timer = setInterval(() => {
      if (condition()) {
        clearInterval(timer);
        resolve(true);
      }
    }, 10);
    giveUp = () => {
      clearInterval(timer);
      resolve(false);
    };
  });
  return { reached, giveUp };
}

let emulator: Emulator;
let redis: RedisServer;
let stack: TestStack;

beforeAll(async () => {
  emulator = await startEmulator();
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  stack?.dispose();
  redis?.stop();
  await emulator?.stop();
});

test("Redis frozen mid-run: pulumi up of 200 bindings finishes, 0 failed, 200 Adds, one warning; Redis waking sends none again", async () => {
  stack = await testStack(async () => {
    for (let index = 0; index < BINDINGS; index += 1) {
      const memberUin = FIRST_MEMBER + index;
      new OrganizationMemberEmail(`m${memberUin}`, {
        memberUin,
        email: pulumi.secret(`frozen${memberUin}@example.com`),
        countryCode: "86",
        phone: pulumi.secret(`137${String(memberUin).slice(-8)}`),
      });
    }
  }, emulator);
  await stack.stack.setConfig("tencentcloud-member-email:organizationRateLimitRedis", {
    value: redis.url,
    secret: true,
  });
  const adds = () => emulator.requestCount(ADD);
  // Frozen once a quarter of the Adds went out, awake again at three quarters: both mid-run.
  const frozen = when(() => adds() >= BINDINGS / 4);
  const awake = when(() => adds() >= (3 * BINDINGS) / 4);
  const states = frozen.reached.then(async (reached) => {
    if (!reached) return "never frozen";
    redis.pause();
    const woke = await awake.reached;
    redis.resume();
    return woke ? "frozen, then awake" : "frozen to the end";
  });
  const started = Date.now();
  const up = await stack.stack.up().finally(() => {
    frozen.giveUp();
    awake.giveUp();
  });
  const seconds = (Date.now() - started) / 1000;
  redis.resume();
  process.stderr.write(`pulumi up of ${BINDINGS} bindings, Redis frozen mid-run: ${seconds.toFixed(1)} s\n`);
  expect(await states).toBe("frozen, then awake");
  expect(up.summary.result).toBe("succeeded");
  expect(up.summary.resourceChanges).toEqual({ create: BINDINGS + 1 });
  expect(emulator.bindings()).toHaveLength(BINDINGS);
  expect(adds()).toBe(BINDINGS);
  expect(diagnosticLines(up.stdout, STOPPED_ANSWERING)).toEqual([
    `warning: [runtime] tencentcloud-member-email:organizationRateLimitRedis: ${STOPPED_ANSWERING} ` +
      "(processes sharing the budget still adapt to each other).",
  ]);
});
