/**
 * The Pulumi package schema the native plugin serves: one resource with the inputs and outputs of the
 * dynamic `OrganizationMemberEmail`, and the plugin's config variables. Pulumi YAML reads it to type a
 * program's properties, and `pulumi package gen-sdk` generates an SDK for another language from it.
 * @packageDocumentation
 */

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
      'says so. A month such as "2026-11" reminds once a month.',
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

/**
 * The plugin's config variables, set as `tencentcloud-member-email:<name>`: the engine hands a plugin its own
 * namespace only, so they cannot be the dynamic provider's `tencentcloud:<name>` keys.
 */
export const configVariables = {
  secretId: {
    type: "string",
    description:
      "The API key id (or the environment variable TENCENTCLOUD_SECRET_ID). Set it with `pulumi config set --secret`: " +
      "the engine keeps a plugin's config in the stack's state, encrypted only when set as a secret.",
    secret: true,
  },
  secretKey: {
    type: "string",
    description: "The API key secret (or TENCENTCLOUD_SECRET_KEY). Set it with `pulumi config set --secret`.",
    secret: true,
  },
  securityToken: {
    type: "string",
    description: "The token of temporary credentials, if any (or TENCENTCLOUD_SECURITY_TOKEN).",
    secret: true,
  },
  organizationEndpoint: {
    type: "string",
    description:
      "The Organization API endpoint URL (or TENCENTCLOUD_ORGANIZATION_ENDPOINT); " +
      "https://organization.intl.tencentcloudapi.com when absent, http://127.0.0.1:PORT for the emulator.",
  },
  organizationRateLimit: {
    type: "string",
    description:
      "The most requests a second sent for each action (or TENCENTCLOUD_ORGANIZATION_RATE_LIMIT); 20 when absent.",
  },
  organizationRetryBudget: {
    type: "string",
    description:
      "Seconds one call keeps retrying, counted from its first attempt (or TENCENTCLOUD_ORGANIZATION_RETRY_BUDGET); " +
      "60 when absent.",
  },
} as const satisfies Record<string, SchemaProperty>;

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
    config: { variables: configVariables },
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
