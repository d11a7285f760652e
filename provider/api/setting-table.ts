/**
 * The one table of the provider's settings: every config key the provider reads, with its environment
 * variable, its meaning, whether it is a secret and how the native plugin's schema types it. The readers'
 * tables (`settingSources`, `credentialSources`, `allowedEmailDomainsSource`) take their keys from it, and
 * the plugin's schema generates its `config.variables` and `provider.inputProperties` from it, so a setting
 * cannot be read without being declared. Imports nothing: the plugin serves its schema without loading the
 * settings' parsers.
 * @packageDocumentation
 */

/** One field of a setting whose value is an object (`assumeRole.roleArn`). */
export interface SettingField {
  /** How the schema types the field. */
  readonly type: "string" | "integer";
  /** What the field means. */
  readonly description: string;
  /** Whether the field holds a secret. */
  readonly secret?: boolean;
}

/** One setting, read as `<namespace>:<name>` from Pulumi config (or a provider's input) and from `env`. */
export interface Setting {
  /** The environment variable read when the config key is not set; absent: config only. */
  readonly env?: string;
  /** What the setting means, shown by editors, generated SDKs and `pulumi package get-schema`. */
  readonly description: string;
  /** Whether the value is a secret: the plugin keeps it encrypted in state even when it was not set as one. */
  readonly secret?: boolean;
  /**
   * How the schema types the value. Config values arrive as text whatever the type (a list as a comma list
   * or JSON, an object as JSON); a provider's inputs arrive typed: the provider reads both.
   */
  readonly type: "string" | "number" | "stringList" | "object";
  /** The fields of an object setting. */
  readonly fields?: Readonly<Record<string, SettingField>>;
  /**
   * Whether the Tencent Cloud provider (`pulumi-tencentcloud`) has this setting too, under the same name and
   * meaning: the credentials and the account guards. The dynamic resource then also reads it from that provider's
   * `tencentcloud:` namespace, so that one stack config serves both providers.
   */
  readonly sharedWithTencentcloud?: boolean;
}

const sessionFields = {
  roleArn: {
    type: "string",
    description: "The role to assume, such as `qcs::cam::uin/100000000000:roleName/member-email`.",
  },
  sessionName: {
    type: "string",
    description:
      "RoleSessionName, which names the session in CloudAudit; `pulumi-tencentcloud-member-email` when absent.",
  },
  sessionDuration: {
    type: "integer",
    description: "DurationSeconds asked of STS, 1 to 43200; 7200 when absent.",
  },
} as const satisfies Record<string, SettingField>;

