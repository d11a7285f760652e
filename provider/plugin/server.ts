/**
 * The native Pulumi provider plugin `pulumi-resource-tencentcloud-member-email` (its executable is
 * bin/pulumi-resource-tencentcloud-member-email, the package's npm `bin`, which calls `serve`): the same lifecycle as the
 * dynamic provider (provider/resource/lifecycle.ts), served over the engine's provider protocol by
 * `@pulumi/pulumi/provider`'s `main`, so Pulumi YAML, every other Pulumi language and `pulumi import` reach it.
 * This file only translates: secret envelopes off the inputs and onto `email` and `phone` in the outputs,
 * the plugin's config namespace into settings, and an empty read into "gone".
 *
 * Everything is loaded when `serve` runs, not when this file is: the runtime must know the engine's
 * address before `@pulumi/pulumi` builds its settings, so that `pulumi.log` messages (adoption, reminders,
 * the warning of delete) reach the user's terminal as the dynamic provider's do.
 * @packageDocumentation
 */
import type * as providerApi from "@pulumi/pulumi/provider";
import type * as lifecycleModule from "../resource/lifecycle";
import type { ConfigSource } from "../api/settings";
import { PACKAGE_NAME, packageSchema, stringInputs } from "./schema";

/** The engine's marker of a secret value inside a property bag (`sig.Secret` in the Pulumi SDKs). */
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";

/** The outputs (and inputs) the plugin marks secret: personal data, as the dynamic resource keeps them. */
const SECRET_PROPERTIES = ["email", "phone"] as const;

/** The environment variable the engine passes a plugin's stack config in, as JSON of `namespace:key` to value. */
const CONFIG_VARIABLE = "PULUMI_CONFIG";

let loaded: typeof lifecycleModule | undefined;

/**
 * The lifecycle, loaded at the first call rather than at start (it brings the Tencent Cloud SDK and the
 * validation libraries): the plugin answers the engine's first calls sooner. It reads the plugin's config.
 */
function lifecycle(): typeof lifecycleModule {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require("../resource/lifecycle") as typeof lifecycleModule;
    loaded.useConfig(pluginConfig());
  }
  return loaded;
}

/** Whether a value is the engine's secret envelope `{ [SIGNATURE_KEY]: SECRET_SIGNATURE, value }`. */
function isSecretEnvelope(value: unknown): value is { readonly value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}

/** A property bag with each top-level secret envelope replaced by its value (the lifecycle sees plain values). */
export function unwrapSecrets(bag: unknown): Record<string, unknown> {
  if (typeof bag !== "object" || bag === null) return {};
  return Object.fromEntries(
    Object.entries(bag).map(([key, value]) => [key, isSecretEnvelope(value) ? value.value : value]),
  );
}

/** A property bag with `email` and `phone`, where present, wrapped as secrets for the engine. */
export function wrapSecrets(bag: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const wrapped: Record<string, unknown> = { ...bag };
  for (const key of SECRET_PROPERTIES) {
    if (wrapped[key] !== undefined) wrapped[key] = { [SIGNATURE_KEY]: SECRET_SIGNATURE, value: wrapped[key] };
  }
  return wrapped;
}

/**
 * The inputs with a whole number given for a string property of the schema as its decimal digits. Pulumi
 * YAML hands a config value of digits to the program as a number even when the config declares
 * `type: string` (pulumi/pulumi-yaml#577), so `phone: ${alicePhone}` arrives as 13800138000; the schema
 * says it is a string, and that is what the lifecycle then validates. Other values pass unchanged.
 */
export function coerceToSchema(inputs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const coerced: Record<string, unknown> = { ...inputs };
  for (const key of stringInputs) {
    const value = coerced[key];
    if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) coerced[key] = String(value);
  }
  return coerced;
}

/**
 * The plugin's config: the engine hands a plugin its own namespace only, as JSON in `PULUMI_CONFIG` with
 * the namespace taken off (`{"secretId": ...}`; the Node.js provider server ignores Configure's arguments). Settings ask for `tencentcloud:<key>`
 * names; this source answers them from `tencentcloud-member-email:<key>`, and messages name those keys.
 */
export function pluginConfig(env: NodeJS.ProcessEnv = process.env): ConfigSource {
  let values: Record<string, unknown> = {};
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
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      values = parsed as Record<string, unknown>;
    }
  }
  return {
    namespace: PACKAGE_NAME,
    get: (key) => {
      // The CLI passes the keys without their namespace (`secretId`); a fully qualified key is taken too.
      const value = values[key] ?? values[key.slice(PACKAGE_NAME.length + 1)];
      return typeof value === "string" ? value : undefined;
    },
  };
}

/** The plugin's version: the package's, so `pulumi plugin ls` and the schema say which release serves. */
function packageVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const manifest: unknown = require("pulumi-tencentcloud-member-email/package.json");
  const version = (manifest as { version?: unknown }).version;
  return typeof version === "string" ? version : "0.0.0";
}

/** The native provider: each method unwraps its inputs, calls the lifecycle function of its name, wraps the answer. */
export function nativeProvider(version: string = packageVersion()): providerApi.Provider {
  return {
    version,
    getSchema: async () => packageSchema(version),
    check: async (_urn, olds, news) => {
      const result = await lifecycle().check(unwrapSecrets(olds), coerceToSchema(unwrapSecrets(news)));
      return { inputs: wrapSecrets(result.inputs), failures: result.failures ?? [] };
    },
    diff: async (id, _urn, olds, news) => lifecycle().diff(id, unwrapSecrets(olds), unwrapSecrets(news)),
    create: async (_urn, inputs) => {
      const result = await lifecycle().create(unwrapSecrets(inputs));
      return { id: result.id, outs: wrapSecrets(result.outs) };
    },
    read: async (id, _urn, props) => {
      const result = await lifecycle().read(id, unwrapSecrets(props));
      // A binding that is gone answers an empty id: the engine then drops the resource from the stack.
      if (result.props === undefined) return { id: "", props: {} };
      return { id: result.id ?? id, props: wrapSecrets(result.props), inputs: wrapSecrets(result.inputs) };
    },
    update: async (id, _urn, olds, news) => {
      const result = await lifecycle().update(id, unwrapSecrets(olds), unwrapSecrets(news));
      return { outs: wrapSecrets(result.outs) };
    },
    delete: async (id, _urn, props) => lifecycle().delete(id, unwrapSecrets(props)),
  };
}

/**
 * Serves the plugin: `args` are the engine's (its address first). Also the engine's address for
 * `pulumi.log`, which the runtime reads from PULUMI_NODEJS_ENGINE when it first builds its settings.
 */
export async function serve(args: readonly string[]): Promise<void> {
  const engine = args.find((arg) => !arg.startsWith("-"));
  if (engine && !process.env.PULUMI_NODEJS_ENGINE) process.env.PULUMI_NODEJS_ENGINE = engine;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require("@pulumi/pulumi/provider") as typeof providerApi;
  await main(nativeProvider(), [...args]);
}
