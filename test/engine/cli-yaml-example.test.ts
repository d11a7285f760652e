/**
 * examples/yaml, the Pulumi YAML project, run with the `pulumi` binary in its folder as docs/examples.md shows:
 * two bindings whose emails and phones are config secrets, and credentials in the plugin's own config
 * namespace (`tencentcloud-member-email:*`). The tests run in order on one stack.
 */
import { join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { EmailChangeRefusedError } from "../../provider/api/errors";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, type CliProject } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";
import { assertYamlHost } from "../support/yaml-project";

jest.setTimeout(180_000);

const alice = { memberUin: 100000000001, email: "alice.yaml@example.com", phone: "13800138001" };
const bob = { memberUin: 100000000002, email: "bob.yaml@example.com", phone: "13800138002" };

let emulator: Emulator;
let project: CliProject;
beforeAll(async () => {
  assertBuildIsCurrent();
  assertYamlHost();
  emulator = await startEmulator();
  // No TENCENTCLOUD_* variables: the credentials come from the stack's config alone.
  project = await cliProject(join(repositoryRoot, "examples", "yaml"));
  const settings: [string, string, boolean][] = [
    ["tencentcloud-member-email:organizationEndpoint", emulator.url, false],
    ["tencentcloud-member-email:secretId", emulator.secretId, true],
    ["tencentcloud-member-email:secretKey", emulator.secretKey, true],
    ["aliceEmail", alice.email, true],
    ["alicePhone", alice.phone, true],
    ["bobEmail", bob.email, true],
    ["bobPhone", bob.phone, true],
  ];
  for (const [key, value, secret] of settings) {
    await project.pulumiOk(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
  }
}, 120_000);
afterAll(async () => {
  await project?.dispose();
  await emulator?.stop();
});

test("pulumi up creates the two bindings with the credentials of the plugin's config namespace", async () => {
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 3 created/);
  const client = organizationClient(emulator);
  for (const member of [alice, bob]) {
    const remote = await client.DescribeOrganizationMemberEmailBind({ MemberUin: member.memberUin });
    expect(remote).toMatchObject({ Email: member.email, BindStatus: "Valid" });
  }
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(2);
  const exported = (await project.pulumiOk(["stack", "export"])).stdout;
  for (const plain of [alice.email, alice.phone, bob.email, bob.phone, emulator.secretId, emulator.secretKey]) {
    expect(exported).not.toContain(plain);
  }
});

test("an email change fails the preview with the same message as the TypeScript resource", async () => {
  await project.pulumiOk(["config", "set", "--secret", "aliceEmail", "alice.new@example.com"]);
  try {
    const preview = await project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain(new EmailChangeRefusedError(alice.memberUin).message);
    expect(preview.output).not.toContain("alice.new@example.com");
  } finally {
    await project.pulumiOk(["config", "set", "--secret", "aliceEmail", alice.email]);
  }
});

test("pulumi refresh, then preview --expect-no-changes, passes", async () => {
  // The member activates the binding: a refresh reads the new status, and then nothing is left to change.
  await emulator.activate(alice.memberUin);
  await project.pulumiOk(["refresh", "--yes", "--skip-preview"]);
  const exported = JSON.parse((await project.pulumiOk(["stack", "export"])).stdout) as {
    deployment: { resources: { id?: string; outputs?: Record<string, unknown> }[] };
  };
  const refreshed = exported.deployment.resources.find((resource) => resource.id === String(alice.memberUin));
  expect(refreshed?.outputs).toMatchObject({ bindStatus: "Success" });
  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview).toMatchObject({ code: 0 });
});

test("pulumi destroy removes the bindings from the stack and warns, as the dynamic resource does, that they stay", async () => {
  const destroy = await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.stdout).toMatch(/- 3 deleted/);
  for (const member of [alice, bob]) {
    expect(destroy.output).toMatch(
      new RegExp(
        `OrganizationMemberEmail for member ${member.memberUin} was removed from the stack only: Tencent Cloud`,
      ),
    );
  }
  const remote = await organizationClient(emulator).DescribeOrganizationMemberEmailBind({ MemberUin: alice.memberUin });
  expect(remote).toMatchObject({ Email: alice.email });
});
