/**
 * The settings of one provider instance of the plugin. The engine starts one plugin process per provider
 * (the default one, made from the stack config, and each explicit `pulumi:providers:tencentcloud-member-email`)
 * and hands it that provider's inputs: in CheckConfig and DiffConfig to check and compare them, in Configure
 * to use them. Settings ask for `tencentcloud-member-email:<key>` names, as the dynamic resource's do; these
 * sources answer them from the provider's inputs, and messages name those keys.
 * @packageDocumentation
 */
import type { ConfigSource } from "../api/settings";
import { settingTable, type Setting } from "../api/setting-table";
import { PACKAGE_NAME } from "./schema";
import { reveal, wrapSecrets, type PropertyBag } from "./secrets";

/** The environment variable the engine passes a plugin's stack config in, as JSON of `key` to value. */
const CONFIG_VARIABLE = "PULUMI_CONFIG";

/**
 * The engine's marker of a value not known yet (a preview of inputs made from other resources' outputs); the
 * same as validate.ts's, which brings the phone rules with it.
 */
const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Inputs the engine keeps among a provider's own that are not settings. */
const ENGINE_INPUTS = new Set(["version", "pluginDownloadURL"]);

/** The settings kept secret in state whatever way they arrive: the credentials. */
const SECRET_SETTINGS: readonly string[] = Object.entries(settingTable)
  .filter(([, setting]: [string, Setting]) => setting.secret)
  .map(([name]) => name);

/** A check failure of a provider's settings, as CheckConfig answers it. */
export interface ConfigFailure {
  /** The input at fault; empty, so that the engine does not print the value (it may be a credential). */
  readonly property: "";
  /** The message, naming the key as `tencentcloud-member-email:<key>`. */
  readonly reason: string;
}

/**
 * Whether the provider of `urnOrName` is a default provider (`default`, or `default_<version>`), the engine's
 * own rule: the one made from the stack config, which the other providers must not fall back to.
 */
export function isDefaultProvider(urnOrName: string): boolean {
  const at = urnOrName.lastIndexOf("::");
  const name = at < 0 ? urnOrName : urnOrName.slice(at + 2);
  return name === "default" || name.startsWith("default_");
}

/**
 * The text of a setting's value as the settings read it: a string as it is, anything else as JSON (a number
 * or boolean as its text, a list or object as the settings parse it). Secret envelopes are taken off; an
 * unknown value, and none (null or absent, which JSON answers as undefined), count as unset.
 */
function settingText(value: unknown): string | undefined {
  const plain = reveal(value);
  if (plain === null || plain === UNKNOWN_VALUE) return undefined;
  return typeof plain === "string" ? plain : JSON.stringify(plain);
}

/** The setting name of a key asked for, `tencentcloud-member-email:secretId` or `secretId`. */
function settingName(key: string): string {
  return key.startsWith(`${PACKAGE_NAME}:`) ? key.slice(PACKAGE_NAME.length + 1) : key;
}

/**
 * The stack config of the plugin's namespace, as the CLI passes it in `PULUMI_CONFIG` (keys without their
 * namespace, `{"secretId": ...}`; a fully qualified key is taken too). The default provider's inputs are
 * the same values; it is read where those are missing.
 */
export function pluginConfig(env: NodeJS.ProcessEnv = process.env): ConfigSource {
  let values: PropertyBag = {};
  const text = env[CONFIG_VARIABLE];
  if (text) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(
        `${CONFIG_VARIABLE} is not JSON: the Pulumi CLI sets it for its plugins; unset it to run by hand.`,
      );
    }
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) values = parsed as PropertyBag;
  }
  return {
    namespace: PACKAGE_NAME,
    get: (key) => {
      const value = values[settingName(key)] ?? values[key];
      return typeof value === "string" ? value : undefined;
    },
  };
}

/**
 * The settings of the provider named by `urn` (or its name), from its inputs: a default provider's are the
 * stack config, read from `PULUMI_CONFIG` where an input is missing; an explicit provider's are its own
 * inputs only, so it never takes the stack's credentials or guards. Either falls back to the environment
 * (the settings read it last).
 */
export function providerConfig(inputs: PropertyBag, urn: string, env: NodeJS.ProcessEnv = process.env): ConfigSource {
  const stackConfig = isDefaultProvider(urn) ? pluginConfig(env) : undefined;
  return {
    namespace: PACKAGE_NAME,
    get: (key) => settingText(inputs[settingName(key)]) ?? stackConfig?.get(key),
  };
}

/** The inputs that are neither a setting nor one of the engine's own, such as a misspelt key. */
function unknownInputs(inputs: PropertyBag): string[] {
  return Object.keys(inputs).filter(
    (key) => !(key in settingTable) && !ENGINE_INPUTS.has(key) && !key.startsWith("__"),
  );
}

/**
 * CheckConfig: checks a provider's settings as the calls will read them, with the messages the calls would
 * fail with, naming `tencentcloud-member-email:<key>`. Missing credentials are no failure: a preview that
 * calls no API needs none, and the first call that needs them says so. Answers the inputs with every
 * credential in a secret envelope, so that the state keeps them encrypted even when set without `--secret`.
 */
export async function checkProviderConfig(
  urn: string,
  news: PropertyBag,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ inputs: PropertyBag; failures: ConfigFailure[] }> {
  // Loaded here, not at start: the settings' parsers are not needed to serve the schema.
  const { resolveSettings, ConfigurationError } = await import("../api/settings");
  const { MissingCredentialsError } = await import("../api/credential-settings");
  const { resolveAllowedEmailDomains } = await import("../resource/email-domains");
  const failures: ConfigFailure[] = unknownInputs(news).map((key) => ({
    property: "",
    reason:
      `${PACKAGE_NAME}:${key} is not a setting of this provider; the settings are ` +
      `${Object.keys(settingTable).join(", ")}.`,
  }));
  const source = providerConfig(news, urn, env);
  for (const read of [() => resolveSettings(source, env), () => resolveAllowedEmailDomains(source, env)]) {
    try {
      read();
    } catch (error) {
      if (error instanceof MissingCredentialsError) continue;
      if (!(error instanceof ConfigurationError)) throw error;
      failures.push({ property: "", reason: error.message });
    }
  }
  return { inputs: wrapSecrets(news, SECRET_SETTINGS), failures };
}

/**
 * DiffConfig: the settings whose value changed (a value compared as the settings read it, so `"5"` and `5`
 * are the same). A changed setting is an update of the provider, never a replacement: the bindings under
 * it stay where they are, and the next call reads the new settings.
 */
export function diffProviderConfig(olds: PropertyBag, news: PropertyBag): { changes: boolean; diffs: string[] } {
  const keys = new Set(
    [...Object.keys(olds), ...Object.keys(news)].filter((key) => !ENGINE_INPUTS.has(key) && !key.startsWith("__")),
  );
  const diffs = [...keys].filter((key) => settingText(olds[key]) !== settingText(news[key])).sort();
  return { changes: diffs.length > 0, diffs };
}
