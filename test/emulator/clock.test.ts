import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "tencentcloud-organization-emulator";
import { EmulatorClock } from "../../emulator/src/clock";
import { organizationClient } from "../support/organization-client";
import { sendRawRequest } from "./support/send-raw-request";

const DAY = 24 * 3600;

describe("EmulatorClock", () => {
  it("runs with the real time plus the offset it was advanced by", () => {
    let real = Date.UTC(2026, 0, 1);
    const clock = new EmulatorClock(0, undefined, () => real);
    expect(clock.now().toISOString()).toBe("2026-01-01T00:00:00.000Z");
    clock.advance(DAY);
    real += 1500;
    expect(clock.now().toISOString()).toBe("2026-01-02T00:00:01.500Z");
    expect(clock.nowSeconds()).toBe(Date.UTC(2026, 0, 2, 0, 0, 1) / 1000);
    expect(clock.offsetSeconds).toBe(DAY);
  });

  it("stores every new offset before it takes effect", () => {
    const stored: number[] = [];
    const clock = new EmulatorClock(60, (offset) => stored.push(offset));
    clock.advance(40);
    clock.advance(0);
    expect(stored).toEqual([100, 100]);
  });

  it.each([[-1], [1.5], [Number.NaN], [Infinity], [101 * 366 * DAY]])("refuses to move by %p seconds", (seconds) => {
    const clock = new EmulatorClock();
    expect(() => clock.advance(seconds)).toThrow(/whole number of seconds, 0 or more/);
    expect(clock.offsetSeconds).toBe(0);
  });
});

describe("the emulator's clock", () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "emulator-clock-test-"));
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("moves ApplyTime and BindTime forward with advanceClock, while the SDK's real-time signatures still pass", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const client = organizationClient(emulator);
      emulator.advanceClock(30 * DAY);
      const expected = new Date(Date.now() + 30 * DAY * 1000).toISOString().slice(0, 10);
      await client.AddOrganizationMemberEmail({
        MemberUin: 100000000001,
        Email: "later@example.com",
        CountryCode: "86",
        Phone: "13912345678",
      });
      emulator.activate(100000000001);
      const answer = await client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 });
      expect(answer.ApplyTime?.slice(0, 10)).toBe(expected);
      expect(answer.BindTime?.slice(0, 10)).toBe(expected);
      expect(emulator.now().getTime() - Date.now()).toBeGreaterThanOrEqual(30 * DAY * 1000 - 1000);
    } finally {
      await emulator.stop();
    }
  });

  it("is moved by POST /emulator/advance-clock with {Seconds}, and refuses a body without a whole number", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const post = (body: string) =>
        sendRawRequest({
          port: emulator.port,
          path: "/emulator/advance-clock",
          headers: { "Content-Type": "application/json" },
          body,
        });
      const moved = await post(JSON.stringify({ Seconds: 2 * DAY }));
      expect(moved.status).toBe(200);
      expect(moved.json).toEqual({ OffsetSeconds: 2 * DAY, Now: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
      for (const body of ['{"Seconds": -5}', '{"Seconds": "60"}', '{"Seconds": 1.5}', "{}", "not json"]) {
        const refused = await post(body);
        expect(refused.status).toBe(400);
        expect(refused.json).toEqual({ Error: expect.stringContaining("Seconds") });
      }
      expect(emulator.now().getTime() - Date.now()).toBeGreaterThanOrEqual(2 * DAY * 1000 - 1000);
      expect(emulator.now().getTime() - Date.now()).toBeLessThan(2 * DAY * 1000 + 60_000);
    } finally {
      await emulator.stop();
    }
  });

  it("says its time in every answer's Date header, moved on with it", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const dateOf = async (method: string) =>
        Date.parse((await fetch(emulator.url, { method })).headers.get("date") ?? "");
      expect(Math.abs((await dateOf("HEAD")) - Date.now())).toBeLessThan(2000);
      emulator.advanceClock(13 * DAY);
      for (const method of ["HEAD", "POST", "GET"]) {
        expect(Math.abs((await dateOf(method)) - emulator.now().getTime())).toBeLessThan(2000);
      }
    } finally {
      await emulator.stop();
    }
  });

  it("keeps its offset across a restart on the same data file", async () => {
    const dataFile = join(folder, "organization.sqlite");
    const first = await startEmulator({ port: 0, dataFile });
    first.advanceClock(16 * DAY);
    await first.stop();
    const second = await startEmulator({ port: 0, dataFile });
    try {
      expect(second.now().getTime() - Date.now()).toBeGreaterThanOrEqual(16 * DAY * 1000 - 1000);
    } finally {
      await second.stop();
    }
    const fresh = await startEmulator({ port: 0 });
    try {
      expect(Math.abs(fresh.now().getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      await fresh.stop();
    }
  });
});
