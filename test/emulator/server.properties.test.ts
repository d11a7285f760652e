import fc from "fast-check";
import { startEmulator, type Emulator, type EmulatorBinding } from "tencentcloud-organization-emulator";
import { isMobileNumber } from "../../emulator/src/phone";
import { hostileString } from "../support/hostile-inputs";
import { sendRawRequest, type RawResponse } from "./support/send-raw-request";
import { signTc3 } from "./support/sign-tc3";

/** Generated raw requests per run, sent one after another to one emulator. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const actions = [
  "AddOrganizationMemberEmail",
  "DescribeOrganizationMemberEmailBind",
  "UpdateOrganizationMemberEmailBind",
  "SendOrgMemberAccountBindEmail",
] as const;
// A small part of the organization, so that generated requests meet each other's bindings.
const members = Array.from({ length: 20 }, (_, index) => 100000000001 + index);

/** Header values node:http will send: printable ASCII only. */
const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
const headerText = fc.string({ unit: printable, maxLength: 40 });
/** Request targets node:http will send, none of them under the admin routes. */
const pathText = fc
  .string({ unit: fc.constantFrom(..."abcXYZ019/._-~%?=&"), maxLength: 20 })
  .map((rest) => `/${rest}`)
  .filter((path) => !path.startsWith("/emulator/"));

/** Mostly `usual` (20 to 1 against each other choice), so that requests reach the business rules. */
function mostly(usual: fc.Arbitrary<unknown>, ...others: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 20, arbitrary: usual }, ...others);
}

/** Values of each parameter: mostly ones the API takes, sometimes not. */
const values: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  MemberUin: mostly(fc.constantFrom(...members), fc.integer(), fc.double(), hostileString, fc.constant(null)),
  BindId: mostly(fc.integer({ min: 1, max: 30 }), fc.anything()),
  Email: fc.oneof(
    { weight: 20, arbitrary: fc.stringMatching(/^[a-zA-Z0-9]{1,8}@(example\.com|Example\.org)$/) },
    fc.constantFrom(`${"x".repeat(64)}@example.com`, `${"y".repeat(65)}@example.com`, `a@${"b".repeat(250)}.com`),
    hostileString.map((text) => `${text}@example.com`),
    hostileString,
    fc.emailAddress(),
  ),
  CountryCode: mostly(fc.constantFrom("86", "1", "44", "49"), fc.constantFrom("999", "+86", "", "8600"), hostileString),
  // Mostly mobile numbers of one of the usual country codes (86, 1, 44, 49), so that about a quarter match
  // the generated CountryCode and reach the business rules.
  Phone: mostly(
    fc.oneof(
      fc.stringMatching(/^1[3-9][0-9]{9}$/),
      fc.stringMatching(/^[2-7][0-9]{2}[2-9][0-9]{6}$/),
      fc.stringMatching(/^7[0-9]{9}$/),
      fc.stringMatching(/^1[5-7][0-9]{9}$/),
    ),
    fc.stringMatching(/^[1-9][0-9]{5,11}$/),
    fc.stringMatching(/^[0-9]{0,17}$/),
    hostileString,
    fc.nat(),
  ),
};
const parametersOf: Readonly<Record<string, readonly string[]>> = {
  AddOrganizationMemberEmail: ["MemberUin", "Email", "CountryCode", "Phone"],
  DescribeOrganizationMemberEmailBind: ["MemberUin"],
  UpdateOrganizationMemberEmailBind: ["MemberUin", "BindId", "Email", "CountryCode", "Phone"],
  SendOrgMemberAccountBindEmail: ["MemberUin", "BindId"],
};

/** A body for `action`: its own parameters, any parameters at all, bytes, or any JSON. */
function bodyFor(action: string): fc.Arbitrary<Buffer> {
  const own = parametersOf[action] ?? Object.keys(values);
  const exact = fc.record(Object.fromEntries(own.map((name) => [name, values[name]])));
  const loose = fc.record({ ...values, Extra: fc.anything() }, { requiredKeys: [] });
  return fc.oneof(
    { weight: 6, arbitrary: exact.map((value) => Buffer.from(JSON.stringify(value))) },
    { weight: 1, arbitrary: loose.map((value) => Buffer.from(JSON.stringify(value))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? "")) },
  );
}

/** One generated request: mostly well-formed and signed, so that it reaches the business rules, sometimes not. */
const rawRequest = fc
  .record({
    method: fc.oneof(
      { weight: 6, arbitrary: fc.constant("POST") },
      { weight: 1, arbitrary: fc.constantFrom("GET", "PUT", "DELETE", "PATCH", "OPTIONS") },
    ),
    path: fc.oneof({ weight: 6, arbitrary: fc.constant("/") }, { weight: 1, arbitrary: pathText }),
    contentType: fc.oneof(
      { weight: 6, arbitrary: fc.constant("application/json") },
      { weight: 1, arbitrary: fc.constantFrom("application/json; charset=utf-8", "text/plain", "", "text/json") },
      { weight: 1, arbitrary: headerText },
    ),
    action: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...actions) }, { weight: 1, arbitrary: headerText }),
    version: fc.oneof({ weight: 6, arbitrary: fc.constant("2021-03-31") }, { weight: 1, arbitrary: headerText }),
    signed: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  })
  .chain((request) => bodyFor(request.action).map((body) => ({ ...request, body })));
