/**
 * The Pulumi package schema the native plugin serves: one resource with the inputs and outputs of the
 * dynamic `OrganizationMemberEmail`, and the plugin's settings, from the one settings table, as config
 * variables and as the inputs of an explicit provider. Pulumi YAML reads it to type a program's properties,
 * and `pulumi package gen-sdk` generates an SDK for another language from it.
 * @packageDocumentation
 */
import { settingTable, type Setting, type SettingName } from "../api/setting-table";

/** The plugin's package name: the config namespace, the first part of its tokens and of `pulumi-resource-<name>`. */
export const PACKAGE_NAME = "tencentcloud-member-email";

/** The resource's token, what a YAML program writes as `type:` and `pulumi import` takes first. */
export const RESOURCE_TOKEN = `${PACKAGE_NAME}:index:OrganizationMemberEmail`;

/** One property of the schema. */
export interface SchemaProperty {
  /** `integer`, `string` or `boolean`. */
  readonly type: "integer" | "string" | "boolean";
  /** What the property means, shown by editors and generated SDKs. */
  readonly description: string;
  /** Whether the engine keeps the value encrypted in state and masks it in output. */
  readonly secret?: boolean;
}

const inputs = {
  memberUin: {
    type: "integer",
    description:
      "The member's account uin (a positive whole number, such as 100000000001). Changing it replaces the resource.",
  },
  email: {
    type: "string",
    description: "The email to bind to the member. Stored as a secret. Changing it needs `allowEmailUpdate: true`.",
    secret: true,
  },
  countryCode: {
    type: "string",
    description: 'The security phone\'s international calling code: 1 to 3 digits without "+", such as "86".',
  },
  phone: {
    type: "string",
    description:
      'The security phone: digits only, without the calling code, such as "13800138000". Stored as a secret. ' +
      "Optional: without it, the member's existing binding with this email (compared ignoring case) is adopted " +
      "as it is and its phone is left alone; binding a new email, or changing the email or country code, needs it.",
    secret: true,
  },
  allowEmailUpdate: {
    type: "boolean",
    description:
      "Allow a change of `email` to be applied in place (UpdateOrganizationMemberEmailBind, after which the " +
      "member must activate the new email). Without it, a preview that changes the email fails.",
  },
  activationReminder: {
    type: "string",
    description:
      "A token, in the manner of a trigger: when its value changes and the binding still waits for activation " +
      "(`Valid`), the update sends the activation email again. An active binding gets no email, and a message " +
      'says so. A link expires 15 days after it was last sent: change the token every week, such as "2026-W49".',
  },
} as const satisfies Record<string, SchemaProperty>;

/** The inputs the schema types as strings. */
export const stringInputs: readonly string[] = Object.entries(inputs).flatMap(([name, property]) =>
  property.type === "string" ? [name] : [],
);

const outputs = {
  ...inputs,
  phone: {
    ...inputs.phone,
    description:
      "The security phone as declared, or as the API shows it (masked, such as `18***32`) when not declared. " +
      "Stored as a secret.",
  },
  bindId: { type: "integer", description: "The binding's id in Tencent Cloud (`BindId`)." },
  bindStatus: {
    type: "string",
    description: "`Valid` (waiting for the member to activate it from the email), `Success` or `Failed`.",
  },
  applyTime: { type: "string", description: "When the binding was requested, `YYYY-MM-DD HH:mm:ss`." },
  bindTime: {
    type: "string",
    description: "When the member activated the binding, `YYYY-MM-DD HH:mm:ss`, or empty.",
  },
  description: { type: "string", description: "Why the binding failed, or empty." },
  phoneBind: { type: "integer", description: "1 when the security phone is bound, else 0." },
  organizationId: {
    type: "integer",
    description:
      "The organization the binding belongs to (`OrgId` of DescribeOrganization). A refresh, read or update with " +
      "credentials of another organization fails and changes nothing.",
  },
  modificationsBeforeActivation: {
    type: "integer",
    description:
      "Updates made to the binding while it waits for activation; Tencent Cloud allows 3, and a preview warns " +
      "before the last one. Activation resets nothing; a failed binding given a new email starts from 0.",
  },
} as const satisfies Record<string, SchemaProperty>;

/** Every property a binding has, inputs and outputs: the same names OrganizationMemberEmail declares. */
export const bindingPropertyNames: readonly string[] = Object.keys(outputs);

/** A setting as the schema types it: a plain type, a list of strings, or a reference to an object type. */
type SettingSchema =
  | { readonly type: "string" | "number"; readonly description: string; readonly secret?: boolean }
  | {
      readonly type: "array";
      readonly items: { readonly type: "string" };
      readonly description: string;
      readonly secret?: boolean;
    }
  | { readonly $ref: string; readonly description: string; readonly secret?: boolean };

/** The token of the object type of a setting such as `assumeRole`: `tencentcloud-member-email:index:AssumeRole`. */
function settingTypeToken(name: string): string {
  return `${PACKAGE_NAME}:index:${name[0].toUpperCase()}${name.slice(1)}`;
}

