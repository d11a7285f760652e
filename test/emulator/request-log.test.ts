import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readRequestLogFile, startEmulator } from "tencentcloud-organization-emulator";
import { REQUEST_LOG_MEMORY_LIMIT, RequestLog } from "../../emulator/src/request-log";
import { organizationClient, sdkError } from "../support/organization-client";
import { sendRawRequest } from "./support/send-raw-request";

describe("the emulator's request log", () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "emulator-request-log-test-"));
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("records each request's action, member and the moments it was received, committed and answered", async () => {
    const requestLogFile = join(folder, "logs", "requests.jsonl");
    const emulator = await startEmulator({ port: 0, requestLogFile });
    try {
      const client = organizationClient(emulator);
      const add = () =>
        client.AddOrganizationMemberEmail({
          MemberUin: 100000000001,
          Email: "logged@example.com",
          CountryCode: "86",
          Phone: "13912345678",
        });
      const added = await add();
      await sdkError(add());
      const described = await client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 });
      await sendRawRequest({
        port: emulator.port,
        path: "/",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });

      const log = emulator.requestLog();
      expect(log).toEqual([
        {
          sequence: 1,
          requestId: added.RequestId,
          action: "AddOrganizationMemberEmail",
          memberUin: 100000000001,
          receivedAt: expect.any(Number),
          committedAt: expect.any(Number),
          answeredAt: expect.any(Number),
        },
        expect.objectContaining({ sequence: 2, errorCode: "FailedOperation.MemberEmailExist" }),
        expect.objectContaining({
          sequence: 3,
          requestId: described.RequestId,
          action: "DescribeOrganizationMemberEmailBind",
        }),
        expect.objectContaining({ sequence: 4, action: "", errorCode: "AuthFailure.InvalidAuthorization" }),
      ]);
      const [write, refused, read] = log;
      expect(write.receivedAt).toBeLessThanOrEqual(write.committedAt ?? -1);
      expect(write.committedAt).toBeLessThanOrEqual(write.answeredAt ?? -1);
      expect(refused.committedAt).toBeUndefined();
      expect(read.committedAt).toBeUndefined();
      // The file holds the same story, event by event, for a process that may be killed.
      expect(readRequestLogFile(readFileSync(requestLogFile, "utf8"))).toEqual(log);
    } finally {
      await emulator.stop();
    }
  });

  it("leaves a dropped request without an answer, its change committed", async () => {
    const emulator = await startEmulator({ port: 0, faults: { dropResponseRate: 1 } });
    try {
      await sdkError(
        organizationClient(emulator).AddOrganizationMemberEmail({
          MemberUin: 100000000001,
          Email: "dropped@example.com",
          CountryCode: "86",
          Phone: "13912345678",
        }),
      );
      const [entry] = emulator.requestLog();
      expect(entry.committedAt).toEqual(expect.any(Number));
      expect(entry.answeredAt).toBeUndefined();
      expect(emulator.bindings()).toHaveLength(1);
    } finally {
      await emulator.stop();
    }
  });

  it("keeps the most recent 100,000 requests in memory, so a long-running emulator does not grow without bound", () => {
    const log = new RequestLog();
    const body = Buffer.from('{"MemberUin": 1}');
    for (let i = 0; i < REQUEST_LOG_MEMORY_LIMIT + 5; i++) log.received(`r${i}`, "DescribeOrganization", body);
    log.answered(REQUEST_LOG_MEMORY_LIMIT + 5, undefined);
    const entries = log.all();
    expect(entries).toHaveLength(REQUEST_LOG_MEMORY_LIMIT);
    expect(entries[0].sequence).toBe(6);
    expect(entries[entries.length - 1]).toMatchObject({ sequence: REQUEST_LOG_MEMORY_LIMIT + 5, memberUin: 1 });
    expect(entries[entries.length - 1].answeredAt).toEqual(expect.any(Number));
  });

  it("ignores a last line cut short by a kill", () => {
    const text = [
      '{"event":"received","sequence":1,"requestId":"r1","action":"AddOrganizationMemberEmail","memberUin":7,"at":1}',
      '{"event":"committed","sequence":1,"at":2}',
      '{"event":"answe',
    ].join("\n");
    expect(readRequestLogFile(text)).toEqual([
      {
        sequence: 1,
        requestId: "r1",
        action: "AddOrganizationMemberEmail",
        memberUin: 7,
        receivedAt: 1,
        committedAt: 2,
      },
    ]);
  });
});
