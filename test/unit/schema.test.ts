import { readFileSync } from "node:fs";
import { join } from "node:path";
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

  test("types memberUin and the ids and counts Tencent answers as integers, which the SDKs declare as int", () => {
    const resource = JSON.parse(packageSchema("1.2.3")).resources[RESOURCE_TOKEN] as {
      inputProperties: Record<string, { type: string }>;
      properties: Record<string, { type: string }>;
    };
    expect(resource.inputProperties.memberUin.type).toBe("integer");
    const integers = Object.entries(resource.properties).flatMap(([name, property]) =>
      property.type === "integer" ? [name] : [],
    );
    expect(integers.sort()).toEqual([
      "bindId",
      "memberUin",
      "modificationsBeforeActivation",
      "organizationId",
      "phoneBind",
    ]);
  });

  test("names the inputs typed as strings, which the plugin checks as text", () => {
    expect(stringInputs).toEqual(["email", "countryCode", "phone", "activationReminder"]);
  });
});

describe("the SDKs the schema generates (sdk/, committed)", () => {
  const root = join(__dirname, "..", "..");
  const read = (path: string) => readFileSync(join(root, path), "utf8");
  const full = JSON.parse(packageSchema("0.1.0")) as {
    homepage: string;
    repository: string;
    publisher: string;
    pluginDownloadURL: string;
    meta: Record<string, unknown>;
    language: {
      nodejs: { packageName: string; packageDescription: string; dependencies: Record<string, string> };
      go: { importBasePath: string; generateResourceContainerTypes: boolean };
      python: { packageName: string; requires: Record<string, string>; pyproject: { enabled: boolean } };
    };
  };
  const nodejs = JSON.parse(read("sdk/nodejs/package.json")) as {
    name: string;
    description: string;
    homepage: string;
    repository: string;
    dependencies: Record<string, string>;
    pulumi: { server: string };
  };

  test("are named as the committed SDKs are: the npm package, the Go module, the Python package", () => {
    expect(full.language.nodejs.packageName).toBe(nodejs.name);
    expect(full.language.nodejs.packageDescription).toBe(nodejs.description);
    const goModule = /^module (\S+)$/m.exec(read("sdk/go/go.mod"))?.[1];
    expect(full.language.go.importBasePath).toBe(`${goModule}/tencentcloudmemberemail`);
    expect(read("sdk/python/pyproject.toml")).toContain(`name = "${full.language.python.packageName}"`);
    expect(full.language.python.pyproject.enabled).toBe(true);
  });

  test("tell the engine where to download the plugin, as each SDK's pulumi-plugin.json says", () => {
    expect(full.pluginDownloadURL).toBe(nodejs.pulumi.server);
    for (const file of [
      "sdk/go/tencentcloudmemberemail/pulumi-plugin.json",
      "sdk/python/pulumi_tencentcloud_member_email/pulumi-plugin.json",
    ]) {
      expect(JSON.parse(read(file))).toMatchObject({
        name: "tencentcloud-member-email",
        server: full.pluginDownloadURL,
      });
    }
    expect(full.homepage).toBe(nodejs.homepage);
    expect(full.repository).toBe(nodejs.repository);
    expect(full.publisher).toBe("pulumi-tencentcloud-member-email");
  });

  test("download the plugin from the releases of the project's own repository, the URL the schema names", () => {
    // github://api.github.com/<org>/<repo> is where the engine asks GitHub for release v<version>'s archives.
    const repository = /^https:\/\/github\.com\/([^/]+\/[^/]+)$/.exec(full.repository)?.[1];
    expect(full.pluginDownloadURL).toBe(`github://api.github.com/${repository}`);
    // The code that gives every resource its pluginDownloadURL option at run time, in each SDK: what the engine
    // actually reads when it downloads the plugin for a program.
    for (const file of [
      "sdk/nodejs/utilities.ts",
      "sdk/go/tencentcloudmemberemail/internal/pulumiUtilities.go",
      "sdk/python/pulumi_tencentcloud_member_email/_utilities.py",
    ]) {
      const urls = [...read(file).matchAll(/"(\w+:\/\/[^"]*)"/g)].map((match) => match[1]);
      expect({ file, urls: [...new Set(urls)] }).toEqual({ file, urls: [full.pluginDownloadURL] });
    }
  });

  test("depend on the Pulumi SDKs the generated code needs, and version every SDK as the schema", () => {
    expect(full.language.nodejs.dependencies).toEqual(nodejs.dependencies);
    const pythonDependencies = /^\s*dependencies = (\[.*\])$/m.exec(read("sdk/python/pyproject.toml"))?.[1] ?? "[]";
    expect(pythonDependencies).toContain(`"pulumi${full.language.python.requires.pulumi}"`);
    for (const language of ["nodejs", "go", "python"] as const) {
      expect(full.language[language]).toMatchObject({ respectSchemaVersion: true });
    }
    expect(full.language.go.generateResourceContainerTypes).toBe(true);
    expect(read("sdk/go/tencentcloudmemberemail/organizationMemberEmail.go")).toContain(
      "type OrganizationMemberEmailArray ",
    );
    // Every token's module is its own name (index), and `pulumi package` may pack the SDKs it generates.
    expect(full.meta).toEqual({ moduleFormat: "(.*)", supportPack: true });
  });
});
