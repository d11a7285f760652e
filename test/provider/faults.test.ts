import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
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

describe("lost answers to an Update or a resend", () => {
  const alice = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138001" };
  const update = "UpdateOrganizationMemberEmailBind";
  let emulator: Emulator;
  afterEach(async () => {
    await emulator.stop();
  });

  /** Runs `work`, keeping what the provider logged (info and warnings). */
  async function logged<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
    const lines: string[] = [];
    const keep = (message: unknown): void => void lines.push(String(message));
    const log = jest.spyOn(console, "log").mockImplementation(keep);
    const warn = jest.spyOn(console, "warn").mockImplementation(keep);
    try {
      return { result: await work(), lines };
    } finally {
      log.mockRestore();
      warn.mockRestore();
    }
  }

  /** Updates the phone of `outs` to each of `phones` in turn, as three `pulumi up` would; answers the last state. */
  async function changePhones(outs: Record<string, unknown>, phones: string[]): Promise<Record<string, unknown>> {
    let state = outs;
    for (const phone of phones) {
      state = (await provider.update(String(alice.memberUin), state, { ...alice, phone })).outs as Record<
        string,
        unknown
      >;
    }
    return state;
  }

  /** Whether each request of `action`, in order, was answered (false: its connection was cut). */
  function answered(action: string): boolean[] {
    return emulator
      .requestLog()
      .filter((entry) => entry.action === action)
      .map((entry) => entry.answeredAt !== undefined);
  }

  test("an Update whose answer is lost after the third allowed change succeeds once: new phone, 3 modifications", async () => {
    emulator = await emulatorForProvider({ faults: { planned: [{ action: update, kind: "dropResponse", skip: 2 }] } });
    const created = (await provider.create(alice)).outs as Record<string, unknown>;
    const { result: outs, lines } = await logged(() =>
      changePhones(created, ["13800138002", "13800138003", "13800138004"]),
    );
    expect(outs).toMatchObject({ phone: "13800138004", modificationsBeforeActivation: 3, bindStatus: "Valid" });
    expect(emulator.bindings()[0]).toMatchObject({ phone: "13800138004", modifications: 3 });
    // The fault happened: the third Update was carried out and its answer cut; it was never sent again.
    expect(answered(update)).toEqual([true, true, false]);
    expect(lines.join("\n")).toMatch(
      /The answer to UpdateOrganizationMemberEmailBind for member 100000000001 \(BindId \d+\) was lost, and the binding read back shows the change/,
    );
  });

  test("an Update answered InternalError was not carried out, and is retried: one modification", async () => {
    emulator = await emulatorForProvider({ faults: { planned: [{ action: update, kind: "error" }] } });
    const created = (await provider.create(alice)).outs as Record<string, unknown>;
    const { result: outs } = await logged(() => changePhones(created, ["13800138002"]));
    expect(outs).toMatchObject({ phone: "13800138002", modificationsBeforeActivation: 1 });
    expect(emulator.bindings()[0]).toMatchObject({ phone: "13800138002", modifications: 1 });
    expect(
      emulator
        .requestLog()
        .filter((entry) => entry.action === update)
        .map((entry) => entry.errorCode),
    ).toEqual(["InternalError", undefined]);
  });

  test("an Update whose answer is lost before Tencent carried it out is sent again: one modification", async () => {
    emulator = await emulatorForProvider();
    // A connection cut after the request was sent, before the API saw it: the binding read back shows nothing.
    const proxy = await cuttingProxy(emulator.port, update);
    process.env.TENCENTCLOUD_ORGANIZATION_ENDPOINT = proxy.url;
    try {
      const created = (await provider.create(alice)).outs as Record<string, unknown>;
      const { result: outs } = await logged(() => changePhones(created, ["13800138002"]));
      expect(proxy.cut).toBe(1);
      expect(outs).toMatchObject({ phone: "13800138002", modificationsBeforeActivation: 1 });
      expect(emulator.bindings()[0]).toMatchObject({ phone: "13800138002", modifications: 1 });
      expect(emulator.requestCount(update)).toBe(1);
      expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(3);
    } finally {
      await proxy.close();
    }
  });

  test("a lost answer the binding cannot tell apart (a new phone masked like the old) is sent again, with a warning, and both count", async () => {
    emulator = await emulatorForProvider({ faults: { planned: [{ action: update, kind: "dropResponse" }] } });
    const created = (await provider.create(alice)).outs as Record<string, unknown>;
    // 13800138101 is shown as 13***01, like 13800138001.
    const { result: outs, lines } = await logged(() => changePhones(created, ["13800138101"]));
    expect(answered(update)).toEqual([false, true]);
    expect(emulator.bindings()[0]).toMatchObject({ phone: "13800138101", modifications: 2 });
    expect(outs).toMatchObject({ phone: "13800138101", modificationsBeforeActivation: 2 });
    expect(lines.join("\n")).toMatch(
      /cannot show whether Tencent Cloud carried it out: the new phone is masked like the old one.*It is sent again/,
    );
  });

  test("a resend whose answer is lost is not sent again, and a warning says it may or may not have been sent", async () => {
    const send = "SendOrgMemberAccountBindEmail";
    emulator = await emulatorForProvider({ faults: { planned: [{ action: send, kind: "dropResponse" }] } });
    const created = (await provider.create({ ...alice, activationReminder: "2026-11" })).outs as Record<
      string,
      unknown
    >;
    const { result, lines } = await logged(() =>
      provider.update(String(alice.memberUin), created, { ...alice, activationReminder: "2026-12" }),
    );
    expect(result.outs).toMatchObject({ activationReminder: "2026-12", bindStatus: "Valid" });
    expect(answered(send)).toEqual([false]);
    expect(lines.join("\n")).toMatch(
      /warning: .*The answer to SendOrgMemberAccountBindEmail for member 100000000001 \(BindId \d+\) was lost: the activation email may or may not have been sent\. It is not sent again now/,
    );
  });
});

/**
 * An HTTP proxy to the emulator that cuts the connection of the first request of `action` without passing it
 * on: a request sent whose answer never comes, and that the API never carried out.
 */
async function cuttingProxy(
  port: number,
  action: string,
): Promise<{ url: string; readonly cut: number; close(): Promise<void> }> {
  let cut = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.headers["x-tc-action"] === action && cut === 0) {
        cut += 1;
        request.socket.destroy();
        return;
      }
      const forwarded = httpRequest(
        { host: "127.0.0.1", port, method: request.method, path: request.url, headers: request.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get cut() {
      return cut;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
