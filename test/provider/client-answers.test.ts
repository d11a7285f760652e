/**
 * The API client against an endpoint that answers what a test plans, in Tencent's envelope: the answers
 * Tencent documents but the emulator never gives (optional fields left out, `Unbound` with a BindId, empty
 * codes), and how the client reads each of them.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { OrganizationApi } from "../../provider/api/client";
import { MemberEmailApiError } from "../../provider/api/errors";
import { retryPolicy, type RetryPolicy } from "../../provider/api/retry-policy";
import {
  keyPairSettings,
  type PlannedEndpoint,
  type ReceivedRequest,
  startPlannedEndpoint,
} from "../support/planned-endpoint";
import { failureOf } from "../support/failure";

/** What the endpoint answers an action: the body of `Response` (a RequestId is added when missing). */
type Answer = Record<string, unknown>;

let endpoint: PlannedEndpoint;
let host: string;
let received: ReceivedRequest[];
const planned = new Map<string, Answer>();

beforeAll(async () => {
  endpoint = await startPlannedEndpoint(({ action }) => ({
    body: JSON.stringify({ Response: { RequestId: "planned-1", ...planned.get(action) } }),
  }));
  ({ host, received } = endpoint);
});
afterAll(() => endpoint.stop());
beforeEach(() => {
  planned.clear();
  received.length = 0;
});

/** A client of this endpoint; its retry log lines go to `retrying`. No retry waits more than 5 ms. */
function api(
  retrying: (message: string) => void = () => undefined,
  policy: Partial<RetryPolicy> = {},
  options: {
    secretId?: string;
    rateLimitPerSecond?: number;
    rateLimitRedis?: string;
    warn?: (message: string) => void;
  } = {},
): OrganizationApi {
  return new OrganizationApi(
    keyPairSettings(
      host,
      { secretId: options.secretId ?? "AKIDplannedAnswers", secretKey: "plannedAnswersSecretKey" },
      { rateLimitPerSecond: options.rateLimitPerSecond ?? 1000, rateLimitRedis: options.rateLimitRedis },
    ),
    options.warn ? { retrying, warn: options.warn } : { retrying },
    { ...retryPolicy, baseDelayMs: 1, maxDelayMs: 5, ...policy },
  );
}

const failure = (call: Promise<unknown>) => failureOf(call, MemberEmailApiError);

const MEMBER = 100000000001;

test("a Describe that leaves the optional fields out answers them empty", async () => {
  planned.set("DescribeOrganizationMemberEmailBind", { BindId: 42, BindStatus: "Valid" });
  expect(await api().describeMemberEmailBind(MEMBER)).toEqual({
    bindId: 42,
    email: "",
    countryCode: "",
    maskedPhone: "",
    bindStatus: "Valid",
    applyTime: "",
    bindTime: "",
    description: "",
    phoneBind: 0,
  });
});

test.each([
  ["Unbound with a BindId", { BindId: 42, BindStatus: "Unbound" }],
  ["a status without a BindId", { BindId: null, BindStatus: "Valid" }],
  ["a BindId without a status", { BindId: 42, BindStatus: "" }],
])("a Describe answering %s is no binding", async (_, answer) => {
  planned.set("DescribeOrganizationMemberEmailBind", answer);
  expect(await api().describeMemberEmailBind(MEMBER)).toBeUndefined();
});

test("an Add answered without a BindId answers undefined, with one the BindId", async () => {
  const fields = { memberUin: MEMBER, email: "a@example.com", countryCode: "86", phone: "13800138000" };
  planned.set("AddOrganizationMemberEmail", {});
  expect(await api().addMemberEmail(fields)).toBeUndefined();
  planned.set("AddOrganizationMemberEmail", { BindId: 9 });
  expect(await api().addMemberEmail(fields)).toBe(9);
});

