/**
 * Which credential the provider signs with, read from Pulumi config and the environment under the names
 * Tencent's Terraform provider uses. Reading only: nothing here calls the network (see credentials.ts).
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import { withConfigNamespace } from "./errors";
import { DEFAULT_CONFIG_NAMESPACE, settingSource } from "./setting-table";

/** STS's endpoint when none is configured, the one the official SDK calls. */
const DEFAULT_STS_ENDPOINT = "https://sts.tencentcloudapi.com";

/** The instance metadata service of a Tencent Cloud CVM, where an instance's CAM role credentials are read. */
const DEFAULT_METADATA_ENDPOINT = "http://metadata.tencentyun.com";

/** The RoleSessionName sent when none is configured. */
const DEFAULT_SESSION_NAME = "pulumi-tencentcloud-member-email";

/** The DurationSeconds asked of STS when none is configured: STS's own default, two hours. */
const DEFAULT_SESSION_DURATION = 7200;

/** The identity provider of AssumeRoleWithWebIdentity when none is configured. */
const DEFAULT_PROVIDER_ID = "OIDC";

/**
 * Where each credential setting comes from: a Pulumi config key (from the one settings table,
 * setting-table.ts) and an environment variable. Config wins. The variables without a config key of their
 * own are the fields of `assumeRole` and `assumeRoleWithWebIdentity`.
 */
export const credentialSources = {
  secretId: settingSource("secretId"),
  secretKey: settingSource("secretKey"),
  securityToken: settingSource("securityToken"),
  assumeRole: settingSource("assumeRole"),
  roleArn: { env: "TENCENTCLOUD_ASSUME_ROLE_ARN" },
  sessionName: { env: "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME" },
  sessionDuration: { env: "TENCENTCLOUD_ASSUME_ROLE_SESSION_DURATION" },
  externalId: { env: "TENCENTCLOUD_ASSUME_ROLE_EXTERNAL_ID" },
  assumeRoleWithWebIdentity: settingSource("assumeRoleWithWebIdentity"),
  providerId: { env: "TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID" },
  webIdentityToken: { env: "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN" },
  webIdentityTokenFile: { env: "TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE" },
  profile: settingSource("profile"),
  sharedCredentialsDir: settingSource("sharedCredentialsDir"),
  camRoleName: settingSource("camRoleName"),
  metadataEndpoint: settingSource("metadataEndpoint"),
  stsEndpoint: settingSource("stsEndpoint"),
  allowedAccountIds: settingSource("allowedAccountIds"),
  forbiddenAccountIds: settingSource("forbiddenAccountIds"),
} as const;

/** A permanent key pair (with the token of temporary credentials given by hand, if any). */
export interface KeyPair {
  /** The API key id. */
  readonly secretId: string;
  /** The API key secret. */
  readonly secretKey: string;
  /** The token of temporary credentials, if the pair is one. */
  readonly token?: string;
}

/** The role to assume, and how. */
export interface RoleSession {
  /** The role's ARN, such as `qcs::cam::uin/100000000000:roleName/member-email`. */
  readonly roleArn: string;
  /** RoleSessionName: names the session in CloudAudit. */
  readonly sessionName: string;
  /** DurationSeconds asked of STS. */
  readonly durationSeconds: number;
}

/** Where the credential comes from, after the order of precedence picked one. */
export type CredentialSource =
  | { readonly kind: "keyPair"; readonly keyPair: KeyPair; readonly origin: string }
  | {
      readonly kind: "assumeRole";
      readonly keyPair: KeyPair;
      readonly origin: string;
      readonly role: RoleSession;
      readonly externalId?: string;
      readonly policy?: string;
    }
  | {
      readonly kind: "webIdentity";
      readonly role: RoleSession;
      readonly providerId: string;
      readonly token?: string;
      readonly tokenFile?: string;
    }
  | { readonly kind: "camRole"; readonly roleName: string; readonly metadataEndpoint: string };

/** The credential settings: the source, STS's endpoint, and the account guard. */
export interface CredentialSettings {
  /** The source picked by the order of precedence. */
  readonly source: CredentialSource;
  /** STS's endpoint protocol, `http://` or `https://`. */
  readonly stsProtocol: "http://" | "https://";
  /** STS's endpoint host and optional port. */
  readonly stsHost: string;
  /** The only accounts the provider may work in; empty = any. */
  readonly allowedAccountIds: readonly string[];
  /** Accounts the provider must never work in. */
  readonly forbiddenAccountIds: readonly string[];
  /** The config namespace the settings were read from, which messages name keys under: the package's when absent. */
  readonly configNamespace?: string;
}

