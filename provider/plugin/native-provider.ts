/**
 * The native provider's methods over the lifecycle (provider/resource/lifecycle.ts) that the dynamic
 * provider also serves: each takes the engine's property bags, takes the secret envelopes off for the
 * lifecycle, calls the lifecycle function of its name, and puts them back on the answer. Whatever arrived
 * secret leaves secret, and `email` and `phone` always do. server.ts serves these over the engine's protocol.
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as lifecycleModule from "../resource/lifecycle";
import type { ConfigSource } from "../api/settings";
import {
  checkProviderConfig,
  diffProviderConfig,
  pluginConfig,
  providerConfig,
  type ConfigFailure,
} from "./plugin-config";
import { packageSchema, stringInputs } from "./schema";
import { secretKeys, unwrapSecrets, wrapSecrets, type PropertyBag } from "./secrets";
import { packageVersion } from "../package-version";

/** The properties kept secret whatever way they arrive: personal data, as the dynamic resource keeps them. */
const PERSONAL_DATA = ["email", "phone"] as const;

/** What Check and CheckConfig answer: the checked inputs and the failures, each naming its property. */
export interface CheckAnswer {
  /** The inputs to keep, with their secret envelopes. */
  readonly inputs: PropertyBag;
  /** Why the inputs are refused; empty when they are not. */
  readonly failures: readonly (pulumi.dynamic.CheckFailure | ConfigFailure)[];
}

/** What Read answers; an empty id says the binding is gone. */
export interface ReadAnswer {
  /** The resource's id, or empty when it is gone. */
  readonly id: string;
  /** The outputs read. */
  readonly props: PropertyBag;
  /** The inputs that would make the resource as it is read (what `pulumi import` declares). */
  readonly inputs?: PropertyBag;
}

/** The native provider: the engine's calls, each over property bags as the engine sends them. */
export interface NativeProvider {
  /** The plugin's version, answered to GetPluginInfo and put in the schema. */
  readonly version: string;
  /** The package schema, as JSON. */
  getSchema(): string;
  /** Checks a provider's settings (CheckConfig); `urn` says whether it is the default provider. */
  checkConfig(urn: string, olds: PropertyBag, news: PropertyBag): Promise<CheckAnswer>;
  /** Compares a provider's settings (DiffConfig): an update at most, never a replacement. */
  diffConfig(urn: string, olds: PropertyBag, news: PropertyBag): { changes: boolean; diffs: string[] };
  /** Takes this provider's settings (Configure) for the calls that follow. */
  configure(urn: string, args: PropertyBag): void;
  /** Checks a binding's inputs. */
  check(urn: string, olds: PropertyBag, news: PropertyBag): Promise<CheckAnswer>;
  /** Compares a binding's state with its new inputs, naming each input that changes. */
  diff(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<lifecycleModule.BindingDiff>;
  /** Makes (or adopts) a binding. */
  create(urn: string, inputs: PropertyBag): Promise<{ id: string; outs: PropertyBag }>;
  /** Reads a binding (refresh, import). */
  read(id: string, urn: string, props: PropertyBag, inputs: PropertyBag): Promise<ReadAnswer>;
  /** Updates a binding. */
  update(id: string, urn: string, olds: PropertyBag, news: PropertyBag): Promise<{ outs: PropertyBag }>;
  /** Forgets a binding (Tencent Cloud has no unbind call). */
  delete(id: string, urn: string, props: PropertyBag): Promise<void>;
}

/**
 * The inputs with a whole number given for a string property of the schema as its decimal digits. Pulumi
 * YAML hands a config value of digits to the program as a number even when the config declares
 * `type: string` (pulumi/pulumi-yaml#577), so `phone: ${alicePhone}` arrives as 13800138000; the schema
 * says it is a string, and that is what the lifecycle then validates. Other values pass unchanged.
 */
export function coerceToSchema(inputs: Readonly<PropertyBag>): PropertyBag {
  const coerced: PropertyBag = { ...inputs };
  for (const key of stringInputs) {
    const value = coerced[key];
    // Number.isSafeInteger is false for anything that is not a number.
    if (Number.isSafeInteger(value) && Number(value) >= 0) coerced[key] = String(value);
  }
  return coerced;
}

/** The keys an answer keeps secret: those that arrived secret in any of `bags`, and the personal data. */
function keptSecret(...bags: readonly unknown[]): Set<string> {
  return new Set([...secretKeys(...bags), ...PERSONAL_DATA]);
}

/**
 * The native provider of one plugin process. Its settings are those Configure hands it; before Configure
 * (never, in the engine's order of calls), the stack config's.
 */
export function nativeProvider(version: string = packageVersion()): NativeProvider {
  let config: ConfigSource | undefined;
  let loaded: typeof lifecycleModule | undefined;
  /**
   * The lifecycle, loaded at the first call that needs it rather than at start (it brings the Tencent Cloud
   * SDK and the validation libraries): the plugin answers the engine's first calls sooner.
   */
  const lifecycle = (): typeof lifecycleModule => {
    // Stryker disable next-line ConditionalExpression: require answers the module it cached, given the same config
    if (!loaded) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require("../resource/lifecycle") as typeof lifecycleModule;
      loaded.useConfig(config ?? pluginConfig());
    }
    return loaded;
  };

  return {
    version,
    getSchema: () => packageSchema(version),
    checkConfig: (urn, _olds, news) => checkProviderConfig(urn, unwrapSecrets(news)),
    diffConfig: (_urn, olds, news) => diffProviderConfig(olds, news),
    configure: (urn, args) => {
      config = providerConfig(args, urn);
      loaded?.useConfig(config);
    },
    check: async (_urn, olds, news) => {
      const result = await lifecycle().check(unwrapSecrets(olds), coerceToSchema(unwrapSecrets(news)));
      return { inputs: wrapSecrets(result.inputs, keptSecret(news)), failures: result.failures ?? [] };
    },
    // The engine is answered a detailed diff (server.ts), so the dynamic resource's message naming the changes is not logged.
    diff: async (_id, _urn, olds, news) => lifecycle().diffInputs(unwrapSecrets(olds), unwrapSecrets(news)),
    create: async (_urn, inputs) => {
      const result = await lifecycle().create(unwrapSecrets(inputs));
      return { id: result.id, outs: wrapSecrets(result.outs, keptSecret(inputs)) };
    },
    read: async (id, _urn, props, inputs) => {
      const result = await lifecycle().read(id, unwrapSecrets(props));
      // A binding that is gone answers an empty id: the engine then drops the resource from the stack.
      if (result.props === undefined) return { id: "", props: {} };
      const secrets = keptSecret(props, inputs);
      return {
        id: result.id ?? id,
        props: wrapSecrets(result.props, secrets),
        inputs: wrapSecrets(result.inputs, secrets),
      };
    },
    update: async (id, _urn, olds, news) => {
      const result = await lifecycle().update(id, unwrapSecrets(olds), unwrapSecrets(news));
      return { outs: wrapSecrets(result.outs, keptSecret(news)) };
    },
    delete: async (id, _urn, props) => lifecycle().delete(id, unwrapSecrets(props)),
  };
}
