import { ConfigurationError, resolveCredentialSettings, type CredentialSettings } from "./credential-settings";
import {
  DEFAULT_CONFIG_NAMESPACE,
  type Setting,
  settingSource,
  settingTable,
  TENCENTCLOUD_CONFIG_NAMESPACE,
} from "./setting-table";

export { ConfigurationError, DEFAULT_CONFIG_NAMESPACE, TENCENTCLOUD_CONFIG_NAMESPACE };

/** The endpoint of Tencent Cloud's international site, used when none is configured. */
export const DEFAULT_ENDPOINT = "https://organization.intl.tencentcloudapi.com";

/** Tencent Cloud's documented limit for each member-email action, in requests a second. */
export const DEFAULT_RATE_LIMIT_PER_SECOND = 20;

/**
 * Where each setting of the client comes from: a Pulumi config key and an environment variable, both from
 * the one settings table (setting-table.ts). Config wins.
 */
export const settingSources = {
  secretId: settingSource("secretId"),
  secretKey: settingSource("secretKey"),
  securityToken: settingSource("securityToken"),
  endpoint: settingSource("organizationEndpoint"),
  rateLimitPerSecond: settingSource("organizationRateLimit"),
  retryBudgetSeconds: settingSource("organizationRetryBudget"),
  rateLimitRedis: settingSource("organizationRateLimitRedis"),
} as const;

/** The part of Pulumi's provider config the settings are read from. */
export interface ConfigSource {
  /** The value of a fully qualified config key such as `tencentcloud-member-email:secretId`, if set. */
  get(key: string): string | undefined;
  /** The namespace the keys are read under, and that messages name: `tencentcloud-member-email` when absent. */
  readonly namespace?: string;
}

/** The settings the Tencent Cloud provider has too, which the dynamic resource also reads from `tencentcloud:`. */
const sharedSettings: ReadonlySet<string> = new Set(
  Object.entries(settingTable)
    .filter(([, setting]: [string, Setting]) => setting.sharedWithTencentcloud)
    .map(([name]) => name),
);

/**
 * The dynamic resource's settings, from the whole stack config the engine hands it (`get` answers a fully
 * qualified key). Every setting is read under `tencentcloud-member-email:`, as the native plugin reads it; one the
 * Tencent Cloud provider has too (the credentials and account guards) falls back to its `tencentcloud:` key, so
 * that one stack config serves both providers. A setting of this package alone found under `tencentcloud:` (where
 * 0.1 read it, and where that provider refuses keys it does not know) fails every read with a message naming its
 * new key: read from nowhere, an endpoint or an email policy would silently stop applying.
 */
export function stackConfigSource(get: (key: string) => string | undefined): ConfigSource {
  const misplaced = Object.keys(settingTable).filter(
    (name) => !sharedSettings.has(name) && get(`${TENCENTCLOUD_CONFIG_NAMESPACE}:${name}`) !== undefined,
  );
  return {
    namespace: DEFAULT_CONFIG_NAMESPACE,
    get: (key) => {
      if (misplaced.length > 0) throw misplacedSettingsError(misplaced);
      // Only a shared setting can be found under tencentcloud: here: any other one there failed the read above.
      return get(key) ?? get(`${TENCENTCLOUD_CONFIG_NAMESPACE}:${key.slice(DEFAULT_CONFIG_NAMESPACE.length + 1)}`);
    },
  };
}

/** The error of settings of this package set under `tencentcloud:`: their new keys, and the commands that move them. */
function misplacedSettingsError(names: readonly string[]): ConfigurationError {
  const moves = names.map(
    (name) => `${TENCENTCLOUD_CONFIG_NAMESPACE}:${name} is now ${DEFAULT_CONFIG_NAMESPACE}:${name}`,
  );
  const one = names[0];
  return new ConfigurationError(
    `Settings of this package are set under the Tencent Cloud provider's namespace, where they are no longer read: ` +
      `${moves.join("; ")}. Move each one, for example \`pulumi config get ${TENCENTCLOUD_CONFIG_NAMESPACE}:${one}\`, ` +
      `\`pulumi config set ${DEFAULT_CONFIG_NAMESPACE}:${one} <value>\` (with --secret for a secret) and ` +
      `\`pulumi config rm ${TENCENTCLOUD_CONFIG_NAMESPACE}:${one}\`; only the credentials ` +
      `(${TENCENTCLOUD_CONFIG_NAMESPACE}:secretId and the like) may stay there (CHANGELOG.md).`,
  );
}

/** A config key of the package's namespace moved under another one. */
function namespaced(key: string, namespace: string): string {
  return `${namespace}:${key.slice(DEFAULT_CONFIG_NAMESPACE.length + 1)}`;
}

