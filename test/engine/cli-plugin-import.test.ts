/**
 * `pulumi import` through the native plugin, typed in a Pulumi YAML project as a user would: a binding made
 * outside Pulumi comes into an empty stack, and a program that declares it then previews with no change.
 * The tests run in order on one stack.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";
import { assertYamlHost, yamlProject, yamlProjectText } from "../support/yaml-project";

jest.setTimeout(180_000);

const TOKEN = "tencentcloud-member-email:index:OrganizationMemberEmail";
const member = { memberUin: 100000000801, email: "erin801@example.com", phone: "13900000801" };

let emulator: Emulator;
let project: CliProject;
let bindId: number;
beforeAll(async () => {
  assertBuildIsCurrent();
  assertYamlHost();
  emulator = await startEmulator();
  const made = await organizationClient(emulator).AddOrganizationMemberEmail({
    MemberUin: member.memberUin,
    Email: member.email,
    CountryCode: "86",
    Phone: member.phone,
  });
  bindId = made.BindId as number;
  project = await cliProject(yamlProject("member-email-import"), emulatorEnvironment(emulator));
}, 120_000);
afterAll(async () => {
  await project?.dispose();
  if (project) rmSync(project.dir, { recursive: true, force: true });
  await emulator?.stop();
});

/** The resources of the stack's state, as `pulumi stack export` writes them. */
interface ExportedResource {
  readonly type: string;
  readonly id?: string;
  readonly outputs?: Record<string, unknown>;
}

test("pulumi import of a binding made outside Pulumi exits 0 and keeps its bindId, and its email and phone as secrets", async () => {
  const before = { add: emulator.requestCount("AddOrganizationMemberEmail") };
  const imported = await project.pulumi([
    "import",
    TOKEN,
    "erin",
    String(member.memberUin),
    "--yes",
    "--protect=false",
  ]);
  expect(imported).toMatchObject({ code: 0 });
  expect(imported.stdout).toMatch(/= 1 imported/);
  // The YAML language host generates the declaration, with the inputs read answered and no phone among them.
  expect(imported.stdout).toMatch(/type: tencentcloud-member-email:OrganizationMemberEmail/);
  expect(imported.stdout).not.toMatch(/phone:/);
  // pulumi-yaml's generator writes the uin as a float (1.00000000801e+11, docs/plugin.md says why): the program
  // declares the same whole number, not one rounded.
  const generated = parse(imported.stdout.slice(imported.stdout.indexOf("resources:"))) as {
    resources: { erin: { properties: Record<string, unknown> } };
  };
  expect(generated.resources.erin.properties).toEqual({
    memberUin: member.memberUin,
    email: member.email,
    countryCode: "86",
  });
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(before.add);

  const exported = (await project.pulumiOk(["stack", "export"])).stdout;
  const resources = (JSON.parse(exported) as { deployment: { resources: ExportedResource[] } }).deployment.resources;
  const binding = resources.find((resource) => resource.type === TOKEN);
  expect(binding).toMatchObject({ id: String(member.memberUin), outputs: { bindId, memberUin: member.memberUin } });
  for (const secret of ["email", "phone"]) {
    expect(binding?.outputs?.[secret]).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: expect.any(String),
    });
  }
  for (const plain of [member.email, member.phone, "13***01", emulator.secretKey]) {
    expect(exported).not.toContain(plain);
  }
});

test("a program declaring the imported binding, email and phone from config secrets, previews with no change", async () => {
  const program = `config:
  email:
    type: string
    secret: true
  phone:
    type: string
    secret: true
resources:
  erin:
    type: ${TOKEN}
    properties:
      memberUin: ${member.memberUin}
      email: \${email}
      countryCode: "86"
      phone: \${phone}
`;
  writeFileSync(join(project.dir, "Pulumi.yaml"), yamlProjectText("member-email-import", program));
  await project.pulumiOk(["config", "set", "--secret", "email", member.email]);
  await project.pulumiOk(["config", "set", "--secret", "phone", member.phone]);
  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview).toMatchObject({ code: 0 });
  expect(preview.stdout).toMatch(/2 unchanged/);
});

test("pulumi import of a member without a binding fails naming the member and what to do", async () => {
  const nobody = 100000000802;
  const imported = await project.pulumi(["import", TOKEN, "nobody", String(nobody), "--yes"]);
  expect(imported.code).not.toBe(0);
  expect(imported.output).toContain(
    `Member ${nobody} has no email binding to import. Check the uin (\`pulumi-tencentcloud-member-email discover\` ` +
      "lists the members that have one)",
  );
  expect(imported.output).not.toMatch(/does not support importing/);
});
