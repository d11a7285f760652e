/**
 * The apply role's policy, examples/cam/apply.json, under the real Pulumi CLI: the dynamic resource at the
 * repository root goes through `pulumi up`, a phone update, `pulumi refresh` and `pulumi destroy` with the emulator
 * enforcing that policy for the key pair from the start; a Pulumi YAML program through the plugin goes through the
 * same and `pulumi import` of a binding made outside Pulumi. The tests of each door run in order on one stack.
 */
import { DEMO_SECRET_ID, startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { camPolicy } from "../support/cam-policy";
import { rmSync } from "node:fs";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";
import { assertYamlHost, memberProgram, yamlProject } from "../support/yaml-project";

jest.setTimeout(180_000);

const memberUin = 100000000021;
const applyPolicy = camPolicy("apply");

let emulator: Emulator;
let project: CliProject;

beforeAll(async () => {
  assertBuildIsCurrent();
  emulator = await startEmulator({ policies: { [DEMO_SECRET_ID]: applyPolicy } });
  project = await cliProject(repositoryRoot, emulatorEnvironment(emulator));
  await project.pulumiOk(["config", "set", "memberUin", String(memberUin)]);
  await project.pulumiOk(["config", "set", "--secret", "email", "grace21@example.com"]);
  await project.pulumiOk(["config", "set", "--secret", "phone", "13800138021"]);
}, 120_000);

afterAll(async () => {
  await project?.dispose();
  await emulator?.stop();
});

/** Runs a pulumi command that must pass under the policy: no refusal anywhere in its output. */
async function passes(args: string[], stack: CliProject = project): Promise<string> {
  const result = await stack.pulumi(args);
  expect(result.output).not.toContain("UnauthorizedOperation");
  expect(result.code).toBe(0);
  return result.output;
}

test("pulumi up creates the binding", async () => {
  await passes(["up", "--yes", "--skip-preview"]);
  expect(emulator.bindings()).toEqual([expect.objectContaining({ memberUin, phone: "13800138021" })]);
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
});

test("pulumi up of a new phone updates it", async () => {
  await project.pulumiOk(["config", "set", "--secret", "phone", "13800138029"]);
  await passes(["up", "--yes", "--skip-preview"]);
  expect(emulator.bindings()).toEqual([expect.objectContaining({ memberUin, phone: "13800138029" })]);
  expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(1);
});

test("pulumi refresh reads the binding again", async () => {
  emulator.activate(memberUin);
  await passes(["refresh", "--yes", "--skip-preview"]);
  const exported = JSON.parse((await project.pulumiOk(["stack", "export"])).stdout) as {
    deployment: { resources: { id?: string; outputs?: Record<string, unknown> }[] };
  };
  const binding = exported.deployment.resources.find((resource) => resource.id === String(memberUin));
  expect(binding?.outputs?.bindStatus).toBe("Success");
});

test("pulumi destroy forgets the binding", async () => {
  await passes(["destroy", "--yes", "--skip-preview"]);
  const exported = JSON.parse((await project.pulumiOk(["stack", "export"])).stdout) as {
    deployment: { resources?: unknown[] };
  };
  expect(exported.deployment.resources ?? []).toEqual([]);
});

describe("Pulumi YAML through the plugin", () => {
  const yamlUin = 100000000022;
  const importedUin = 100000000023;
  let yaml: CliProject;
  let dir: string;
  beforeAll(async () => {
    assertYamlHost();
    dir = yamlProject("member-email-least-privilege-apply", memberProgram(yamlUin));
    yaml = await cliProject(dir, emulatorEnvironment(emulator));
    await yaml.pulumiOk(["config", "set", "--secret", "email", "yara22@example.com"]);
    await yaml.pulumiOk(["config", "set", "--secret", "phone", "13800138022"]);
  }, 120_000);
  afterAll(async () => {
    await yaml?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The bindings of the YAML stack's state, by id. */
  async function stateIds(): Promise<string[]> {
    const exported = JSON.parse((await yaml.pulumiOk(["stack", "export"])).stdout) as {
      deployment: { resources?: { id?: string; type: string }[] };
    };
    return (exported.deployment.resources ?? [])
      .filter((resource) => resource.type === "tencentcloud-member-email:index:OrganizationMemberEmail")
      .map((resource) => String(resource.id))
      .sort();
  }

  test("pulumi up creates the binding, and a new phone updates it", async () => {
    const adds = emulator.requestCount("AddOrganizationMemberEmail");
    const updates = emulator.requestCount("UpdateOrganizationMemberEmailBind");
    await passes(["up", "--yes", "--skip-preview"], yaml);
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(adds + 1);
    await yaml.pulumiOk(["config", "set", "--secret", "phone", "13800138028"]);
    await passes(["up", "--yes", "--skip-preview"], yaml);
    expect(emulator.bindings()).toContainEqual(expect.objectContaining({ memberUin: yamlUin, phone: "13800138028" }));
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(updates + 1);
  });

  test("pulumi import takes a binding made outside Pulumi, and pulumi refresh reads both", async () => {
    // Made outside Pulumi, as in the console.
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: importedUin,
      Email: "ivo23@example.com",
      CountryCode: "86",
      Phone: "13800138023",
    });
    const token = "tencentcloud-member-email:index:OrganizationMemberEmail";
    await passes(["import", token, "ivo", String(importedUin), "--yes", "--protect=false"], yaml);
    expect(await stateIds()).toEqual([String(yamlUin), String(importedUin)]);
    emulator.activate(yamlUin);
    await passes(["refresh", "--yes", "--skip-preview"], yaml);
    expect(await stateIds()).toEqual([String(yamlUin), String(importedUin)]);
  });

  test("pulumi destroy forgets both", async () => {
    await passes(["destroy", "--yes", "--skip-preview"], yaml);
    expect(await stateIds()).toEqual([]);
  });
});
