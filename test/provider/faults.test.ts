import type { Emulator, EmulatorOptions } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { emulatorForProvider } from "../support/emulator";

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;

/** The inputs of `count` distinct bindings for members of the emulator's demo set. */
function team(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    memberUin: 100000000101 + i,
    email: `member${i}@example.com`,
    countryCode: "86",
    phone: `1380000${String(1000 + i).padStart(4, "0")}`,
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
    const { states, errors } = await createAll(team(60));
    expect(errors).toEqual([]);
    expectStateMatchesOrganization(emulator, states, 60);
    // The emulator refuses calls beyond 20 a second; one call per binding means none was refused and retried.
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(60);
    expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(60);
  } finally {
    await emulator.stop();
  }
});