/** A configuration problem (credentials or any other setting) found before any API call. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/**
 * No credential source is configured at all. A call to the API fails with it; checking the settings at
 * preview does not, since a preview that calls no API needs no credentials. `accountGuard` says whether
 * allowedAccountIds or forbiddenAccountIds is set: without one there is no account to check, and a step that
 * calls no API (delete) may go on.
 */
export class MissingCredentialsError extends ConfigurationError {
  constructor(
    message: string,
    /** Whether an account list is set, which only credentials can check. */
    readonly accountGuard = false,
  ) {
    super(message);
    this.name = "MissingCredentialsError";
  }
}

/** Reads one setting, config first: a blank value counts as unset. */
export type SettingReader = (source: { readonly config?: string; readonly env?: string }) => string | undefined;

/** The fields `assumeRole` takes (the schema's `AssumeRole` type lists the same). */
export const assumeRoleObject = v.strictObject({
  roleArn: v.optional(v.string()),
  sessionName: v.optional(v.string()),
  sessionDuration: v.optional(v.union([v.number(), v.string()])),
  externalId: v.optional(v.string()),
  policy: v.optional(v.string()),
});

/** The fields `assumeRoleWithWebIdentity` takes (the schema's `AssumeRoleWithWebIdentity` type lists the same). */
export const webIdentityObject = v.strictObject({
  roleArn: v.optional(v.string()),
  sessionName: v.optional(v.string()),
  sessionDuration: v.optional(v.union([v.number(), v.string()])),
  providerId: v.optional(v.string()),
  webIdentityToken: v.optional(v.string()),
  webIdentityTokenFile: v.optional(v.string()),
});

/** `<profile>.credential` as tccli writes it. */
const profileFile = v.object({
  secretId: v.optional(v.string()),
  secretKey: v.optional(v.string()),
  token: v.optional(v.string()),
  "role-arn": v.optional(v.string()),
  "role-session-name": v.optional(v.string()),
});

/**
 * Picks the credential source, in the documented order of precedence: a key pair (with AssumeRole on top
 * when a role is configured), AssumeRoleWithWebIdentity, a shared profile, an instance's CAM role. Throws a
 * ConfigurationError naming the setting at fault under `namespace`; never repeats a secret.
 */
export function resolveCredentialSettings(
  read: SettingReader,
  home: string = homedir(),
  namespace = DEFAULT_CONFIG_NAMESPACE,
): CredentialSettings {
  // Stryker disable next-line BooleanLiteral: MissingCredentialsError comes only after the lists, which set it
  let accountGuard = false;
  try {
    // The account lists first: a bad one is reported even where credentials are missing.
    const allowedAccountIds = accountIds(read(credentialSources.allowedAccountIds), "allowedAccountIds");
    const forbiddenAccountIds = accountIds(read(credentialSources.forbiddenAccountIds), "forbiddenAccountIds");
    accountGuard = allowedAccountIds.length > 0 || forbiddenAccountIds.length > 0;
    const sts = parseUrl(
      read(credentialSources.stsEndpoint) ?? DEFAULT_STS_ENDPOINT,
      "tencentcloud-member-email:stsEndpoint",
    );
    return {
      source: pickSource(read, home),
      stsProtocol: sts.protocol,
      stsHost: sts.host,
      allowedAccountIds,
      forbiddenAccountIds,
      configNamespace: namespace,
    };
  } catch (error) {
    // The messages name each key under the namespace the settings were read from.
    if (!(error instanceof ConfigurationError)) throw error;
    const message = withConfigNamespace(error.message, namespace);
    throw error instanceof MissingCredentialsError
      ? new MissingCredentialsError(message, accountGuard)
      : new ConfigurationError(message);
  }
}