type GeneratedRequest = typeof rawRequest extends fc.Arbitrary<infer R> ? R : never;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, rateLimitPerSecond: Infinity, members, maxMembersPerPhone: 1_000_000 });
});
afterAll(async () => {
  await emulator.stop();
});

function send(generated: GeneratedRequest): Promise<RawResponse> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${emulator.port}`,
    "Content-Type": generated.contentType,
    "X-TC-Action": generated.action,
    "X-TC-Version": generated.version,
    "X-TC-Timestamp": String(timestamp),
    // node:http sends a GET's body without a length unless told, which is not HTTP at all.
    "Content-Length": String(generated.body.length),
  };
  if (generated.signed) {
    headers.Authorization = signTc3({
      secretId: emulator.secretId,
      secretKey: emulator.secretKey,
      host: "127.0.0.1",
      contentType: generated.contentType,
      body: generated.body,
      timestamp,
    });
  }
  const { method, path, body } = generated;
  return sendRawRequest({ port: emulator.port, method, path, headers, body });
}

/** The `Response` of Tencent's envelope, checked: a uuid RequestId, and a short Error {Code, Message} on refusal. */
function envelopeOf(response: RawResponse): Record<string, unknown> {
  expect(response.status).toBe(200);
  const requestId = expect.stringMatching(/^[0-9a-f-]{36}$/);
  expect(response.json).toEqual({ Response: expect.objectContaining({ RequestId: requestId }) });
  const answer = (response.json as { Response: Record<string, unknown> }).Response;
  if (answer.Error !== undefined) {
    expect(answer.Error).toEqual({ Code: expect.stringMatching(/^[A-Za-z.]+$/), Message: expect.any(String) });
    expect((answer.Error as { Message: string }).Message.length).toBeLessThan(600);
  }
  return answer;
}

/** The store's invariants: one binding per member and per address (case aside), each value as the API takes it. */
function expectConsistent(bindings: readonly EmulatorBinding[]): void {
  expect(new Set(bindings.map((binding) => binding.memberUin)).size).toBe(bindings.length);
  expect(new Set(bindings.map((binding) => binding.bindId)).size).toBe(bindings.length);
  expect(new Set(bindings.map((binding) => binding.email.toLowerCase())).size).toBe(bindings.length);
  for (const binding of bindings) {
    expect(members).toContain(binding.memberUin);
    expect(binding.email).toMatch(/^[^\s@<>]{1,64}@[^\s@.<>]+(\.[^\s@.<>]+)+$/);
    expect(binding.email.length).toBeLessThanOrEqual(254);
    expect(binding.email).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\uFFFD]/u);
    expect(binding.countryCode).toMatch(/^[0-9]{1,3}$/);
    expect(binding.phone).toMatch(/^[0-9]{4,15}$/);
    expect(binding.countryCode.length + binding.phone.length).toBeLessThanOrEqual(15);
    expect(isMobileNumber(binding.countryCode, binding.phone)).toBe(true);
  }
}

describe("the emulator, on generated raw HTTP requests", () => {
  test("answers each in Tencent's envelope with a RequestId, keeps its store consistent, counts right", async () => {
    const sent = new Map<string, number>();
    const succeeded = new Map<string, number>();
    let total = 0;
    await fc.assert(
      fc.asyncProperty(rawRequest, async (generated) => {
        const response = await send(generated);
        total += 1;
        sent.set(generated.action, (sent.get(generated.action) ?? 0) + 1);
        const answer = envelopeOf(response);
        if (answer.Error === undefined) succeeded.set(generated.action, (succeeded.get(generated.action) ?? 0) + 1);
        const bindings = emulator.bindings();
        expectConsistent(bindings);
        if (answer.Error === undefined && generated.action === "AddOrganizationMemberEmail") {
          // A binding is stored exactly as it was sent: no character was changed on the way.
          const request = JSON.parse(generated.body.toString("utf8")) as Record<string, unknown>;
          expect(bindings.find((binding) => binding.bindId === answer.BindId)).toMatchObject({
            memberUin: request.MemberUin,
            email: request.Email,
            countryCode: request.CountryCode,
            phone: request.Phone,
          });
        }
      }),
      { numRuns: RUNS },
    );
    expect(emulator.requestCount()).toBe(total);
    for (const action of actions) expect(emulator.requestCount(action)).toBe(sent.get(action) ?? 0);
    // The generated requests reach the business rules, not only the transport checks.
    expect(succeeded.get("AddOrganizationMemberEmail")).toBeGreaterThan(0);
    expect(succeeded.get("DescribeOrganizationMemberEmailBind")).toBeGreaterThan(0);
  });
});