test("members listed without name, status or type answer them empty; no Items is no member", async () => {
  planned.set("DescribeOrganizationMembers", { Items: [{ MemberUin: MEMBER }], Total: 1 });
  expect(await api().describeOrganizationMembers(0, 50)).toEqual({
    members: [{ memberUin: MEMBER, name: "", bindStatus: "", memberType: "" }],
    total: 1,
  });
  planned.set("DescribeOrganizationMembers", { Total: 0 });
  expect(await api().describeOrganizationMembers(0, 50)).toEqual({ members: [], total: 0 });
});

test("an error with an empty code and RequestId is reported without either", async () => {
  planned.set("DescribeOrganizationMemberEmailBind", { Error: { Code: "", Message: "Something odd." }, RequestId: "" });
  const error = await failure(api().describeMemberEmailBind(MEMBER));
  expect(error.code).toBeUndefined();
  expect(error.requestId).toBeUndefined();
  expect(error.apiMessage).toContain("Something odd.");
});

test("a retried error is logged with its code, its attempt and its RequestId", async () => {
  planned.set("DescribeOrganizationMemberEmailBind", {
    Error: { Code: "InternalError", Message: "Try later." },
    RequestId: "req-7",
  });
  const lines: string[] = [];
  const error = await failure(api((line) => lines.push(line)).describeMemberEmailBind(MEMBER));
  expect(error.code).toBe("InternalError");
  expect(received).toHaveLength(retryPolicy.maxAttempts);
  expect(lines[0]).toMatch(
    /^DescribeOrganizationMemberEmailBind: InternalError on attempt 1 of 8 \(RequestId req-7\); retrying in \d+ ms\.$/,
  );
  expect(lines).toHaveLength(retryPolicy.maxAttempts - 1);
});

test("a retried error without a RequestId is logged without one", async () => {
  planned.set("DescribeOrganizationMemberEmailBind", { Error: { Code: "InternalError", Message: "x" }, RequestId: "" });
  const lines: string[] = [];
  await failure(api((line) => lines.push(line)).describeMemberEmailBind(MEMBER));
  expect(lines[0]).toMatch(
    /^DescribeOrganizationMemberEmailBind: InternalError on attempt 1 of 8; retrying in \d+ ms\.$/,
  );
});

test("the retry budget counts from the first attempt: past it, no retry starts", async () => {
  planned.set("DescribeOrganizationMemberEmailBind", { Error: { Code: "InternalError", Message: "x" } });
  const policy = { maxAttempts: 200, baseDelayMs: 10, maxDelayMs: 10, maxElapsedMs: 150 };
  const started = Date.now();
  await failure(api(() => undefined, policy).describeMemberEmailBind(MEMBER));
  // About 150 ms of attempts a few milliseconds apart: far fewer than the 200 the attempts alone allow.
  expect(received.length).toBeGreaterThan(1);
  expect(received.length).toBeLessThan(200);
  expect(Date.now() - started).toBeLessThan(1000);
});

test.each([
  "ResourceNotFound.OrganizationMemberNotExist",
  "ResourceNotFound.MemberEmailNotExist",
  "ResourceNotFound.EmailBindRecordNotExist",
])("a Describe answering %s is no binding", async (code) => {
  planned.set("DescribeOrganizationMemberEmailBind", { Error: { Code: code, Message: "Gone." } });
  expect(await api().describeMemberEmailBind(MEMBER)).toBeUndefined();
});

test("a Describe answering another error fails with it", async () => {
  planned.set("DescribeOrganizationMemberEmailBind", { Error: { Code: "InvalidParameter", Message: "No." } });
  expect((await failure(api().describeMemberEmailBind(MEMBER))).code).toBe("InvalidParameter");
});

test("the organization id is asked once per client; a failed ask is asked again", async () => {
  const client = api();
  planned.set("DescribeOrganization", { Error: { Code: "AuthFailure.UnauthorizedOperation", Message: "No." } });
  expect((await failure(client.organizationId())).code).toBe("AuthFailure.UnauthorizedOperation");
  planned.set("DescribeOrganization", { OrgId: 45 });
  expect(await client.organizationId()).toBe(45);
  expect(await client.organizationId()).toBe(45);
  expect(received.map((request) => request.action)).toEqual(["DescribeOrganization", "DescribeOrganization"]);
});

