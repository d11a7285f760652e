/**
 * One stack config for both providers: the Tencent Cloud provider's own keys under `tencentcloud:` (the credentials,
 * and `region`, which only that provider reads) and this package's under `tencentcloud-member-email:`. Every door
 * runs from it with its email policy applied: the dynamic resource (a `pulumi new typescript` project with the
 * packed package, its credentials under `tencentcloud:` alone), a program of the generated Node.js SDK and Pulumi
 * YAML through the plugin (handed its own namespace only, so its credentials are under `tencentcloud-member-email:`
 * too). No credential comes from the environment. A stack of 0.1, whose settings were under `tencentcloud:`,
 * fails its preview naming the new keys, and runs again once the block of docs/installation-configuration.md has
 * moved them, as pasted, with no binding made again.
 */
import { rmSync } from "node:fs";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, userProjectSuite, type CliProject } from "../support/cli-project";
import { codeBlocks, readRepositoryFile } from "../support/markdown";
import { useGeneratedNodejsSdk } from "../support/nodejs-sdk-project";
import { typescriptProject } from "../support/user-projects";
import { assertYamlHost, memberProgram, yamlProject } from "../support/yaml-project";

jest.setTimeout(300_000);

const POLICY_KEY = "tencentcloud-member-email:allowedEmailDomains";
const phone = "13900000901";
const offDomain = "someone@elsewhere.net";
const dynamicMember = { memberUin: 100000000901, email: "dana901@example.com", phone };
const sdkMember = { memberUin: 100000000902, email: "sid902@example.com", phone };
const yamlMember = { memberUin: 100000000903, email: "yan903@example.com", phone };

/** The message of the email policy refusing `offDomain`, as each door's preview prints it. */
const refusal = `email must be an address at one of the allowed domains, example.com (${POLICY_KEY} or`;

/** The email the emulator has bound for `memberUin`, if any. */
function boundEmail(emulator: Emulator, memberUin: number): string | undefined {
  return emulator.bindings().find((binding) => binding.memberUin === memberUin)?.email;
}

/** Sets the stack config: the Tencent Cloud provider's keys, this package's, and the credentials where asked. */
async function configure(
  project: CliProject,
  emulator: Emulator,
  credentials: readonly ("tencentcloud" | "tencentcloud-member-email")[],
): Promise<void> {
  await project.pulumiOk(["config", "set", "tencentcloud:region", "ap-guangzhou"]);
  for (const namespace of credentials) {
    await project.pulumiOk(["config", "set", `${namespace}:secretId`, emulator.secretId]);
    await project.pulumiOk(["config", "set", "--secret", `${namespace}:secretKey`, emulator.secretKey]);
  }
  await project.pulumiOk(["config", "set", "tencentcloud-member-email:organizationEndpoint", emulator.url]);
  await project.pulumiOk(["config", "set", POLICY_KEY, "example.com"]);
}

/** A preview of `email` for the stack's member: refused by the policy, with no request to the API. */
async function expectPolicyRefusal(project: CliProject, emulator: Emulator, email: string, env = {}) {
  const before = emulator.requestCount();
  await project.pulumiOk(["config", "set", "--secret", "email", offDomain], env);
  const preview = await project.pulumi(["preview"], env);
  await project.pulumiOk(["config", "set", "--secret", "email", email], env);
  expect(preview.code).not.toBe(0);
  expect(preview.output).toContain(refusal);
  expect(preview.output).not.toContain(offDomain);
  expect(emulator.requestCount()).toBe(before);
}

