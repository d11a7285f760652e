/**
 * One namespace for both doors: the dynamic resource reads every setting under `tencentcloud-member-email:`, as the
 * native plugin does, and from the Tencent Cloud provider's `tencentcloud:` only the settings that provider has too.
 */
import { ConfigurationError } from "../../provider/api/credential-settings";
import { settingTable, type SettingName } from "../../provider/api/setting-table";
import { resolveSettings, stackConfigSource } from "../../provider/api/settings";
import { settingProperties } from "../../provider/plugin/schema";
import { check, useConfig } from "../../provider/resource/lifecycle";

/** The Tencent Cloud provider's own settings of the same name (its registry page's configuration reference). */
const TENCENTCLOUD_PROVIDER_SETTINGS = [
  "allowedAccountIds",
  "assumeRole",
  "assumeRoleWithWebIdentity",
  "camRoleName",
  "forbiddenAccountIds",
  "profile",
  "secretId",
  "secretKey",
  "securityToken",
  "sharedCredentialsDir",
];

const names = Object.keys(settingTable) as SettingName[];
const shared = names.filter((name) =>
  Boolean((settingTable[name] as { sharedWithTencentcloud?: boolean }).sharedWithTencentcloud),
);
const ownOnly = names.filter((name) => !shared.includes(name));

/** A stack config as the engine hands it to the dynamic resource: fully qualified keys. */
function stack(values: Record<string, string>) {
  return stackConfigSource((key) => values[key]);
}

afterEach(() => useConfig(undefined));

test("the settings read from tencentcloud: too are exactly those the Tencent Cloud provider has", () => {
  expect([...shared].sort()).toEqual(TENCENTCLOUD_PROVIDER_SETTINGS);
  expect(ownOnly.sort()).toEqual([
    "allowedEmailDomains",
    "metadataEndpoint",
    "organizationEndpoint",
    "organizationRateLimit",
    "organizationRateLimitRedis",
    "organizationRetryBudget",
    "stsEndpoint",
  ]);
});

test("every setting the plugin's schema declares is read under the same name by the dynamic resource", () => {
  expect(Object.keys(settingProperties).sort()).toEqual([...names].sort());
  for (const name of names) {
    expect(stack({ [`tencentcloud-member-email:${name}`]: "x" }).get(`tencentcloud-member-email:${name}`)).toBe("x");
  }
});

test.each(TENCENTCLOUD_PROVIDER_SETTINGS)("%s is read from tencentcloud: when the package's key is not set", (name) => {
  expect(stack({ [`tencentcloud:${name}`]: "shared" }).get(`tencentcloud-member-email:${name}`)).toBe("shared");
  // The package's own key wins over the shared one.
  const both = stack({ [`tencentcloud:${name}`]: "shared", [`tencentcloud-member-email:${name}`]: "own" });
  expect(both.get(`tencentcloud-member-email:${name}`)).toBe("own");
});

test("a stack with the credentials under tencentcloud: and the endpoint under tencentcloud-member-email: resolves", () => {
  const settings = resolveSettings(
    stack({
      "tencentcloud:secretId": "AKIDshared",
      "tencentcloud:secretKey": "sharedKey",
      "tencentcloud:region": "ap-guangzhou",
      "tencentcloud-member-email:organizationEndpoint": "http://127.0.0.1:9217",
    }),
    {},
  );
  expect(settings.host).toBe("127.0.0.1:9217");
  expect(settings.configNamespace).toBe("tencentcloud-member-email");
  expect(settings.credentials.source).toMatchObject({
    kind: "keyPair",
    keyPair: { secretId: "AKIDshared", secretKey: "sharedKey" },
  });
});

describe("a setting of this package alone, set under tencentcloud:", () => {
  test.each(ownOnly)("%s fails every read, naming its new key and how to move it", (name) => {
    const source = stack({ [`tencentcloud:${name}`]: "redis://:hunter2@redis.internal:6379/0" });
    let error: unknown;
    try {
      source.get("tencentcloud-member-email:secretId");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    const message = (error as Error).message;
    expect(message).toContain(`tencentcloud:${name} is now tencentcloud-member-email:${name}`);
    expect(message).toContain(`\`pulumi config set tencentcloud-member-email:${name} <value>\``);
    expect(message).toContain(`\`pulumi config rm tencentcloud:${name}\``);
    // The value may carry a password: it is never repeated.
    expect(message).not.toContain("hunter2");
  });

  test("is never read from there, even when the package's key is set as well", () => {
    const source = stack({
      "tencentcloud:organizationEndpoint": "https://organization.intl.tencentcloudapi.com",
      "tencentcloud-member-email:organizationEndpoint": "http://127.0.0.1:9217",
    });
    expect(() => source.get("tencentcloud-member-email:organizationEndpoint")).toThrow(
      /tencentcloud:organizationEndpoint is now tencentcloud-member-email:organizationEndpoint/,
    );
  });

  test("each one found is named in the one message", () => {
    const source = stack({
      "tencentcloud:organizationEndpoint": "http://e",
      "tencentcloud:allowedEmailDomains": "a.com",
    });
    expect(() => resolveSettings(source, {})).toThrow(
      "tencentcloud:organizationEndpoint is now tencentcloud-member-email:organizationEndpoint; " +
        "tencentcloud:allowedEmailDomains is now tencentcloud-member-email:allowedEmailDomains.",
    );
  });
});

describe("the dynamic resource's email policy", () => {
  const alice = { memberUin: 100000000001, email: "alice@elsewhere.test", countryCode: "86", phone: "13800000000" };

  test("applies from tencentcloud-member-email:allowedEmailDomains at preview", async () => {
    useConfig(stack({ "tencentcloud-member-email:allowedEmailDomains": "example.com" }));
    const { failures } = await check({}, alice);
    expect(failures).toEqual([
      expect.objectContaining({
        property: "email",
        reason: expect.stringContaining("(tencentcloud-member-email:allowedEmailDomains or TENCENTCLOUD_ALLOWED"),
      }),
    ]);
  });

  test("under tencentcloud:, fails the preview naming its new key instead of applying no policy", async () => {
    useConfig(stack({ "tencentcloud:allowedEmailDomains": "example.com" }));
    await expect(check({}, alice)).rejects.toThrow(
      "tencentcloud:allowedEmailDomains is now tencentcloud-member-email:allowedEmailDomains",
    );
  });
});
