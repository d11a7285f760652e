import type { Emulator, EmulatorOptions } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { emulatorForProvider } from "../support/emulator";
import { ARRIVAL_JITTER_REQUESTS, watchRequestRate } from "../support/request-rate";

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;

/** The inputs of `count` distinct bindings for members of the emulator's demo set (at most 1,900). */
function team(count: number, firstMember = 100000000101): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    memberUin: firstMember + i,
    email: `member${i}@example.com`,
    countryCode: "86",
    phone: `138${String(10000000 + i).padStart(8, "0")}`,
  }));
}

/** Creates every binding at once, as the engine does, and returns what would go into state. */
async function createAll(
  inputs: Record<string, unknown>[],
): Promise<{ states: Record<string, unknown>[]; errors: unknown[] }> {
  const results = await Promise.allSettled(inputs.map((input) => provider.create(input)));
  const states = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.outs as Record<string, unknown>] : []));
  const errors = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  return { states, errors };
}

function expectStateMatchesOrganization(emulator: Emulator, states: Record<string, unknown>[], count: number): void {
  const bindings = emulator.bindings();
  expect(bindings).toHaveLength(count);
  expect(states).toHaveLength(count);
  const bindIdByMember = new Map(bindings.map((b) => [b.memberUin, b.bindId]));
  for (const state of states) expect(state.bindId).toBe(bindIdByMember.get(state.memberUin as number));
  expect(new Set(states.map((s) => s.bindId)).size).toBe(count);
}

describe.each<[string, EmulatorOptions["faults"]]>([
  ["20% of answers are dropped after the binding is committed", { dropResponseRate: 0.2 }],
  ["10% of calls answer InternalError", { internalErrorRate: 0.1 }],
])("when %s", (_name, faults) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await emulatorForProvider({ faults });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  test("100 creates end with exactly 100 bindings, all in state with matching BindIds, and no error", async () => {
    const { states, errors } = await createAll(team(100));
    expect(errors).toEqual([]);
    expectStateMatchesOrganization(emulator, states, 100);
    // The faults really happened: more Add calls than bindings were needed.
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBeGreaterThan(100);
  });
});

test("a burst of 60 creates is paced to the API's limit and meets no rate-limit refusal", async () => {
  const emulator = await emulatorForProvider();
  try {
    const actions = ["AddOrganizationMemberEmail", "DescribeOrganizationMemberEmailBind"];
    const watch = watchRequestRate(emulator, actions);
    const { states, errors } = await createAll(team(60));
    const rates = watch.stop();
    expect(errors).toEqual([]);
    // No second held more than the documented 20 requests of an action (give or take the one a busy machine
    // can delay into the next second): pacing, not the emulator's burst allowance, kept every call from being
    // refused.
    for (const action of actions) {
      expect(rates[action].requests).toBe(60);
      expect(rates[action].mostInOneSecond).toBeLessThanOrEqual(20 + ARRIVAL_JITTER_REQUESTS);
    }
    expectStateMatchesOrganization(emulator, states, 60);
    // The emulator refuses calls beyond 20 a second; one call per binding means none was refused and retried.
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(60);
    expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(60);
  } finally {
    await emulator.stop();
  }
});

describe("thousands of queued creates with a retry budget shorter than the queue", () => {
  const count = 2000;
  /** The rate of the test, so the queue of 2,000 Adds lasts about 10 seconds. */
  const ratePerSecond = 200;
  const budgetSeconds = 4;
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await emulatorForProvider({
      faults: { internalErrorRate: 0.1 },
      rateLimitPerSecond: ratePerSecond,
      dailyBindQuota: 10_000,
      members: Array.from({ length: count }, (_, i) => 200000000001 + i),
    });
    process.env.TENCENTCLOUD_ORGANIZATION_RATE_LIMIT = String(ratePerSecond);
    process.env.TENCENTCLOUD_ORGANIZATION_RETRY_BUDGET = String(budgetSeconds);
  });
  afterAll(async () => {
    delete process.env.TENCENTCLOUD_ORGANIZATION_RETRY_BUDGET;
    await emulator.stop();
  });

  test("every call gets its retries: 2,000 bindings, none lost, none duplicated", async () => {
    const retries = jest.spyOn(console, "log").mockImplementation(() => undefined);
    const startedAt = Date.now();
    const { states, errors } = await createAll(team(count, 200000000001));
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    retries.mockRestore();
    // The queue outlasted the budget, so a budget counted from the queue would have run out for late calls.
    expect(elapsedSeconds).toBeGreaterThan(2 * budgetSeconds);
    expect(errors.map(String)).toEqual([]);
    expectStateMatchesOrganization(emulator, states, count);
    // The faults happened all along the queue and were retried.
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBeGreaterThan(count);
  }, 180_000);
});