test("a resend sends SendOrgMemberAccountBindEmail for the member's binding", async () => {
  planned.set("SendOrgMemberAccountBindEmail", {});
  await api().sendMemberAccountBindEmail(MEMBER, 42);
  expect(received.map(({ action, body }) => ({ action, body: JSON.parse(body) }))).toEqual([
    { action: "SendOrgMemberAccountBindEmail", body: { MemberUin: MEMBER, BindId: 42 } },
  ]);
});

describe("pacing, per action, endpoint and identity (2 calls a second: starts 500 ms apart)", () => {
  beforeEach(() => planned.set("DescribeOrganizationMemberEmailBind", { BindId: 0, BindStatus: "Unbound" }));
  const slow = (secretId: string) => api(undefined, {}, { secretId, rateLimitPerSecond: 2 });

  test("three calls of one identity take a second, even from two clients", async () => {
    const started = Date.now();
    await Promise.all([
      slow("AKIDpacedSame").describeMemberEmailBind(MEMBER),
      slow("AKIDpacedSame").describeMemberEmailBind(MEMBER),
      slow("AKIDpacedSame").describeMemberEmailBind(MEMBER),
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  test("two identities do not wait for each other, nor two actions of one identity", async () => {
    planned.set("DescribeOrganizationMembers", { Total: 0 });
    const started = Date.now();
    await Promise.all([
      slow("AKIDpacedOne").describeMemberEmailBind(MEMBER),
      slow("AKIDpacedOne").describeMemberEmailBind(MEMBER),
      slow("AKIDpacedTwo").describeMemberEmailBind(MEMBER),
      slow("AKIDpacedTwo").describeMemberEmailBind(MEMBER),
      slow("AKIDpacedTwo").describeOrganizationMembers(0, 50),
    ]);
    expect(Date.now() - started).toBeLessThan(900);
  });

  test("a new configured rate applies to the identity's next calls", async () => {
    await slow("AKIDpacedRaised").describeMemberEmailBind(MEMBER);
    // Past the spacing of that call, so that only the rate decides the next ones.
    await sleep(600);
    const fast = api(undefined, {}, { secretId: "AKIDpacedRaised", rateLimitPerSecond: 50 });
    const started = Date.now();
    await Promise.all([1, 2, 3, 4].map(() => fast.describeMemberEmailBind(MEMBER)));
    expect(Date.now() - started).toBeLessThan(450);
  });
});

test("an unreachable Redis is said once, as a warning, and the calls go on paced alone", async () => {
  planned.set("DescribeOrganizationMemberEmailBind", { BindId: 0, BindStatus: "Unbound" });
  const warnings: string[] = [];
  const retries: string[] = [];
  const withRedis = (port: number) =>
    api(
      (line) => retries.push(line),
      {},
      {
        secretId: `AKIDredis${port}`,
        rateLimitRedis: `redis://127.0.0.1:${port}`,
        warn: (message) => warnings.push(message),
      },
    );
  // Two unreachable URLs (nothing listens on port 1 or 2): each one's limiter warns, the process says it once.
  const answers = await Promise.all(
    [withRedis(1), withRedis(2)].map((client) => client.describeMemberEmailBind(MEMBER)),
  );
  expect(answers).toEqual([undefined, undefined]);
  expect(warnings).toEqual([expect.stringContaining("Redis could not be reached")]);
  expect(retries).toEqual([]);
}, 15_000);

test("a key pair refused as AuthFailure.TokenFailure fails at once: it has no temporary keys to renew", async () => {
  planned.set("DescribeOrganizationMemberEmailBind", {
    Error: { Code: "AuthFailure.TokenFailure", Message: "Expired." },
  });
  const lines: string[] = [];
  expect((await failure(api((line) => lines.push(line)).describeMemberEmailBind(MEMBER))).code).toBe(
    "AuthFailure.TokenFailure",
  );
  expect(received).toHaveLength(1);
  expect(lines).toEqual([]);
});
