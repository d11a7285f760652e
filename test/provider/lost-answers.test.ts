/**
 * Lost answers to a write: UpdateOrganizationMemberEmailBind, whose every carried-out call Tencent Cloud counts
 * among the 3 modifications allowed before activation, and SendOrgMemberAccountBindEmail. The emulator runs in
 * the test's own process and cuts exactly the answers a test plans, so these run in the mutation suite too.
 */
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import type { Emulator } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { MemberEmailApiError } from "../../provider/api/errors";
import { emulatorForProvider } from "../support/emulator";

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;

describe("lost answers to an Update or a resend", () => {
  const alice = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138001" };
  const bob = { memberUin: 100000000002, email: "bob@example.com", countryCode: "86", phone: "13800138002" };
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
    const twice = await logged(() => changePhones(created, ["13800138002", "13800138003"]));
    const describes = emulator.requestCount("DescribeOrganizationMemberEmailBind");
    const { result: outs, lines } = await logged(() => changePhones(twice.result, ["13800138004"]));
    // The binding read back after the lost answer is the one the state records: it is not read again.
    expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(describes + 1);
    expect(outs).toMatchObject({ phone: "13800138004", modificationsBeforeActivation: 3, bindStatus: "Valid" });
    expect(emulator.bindings()[0]).toMatchObject({ phone: "13800138004", modifications: 3 });
    // The fault happened: the third Update was carried out and its answer cut; it was never sent again.
    expect(answered(update)).toEqual([true, true, false]);
    expect(lines.join("\n")).toMatch(
      /The answer to UpdateOrganizationMemberEmailBind for member 100000000001 \(BindId \d+\) was lost, and the binding read back shows the change: Tencent Cloud carried it out, so it was not sent again\./,
    );
  });

  test("an Update answered InternalError was not carried out, and is retried: one modification", async () => {
    emulator = await emulatorForProvider({ faults: { planned: [{ action: update, kind: "error" }] } });
    const created = (await provider.create(alice)).outs as Record<string, unknown>;
    const { result: outs, lines } = await logged(() => changePhones(created, ["13800138002"]));
    expect(outs).toMatchObject({ phone: "13800138002", modificationsBeforeActivation: 1 });
    expect(emulator.bindings()[0]).toMatchObject({ phone: "13800138002", modifications: 1 });
    // The retry is logged, as the engine shows it.
    expect(lines.join("\n")).toMatch(
      /^info: .*UpdateOrganizationMemberEmailBind: InternalError on attempt 1 .*\(RequestId [0-9a-f-]{36}\); retrying in \d+ ms\.$/m,
    );
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
      /warning: .*The answer to UpdateOrganizationMemberEmailBind for member 100000000001 \(BindId \d+\) was lost, and the binding read back cannot show whether Tencent Cloud carried it out: the new phone is masked like the old one, with the same email and country code\. It is sent again; if the first was carried out, Tencent Cloud counts both among the 3 modifications allowed before activation, and so does modificationsBeforeActivation\./,
    );
  });

  test("a lost answer for a state that recorded no ApplyTime cannot be told apart, and is sent again", async () => {
    emulator = await emulatorForProvider({ faults: { planned: [{ action: update, kind: "dropResponse" }] } });
    const { applyTime: _applyTime, ...created } = (await provider.create(alice)).outs as Record<string, unknown>;
    const { result: outs } = await logged(() => changePhones(created, ["13800138101"]));
    expect(answered(update)).toEqual([false, true]);
    expect(outs).toMatchObject({ phone: "13800138101", modificationsBeforeActivation: 2 });
  });

  test("an Update whose answer is lost three times fails with the lost answer, and is not sent a fourth time", async () => {
    emulator = await emulatorForProvider({ faults: { planned: [{ action: update, kind: "dropResponse", times: 3 }] } });
    const created = (await provider.create(alice)).outs as Record<string, unknown>;
    // A phone masked like the old one: no read-back can show whether any of the three was carried out.
    const { result: error } = await logged(() => changePhones(created, ["13800138101"]).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(MemberEmailApiError);
    expect((error as MemberEmailApiError).code).toBeUndefined();
    expect((error as Error).message).toMatch(/^UpdateOrganizationMemberEmailBind for member 100000000001 /);
    // The faults happened: three Updates carried out, none answered; a fourth would have been refused for good.
    expect(answered(update)).toEqual([false, false, false]);
    expect(emulator.bindings()[0]).toMatchObject({ phone: "13800138101", modifications: 3 });
  });

  test("an Update refused with an answer is neither read back nor sent again", async () => {
    emulator = await emulatorForProvider();
    const created = (await provider.create(alice)).outs as Record<string, unknown>;
    await provider.create(bob);
    const describes = emulator.requestCount("DescribeOrganizationMemberEmailBind");
    const error = await provider
      .update(String(alice.memberUin), created, { ...alice, email: bob.email, allowEmailUpdate: true })
      .catch((e: unknown) => e);
    expect((error as MemberEmailApiError).code).toBe("FailedOperation.EmailAlreadyUsed");
    expect(emulator.requestCount(update)).toBe(1);
    expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(describes);
    expect(emulator.bindings().find((binding) => binding.memberUin === alice.memberUin)?.email).toBe(alice.email);
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
      /warning: .*The answer to SendOrgMemberAccountBindEmail for member 100000000001 \(BindId \d+\) was lost: the activation email may or may not have been sent\. It is not sent again now, since Tencent Cloud limits how often it may be sent; if the member gets none, change `activationReminder` again later\./,
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