function pickSource(read: SettingReader, home: string): CredentialSource {
  const assumeRole = parseObject(
    read(credentialSources.assumeRole),
    "tencentcloud-member-email:assumeRole",
    assumeRoleObject,
  );
  const roleArn = assumeRole.roleArn ?? read(credentialSources.roleArn);
  const secretId = read(credentialSources.secretId);
  const secretKey = read(credentialSources.secretKey);
  if (secretId !== undefined && secretKey !== undefined) {
    const keyPair = { secretId, secretKey, token: read(credentialSources.securityToken) };
    if (roleArn === undefined) return { kind: "keyPair", keyPair, origin: "the configured key pair" };
    return {
      kind: "assumeRole",
      keyPair,
      origin: "the configured key pair",
      role: roleSession(
        roleArn,
        assumeRole.sessionName,
        assumeRole.sessionDuration,
        read,
        "tencentcloud-member-email:assumeRole",
      ),
      externalId: assumeRole.externalId ?? read(credentialSources.externalId),
      policy: assumeRole.policy,
    };
  }

  const web = parseObject(
    read(credentialSources.assumeRoleWithWebIdentity),
    "tencentcloud-member-email:assumeRoleWithWebIdentity",
    webIdentityObject,
  );
  const token = web.webIdentityToken ?? read(credentialSources.webIdentityToken);
  const tokenFile = web.webIdentityTokenFile ?? read(credentialSources.webIdentityTokenFile);
  if (token !== undefined || tokenFile !== undefined) {
    const webRoleArn = web.roleArn ?? read(credentialSources.roleArn);
    if (webRoleArn === undefined) {
      throw new ConfigurationError(
        "AssumeRoleWithWebIdentity needs the role to assume: set tencentcloud-member-email:assumeRoleWithWebIdentity.roleArn " +
          `or ${credentialSources.roleArn.env}.`,
      );
    }
    return {
      kind: "webIdentity",
      role: roleSession(
        webRoleArn,
        web.sessionName,
        web.sessionDuration,
        read,
        "tencentcloud-member-email:assumeRoleWithWebIdentity",
      ),
      providerId: web.providerId ?? read(credentialSources.providerId) ?? DEFAULT_PROVIDER_ID,
      // A token given inline wins over a file, as in Tencent's Terraform provider.
      ...(token !== undefined ? { token } : { tokenFile }),
    };
  }

  const profile = profileSource(read, home, roleArn, assumeRole);
  if (profile !== undefined) return profile;

  const camRoleName = read(credentialSources.camRoleName);
  if (camRoleName !== undefined) {
    const metadata = parseUrl(
      read(credentialSources.metadataEndpoint) ?? DEFAULT_METADATA_ENDPOINT,
      "tencentcloud-member-email:metadataEndpoint",
    );
    return { kind: "camRole", roleName: camRoleName, metadataEndpoint: `${metadata.protocol}${metadata.host}` };
  }

  throw new MissingCredentialsError(
    "Tencent Cloud credentials are missing: set them with `pulumi config set tencentcloud-member-email:secretId <id>` and " +
      "`pulumi config set --secret tencentcloud-member-email:secretKey <key>`, or with the environment variables " +
      "TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY; or assume a role from an OIDC token " +
      `(${credentialSources.roleArn.env} and ${credentialSources.webIdentityTokenFile.env}), name a profile ` +
      `(${credentialSources.profile.env}), or an instance's CAM role (${credentialSources.camRoleName.env}).`,
  );
}

/**
 * A tccli profile: `<dir>/<profile>.credential`. Used when a profile is named, or when the default
 * profile's file exists. Its `role-arn` (or a configured role) is assumed on top of its key pair.
 */
function profileSource(
  read: SettingReader,
  home: string,
  roleArn: string | undefined,
  assumeRole: v.InferOutput<typeof assumeRoleObject>,
): CredentialSource | undefined {
  const named = read(credentialSources.profile);
  const dir = expandHome(read(credentialSources.sharedCredentialsDir) ?? join(home, ".tccli"), home);
  const file = join(dir, `${named ?? "default"}.credential`);
  let text: string;
  try {
    // Stryker disable next-line StringLiteral: JSON.parse reads a Buffer as UTF-8 text too
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (named === undefined) return undefined;
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "cannot be read";
    throw new ConfigurationError(
      `The profile "${named}" names the file ${file}, which ${reason}: write it with \`tccli configure --profile ${named}\`, ` +
        `or set ${credentialSources.sharedCredentialsDir.env} to the folder that holds it.`,
    );
  }
  let parsed: v.InferOutput<typeof profileFile>;
  try {
    parsed = v.parse(profileFile, JSON.parse(text));
  } catch {
    // The file's text is not repeated: it holds a secret key.
    throw new ConfigurationError(
      `The profile file ${file} is not JSON with string fields secretId, secretKey and optionally token, role-arn, role-session-name.`,
    );
  }
  if (!parsed.secretId || !parsed.secretKey) {
    throw new ConfigurationError(`The profile file ${file} lacks secretId or secretKey.`);
  }
  const keyPair = { secretId: parsed.secretId, secretKey: parsed.secretKey, token: parsed.token || undefined };
  const origin = `the profile file ${file}`;
  const profileRole = roleArn ?? (parsed["role-arn"] || undefined);
  if (profileRole === undefined) return { kind: "keyPair", keyPair, origin };
  return {
    kind: "assumeRole",
    keyPair,
    origin,
    role: roleSession(
      profileRole,
      assumeRole.sessionName ?? (parsed["role-session-name"] || undefined),
      assumeRole.sessionDuration,
      read,
      "tencentcloud-member-email:assumeRole",
    ),
    externalId: assumeRole.externalId ?? read(credentialSources.externalId),
    policy: assumeRole.policy,
  };
}

