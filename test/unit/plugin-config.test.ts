import { resolveSettings } from "../../provider/api/settings";
import { nativeProvider } from "../../provider/plugin/native-provider";
import {
  checkProviderConfig,
  diffProviderConfig,
  isDefaultProvider,
  pluginConfig,
  providerConfig,
} from "../../provider/plugin/plugin-config";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET, value });

const DEFAULT = "urn:pulumi:dev::bindings::pulumi:providers:tencentcloud-member-email::default_0_1_0";
const EXPLICIT = "urn:pulumi:dev::bindings::pulumi:providers:tencentcloud-member-email::orgB";
const keyPair = { secretId: "AKIDexample", secretKey: "example-key" };

/** The reasons CheckConfig gives for `news` of an explicit provider, with no environment. */
async function reasons(news: Record<string, unknown>, urn = EXPLICIT, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const { failures } = await checkProviderConfig(urn, news, env);
  for (const failure of failures) expect(failure.property).toBe("");
  return failures.map((failure) => failure.reason);
}

describe("CheckConfig", () => {
  test.each([
    [{ organizationRateLimit: "fast" }, /^tencentcloud-member-email:organizationRateLimit must be a positive number/],
    [{ organizationRateLimit: 0 }, /^tencentcloud-member-email:organizationRateLimit must be a positive number/],
    [{ organizationRetryBudget: "-1" }, /^tencentcloud-member-email:organizationRetryBudget must be a positive number/],
    [{ organizationEndpoint: "ftp://example.com" }, /^tencentcloud-member-email:organizationEndpoint must be an http/],
    [
      { organizationRateLimitRedis: "http://:hunter2@cache:6379" },
      /^tencentcloud-member-email:organizationRateLimitRedis must be a redis:\/\/ or rediss:\/\/ URL, such as redis:\/\/redis\.internal:6379\/0\.$/,
    ],
    [{ stsEndpoint: "ftp://sts" }, /^tencentcloud-member-email:stsEndpoint must be an http/],
    [{ allowedAccountIds: "one,two" }, /^tencentcloud-member-email:allowedAccountIds \(or TENCENTCLOUD_ALLOWED_/],
    [{ forbiddenAccountIds: ["12x"] }, /^tencentcloud-member-email:forbiddenAccountIds \(or TENCENTCLOUD_FORBIDDEN_/],
    [{ allowedEmailDomains: "example.com,not a domain" }, /^tencentcloud-member-email:allowedEmailDomains \(or /],
    [{ assumeRole: "{not json" }, /^tencentcloud-member-email:assumeRole must be an object with the fields roleArn/],
    [{ assumeRole: { roleArn: "qcs::cam::uin/1:roleName/r", sessionDuration: 0 } }, /assumeRole\.sessionDuration/],
  ])("a bad setting %j fails, named under the plugin's namespace, before any call", async (setting, message) => {
    const found = await reasons({ ...keyPair, ...setting });
    expect(found).toEqual([expect.stringMatching(message)]);
  });

  test("a named profile whose file is missing fails, naming the file", async () => {
    expect(await reasons({ profile: "nowhere", sharedCredentialsDir: "/nonexistent" })).toEqual([
      expect.stringMatching(
        /^The profile "nowhere" names the file \/nonexistent\/nowhere\.credential, which does not exist/,
      ),
    ]);
  });

  test("a bad setting fails even with no credential configured, and missing credentials alone pass", async () => {
    expect(await reasons({ organizationRateLimit: "fast" })).toEqual([
      expect.stringMatching(/organizationRateLimit must be a positive number/),
    ]);
    expect(await reasons({ allowedAccountIds: "x" })).toEqual([expect.stringMatching(/allowedAccountIds/)]);
    expect(await reasons({})).toEqual([]);
  });

  test("a bad client setting and a bad domain list are both reported", async () => {
    expect(await reasons({ organizationRateLimit: "fast", allowedEmailDomains: "@" })).toHaveLength(2);
  });

  test("a misspelt key fails, naming it and the settings there are", async () => {
    expect(await reasons({ ...keyPair, organizationRatelimit: 5, version: "0.1.0" })).toEqual([
      expect.stringMatching(
        /^tencentcloud-member-email:organizationRatelimit is not a setting of this provider; the settings are secretId, .*organizationRateLimit/,
      ),
    ]);
  });

  test("takes typed inputs of an explicit provider, JSON text of the stack config, and secret envelopes", async () => {
    const typed = {
      ...keyPair,
      organizationRateLimit: 5,
      organizationRetryBudget: secret(30),
      allowedAccountIds: ["100000000000", 200000000000],
      allowedEmailDomains: ["example.com", "*.example.org"],
      assumeRole: { roleArn: secret("qcs::cam::uin/1:roleName/r"), sessionDuration: 900 },
    };
    expect(await reasons(typed)).toEqual([]);
    const text = {
      ...keyPair,
      organizationRateLimit: "5",
      allowedAccountIds: '["100000000000"]',
      allowedEmailDomains: '["example.com"]',
      assumeRole: '{"roleArn":"qcs::cam::uin/1:roleName/r"}',
    };
    expect(await reasons(text, DEFAULT)).toEqual([]);
  });

  test("a value not known yet at preview is not checked", async () => {
    expect(await reasons({ ...keyPair, organizationRateLimit: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" })).toEqual([]);
  });

  test("answers the credentials as secrets, whatever way they arrived, and the other settings as they came", async () => {
    const news = {
      secretId: "AKIDexample",
      secretKey: secret("example-key"),
      securityToken: "token",
      assumeRoleWithWebIdentity: { roleArn: "qcs::cam::uin/1:roleName/r", webIdentityToken: "jwt" },
      organizationEndpoint: "http://127.0.0.1:9217",
      allowedAccountIds: ["100000000000"],
    };
    const { inputs } = await checkProviderConfig(EXPLICIT, news, {});
    expect(inputs).toEqual({
      secretId: secret("AKIDexample"),
      secretKey: secret("example-key"),
      securityToken: secret("token"),
      assumeRoleWithWebIdentity: secret(news.assumeRoleWithWebIdentity),
      organizationEndpoint: "http://127.0.0.1:9217",
      allowedAccountIds: ["100000000000"],
    });
  });

  test("a setting given as null is unset, and the engine's own inputs are no settings", async () => {
    expect(await reasons({ organizationRateLimit: null, organizationEndpoint: null })).toEqual([]);
    expect(
      await reasons({ version: "0.1.0", pluginDownloadURL: "github://api.github.com/o/r", __internal: {} }),
    ).toEqual([]);
  });

  test("checks the default provider with the environment too, as its calls will read it", async () => {
    const env = { TENCENTCLOUD_ORGANIZATION_RATE_LIMIT: "fast" };
    expect(await reasons({}, DEFAULT, env)).toEqual([expect.stringMatching(/organizationRateLimit/)]);
  });
});

describe("DiffConfig", () => {
  test("a changed setting is a change of the provider, named, and never a replacement", () => {
    expect(
      diffProviderConfig({ organizationRateLimit: "5", secretId: "a" }, { organizationRateLimit: "6", secretId: "a" }),
    ).toEqual({ changes: true, diffs: ["organizationRateLimit"] });
    expect(diffProviderConfig({}, { allowedEmailDomains: ["example.com"] })).toEqual({
      changes: true,
      diffs: ["allowedEmailDomains"],
    });
  });

  test("the changed settings are named in order, and the engine's own inputs are never among them", () => {
    const olds = { organizationRateLimit: "5", allowedEmailDomains: "a.example.com", __defaults: [] };
    const news = { organizationRateLimit: "6", allowedEmailDomains: "b.example.com", __defaults: ["secretId"] };
    expect(diffProviderConfig(olds, news)).toEqual({
      changes: true,
      diffs: ["allowedEmailDomains", "organizationRateLimit"],
    });
    expect(diffProviderConfig({ version: "0.1.0" }, { version: "0.2.0", pluginDownloadURL: "x" })).toEqual({
      changes: false,
      diffs: [],
    });
  });

  test("the same value given another way is no change", () => {
    const olds = { organizationRateLimit: "5", secretKey: secret("k"), allowedAccountIds: '["1"]', version: "0.1.0" };
    const news = { organizationRateLimit: 5, secretKey: "k", allowedAccountIds: ["1"] };
    expect(diffProviderConfig(olds, news)).toEqual({ changes: false, diffs: [] });
  });
});

describe("each provider's settings", () => {
  const stackConfig = {
    PULUMI_CONFIG: JSON.stringify({ secretId: "AKIDstack", secretKey: "stack-key", allowedAccountIds: "100000000000" }),
  };

  test("the default provider reads its inputs, then the stack config, then the environment", () => {
    const source = providerConfig({ organizationEndpoint: "http://127.0.0.1:1" }, DEFAULT, stackConfig);
    const settings = resolveSettings(source, { ...stackConfig, TENCENTCLOUD_ORGANIZATION_RATE_LIMIT: "7" });
    expect(settings).toMatchObject({
      host: "127.0.0.1:1",
      rateLimitPerSecond: 7,
      credentials: { source: { keyPair: { secretId: "AKIDstack" } }, allowedAccountIds: ["100000000000"] },
    });
  });

  test("an explicit provider never takes the stack config's credentials or account guard, only the environment", () => {
    const source = providerConfig({ secretId: "AKIDorgB", secretKey: secret("orgB-key") }, EXPLICIT, stackConfig);
    const settings = resolveSettings(source, { ...stackConfig, TENCENTCLOUD_ORGANIZATION_RATE_LIMIT: "7" });
    expect(settings).toMatchObject({
      rateLimitPerSecond: 7,
      credentials: { source: { keyPair: { secretId: "AKIDorgB", secretKey: "orgB-key" } }, allowedAccountIds: [] },
    });
    expect(() => resolveSettings(providerConfig({}, EXPLICIT, stackConfig), stackConfig)).toThrow(
      /credentials are missing: set them with `pulumi config set tencentcloud-member-email:secretId/,
    );
  });

  test("the default provider is named default or default_<version>, as the engine names it", () => {
    expect(isDefaultProvider(DEFAULT)).toBe(true);
    expect(isDefaultProvider("default")).toBe(true);
    expect(isDefaultProvider(EXPLICIT)).toBe(false);
    expect(isDefaultProvider("urn:pulumi:dev::p::pulumi:providers:tencentcloud-member-email::defaults")).toBe(false);
  });

  test("the stack config in PULUMI_CONFIG is read under bare and fully qualified keys", () => {
    const env = { PULUMI_CONFIG: JSON.stringify({ "tencentcloud-member-email:secretId": "AKIDy", secretKey: "k" }) };
    expect(resolveSettings(pluginConfig(env), {})).toMatchObject({
      credentials: { source: { keyPair: { secretId: "AKIDy", secretKey: "k" } } },
      configNamespace: "tencentcloud-member-email",
    });
    expect(() => pluginConfig({ PULUMI_CONFIG: "{" })).toThrow(/PULUMI_CONFIG is not JSON/);
  });

  test("an explicit provider answers a setting asked by its bare name or under the plugin's namespace", () => {
    const source = providerConfig({ secretId: "AKIDorgB", organizationRateLimit: 5 }, EXPLICIT, {});
    expect(source.get("secretId")).toBe("AKIDorgB");
    expect(source.get("tencentcloud-member-email:secretId")).toBe("AKIDorgB");
    expect(source.get("tencentcloud-member-email:organizationRateLimit")).toBe("5");
    expect(source.get("tencentcloud-member-email:secretKey")).toBeUndefined();
  });

  test("a PULUMI_CONFIG that is no object, or a value in it that is no text, is no setting", () => {
    for (const text of ["null", '["AKIDlist"]', "7", '"AKIDtext"']) {
      const config = pluginConfig({ PULUMI_CONFIG: text });
      expect(config.get("secretId")).toBeUndefined();
      expect(config.get("0")).toBeUndefined();
    }
    expect(pluginConfig({ PULUMI_CONFIG: JSON.stringify({ secretId: 5 }) }).get("secretId")).toBeUndefined();
  });

  test("credentials under the Tencent Cloud provider's tencentcloud: keys are not the plugin's", () => {
    const env = { PULUMI_CONFIG: JSON.stringify({ "tencentcloud:secretId": "AKIDz", "tencentcloud:secretKey": "k" }) };
    expect(() => resolveSettings(pluginConfig(env), {})).toThrow(/credentials are missing/);
  });

  test("Configure gives each provider instance its own email-domain policy", async () => {
    const binding = { memberUin: 100000000001, email: "a@other.org", countryCode: "86", phone: "13800138001" };
    const strict = nativeProvider("0.0.0");
    strict.configure(EXPLICIT, { allowedEmailDomains: ["example.com"] });
    const refused = await strict.check(EXPLICIT, {}, binding);
    expect(refused.failures).toEqual([
      { property: "email", reason: expect.stringContaining("(tencentcloud-member-email:allowedEmailDomains or") },
    ]);
    const open = nativeProvider("0.0.0");
    open.configure(DEFAULT, {});
    expect((await open.check(DEFAULT, {}, binding)).failures).toEqual([]);
  });
});
