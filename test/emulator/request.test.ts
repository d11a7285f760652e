import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { organizationClient, sdkError } from "../support/organization-client";
import { errorCodeOf, responseOf, sendRawRequest, sendSignedCall, type SignedCall } from "./support/send-raw-request";

const memberUin = 100000000001;

describe("the emulator's API 3.0 envelope and request checks", () => {
  let emulator: Emulator;
  let call: (overrides?: Partial<SignedCall>) => ReturnType<typeof sendSignedCall>;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimitPerSecond: Infinity });
    call = (overrides = {}) =>
      sendSignedCall({
        port: emulator.port,
        secretId: emulator.secretId,
        secretKey: emulator.secretKey,
        body: JSON.stringify({ MemberUin: memberUin }),
        ...overrides,
      });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it("answers a success with HTTP 200 and the output fields beside a RequestId in Response", async () => {
    const response = await call();
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      Response: expect.objectContaining({ BindStatus: "Unbound", RequestId: expect.any(String) }),
    });
  });

  it("answers a refusal with HTTP 200 and Error {Code, Message} beside a RequestId", async () => {
    const response = await call({ action: "DeleteEverything" });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      Response: {
        Error: { Code: "InvalidAction", Message: expect.stringContaining("DeleteEverything") },
        RequestId: expect.any(String),
      },
    });
  });

  it("gives every answer, refusals included, a distinct uuid RequestId", async () => {
    const responses = await Promise.all([
      call(),
      call(),
      call({ action: "Nope" }),
      call({ secretKey: "wrong" }),
      call({ version: "2018-12-25" }),
    ]);
    const requestIds = responses.map((response) => String(responseOf(response).RequestId));
    for (const requestId of requestIds) {
      expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(requestIds).size).toBe(requestIds.length);
  });

  it("hands the SDK the RequestId of a refusal", async () => {
    const error = await sdkError(organizationClient(emulator).DescribeOrganizationMemberEmailBind({ MemberUin: 1 }));
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses an unknown action with InvalidAction", async () => {
    expect(errorCodeOf(await call({ action: "DescribeInstances" }))).toBe("InvalidAction");
  });

  it("refuses a request without X-TC-Action with MissingParameter", async () => {
    const response = await call({ omitHeaders: ["X-TC-Action"] });
    expect(errorCodeOf(response)).toBe("MissingParameter");
  });

  it("refuses another API version with NoSuchVersion naming the right one", async () => {
    const response = await call({ version: "2018-12-25" });
    expect(errorCodeOf(response)).toBe("NoSuchVersion");
    expect(JSON.stringify(responseOf(response).Error)).toContain("2021-03-31");
  });

  it("refuses a request without X-TC-Version with MissingParameter", async () => {
    expect(errorCodeOf(await call({ omitHeaders: ["X-TC-Version"] }))).toBe("MissingParameter");
  });

  it("refuses a signed body that is not JSON with InvalidParameter", async () => {
    const response = await call({ body: "MemberUin=100000000001" });
    expect(errorCodeOf(response)).toBe("InvalidParameter");
    expect(JSON.stringify(responseOf(response).Error)).toContain("not valid JSON");
  });

  it("refuses a JSON body that is not an object with InvalidParameter", async () => {
    expect(errorCodeOf(await call({ body: "[100000000001]" }))).toBe("InvalidParameter");
  });

  it("refuses a Content-Type other than application/json with UnsupportedProtocol", async () => {
    expect(errorCodeOf(await call({ contentType: "application/x-www-form-urlencoded" }))).toBe("UnsupportedProtocol");
  });

  it("accepts application/json with a charset", async () => {
    expect(errorCodeOf(await call({ contentType: "application/json; charset=utf-8" }))).toBeUndefined();
  });

  it("refuses a GET with UnsupportedProtocol in the envelope", async () => {
    const response = await sendRawRequest({ port: emulator.port, method: "GET" });
    expect(response.status).toBe(200);
    expect(errorCodeOf(response)).toBe("UnsupportedProtocol");
  });

  it("refuses a body over 1 MiB with RequestSizeLimitExceeded, before looking at the signature", async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, "a");
    const response = await sendRawRequest({
      port: emulator.port,
      headers: { "Content-Type": "application/json" },
      body,
    });
    expect(errorCodeOf(response)).toBe("RequestSizeLimitExceeded");
  });

  it("accepts a body of exactly 1 MiB as far as size goes", async () => {
    // JSON allows trailing whitespace, so padding keeps the body valid.
    const body = JSON.stringify({ MemberUin: memberUin }).padEnd(1024 * 1024, " ");
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    const response = await call({ body });
    expect(errorCodeOf(response)).toBeUndefined();
  });

  it("cuts the connection of a huge body and keeps serving others", async () => {
    await expect(
      sendRawRequest({
        port: emulator.port,
        headers: { "Content-Type": "application/json" },
        body: Buffer.alloc(40 * 1024 * 1024, "a"),
      }),
    ).rejects.toThrow();
    expect(errorCodeOf(await call())).toBeUndefined();
  });

  it.each([
    ["GET", "/v2/whatever"],
    ["POST", "/favicon.ico"],
    ["POST", "/emulator"],
    ["PUT", "//"],
  ])("answers %s %s in Tencent's envelope with a RequestId and UnsupportedProtocol", async (method, path) => {
    const headers = { "Content-Type": "application/json" };
    const response = await sendRawRequest({ port: emulator.port, method, path, headers });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      Response: {
        Error: { Code: "UnsupportedProtocol", Message: expect.any(String) },
        RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      },
    });
  });

  it("refuses a signed request sent to another path than /", async () => {
    const response = await sendSignedCall({
      port: emulator.port,
      secretId: emulator.secretId,
      secretKey: emulator.secretKey,
      path: "/v2/",
      body: JSON.stringify({ MemberUin: memberUin }),
    });
    expect(errorCodeOf(response)).toBe("UnsupportedProtocol");
  });

  it("checks the Content-Type before the signature, as the README lists the checks", async () => {
    const response = await call({ contentType: "text/plain", secretKey: "wrong" });
    expect(errorCodeOf(response)).toBe("UnsupportedProtocol");
  });

  it.each([
    ["a lone surrogate, escaped in the JSON", '"lone\\ud800@example.com"'],
    ["a byte that is not UTF-8", Buffer.from([0x22, 0x6c, 0xff, 0x40, 0x65, 0x2e, 0x63, 0x6f, 0x22])],
  ])("refuses an Email with %s with InvalidParameterValue and stores nothing", async (_name, email) => {
    const before = emulator.bindings().length;
    const body = Buffer.concat([
      Buffer.from(`{"MemberUin":${memberUin + 1},"CountryCode":"86","Phone":"13800000000","Email":`),
      Buffer.from(email),
      Buffer.from("}"),
    ]);
    const response = await call({ action: "AddOrganizationMemberEmail", body });
    expect(errorCodeOf(response)).toBe("InvalidParameterValue");
    expect(emulator.bindings()).toHaveLength(before);
  });

  it("counts requests for invented action names in the total only, not one entry per name", async () => {
    const totalBefore = emulator.requestCount();
    const invented = Array.from({ length: 20 }, (_, index) => `Invented${index}`);
    for (const action of invented) await call({ action });
    expect(emulator.requestCount()).toBe(totalBefore + invented.length);
    for (const action of invented) expect(emulator.requestCount(action)).toBe(0);
  });

  it("counts every API request received, in total and per action, refusals included", async () => {
    const totalBefore = emulator.requestCount();
    const sendsBefore = emulator.requestCount("SendOrgMemberAccountBindEmail");
    await call({ action: "SendOrgMemberAccountBindEmail", body: "{}" });
    await call({ action: "SendOrgMemberAccountBindEmail", secretKey: "wrong" });
    await call({ action: "DescribeOrganizationMemberEmailBind" });
    await sendRawRequest({ port: emulator.port, path: "/emulator/bindings", method: "GET" });
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(sendsBefore + 2);
    expect(emulator.requestCount()).toBe(totalBefore + 3);
    expect(emulator.requestCount("NeverCalled")).toBe(0);
  });
});

