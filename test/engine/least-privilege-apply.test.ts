/**
 * The apply role's policy, examples/cam/apply.json, under the real Pulumi CLI: the dynamic resource at the
 * repository root goes through `pulumi up`, a phone update, `pulumi refresh` and `pulumi destroy` with the emulator
 * enforcing that policy for the key pair from the start. The plugin's lifecycle under the same policy, import
 * included, runs in-process in test/provider/least-privilege.test.ts. The tests run in order on one stack.
 */
import { DEMO_SECRET_ID, startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { camPolicy } from "../support/cam-policy";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";

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
async function passes(args: string[]): Promise<string> {
  const result = await project.pulumi(args);
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
