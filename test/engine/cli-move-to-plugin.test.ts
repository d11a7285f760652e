/**
 * Moving a TypeScript stack's binding from the dynamic resource to the native plugin's, as docs/plugin.md says:
 * `pulumi state delete` of the dynamic resource, then `pulumi import` of the native one, in a project made
 * like `pulumi new typescript` that installed the packed package (whose npm `bin` holds the plugin).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { userProjectSuite } from "../support/cli-project";
import { typescriptProject } from "../support/user-projects";

jest.setTimeout(300_000);

const TOKEN = "tencentcloud-member-email:index:OrganizationMemberEmail";
const member = { memberUin: 100000000901, email: "faye901@example.com", phone: "13900000901" };
const suite = userProjectSuite(typescriptProject, member);

/** The program after the move: the same binding, declared as the plugin's resource by its type token. */
const nativeProgram = `import * as pulumi from "@pulumi/pulumi";

/** The plugin's resource, as a generated Node.js SDK would declare it. */
class OrganizationMemberEmail extends pulumi.CustomResource {
    declare public readonly bindId: pulumi.Output<number>;
    declare public readonly bindStatus: pulumi.Output<string>;

    constructor(name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
        super("${TOKEN}", name, args, opts);
    }
}

const config = new pulumi.Config();
const binding = new OrganizationMemberEmail("member", {
    memberUin: config.requireNumber("memberUin"),
    email: config.requireSecret("email"),
    countryCode: config.get("countryCode") ?? "86",
    phone: config.requireSecret("phone"),
    bindId: undefined,
    bindStatus: undefined,
});

export const bindId = binding.bindId;
export const bindStatus = binding.bindStatus;
`;

test("state delete then pulumi import moves the binding to the plugin with no second Add, then no change", async () => {
  const { project, emulator } = suite;
  await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
  const bindId = (await project.pulumiOk(["stack", "output", "bindId"])).stdout.trim();

  const dynamicUrn = `urn:pulumi:${project.stackName}::member-email-ts::pulumi-nodejs:dynamic/tencentcloud:OrganizationMemberEmail::member`;
  await project.pulumiOk(["state", "delete", dynamicUrn, "--yes"]);
  // The project now finds the plugin where npm put the package's bin, and declares the native resource.
  const pulumiYaml = readFileSync(join(project.dir, "Pulumi.yaml"), "utf8");
  writeFileSync(
    join(project.dir, "Pulumi.yaml"),
    `${pulumiYaml}plugins:\n  providers:\n    - name: tencentcloud-member-email\n      path: ./node_modules/.bin\n`,
  );
  writeFileSync(join(project.dir, "index.ts"), nativeProgram);

  const args = ["import", TOKEN, "member", String(member.memberUin), "--yes", "--protect=false"];
  // The Node.js language host built here (sdk v3.68) cannot generate code ("GenerateProgram not implemented").
  const imported = await project.pulumi([...args, "--generate-code=false"]);
  expect(imported).toMatchObject({ code: 0 });
  const preview = await project.pulumi(["preview", "--expect-no-changes", "--diff"]);
  expect(preview.code === 0 ? "" : preview.output).toBe("");
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).not.toMatch(/created|replaced/);
  expect((await project.pulumiOk(["stack", "output", "bindId"])).stdout.trim()).toBe(bindId);
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
  expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
});