function roleSession(
  roleArn: string,
  sessionName: string | undefined,
  duration: number | string | undefined,
  read: SettingReader,
  key: string,
): RoleSession {
  const name = sessionName ?? read(credentialSources.sessionName) ?? DEFAULT_SESSION_NAME;
  if (!/^[\w+=,.@-]{2,128}$/.test(name)) {
    throw new ConfigurationError(
      `${key}.sessionName (or ${credentialSources.sessionName.env}) must be 2 to 128 characters of letters, ` +
        `digits and +=,.@_-; got "${name}".`,
    );
  }
  const text = duration ?? read(credentialSources.sessionDuration);
  const seconds = text === undefined ? DEFAULT_SESSION_DURATION : Number(text);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 43200) {
    throw new ConfigurationError(
      `${key}.sessionDuration (or ${credentialSources.sessionDuration.env}) must be a whole number of seconds ` +
        `from 1 to 43200; got "${String(text)}".`,
    );
  }
  return { roleArn, sessionName: name, durationSeconds: seconds };
}

function parseObject<S extends v.StrictObjectSchema<v.ObjectEntries, undefined>>(
  text: string | undefined,
  key: string,
  schema: S,
): Partial<v.InferOutput<S>> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: undefined, which the schema refuses below.
  }
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) {
    const fields = Object.keys(schema.entries).join(", ");
    // The value is not repeated: it may hold an OIDC token.
    throw new ConfigurationError(
      `${key} must be an object with the fields ${fields}; set one with \`pulumi config set --path ${key}.roleArn <arn>\`.`,
    );
  }
  return parsed.output;
}

function accountIds(text: string | undefined, name: string): readonly string[] {
  if (text === undefined) return [];
  // Pulumi config may hold a list as JSON (`--path` sets) or as a comma list like the environment.
  const refused = new ConfigurationError(
    `tencentcloud-member-email:${name} (or TENCENTCLOUD_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}) must be ` +
      `a comma list of one or more account ids such as 100000000000,200000000000; got "${text}". ` +
      `Leave it unset to ${name === "allowedAccountIds" ? "allow any account" : "forbid none"}.`,
  );
  let items: readonly unknown[];
  try {
    // Text that starts with [ is a JSON list, or no JSON at all.
    items = text.trim().startsWith("[") ? (JSON.parse(text) as unknown[]) : text.split(",");
  } catch {
    throw refused;
  }
  const ids = items.map((item) => String(item).trim()).filter((item) => item !== "");
  // A list set to nothing (`,` or `[]`) is a mistake, not "any account": it would turn the guard off silently.
  if (ids.length === 0 || ids.some((id) => !/^\d{1,20}$/.test(id))) throw refused;
  return ids;
}

function parseUrl(value: string, key: string): { protocol: "http://" | "https://"; host: string } {
  let url: URL | undefined;
  try {
    url = new URL(value.includes("://") ? value : `https://${value}`);
  } catch {
    // Not a URL: refused below.
  }
  // An http or https URL's path is "/" at least.
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.pathname !== "/") {
    throw new ConfigurationError(
      `${key} must be an http or https URL without a path, such as http://127.0.0.1:9217; got "${value}".`,
    );
  }
  return { protocol: url.protocol === "http:" ? "http://" : "https://", host: url.host };
}

function expandHome(path: string, home: string): string {
  return path === "~" || path.startsWith("~/") ? join(home, path.slice(1)) : path;
}
