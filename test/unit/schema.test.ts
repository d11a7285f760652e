import { packageSchema, RESOURCE_TOKEN, stringInputs } from "../../provider/plugin/schema";

/** The schema as `pulumi package get-schema` and the engine's GetSchema show it. */
const schema = JSON.parse(packageSchema("1.2.3")) as {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  license: string;
  provider: { description: string; inputProperties: Record<string, { type?: string; items?: unknown; $ref?: string }> };
  types: Record<string, { type: string; description: string; properties: Record<string, unknown> }>;
  resources: Record<string, { description: string; requiredInputs: string[]; required: string[] }>;
};

describe("the package the plugin serves", () => {
  test("is named, versioned, described and licensed as the registry and `pulumi package` show it", () => {
    expect(schema).toMatchObject({
      name: "tencentcloud-member-email",
      displayName: "Tencent Cloud Organization member email",
      version: "1.2.3",
      description:
        "Manage Tencent Cloud Organization members' email bindings as code: the native provider of " +
        "pulumi-tencentcloud-member-email, for Pulumi YAML, every other Pulumi language and `pulumi import`.",
      keywords: ["pulumi", "tencentcloud", "organization", "category/cloud"],
      license: "Apache-2.0",
    });
  });

  test("says where the provider's settings come from", () => {
    expect(schema.provider.description).toBe(
      "The provider's settings: the default provider reads them from the stack config " +
        "(`tencentcloud-member-email:<name>`), an explicit provider from its inputs; either falls back to the environment.",
    );
  });

  test("serves the resource under the token a YAML program writes as its type", () => {
    expect(RESOURCE_TOKEN).toBe("tencentcloud-member-email:index:OrganizationMemberEmail");
    expect(Object.keys(schema.resources)).toEqual([RESOURCE_TOKEN]);
    expect(schema.resources[RESOURCE_TOKEN].description).toBe(
      "The email binding of a Tencent Cloud Organization member (`AddOrganizationMemberEmail`). Its id is the " +
        "member's uin. Deleting it removes it from the stack only: Tencent Cloud has no call to unbind an email.",
    );
  });

  test("requires the member, email and country code as inputs, and types every output Tencent always answers as set", () => {
    const resource = schema.resources[RESOURCE_TOKEN];
    expect(resource.requiredInputs).toEqual(["memberUin", "email", "countryCode"]);
    expect(resource.required).toEqual([
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
    ]);
  });

  test("types the account lists as lists of strings, and the role settings as object types of the package", () => {
    const settings = schema.provider.inputProperties;
    for (const list of ["allowedAccountIds", "forbiddenAccountIds"]) {
      expect(settings[list]).toMatchObject({ type: "array", items: { type: "string" } });
    }
    expect(settings.assumeRole.$ref).toBe("#/types/tencentcloud-member-email:index:AssumeRole");
    expect(settings.assumeRoleWithWebIdentity.$ref).toBe(
      "#/types/tencentcloud-member-email:index:AssumeRoleWithWebIdentity",
    );
    expect(Object.keys(schema.types)).toEqual([
      "tencentcloud-member-email:index:AssumeRole",
      "tencentcloud-member-email:index:AssumeRoleWithWebIdentity",
    ]);
    expect(schema.types["tencentcloud-member-email:index:AssumeRole"].type).toBe("object");
  });

  test("names the inputs typed as strings, which the plugin checks as text", () => {
    expect(stringInputs).toEqual(["email", "countryCode", "phone", "activationReminder"]);
  });
});
