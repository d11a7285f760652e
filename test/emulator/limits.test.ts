import { startEmulator } from "tencentcloud-organization-emulator";
import { TokenBucketRateLimiter } from "../../emulator/src/limits";
import { organizationClient, sdkError } from "../support/organization-client";

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