/** The config key of a setting under a namespace, such as `tencentcloud-member-email:secretId`. */
function configKey(name: keyof typeof settingSources, namespace: string): string {
  return namespaced(settingSources[name].config, namespace);
}

/** Everything the API client needs to reach Tencent Cloud. */
export interface Settings {
  /** Where the credential comes from (key pair, role, OIDC token, profile, CAM role), STS, and the account guard. */
  readonly credentials: CredentialSettings;
  /** The endpoint's protocol, `http://` or `https://`, as the SDK's http profile wants it. */
  readonly protocol: "http://" | "https://";
  /** The endpoint's host and optional port, such as `organization.intl.tencentcloudapi.com`. */
  readonly host: string;
  /** The most requests a second the provider sends for each action. */
  readonly rateLimitPerSecond: number;
  /**
   * How long one call keeps retrying, in seconds from its first attempt (time in the queue does not count);
   * absent: the retry policy's own budget.
   */
  readonly retryBudgetSeconds?: number;
  /**
   * The config namespace the settings were read from, which messages name keys under: absent when no config was
   * given and the settings come from the environment alone (the commands), so that API errors name the variables
   * alone; other messages then name `tencentcloud-member-email:` keys.
   */
  readonly configNamespace?: string;
  /** The Redis server whose per-action budgets every process with this URL shares; absent: each process adapts alone. */
  readonly rateLimitRedis?: string;
}

/** Reads the settings, Pulumi config first and the environment second. Throws a ConfigurationError. */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): Settings {
  const namespace = config?.namespace ?? DEFAULT_CONFIG_NAMESPACE;
  const key = (name: keyof typeof settingSources): string => configKey(name, namespace);
  const read = (name: keyof typeof settingSources): string | undefined => {
    const value = config?.get(key(name)) ?? env[settingSources[name].env];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  // The client's own settings are read before the credentials, so that a bad one is reported even when no
  // credential is configured (the plugin's CheckConfig passes a preview without credentials).
  const { protocol, host } = parseEndpoint(read("endpoint") ?? DEFAULT_ENDPOINT, key("endpoint"));
  const rateLimitPerSecond = parseRate(read("rateLimitPerSecond"), key("rateLimitPerSecond"));
  const budget = retryBudget(read("retryBudgetSeconds"), key("retryBudgetSeconds"));
  const redis = parseRedisUrl(read("rateLimitRedis"), key("rateLimitRedis"));
  const credentials = resolveCredentialSettings(
    (source) => {
      const value =
        (source.config ? config?.get(namespaced(source.config, namespace)) : undefined) ??
        (source.env ? env[source.env] : undefined);
      return value === undefined || value.trim() === "" ? undefined : value.trim();
    },
    undefined,
    namespace,
  );
  const configNamespace = config === undefined ? {} : { configNamespace: namespace };
  return { credentials, protocol, host, rateLimitPerSecond, ...budget, ...redis, ...configNamespace };
}

function parseEndpoint(value: string, key: string): { protocol: "http://" | "https://"; host: string } {
  let url: URL;
  try {
    url = new URL(value.includes("://") ? value : `https://${value}`);
  } catch {
    throw new ConfigurationError(
      `${key} must be a URL such as ${DEFAULT_ENDPOINT} or http://127.0.0.1:9217; got "${value}".`,
    );
  }
  // An http or https URL's path is "/" at least.
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.pathname !== "/") {
    throw new ConfigurationError(
      `${key} must be an http or https URL without a path, such as ${DEFAULT_ENDPOINT}; got "${value}".`,
    );
  }
  return { protocol: url.protocol === "http:" ? "http://" : "https://", host: url.host };
}

function parseRate(value: string | undefined, key: string): number {
  if (value === undefined) return DEFAULT_RATE_LIMIT_PER_SECOND;
  const rate = Number(value);
  if (!Number.isFinite(rate) || rate <= 0) {
    throw new ConfigurationError(`${key} must be a positive number of requests a second, such as 20; got "${value}".`);
  }
  return rate;
}

function retryBudget(value: string | undefined, key: string): { retryBudgetSeconds?: number } {
  if (value === undefined) return {};
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ConfigurationError(`${key} must be a positive number of seconds, such as 60; got "${value}".`);
  }
  return { retryBudgetSeconds: seconds };
}

function parseRedisUrl(value: string | undefined, key: string): { rateLimitRedis?: string } {
  if (value === undefined) return {};
  let url: URL | undefined;
  try {
    url = new URL(value);
    // Stryker disable next-line BlockStatement: url is still undefined here; the assignment only says so
  } catch {
    url = undefined;
  }
  // The value is not echoed: a Redis URL may carry a password.
  if (url === undefined || (url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
    throw new ConfigurationError(`${key} must be a redis:// or rediss:// URL, such as redis://redis.internal:6379/0.`);
  }
  return { rateLimitRedis: value };
}
