import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { OrganizationApi } from "../../provider/api/client";
import { MemberEmailApiError } from "../../provider/api/errors";
import { failureOf } from "../support/failure";
import { keyPairSettings } from "../support/planned-endpoint";

/**
 * A misbehaving endpoint (or a proxy in front of Tencent Cloud) that refuses every request in Tencent's
 * envelope with a message echoing the request body, email and phone included, in upper case.
 */
let echo: Server;
let host: string;
beforeAll(async () => {
  echo = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const message = `Refused ${body} / ${body.toUpperCase()}.`;
      response.writeHead(200, { "Content-Type": "application/json" });
      const error = { Code: "InvalidParameterValue", Message: message };
      response.end(JSON.stringify({ Response: { Error: error, RequestId: "echo-1" } }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(echo.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => echo.close(() => resolve()));
});

const fields = { memberUin: 100000000001, email: "Alice.Private@Example.com", countryCode: "86", phone: "13800138000" };

function api(): OrganizationApi {
  return new OrganizationApi(keyPairSettings(host, { secretId: "AKIDechoTest", secretKey: "echoTestSecretKey" }), {
    retrying: () => undefined,
  });
}

const failure = (call: Promise<unknown>) => failureOf(call, MemberEmailApiError);

describe("an API message that echoes the request", () => {
  test.each([
    ["AddOrganizationMemberEmail", () => api().addMemberEmail(fields)],
    ["UpdateOrganizationMemberEmailBind", () => api().updateMemberEmailBind(7, fields)],
  ])("reaches the %s error without the email or the phone", async (action, call) => {
    const error = await failure(call());
    expect(error.message).toMatch(new RegExp(`^${action} for member 100000000001 failed with InvalidParameterValue: `));
    for (const text of [error.message, error.apiMessage]) {
      expect(text.toLowerCase()).not.toContain(fields.email.toLowerCase());
      expect(text).not.toContain(fields.phone);
      expect(text).toContain("***");
    }
  });
});