describe("injected faults", () => {
  it("carries out and commits a request but destroys the connection when dropResponseRate is 1", async () => {
    const emulator = await startEmulator({ port: 0, faults: { dropResponseRate: 1 } });
    try {
      const client = organizationClient(emulator);
      const error = await sdkError(
        client.AddOrganizationMemberEmail({
          MemberUin: memberUin,
          Email: "dropped@example.com",
          CountryCode: "86",
          Phone: "13800000000",
        }),
      );
      expect(error.code).toBeUndefined();
      expect(error.message).toMatch(/socket hang up|ECONNRESET|other side closed/i);
      expect(emulator.bindings()).toEqual([
        expect.objectContaining({ memberUin, email: "dropped@example.com", status: "Valid" }),
      ]);
    } finally {
      await emulator.stop();
    }
  });

  it("answers InternalError and stores nothing when internalErrorRate is 1", async () => {
    const emulator = await startEmulator({ port: 0, faults: { internalErrorRate: 1 } });
    try {
      const client = organizationClient(emulator);
      const error = await sdkError(
        client.AddOrganizationMemberEmail({
          MemberUin: memberUin,
          Email: "failed@example.com",
          CountryCode: "86",
          Phone: "13800000000",
        }),
      );
      expect(error.code).toBe("InternalError");
      expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(emulator.bindings()).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });

  it("spares refused signatures and the admin routes from faults", async () => {
    const emulator = await startEmulator({ port: 0, faults: { internalErrorRate: 1, dropResponseRate: 1 } });
    try {
      const unsigned = await sendSignedCall({
        port: emulator.port,
        secretId: emulator.secretId,
        secretKey: "wrong",
        body: "{}",
      });
      expect(errorCodeOf(unsigned)).toBe("AuthFailure.SignatureFailure");
      const admin = await sendRawRequest({ port: emulator.port, method: "GET", path: "/emulator/bindings" });
      expect(admin.json).toEqual({ Bindings: [] });
    } finally {
      await emulator.stop();
    }
  });
});
