import { resolveSettings } from "../../provider/api/settings";

const credentials = {
  "tencentcloud-member-email:secretId": "AKIDsettings",
  "tencentcloud-member-email:secretKey": "settingsKey",
};

/** The settings read from these config values and nothing in the environment. */
function settingsFrom(values: Record<string, string>) {
  return resolveSettings({ get: (key) => ({ ...credentials, ...values })[key] }, {});
}

describe("the endpoint", () => {
  test("is Tencent Cloud's international site when none is set, or when it is set blank", () => {
    for (const values of [{}, { "tencentcloud-member-email:organizationEndpoint": "  " }] as Record<string, string>[]) {
      expect(settingsFrom(values)).toMatchObject({
        protocol: "https://",
        host: "organization.intl.tencentcloudapi.com",
      });
    }
  });

  test("keeps the scheme and port it is given, around spaces", () => {
    expect(settingsFrom({ "tencentcloud-member-email:organizationEndpoint": " http://127.0.0.1:9217 " })).toMatchObject(
      {
        protocol: "http://",
        host: "127.0.0.1:9217",
      },
    );
    expect(
      settingsFrom({ "tencentcloud-member-email:organizationEndpoint": "https://organization.tencentcloudapi.com/" }),
    ).toMatchObject({ protocol: "https://", host: "organization.tencentcloudapi.com" });
  });

  test("without a scheme is https", () => {
    expect(
      settingsFrom({ "tencentcloud-member-email:organizationEndpoint": "organization.tencentcloudapi.com" }),
    ).toMatchObject({
      protocol: "https://",
      host: "organization.tencentcloudapi.com",
    });
  });

  test("of another scheme is refused, naming the key", () => {
    expect(() => settingsFrom({ "tencentcloud-member-email:organizationEndpoint": "ftp://example.com" })).toThrow(
      'tencentcloud-member-email:organizationEndpoint must be an http or https URL without a path, such as https://organization.intl.tencentcloudapi.com; got "ftp://example.com".',
    );
  });
});

describe("the rate limit and the retry budget", () => {
  test("are read around spaces", () => {
    const settings = settingsFrom({
      "tencentcloud-member-email:organizationRateLimit": " 5 ",
      "tencentcloud-member-email:organizationRetryBudget": " 90 ",
    });
    expect(settings.rateLimitPerSecond).toBe(5);
    expect(settings.retryBudgetSeconds).toBe(90);
  });

  test("a rate limit that is no number is refused as it was given, without the spaces around it", () => {
    expect(() => settingsFrom({ "tencentcloud-member-email:organizationRateLimit": " fast " })).toThrow(
      'tencentcloud-member-email:organizationRateLimit must be a positive number of requests a second, such as 20; got "fast".',
    );
  });

  test("a retry budget of 0 seconds is refused: a call must be allowed its first attempt", () => {
    expect(() => settingsFrom({ "tencentcloud-member-email:organizationRetryBudget": "0" })).toThrow(
      'tencentcloud-member-email:organizationRetryBudget must be a positive number of seconds, such as 60; got "0".',
    );
  });

  test("without a retry budget, the settings name none, and the retry policy's own applies", () => {
    expect(settingsFrom({})).not.toHaveProperty("retryBudgetSeconds");
  });
});

describe("the credentials", () => {
  test("are read around spaces, from config and the environment alike", () => {
    const settings = resolveSettings(
      { get: (key) => ({ "tencentcloud-member-email:secretId": " AKIDspaced " })[key] },
      { TENCENTCLOUD_SECRET_KEY: " keyFromEnvironment " },
    );
    expect(settings.credentials.source).toMatchObject({
      kind: "keyPair",
      keyPair: { secretId: "AKIDspaced", secretKey: "keyFromEnvironment" },
    });
  });

  test("a blank one counts as unset", () => {
    expect(() => settingsFrom({ "tencentcloud-member-email:secretKey": "  " })).toThrow(
      /^Tencent Cloud credentials are missing/,
    );
  });
});

describe("the shared rate limit's Redis (organizationRateLimitRedis)", () => {
  const key = "tencentcloud-member-email:organizationRateLimitRedis";

  test("is absent unless set, and a redis:// or rediss:// URL is kept as given", () => {
    expect(settingsFrom({}).rateLimitRedis).toBeUndefined();
    for (const url of ["redis://:s3cret@redis.internal:6379/0", "rediss://redis.internal:6380"]) {
      expect(settingsFrom({ [key]: url }).rateLimitRedis).toBe(url);
    }
  });

  test.each([
    ["not a URL", "redis internal:6379"],
    ["another scheme", "http://:s3cret@redis.internal:6379"],
    ["no host", "redis:///0"],
  ])("given %s is refused, naming the key and not repeating the value", (_, value) => {
    let message = "";
    try {
      settingsFrom({ [key]: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`${key} must be a redis:// or rediss:// URL, such as redis://redis.internal:6379/0.`);
  });
});