/** A setting of the table as a property of the schema; a secret says that it is kept encrypted in state. */
function settingProperty(name: string, setting: Setting): SettingSchema {
  const description = setting.secret
    ? `${setting.description} A secret: the plugin keeps it encrypted in the stack's state even when it was not set as one.`
    : setting.description;
  const secret = setting.secret ? { secret: true } : {};
  switch (setting.type) {
    case "stringList":
      return { type: "array", items: { type: "string" }, description, ...secret };
    case "object":
      return { $ref: `#/types/${settingTypeToken(name)}`, description, ...secret };
    default:
      return { type: setting.type, description, ...secret };
  }
}

/**
 * The settings the plugin reads, every one of the settings table, as schema properties: the stack config's
 * `tencentcloud-member-email:<name>` keys (the engine hands a plugin its own namespace only, so the credentials'
 * `tencentcloud:<name>` keys, which the dynamic resource also reads, do not reach it) and an explicit provider's
 * inputs are the same names.
 */
export const settingProperties: Readonly<Record<SettingName, SettingSchema>> = Object.fromEntries(
  Object.entries(settingTable).map(([name, setting]) => [name, settingProperty(name, setting)]),
) as Record<SettingName, SettingSchema>;

/** The object types of the settings that take an object (`assumeRole`, `assumeRoleWithWebIdentity`). */
function settingTypes(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settingTable).flatMap(([name, setting]: [string, Setting]) =>
      setting.fields
        ? [[settingTypeToken(name), { type: "object", description: setting.description, properties: setting.fields }]]
        : [],
    ),
  );
}

/** Where the project lives; the SDKs' metadata and the Go module path name it. */
const REPOSITORY = "https://github.com/tencentcloud-member-email/pulumi-tencentcloud-member-email";

/**
 * Where `pulumi` downloads the plugin when a program or an SDK needs a version it does not have: the release of
 * tag `v<version>` of the repository, asset `pulumi-resource-tencentcloud-member-email-v<version>-<os>-<arch>.tar.gz`
 * (what `npm run package:plugin` writes). A fork that publishes its own releases changes it here and runs
 * `npm run sdks`, since the SDKs carry it too.
 */
export const PLUGIN_DOWNLOAD_URL = "github://api.github.com/tencentcloud-member-email/pulumi-tencentcloud-member-email";

/** The Go module of sdk/go (its go.mod is one folder above the package). */
const GO_IMPORT_BASE_PATH =
  "github.com/tencentcloud-member-email/pulumi-tencentcloud-member-email/sdk/go/tencentcloudmemberemail";

/** How each generated SDK names itself: the npm package, the Go module, the Python package. */
const languages = {
  nodejs: {
    packageName: "@tencentcloud-member-email/sdk",
    packageDescription:
      "The typed Pulumi SDK of the tencentcloud-member-email plugin: OrganizationMemberEmail and Provider.",
    // The generated classes call pulumi.runtime.existsResource, which @pulumi/pulumi has from 3.269.0 on.
    dependencies: { "@pulumi/pulumi": "^3.269.0" },
    respectSchemaVersion: true,
  },
  go: { importBasePath: GO_IMPORT_BASE_PATH, generateResourceContainerTypes: true, respectSchemaVersion: true },
  python: {
    packageName: "pulumi_tencentcloud_member_email",
    requires: { pulumi: ">=3.142.0,<4.0.0" },
    pyproject: { enabled: true },
    respectSchemaVersion: true,
  },
};

/** The package schema for a plugin of `version`, as the JSON the engine's GetSchema call answers. */
export function packageSchema(version: string): string {
  return JSON.stringify({
    name: PACKAGE_NAME,
    displayName: "Tencent Cloud Organization member email",
    version,
    description:
      "Manage Tencent Cloud Organization members' email bindings as code: the native provider of " +
      "pulumi-tencentcloud-member-email, for Pulumi YAML, every other Pulumi language and `pulumi import`.",
    keywords: ["pulumi", "tencentcloud", "organization", "category/cloud"],
    license: "Apache-2.0",
    homepage: REPOSITORY,
    repository: REPOSITORY,
    publisher: "pulumi-tencentcloud-member-email",
    pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
    meta: { moduleFormat: "(.*)", supportPack: true },
    language: languages,
    config: { variables: settingProperties },
    provider: {
      description:
        "The provider's settings: the default provider reads them from the stack config " +
        `(\`${PACKAGE_NAME}:<name>\`), an explicit provider from its inputs; either falls back to the environment.`,
      inputProperties: settingProperties,
    },
    types: settingTypes(),
    resources: {
      [RESOURCE_TOKEN]: {
        description:
          "The email binding of a Tencent Cloud Organization member (`AddOrganizationMemberEmail`). Its id is the " +
          "member's uin. Deleting it removes it from the stack only: Tencent Cloud has no call to unbind an email.",
        inputProperties: inputs,
        requiredInputs: ["memberUin", "email", "countryCode"],
        properties: outputs,
        required: [
          "memberUin",
          "email",
          "countryCode",
          "phone",
          "bindId",
          "bindStatus",
          "applyTime",
          "bindTime",
          "description",
          "phoneBind",
        ],
      },
    },
  });
}