/** Every setting, by its config name (`secretId` is `tencentcloud-member-email:secretId` in both doors). */
export const settingTable = {
  secretId: {
    sharedWithTencentcloud: true,
    env: "TENCENTCLOUD_SECRET_ID",
    type: "string",
    secret: true,
    description: "The API key id (or TENCENTCLOUD_SECRET_ID).",
  },
  secretKey: {
    sharedWithTencentcloud: true,
    env: "TENCENTCLOUD_SECRET_KEY",
    type: "string",
    secret: true,
    description: "The API key secret (or TENCENTCLOUD_SECRET_KEY).",
  },
  securityToken: {
    sharedWithTencentcloud: true,
    env: "TENCENTCLOUD_SECURITY_TOKEN",
    type: "string",
    secret: true,
    description: "The token of temporary keys, if the key pair is one (or TENCENTCLOUD_SECURITY_TOKEN).",
  },
  assumeRole: {
    sharedWithTencentcloud: true,
    type: "object",
    description:
      "A role assumed with STS AssumeRole on top of the key pair (or of the profile's key); the key pair then " +
      "signs only the STS call. Each field also has its environment variable (TENCENTCLOUD_ASSUME_ROLE_ARN, ...).",
    fields: {
      ...sessionFields,
      externalId: { type: "string", description: "ExternalId, if the role's trust policy asks for one." },
      policy: { type: "string", description: "A session policy (JSON) that narrows the role's permissions." },
    },
  },
  assumeRoleWithWebIdentity: {
    sharedWithTencentcloud: true,
    type: "object",
    secret: true,
    description:
      "A role assumed with STS AssumeRoleWithWebIdentity from an OIDC token (a CI job's), with no key pair at " +
      "all. Each field also has its environment variable (TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE, ...).",
    fields: {
      ...sessionFields,
      providerId: { type: "string", description: "The identity provider's name in CAM; `OIDC` when absent." },
      webIdentityToken: { type: "string", secret: true, description: "The OIDC token itself; wins over the file." },
      webIdentityTokenFile: {
        type: "string",
        description: "A file holding the OIDC token, read again at each renewal of the temporary keys.",
      },
    },
  },
  profile: {
    sharedWithTencentcloud: true,
    env: "TENCENTCLOUD_PROFILE",
    type: "string",
    description:
      "A tccli profile, `<sharedCredentialsDir>/<profile>.credential` (or TENCENTCLOUD_PROFILE); the `default` " +
      "profile is used when its file exists and no other source is configured.",
  },
  sharedCredentialsDir: {
    sharedWithTencentcloud: true,
    env: "TENCENTCLOUD_SHARED_CREDENTIALS_DIR",
    type: "string",
    description: "The folder of the tccli profiles (or TENCENTCLOUD_SHARED_CREDENTIALS_DIR); `~/.tccli` when absent.",
  },
  camRoleName: {
    sharedWithTencentcloud: true,
    env: "TENCENTCLOUD_CAM_ROLE_NAME",
    type: "string",
    description: "The CAM role of the instance the provider runs on (or TENCENTCLOUD_CAM_ROLE_NAME).",
  },
  metadataEndpoint: {
    env: "TENCENTCLOUD_METADATA_ENDPOINT",
    type: "string",
    description:
      "The instance metadata service the CAM role's keys are read from (or TENCENTCLOUD_METADATA_ENDPOINT); " +
      "http://metadata.tencentyun.com when absent.",
  },
  stsEndpoint: {
    env: "TENCENTCLOUD_STS_ENDPOINT",
    type: "string",
    description: "The STS endpoint URL (or TENCENTCLOUD_STS_ENDPOINT); https://sts.tencentcloudapi.com when absent.",
  },
  allowedAccountIds: {
    sharedWithTencentcloud: true,
    env: "TENCENTCLOUD_ALLOWED_ACCOUNT_IDS",
    type: "stringList",
    description:
      "The only Tencent Cloud accounts the credentials may belong to (or TENCENTCLOUD_ALLOWED_ACCOUNT_IDS, a comma " +
      "list), checked with STS GetCallerIdentity before the first call: any other account fails every step.",
  },
  forbiddenAccountIds: {
    sharedWithTencentcloud: true,
    env: "TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS",
    type: "stringList",
    description:
      "Tencent Cloud accounts the credentials must never belong to (or TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS, a comma list).",
  },
  organizationEndpoint: {
    env: "TENCENTCLOUD_ORGANIZATION_ENDPOINT",
    type: "string",
    description:
      "The Organization API endpoint URL (or TENCENTCLOUD_ORGANIZATION_ENDPOINT); " +
      "https://organization.intl.tencentcloudapi.com when absent, http://127.0.0.1:PORT for the emulator.",
  },
  organizationRateLimit: {
    env: "TENCENTCLOUD_ORGANIZATION_RATE_LIMIT",
    type: "number",
    description:
      "The most requests a second sent for each action (or TENCENTCLOUD_ORGANIZATION_RATE_LIMIT); 20 when absent.",
  },
  organizationRetryBudget: {
    env: "TENCENTCLOUD_ORGANIZATION_RETRY_BUDGET",
    type: "number",
    description:
      "Seconds one call keeps retrying, counted from its first attempt (or TENCENTCLOUD_ORGANIZATION_RETRY_BUDGET); " +
      "60 when absent.",
  },
  organizationRateLimitRedis: {
    env: "TENCENTCLOUD_ORGANIZATION_RATE_LIMIT_REDIS",
    type: "string",
    // The URL may carry the Redis password.
    secret: true,
    description:
      "A redis:// or rediss:// URL: every process with the same URL shares exact per-action budgets through " +
      "Bottleneck's clustering (needs the optional ioredis package); if Redis cannot be reached, a warning and " +
      "adaptive pacing (or TENCENTCLOUD_ORGANIZATION_RATE_LIMIT_REDIS).",
  },
  allowedEmailDomains: {
    env: "TENCENTCLOUD_ALLOWED_EMAIL_DOMAINS",
    type: "stringList",
    description:
      "The domains a declared email may be at, such as example.com or *.example.org (or " +
      "TENCENTCLOUD_ALLOWED_EMAIL_DOMAINS, a comma list): a new email elsewhere fails at preview. Every domain when absent.",
  },
} as const satisfies Record<string, Setting>;

/** The name of a setting, such as `secretId`. */
export type SettingName = keyof typeof settingTable;

/** The package's config namespace, which both doors read every setting under: the plugin's name. */
export const DEFAULT_CONFIG_NAMESPACE = "tencentcloud-member-email";

/**
 * The Tencent Cloud provider's config namespace. The dynamic resource reads from it only the settings that provider
 * has too (`sharedWithTencentcloud`); that provider refuses keys it does not know there.
 */
export const TENCENTCLOUD_CONFIG_NAMESPACE = "tencentcloud";

/** Where a setting is read: its config key under the package's namespace, and its variable if any. */
export type SettingSource<K extends SettingName> = (typeof settingTable)[K] extends { readonly env: infer E }
  ? { readonly config: `${typeof DEFAULT_CONFIG_NAMESPACE}:${K}`; readonly env: E }
  : { readonly config: `${typeof DEFAULT_CONFIG_NAMESPACE}:${K}` };

/**
 * The source of the setting `name`, for the readers' tables: `{ config: "tencentcloud-member-email:secretId", env:
 * "..." }`.
 */
export function settingSource<K extends SettingName>(name: K): SettingSource<K> {
  const setting: Setting = settingTable[name];
  const config = `${DEFAULT_CONFIG_NAMESPACE}:${name}`;
  return (setting.env === undefined ? { config } : { config, env: setting.env }) as SettingSource<K>;
}
