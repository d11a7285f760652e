import { organization } from "tencentcloud-sdk-nodejs/tencentcloud/services/organization";
import { sts } from "tencentcloud-sdk-nodejs/tencentcloud/services/sts";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { TokenBucketRateLimiter } from "../../emulator/src/limits";
import { organizationClient, sdkError } from "../support/organization-client";

const roleArn = "qcs::cam::uin/100000000000:roleName/member-email-ci";
const otherRoleArn = "qcs::cam::uin/100000000000:roleName/audit";

/** Temporary keys of `role`, from the emulator's STS, for the session `session`. */
async function roleKey(emulator: Emulator, role: string, session: string) {
  const client = new sts.v20180813.Client({
    credential: { secretId: emulator.secretId, secretKey: emulator.secretKey },
    region: "ap-guangzhou",
    profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${emulator.port}`, reqTimeout: 10 } },
  });
  const answer = await client.AssumeRole({ RoleArn: role, RoleSessionName: session });
  return {
    secretId: answer.Credentials?.TmpSecretId ?? "",
    secretKey: answer.Credentials?.TmpSecretKey ?? "",
    token: answer.Credentials?.Token ?? "",
  };
}

/** Whether one Describe passes the rate limit (any answer but RequestLimitExceeded). */
async function passes(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "RequestLimitExceeded") return false;
    throw error;
  }
}

const describe1 = { MemberUin: 100000000001 };

describe("TokenBucketRateLimiter", () => {
  it("admits a full bucket at once, then refuses until time refills it", () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter(20, () => now);
    const admitted = Array.from({ length: 40 }, () => limiter.tryAcquire("A")).filter(Boolean).length;
    expect(admitted).toBe(20);
    now += 50; // one token's worth at 20 a second
    expect(limiter.tryAcquire("A")).toBe(true);
    expect(limiter.tryAcquire("A")).toBe(false);
  });

  it("never refuses a client that paces itself at the limit with network jitter", () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter(20, () => now);
    // 20 a second on average, each request up to 30 ms early or late, for 30 seconds.
    const jitter = [0, 30, -30, 17, -22, 5, -9, 28, -28, 12];
    const refused = Array.from({ length: 600 }, (_, index) => {
      now = index * 50 + jitter[index % jitter.length] + 30;
      return limiter.tryAcquire("A");
    }).filter((admitted) => !admitted).length;
    expect(refused).toBe(0);
  });

  it("keeps one bucket per key", () => {
    const limiter = new TokenBucketRateLimiter(1, () => 0);
    expect(limiter.tryAcquire("A")).toBe(true);
    expect(limiter.tryAcquire("A")).toBe(false);
    expect(limiter.tryAcquire("B")).toBe(true);
  });

  it("refills a bucket that a neighbour shares only with what the neighbour leaves", () => {
    let now = 0;
    const limiter = new TokenBucketRateLimiter(20, () => now);
    // Emptied, then 10 seconds of a caller asking 20 times a second while a neighbour spends 10 of the 20.
    for (let index = 0; index < 20; index += 1) limiter.tryAcquire("A", 10);
    let admitted = 0;
    for (let index = 1; index <= 200; index += 1) {
      now = index * 50;
      if (limiter.tryAcquire("A", 10)) admitted += 1;
    }
    expect(admitted).toBe(100);
    // Another key, or the same key with no neighbour, refills at the full rate.
    expect(limiter.tryAcquire("B", 0)).toBe(true);
  });

  it("admits everything when the rate is Infinity", () => {
    const limiter = new TokenBucketRateLimiter(Infinity, () => 0);
    expect(Array.from({ length: 1000 }, () => limiter.tryAcquire("A")).every(Boolean)).toBe(true);
  });
});

describe("the emulator's per-action rate limit", () => {
  it("refuses part of a burst of 40 concurrent calls to one action with RequestLimitExceeded", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const client = organizationClient(emulator);
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, () => client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 })),
      );
      const refused = results.filter((result) => result.status === "rejected");
      // The bucket holds 20; the few extra a slow machine lets through are refills during the burst.
      expect(refused.length).toBeGreaterThan(0);
      expect(results.length - refused.length).toBeGreaterThanOrEqual(20);
      for (const result of refused) {
        expect((result as PromiseRejectedResult).reason).toEqual(
          expect.objectContaining({ code: "RequestLimitExceeded" }),
        );
      }
      expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(40);
    } finally {
      await emulator.stop();
    }
  });

  it("never refuses a client calling 18 times a second for several seconds", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      const client = organizationClient(emulator);
      const start = Date.now();
      const calls = Array.from({ length: 63 }, async (_, index) => {
        await new Promise((resolve) => setTimeout(resolve, start + (index * 1000) / 18 - Date.now()));
        return client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 });
      });
      const results = await Promise.allSettled(calls);
      expect(results.filter((result) => result.status === "rejected")).toEqual([]);
      expect(Date.now() - start).toBeGreaterThanOrEqual(3000);
    } finally {
      await emulator.stop();
    }
  });

  it("limits each action on its own, and a refused call changes nothing but the request count", async () => {
    const emulator = await startEmulator({ port: 0, rateLimitPerSecond: 1 });
    try {
      const client = organizationClient(emulator);
      const add = (memberUin: number) =>
        client.AddOrganizationMemberEmail({
          MemberUin: memberUin,
          Email: `${memberUin}@example.com`,
          CountryCode: "86",
          Phone: "13800000000",
        });
      await add(100000000001);
      const error = await sdkError(add(100000000002));
      expect(error.code).toBe("RequestLimitExceeded");
      await expect(client.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000002 })).resolves.toEqual(
        expect.objectContaining({ BindStatus: "Unbound" }),
      );
      expect(emulator.bindings().map((binding) => binding.memberUin)).toEqual([100000000001]);
      expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(2);
    } finally {
      await emulator.stop();
    }
  });

  it("checks the signature before the rate limit, so unauthenticated calls do not use up the budget", async () => {
    const emulator = await startEmulator({ port: 0, rateLimitPerSecond: 1 });
    try {
      const intruder = organizationClient(emulator, { secretId: emulator.secretId, secretKey: "wrong" });
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect((await sdkError(intruder.DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 }))).code).toBe(
          "AuthFailure.SignatureFailure",
        );
      }
      await expect(
        organizationClient(emulator).DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 }),
      ).resolves.toEqual(expect.objectContaining({ BindStatus: "Unbound" }));
    } finally {
      await emulator.stop();
    }
  });
});

describe("what the emulator's rate limit counts", () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.stop();
    emulator = undefined;
  });

  it("keeps one budget per identity: the account's key and each role, whatever the session", async () => {
    emulator = await startEmulator({ rateLimitPerSecond: 1, roles: [{ roleArn }, { roleArn: otherRoleArn }] });
    const account = organizationClient(emulator);
    // AssumeRole has its own limit of 1 a second here too.
    const ci = organizationClient(emulator, await roleKey(emulator, roleArn, "stack-a"));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const ciAgain = organizationClient(emulator, await roleKey(emulator, roleArn, "stack-b"));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const audit = organizationClient(emulator, await roleKey(emulator, otherRoleArn, "audit"));
    expect(await passes(account.DescribeOrganizationMemberEmailBind(describe1))).toBe(true);
    expect(await passes(account.DescribeOrganizationMemberEmailBind(describe1))).toBe(false);
    expect(await passes(ci.DescribeOrganizationMemberEmailBind(describe1))).toBe(true);
    // Another session of the same role is the same CAM identity: its budget is spent.
    expect(await passes(ciAgain.DescribeOrganizationMemberEmailBind(describe1))).toBe(false);
    expect(await passes(audit.DescribeOrganizationMemberEmailBind(describe1))).toBe(true);
    expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(5);
  });

  it("keeps one budget per region the request is sent to", async () => {
    emulator = await startEmulator({ rateLimitPerSecond: 1 });
    const guangzhou = new organization.v20210331.Client({
      credential: { secretId: emulator.secretId, secretKey: emulator.secretKey },
      region: "ap-guangzhou",
      profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${emulator.port}`, reqTimeout: 10 } },
    });
    const global = organizationClient(emulator);
    expect(await passes(global.DescribeOrganizationMemberEmailBind(describe1))).toBe(true);
    expect(await passes(global.DescribeOrganizationMemberEmailBind(describe1))).toBe(false);
    expect(await passes(guangzhou.DescribeOrganizationMemberEmailBind(describe1))).toBe(true);
    expect(await passes(guangzhou.DescribeOrganizationMemberEmailBind(describe1))).toBe(false);
  });

  it("leaves a caller only what a background load of the named action does not spend", async () => {
    emulator = await startEmulator({
      backgroundLoad: { action: "DescribeOrganizationMemberEmailBind", perSecond: 19 },
    });
    const client = organizationClient(emulator);
    const burst = await Promise.all(
      Array.from({ length: 25 }, () => passes(client.DescribeOrganizationMemberEmailBind(describe1))),
    );
    expect(burst.filter(Boolean).length).toBeGreaterThanOrEqual(20);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // 400 ms refill 8 tokens at 20 a second, but only 0.4 of one when a neighbour spends 19 of them.
    expect(await passes(client.DescribeOrganizationMemberEmailBind(describe1))).toBe(false);
    // Other actions keep the whole limit.
    const members = await Promise.all(
      Array.from({ length: 20 }, () => passes(client.DescribeOrganizationMembers({ Offset: 0, Limit: 10 }))),
    );
    expect(members.every(Boolean)).toBe(true);
  });

  it("refuses a background load that would leave nothing, or names an unknown action", async () => {
    await expect(startEmulator({ backgroundLoad: { perSecond: 20 } })).rejects.toThrow(
      /backgroundLoad.perSecond must be a number from 0 to below rateLimitPerSecond \(20\)/,
    );
    await expect(startEmulator({ backgroundLoad: { action: "Describe", perSecond: 5 } })).rejects.toThrow(
      /backgroundLoad.action must be one of AddOrganizationMemberEmail/,
    );
  });
});
