import { DEMO_SECRET_ID, DEMO_SECRET_KEY, startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { organizationClient, sdkError } from "../support/organization-client";
import { errorCodeOf, responseOf, sendSignedCall, type SignedCall } from "./support/send-raw-request";
import { signTc3 } from "./support/sign-tc3";

describe("the emulator's TC3-HMAC-SHA256 check", () => {
  let emulator: Emulator;
  let call: (overrides?: Partial<SignedCall>) => ReturnType<typeof sendSignedCall>;
  const describeBody = JSON.stringify({ MemberUin: 100000000001 });

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, rateLimitPerSecond: Infinity });
    call = (overrides = {}) =>
      sendSignedCall({
        port: emulator.port,
        secretId: emulator.secretId,
        secretKey: emulator.secretKey,
        body: describeBody,
        ...overrides,
      });
  });

  afterAll(async () => {
    await emulator.stop();
  });

  /** A call whose credential scope names `service`, signed correctly otherwise. */
  function callSignedForService(service: string): ReturnType<typeof sendSignedCall> {
    const timestamp = Math.floor(Date.now() / 1000);
    const authorization = signTc3({
      secretId: emulator.secretId,
      secretKey: emulator.secretKey,
      host: "127.0.0.1",
      contentType: "application/json",
      body: describeBody,
      timestamp,
      service,
    });
    return call({ timestamp, headers: { Authorization: authorization } });
  }

  it("accepts the demo key pair when started without credentials", () => {
    expect(emulator.secretId).toBe(DEMO_SECRET_ID);
    expect(emulator.secretKey).toBe(DEMO_SECRET_KEY);
  });

  it("accepts a request signed over the Host name without its port, as the official SDK signs it", async () => {
    const response = await call({ signedHost: "127.0.0.1" });
    expect(errorCodeOf(response)).toBeUndefined();
    expect(responseOf(response).BindStatus).toBe("Unbound");
  });

  it("accepts a request signed over the Host header with its port", async () => {
    const response = await call({ signedHost: `127.0.0.1:${emulator.port}` });
    expect(errorCodeOf(response)).toBeUndefined();
  });

  it("accepts the real service name organization in the credential scope", async () => {
    expect(errorCodeOf(await callSignedForService("organization"))).toBeUndefined();
  });

  it("refuses a body changed after signing with AuthFailure.SignatureFailure", async () => {
    const response = await call({ sentBody: JSON.stringify({ MemberUin: 100000000002 }) });
    expect(errorCodeOf(response)).toBe("AuthFailure.SignatureFailure");
  });

  it("refuses a signature made with another secret key with AuthFailure.SignatureFailure", async () => {
    const response = await call({ secretKey: "not-the-emulator-key" });
    expect(errorCodeOf(response)).toBe("AuthFailure.SignatureFailure");
  });

  it("refuses a signature over another host with AuthFailure.SignatureFailure", async () => {
    const response = await call({ signedHost: "organization.intl.tencentcloudapi.com" });
    expect(errorCodeOf(response)).toBe("AuthFailure.SignatureFailure");
  });

  it("refuses a credential scope for another service with AuthFailure.SignatureFailure", async () => {
    expect(errorCodeOf(await callSignedForService("cvm"))).toBe("AuthFailure.SignatureFailure");
  });

  describe("with X-TC-Content-SHA256: UNSIGNED-PAYLOAD, as Tencent's Go SDK signs when asked", () => {
    it("accepts a request signed over the literal instead of the body, and carries it out", async () => {
      const response = await call({ unsignedPayload: true });
      expect(errorCodeOf(response)).toBeUndefined();
      expect(responseOf(response).BindStatus).toBe("Unbound");
      // The body is not signed, so the emulator acts on the body it received.
      const other = await call({ unsignedPayload: true, sentBody: JSON.stringify({ MemberUin: 999 }) });
      expect(errorCodeOf(other)).toBe("ResourceNotFound.OrganizationMemberNotExist");
    });

    it("still refuses a signature made with another secret key with AuthFailure.SignatureFailure", async () => {
      const response = await call({ unsignedPayload: true, secretKey: "not-the-emulator-key" });
      expect(errorCodeOf(response)).toBe("AuthFailure.SignatureFailure");
    });

    it("still refuses a signed header changed after signing with AuthFailure.SignatureFailure", async () => {
      const response = await call({ unsignedPayload: true, signedHost: "organization.intl.tencentcloudapi.com" });
      expect(errorCodeOf(response)).toBe("AuthFailure.SignatureFailure");
    });

    it("refuses a request whose header says UNSIGNED-PAYLOAD but whose signature covers the body", async () => {
      const response = await call({ headers: { "X-TC-Content-SHA256": "UNSIGNED-PAYLOAD" } });
      expect(errorCodeOf(response)).toBe("AuthFailure.SignatureFailure");
    });

    it("refuses a signature over the literal when the header does not say UNSIGNED-PAYLOAD", async () => {
      const response = await call({ unsignedPayload: true, omitHeaders: ["X-TC-Content-SHA256"] });
      expect(errorCodeOf(response)).toBe("AuthFailure.SignatureFailure");
    });
  });

  it("refuses an unknown SecretId with AuthFailure.SecretIdNotFound", async () => {
    const response = await call({ secretId: "AKIDunknownKey" });
    expect(errorCodeOf(response)).toBe("AuthFailure.SecretIdNotFound");
  });

  it("refuses a timestamp more than five minutes old with AuthFailure.SignatureExpire", async () => {
    const response = await call({ timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(errorCodeOf(response)).toBe("AuthFailure.SignatureExpire");
  });

  it("refuses a timestamp more than five minutes ahead with AuthFailure.SignatureExpire", async () => {
    const response = await call({ timestamp: Math.floor(Date.now() / 1000) + 400 });
    expect(errorCodeOf(response)).toBe("AuthFailure.SignatureExpire");
  });

  it("accepts a timestamp a little off the server clock", async () => {
    const response = await call({ timestamp: Math.floor(Date.now() / 1000) - 200 });
    expect(errorCodeOf(response)).toBeUndefined();
  });

  it("refuses a request without Authorization with AuthFailure.InvalidAuthorization", async () => {
    const response = await call({ omitHeaders: ["Authorization"] });
    expect(errorCodeOf(response)).toBe("AuthFailure.InvalidAuthorization");
  });

  it.each([
    ["garbage", "Bearer abc"],
    [
      "another algorithm",
      "HMAC-SHA1 Credential=AKID/2024-01-01/organization/tc3_request, SignedHeaders=content-type;host, Signature=" +
        "a".repeat(64),
    ],
    [
      "a short signature",
      `TC3-HMAC-SHA256 Credential=${DEMO_SECRET_ID}/2024-01-01/organization/tc3_request, SignedHeaders=content-type;host, Signature=abc`,
    ],
    [
      "no SignedHeaders",
      `TC3-HMAC-SHA256 Credential=${DEMO_SECRET_ID}/2024-01-01/organization/tc3_request, Signature=${"a".repeat(64)}`,
    ],
    [
      "SignedHeaders without host",
      `TC3-HMAC-SHA256 Credential=${DEMO_SECRET_ID}/2024-01-01/organization/tc3_request, SignedHeaders=content-type, Signature=${"a".repeat(64)}`,
    ],
  ])("refuses a malformed Authorization (%s) with AuthFailure.InvalidAuthorization", async (_case, authorization) => {
    const response = await call({ headers: { Authorization: authorization } });
    expect(errorCodeOf(response)).toBe("AuthFailure.InvalidAuthorization");
  });

  it("refuses a request without X-TC-Timestamp with MissingParameter", async () => {
    const response = await call({ omitHeaders: ["X-TC-Timestamp"] });
    expect(errorCodeOf(response)).toBe("MissingParameter");
    expect(String((responseOf(response).Error as { Message: string }).Message)).toContain("X-TC-Timestamp");
  });

  it("refuses an X-TC-Timestamp that is not a number with InvalidParameterValue", async () => {
    const response = await call({ headers: { "X-TC-Timestamp": "yesterday" } });
    expect(errorCodeOf(response)).toBe("InvalidParameterValue");
  });

  it("refuses a session token the emulator's permanent key does not expect with AuthFailure.TokenFailure", async () => {
    const response = await call({ headers: { "X-TC-Token": "some-session-token" } });
    expect(errorCodeOf(response)).toBe("AuthFailure.TokenFailure");
  });

  it("never echoes the secret key, whatever the refusal", async () => {
    const responses = await Promise.all([
      call({ secretKey: "wrong" }),
      call({ secretId: DEMO_SECRET_KEY }),
      call({ timestamp: 1 }),
      call({ headers: { Authorization: DEMO_SECRET_KEY } }),
      call({ sentBody: "{}" }),
    ]);
    for (const response of responses) {
      expect(errorCodeOf(response)).toMatch(/^AuthFailure\./);
      expect(response.text).not.toContain(DEMO_SECRET_KEY);
    }
  });

  it("makes the official SDK raise AuthFailure.SignatureFailure for a wrong secret key", async () => {
    const client = organizationClient(emulator, { secretId: emulator.secretId, secretKey: "wrong-key" });
    const error = await sdkError(client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 }));
    expect(error.code).toBe("AuthFailure.SignatureFailure");
    expect(error.message).not.toContain(DEMO_SECRET_KEY);
  });

  it("makes the official SDK raise AuthFailure.SecretIdNotFound for an unknown key", async () => {
    const client = organizationClient(emulator, { secretId: "AKIDsomeoneElse", secretKey: DEMO_SECRET_KEY });
    const error = await sdkError(client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 }));
    expect(error.code).toBe("AuthFailure.SecretIdNotFound");
  });
});

describe("an emulator started with its own credentials", () => {
  it("accepts only the key pair and session token it was given", async () => {
    const emulator = await startEmulator({
      port: 0,
      credentials: { secretId: "AKIDcustom", secretKey: "customKey", token: "session-1" },
    });
    try {
      const signed = {
        port: emulator.port,
        secretId: "AKIDcustom",
        secretKey: "customKey",
        body: JSON.stringify({ MemberUin: 100000000001 }),
      };
      expect(errorCodeOf(await sendSignedCall({ ...signed, headers: { "X-TC-Token": "session-1" } }))).toBeUndefined();
      expect(errorCodeOf(await sendSignedCall({ ...signed, headers: { "X-TC-Token": "session-2" } }))).toBe(
        "AuthFailure.TokenFailure",
      );
      expect(errorCodeOf(await sendSignedCall(signed))).toBe("AuthFailure.TokenFailure");
      expect(
        errorCodeOf(await sendSignedCall({ ...signed, secretId: DEMO_SECRET_ID, secretKey: DEMO_SECRET_KEY })),
      ).toBe("AuthFailure.SecretIdNotFound");
    } finally {
      await emulator.stop();
    }
  });
});
