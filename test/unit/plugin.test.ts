import { resolveSettings } from "../../provider/api/settings";
import { coerceToSchema, nativeProvider, pluginConfig, unwrapSecrets, wrapSecrets } from "../../provider/plugin/server";
import { configVariables, packageSchema, RESOURCE_TOKEN } from "../../provider/plugin/schema";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const secret = (value: unknown) => ({ [SIG]: SECRET, value });

/** The names the dynamic resource takes and shows (provider/resource/resource.ts), which the schema must match. */
const dynamicInputs = ["memberUin", "email", "countryCode", "phone", "allowEmailUpdate", "activationReminder"];
const dynamicOutputs = [
  ...dynamicInputs,
  "bindId",
  "bindStatus",
  "applyTime",
  "bindTime",
  "description",
  "phoneBind",
  "organizationId",
  "modificationsBeforeActivation",
];

describe("the plugin's schema", () => {
  const schema = JSON.parse(packageSchema("1.2.3")) as {
    name: string;
    version: string;
    config: { variables: Record<string, { secret?: boolean }> };
    resources: Record<
      string,
      {
        inputProperties: Record<string, { secret?: boolean; description: string }>;
        properties: Record<string, { secret?: boolean; description: string }>;
        requiredInputs: string[];
      }
    >;
  };
  const resource = schema.resources[RESOURCE_TOKEN];

  test("serves OrganizationMemberEmail with the dynamic resource's inputs and outputs, each described", () => {
    expect(schema).toMatchObject({ name: "tencentcloud-member-email", version: "1.2.3" });
    expect(Object.keys(resource.inputProperties).sort()).toEqual([...dynamicInputs].sort());
    expect(Object.keys(resource.properties).sort()).toEqual([...dynamicOutputs].sort());
    expect(resource.requiredInputs).toEqual(["memberUin", "email", "countryCode"]);
    for (const property of Object.values(resource.properties)) expect(property.description.length).toBeGreaterThan(10);
  });

  test("marks email and phone secret, as inputs and outputs, and nothing else of the resource", () => {
    for (const properties of [resource.inputProperties, resource.properties]) {
      const secrets = Object.entries(properties).flatMap(([name, property]) => (property.secret ? [name] : []));
      expect(secrets.sort()).toEqual(["email", "phone"]);
    }
  });

  test("declares the config variables the plugin reads, with the credentials secret", () => {
    expect(Object.keys(schema.config.variables).sort()).toEqual(
      [
        "organizationEndpoint",
        "organizationRateLimit",
        "organizationRetryBudget",
        "secretId",
        "secretKey",
        "securityToken",
      ].sort(),
    );
    expect(schema.config.variables).toEqual(configVariables);
    for (const name of ["secretId", "secretKey", "securityToken"])
      expect(configVariables[name as "secretId"].secret).toBe(true);
  });
});

describe("secret envelopes", () => {
  test("are taken off the inputs the engine sends, and other values pass unchanged", () => {
    expect(unwrapSecrets({ email: secret("a@example.com"), phone: secret("13800138000"), memberUin: 1 })).toEqual({
      email: "a@example.com",
      phone: "13800138000",
      memberUin: 1,
    });
    expect(unwrapSecrets(undefined)).toEqual({});
  });

  test("are put on email and phone only, when present", () => {
    expect(wrapSecrets({ email: "a@example.com", phone: "13***00", bindId: 7 })).toEqual({
      email: secret("a@example.com"),
      phone: secret("13***00"),
      bindId: 7,
    });
    expect(wrapSecrets({ email: "a@example.com" })).toEqual({ email: secret("a@example.com") });
  });
});

describe("inputs of a YAML program", () => {
  test("a phone or country code that Pulumi YAML turned into a number is checked as its digits", () => {
    expect(coerceToSchema({ phone: 13800138000, countryCode: 86, memberUin: 100000000001 })).toEqual({
      phone: "13800138000",
      countryCode: "86",
      memberUin: 100000000001,
    });
  });

  test("a number that is not a whole non-negative number is left for check to refuse", () => {
    expect(coerceToSchema({ phone: 1.5, countryCode: -1 })).toEqual({ phone: 1.5, countryCode: -1 });
  });

  test("check answers the inputs with email and phone secret, and fails a bad phone naming it", async () => {
    const provider = nativeProvider("0.0.0");
    const news = { memberUin: 100000000001, email: secret("alice@example.com"), countryCode: "86", phone: secret(12) };
    const result = await provider.check?.("urn", {}, news);
    expect(result?.inputs).toMatchObject({ email: secret("alice@example.com"), phone: secret("12") });
    expect(result?.failures).toEqual([expect.objectContaining({ property: "phone" })]);
  });
});

describe("the plugin's config", () => {
  test("reads the keys of its own namespace, as the CLI passes them in PULUMI_CONFIG", () => {
    const env = {
      PULUMI_CONFIG: JSON.stringify({ secretId: "AKIDx", secretKey: "k", organizationEndpoint: "http://127.0.0.1:1" }),
    };
    expect(resolveSettings(pluginConfig(env), {})).toMatchObject({
      credentials: { source: { kind: "keyPair", keyPair: { secretId: "AKIDx", secretKey: "k" } } },
      protocol: "http://",
      host: "127.0.0.1:1",
    });
  });

  test("reads fully qualified keys too, and falls back to the TENCENTCLOUD_* variables", () => {
    const env = { PULUMI_CONFIG: JSON.stringify({ "tencentcloud-member-email:secretId": "AKIDy" }) };
    expect(resolveSettings(pluginConfig(env), { TENCENTCLOUD_SECRET_KEY: "k2" })).toMatchObject({
      credentials: { source: { kind: "keyPair", keyPair: { secretId: "AKIDy", secretKey: "k2" } } },
    });
  });

  test("a bad credential setting is named by the plugin's own key", () => {
    const env = {
      PULUMI_CONFIG: JSON.stringify({ secretId: "AKIDx", secretKey: "k", allowedAccountIds: "not-an-account" }),
    };
    expect(() => resolveSettings(pluginConfig(env), {})).toThrow(
      /^tencentcloud-member-email:allowedAccountIds \(or TENCENTCLOUD_ALLOWED_ACCOUNT_IDS\) must be/,
    );
    const sts = { PULUMI_CONFIG: JSON.stringify({ secretId: "AKIDx", secretKey: "k", stsEndpoint: "ftp://sts" }) };
    expect(() => resolveSettings(pluginConfig(sts), {})).toThrow(/tencentcloud-member-email:stsEndpoint/);
    expect(() => resolveSettings(pluginConfig(sts), {})).not.toThrow(/tencentcloud:/);
  });

  test("the settings say which namespace they were read from, for the advice of API errors", () => {
    const env = { PULUMI_CONFIG: JSON.stringify({ secretId: "AKIDx", secretKey: "k" }) };
    expect(resolveSettings(pluginConfig(env), {}).configNamespace).toBe("tencentcloud-member-email");
    expect(
      resolveSettings(undefined, { ...env, TENCENTCLOUD_SECRET_ID: "a", TENCENTCLOUD_SECRET_KEY: "b" }).configNamespace,
    ).toBe("tencentcloud");
  });

  test("ignores the dynamic provider's tencentcloud:* keys, which the engine never hands the plugin", () => {
    const env = { PULUMI_CONFIG: JSON.stringify({ "tencentcloud:secretId": "AKIDz", "tencentcloud:secretKey": "k" }) };
    expect(() => resolveSettings(pluginConfig(env), {})).toThrow(/tencentcloud-member-email:secretId/);
  });
});