describe("the dynamic resource, credentials under tencentcloud: alone", () => {
  const suite = userProjectSuite(typescriptProject, dynamicMember, { environment: () => ({}) });
  beforeAll(async () => {
    await configure(suite.project, suite.emulator, ["tencentcloud"]);
  });

  test("a preview of an email outside the allowed domains fails at preview; one inside binds", async () => {
    await expectPolicyRefusal(suite.project, suite.emulator, dynamicMember.email);
    await suite.project.pulumiOk(["up", "--yes"]);
    expect(suite.emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
    expect(boundEmail(suite.emulator, dynamicMember.memberUin)).toBe(dynamicMember.email);
  });

  test("a 0.1 stack's settings under tencentcloud: fail the preview naming their new keys, until the docs' block moves them", async () => {
    const { project, emulator } = suite;
    // The stack as 0.1 configured it: every setting under tencentcloud:.
    await project.pulumiOk(["config", "rm", "tencentcloud-member-email:organizationEndpoint"]);
    await project.pulumiOk(["config", "rm", POLICY_KEY]);
    await project.pulumiOk(["config", "set", "tencentcloud:organizationEndpoint", emulator.url]);
    await project.pulumiOk(["config", "set", "tencentcloud:allowedEmailDomains", "example.com"]);
    const before = emulator.requestCount();
    // Without --refresh: a refresh reads with the provider config of the last update, in the state.
    const stale = await project.pulumi(["preview"]);
    expect(stale.code).not.toBe(0);
    expect(stale.output).toContain(
      "Settings of this package are set under the Tencent Cloud provider's namespace, where they are no longer " +
        "read: tencentcloud:organizationEndpoint is now tencentcloud-member-email:organizationEndpoint; " +
        "tencentcloud:allowedEmailDomains is now tencentcloud-member-email:allowedEmailDomains.",
    );
    expect(emulator.requestCount()).toBe(before);
    // As the engine shows a provider's error (on the resource, then under Diagnostics), without the host's echo
    // of it (`ConfigurationError: ...` on the stack) and its stack trace.
    expect(stale.output).not.toContain("ConfigurationError");
    expect(stale.output).not.toMatch(/^\s+at /m);

    const [move] = codeBlocks(readRepositoryFile("docs/installation-configuration.md")).filter((block) =>
      block.text.includes('pulumi config rm "tencentcloud:$key"'),
    );
    const moved = await project.shell(move.text);
    expect(moved).toMatchObject({ code: 0 });
    const config = JSON.parse((await project.pulumiOk(["config", "--json"])).stdout) as Record<string, unknown>;
    expect(Object.keys(config).sort()).toEqual([
      "member-email-ts:email",
      "member-email-ts:memberUin",
      "member-email-ts:phone",
      "tencentcloud-member-email:allowedEmailDomains",
      "tencentcloud-member-email:organizationEndpoint",
      "tencentcloud:region",
      "tencentcloud:secretId",
      "tencentcloud:secretKey",
    ]);

    const preview = await project.pulumiOk(["preview", "--refresh", "--diff"]);
    expect(preview.output).not.toMatch(/OrganizationMemberEmail: \((create|replace|update)\)/);
    await project.pulumiOk(["up", "--yes", "--refresh"]);
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
    await expectPolicyRefusal(project, emulator, dynamicMember.email);
  });

  describe("a program of the generated Node.js SDK, through the plugin", () => {
    let node24: Record<string, string>;
    beforeAll(async () => {
      const { project, emulator } = suite;
      node24 = await useGeneratedNodejsSdk(project);
      // The dynamic binding leaves the stack (it stays bound); the SDK's binds another member.
      await project.pulumiOk(["state", "delete", "--yes", "--all"], node24);
      await configure(project, emulator, ["tencentcloud-member-email"]);
      await project.pulumiOk(["config", "set", "memberUin", String(sdkMember.memberUin)], node24);
      await project.pulumiOk(["config", "set", "--secret", "email", sdkMember.email], node24);
    }, 300_000);

    test("applies the email policy at preview and binds an email inside it", async () => {
      const { project, emulator } = suite;
      await expectPolicyRefusal(project, emulator, sdkMember.email, node24);
      await project.pulumiOk(["up", "--yes"], node24);
      expect(boundEmail(emulator, sdkMember.memberUin)).toBe(sdkMember.email);
      expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(2);
    });
  });
});

describe("Pulumi YAML through the plugin", () => {
  let emulator: Emulator;
  let project: CliProject;
  let dir: string;
  beforeAll(async () => {
    assertBuildIsCurrent();
    assertYamlHost();
    emulator = await startEmulator();
    dir = yamlProject("member-email-namespaces", memberProgram(yamlMember.memberUin));
    project = await cliProject(dir);
    await configure(project, emulator, ["tencentcloud", "tencentcloud-member-email"]);
    await project.pulumiOk(["config", "set", "--secret", "email", yamlMember.email]);
    await project.pulumiOk(["config", "set", "--secret", "phone", yamlMember.phone]);
  }, 300_000);
  afterAll(async () => {
    await project?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await emulator?.stop();
  });

  test("applies the email policy at preview and binds an email inside it", async () => {
    await expectPolicyRefusal(project, emulator, yamlMember.email);
    await project.pulumiOk(["up", "--yes"]);
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
    expect(boundEmail(emulator, yamlMember.memberUin)).toBe(yamlMember.email);
  });
});
