import { assumeRoleObject, credentialSources, webIdentityObject } from "../../provider/api/credential-settings";
import { settingSources } from "../../provider/api/settings";
import { settingTable } from "../../provider/api/setting-table";
import { allowedEmailDomainsSource } from "../../provider/resource/email-domains";
import { coerceToSchema, nativeProvider } from "../../provider/plugin/native-provider";
import { packageSchema, RESOURCE_TOKEN, settingProperties } from "../../provider/plugin/schema";
import { secretKeys, unwrapSecrets, wrapSecrets } from "../../provider/plugin/secrets";
import { engineAddress } from "../../provider/plugin/server";

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
    config: { variables: Record<string, { secret?: boolean; description: string }> };
    provider: { inputProperties: Record<string, { secret?: boolean; description: string; $ref?: string }> };
    types: Record<string, { properties: Record<string, { secret?: boolean; description: string }> }>;
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

  /** The settings the readers ask for, by the name under a namespace (`secretId` of `tencentcloud-member-email:secretId`). */
  const readSettings = [
    ...Object.values(settingSources),
    ...Object.values(credentialSources),
    allowedEmailDomainsSource,
  ].flatMap((source) => ("config" in source ? [source.config.slice("tencentcloud-member-email:".length)] : []));

  test("declares every setting the provider reads, as config variables and as the provider's inputs", () => {
    expect(new Set(readSettings)).toEqual(new Set(Object.keys(settingTable)));
    expect(Object.keys(schema.config.variables).sort()).toEqual(Object.keys(settingTable).sort());
    expect(Object.keys(schema.provider.inputProperties).sort()).toEqual(Object.keys(settingTable).sort());
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
    expect(schema.config.variables).toEqual(settingProperties);
    expect(readSettings.length).toBeGreaterThanOrEqual(16);
  });

  test("reads each setting from the environment variable the table names", () => {
    for (const source of [
      ...Object.values(settingSources),
      ...Object.values(credentialSources),
      allowedEmailDomainsSource,
    ]) {
      if (!("config" in source)) continue;
      const setting =
        settingTable[source.config.slice("tencentcloud-member-email:".length) as keyof typeof settingTable];
      expect("env" in source ? source.env : undefined).toBe("env" in setting ? setting.env : undefined);
    }
  });

  test("marks the credentials (and the Redis URL, which may carry a password) secret, and describes each setting from the table", () => {
    const secrets = Object.entries(schema.provider.inputProperties).flatMap(([name, property]) =>
      property.secret ? [name] : [],
    );
    expect(secrets.sort()).toEqual([
      "assumeRoleWithWebIdentity",
      "organizationRateLimitRedis",
      "secretId",
      "secretKey",
      "securityToken",
    ]);
    for (const [name, property] of Object.entries(schema.config.variables)) {
      expect(property.description).toContain(settingTable[name as keyof typeof settingTable].description);
    }
  });

  test("types assumeRole and assumeRoleWithWebIdentity as objects with the fields the provider takes", () => {
    const typeOf = (name: string) =>
      schema.types[schema.provider.inputProperties[name].$ref?.replace("#/types/", "") ?? ""];
    expect(Object.keys(typeOf("assumeRole").properties).sort()).toEqual(Object.keys(assumeRoleObject.entries).sort());
    expect(Object.keys(typeOf("assumeRoleWithWebIdentity").properties).sort()).toEqual(
      Object.keys(webIdentityObject.entries).sort(),
    );
    expect(typeOf("assumeRoleWithWebIdentity").properties.webIdentityToken.secret).toBe(true);
  });
});

describe("secret envelopes", () => {
  test("are taken off the inputs the engine sends, at any depth, and other values pass unchanged", () => {
    expect(
      unwrapSecrets({
        email: secret("a@example.com"),
        phone: secret("13800138000"),
        memberUin: 1,
        o: { k: secret(2) },
      }),
    ).toEqual({ email: "a@example.com", phone: "13800138000", memberUin: 1, o: { k: 2 } });
    expect(unwrapSecrets(undefined)).toEqual({});
    expect(unwrapSecrets(null)).toEqual({});
    expect(unwrapSecrets(["a"])).toEqual({});
    expect(unwrapSecrets({ description: null, list: [null, secret(null)] })).toEqual({
      description: null,
      list: [null, null],
    });
  });

  test("are put back on the keys asked for, when present, and never twice", () => {
    expect(
      wrapSecrets({ email: "a@example.com", phone: secret("13***00"), bindId: 7 }, ["email", "phone", "x"]),
    ).toEqual({ email: secret("a@example.com"), phone: secret("13***00"), bindId: 7 });
  });

  test("name the properties that hold a secret anywhere in their value", () => {
    expect(secretKeys({ a: secret(1), b: 2, c: { d: [secret("x")] } }, { e: secret(undefined) }, undefined)).toEqual(
      new Set(["a", "c", "e"]),
    );
    const mixed = { f: [1, secret("x")], g: { h: 1, i: secret(2) }, j: [1, 2], k: null };
    expect(secretKeys(mixed, null)).toEqual(new Set(["f", "g"]));
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

  test("a phone or country code of 0 is checked as the digit 0", () => {
    expect(coerceToSchema({ phone: 0, countryCode: 0 })).toEqual({ phone: "0", countryCode: "0" });
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

describe("check keeps secret what arrived secret", () => {
  test("a secret countryCode and activationReminder stay secret in the checked inputs, email and phone always", async () => {
    const news = {
      memberUin: 100000000001,
      email: "alice@example.com",
      countryCode: secret("86"),
      phone: "13800138001",
      activationReminder: secret("2026-W05"),
    };
    const result = await nativeProvider("0.0.0").check("urn", {}, news);
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual({
      memberUin: 100000000001,
      email: secret("alice@example.com"),
      countryCode: secret("86"),
      phone: secret("13800138001"),
      activationReminder: secret("2026-W05"),
    });
  });

  test("a plain countryCode stays plain", async () => {
    const news = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138001" };
    const result = await nativeProvider("0.0.0").check("urn", {}, news);
    expect(result.inputs.countryCode).toBe("86");
    expect(result.inputs.memberUin).toBe(100000000001);
  });
});

describe("the plugin's version", () => {
  test("is the package's, which GetPluginInfo answers and the schema carries", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { version } = require("../../package.json") as { version: string };
    const provider = nativeProvider();
    expect(provider.version).toBe(version);
    expect(JSON.parse(provider.getSchema())).toMatchObject({ version });
  });
});

describe("the plugin's arguments", () => {
  test("the engine's address is the first that is not a flag, whatever flags the CLI puts before it", () => {
    expect(engineAddress(["127.0.0.1:1234"])).toBe("127.0.0.1:1234");
    expect(engineAddress(["--logtostderr", "-v=9", "--tracing", "file:/tmp/t", "127.0.0.1:1234"])).toBe(
      "127.0.0.1:1234",
    );
    expect(engineAddress([])).toBeUndefined();
  });
});
