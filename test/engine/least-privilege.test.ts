/**
 * The pull-request role's policy, examples/cam/preview.json, under the real Pulumi CLI: stacks deployed with
 * full permissions (the dynamic resource at the repository root, and examples/yaml through the plugin), then the
 * emulator restarted on the same data and port, enforcing the preview policy for the key pair. A preview with
 * refresh passes in both doors; an up that would create a binding is refused once, naming the action and the
 * apply role's policy file. test/provider/least-privilege.test.ts runs every job and policy in-process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_SECRET_ID, startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { camPolicy } from "../support/cam-policy";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";
import { assertYamlHost } from "../support/yaml-project";

jest.setTimeout(180_000);

const ADD = "AddOrganizationMemberEmail";
const previewPolicy = camPolicy("preview");
const refusal =
  "organization:AddOrganizationMemberEmail was refused: the CAM policies of these credentials do not allow it, and " +
  "a role that runs `pulumi up`, `refresh`, `import` or `destroy` needs it: examples/cam/apply.json";

let folder: string;
let emulator: Emulator;
let dynamic: CliProject;
let yaml: CliProject;

beforeAll(async () => {
  assertBuildIsCurrent();
  assertYamlHost();
  folder = mkdtempSync(join(tmpdir(), "member-email-least-privilege-engine-"));
  const dataFile = join(folder, "organization.sqlite");
  const deploying = await startEmulator({ dataFile });
  dynamic = await cliProject(repositoryRoot, emulatorEnvironment(deploying));
  yaml = await cliProject(join(repositoryRoot, "examples", "yaml"));
  const settings: [string, string, boolean][] = [
    ["tencentcloud-member-email:organizationEndpoint", deploying.url, false],
    ["tencentcloud-member-email:secretId", deploying.secretId, true],
    ["tencentcloud-member-email:secretKey", deploying.secretKey, true],
    ["aliceUin", "100000000011", false],
    ["aliceEmail", "alice.cam@example.com", true],
    ["alicePhone", "13800138011", true],
    ["bobUin", "100000000012", false],
    ["bobEmail", "bob.cam@example.com", true],
    ["bobPhone", "13800138012", true],
  ];
  for (const [key, value, secret] of settings) {
    await yaml.pulumiOk(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
  }
  await dynamic.pulumiOk(["up", "--yes", "--skip-preview"]);
  await yaml.pulumiOk(["up", "--yes", "--skip-preview"]);
  const { port } = deploying;
  await deploying.stop();
  // The same bindings and endpoint, now judged by the pull-request role's policy.
  emulator = await startEmulator({ port, dataFile, policies: { [DEMO_SECRET_ID]: previewPolicy } });
}, 300_000);

afterAll(async () => {
  await dynamic?.dispose();
  await yaml?.dispose();
  await emulator?.stop();
  rmSync(folder, { recursive: true, force: true });
});

test.each([
  ["the dynamic resource", () => dynamic],
  ["YAML through the plugin", () => yaml],
])("pulumi preview --refresh of a deployed stack passes under preview.json: %s", async (_door, project) => {
  const preview = await project().pulumi(["preview", "--refresh", "--diff"]);
  expect(preview.output).not.toContain("UnauthorizedOperation");
  expect(preview.code).toBe(0);
  expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBeGreaterThan(0);
});

test("pulumi up that would create a binding fails under preview.json after one Add: the dynamic resource", async () => {
  const before = emulator.requestCount(ADD);
  await dynamic.pulumiOk(["config", "set", "memberUin", "100000000013"]);
  const up = await dynamic.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.code).not.toBe(0);
  expect(up.output).toContain(refusal);
  expect(emulator.requestCount(ADD) - before).toBe(1);
});

test("pulumi up that would create a binding fails under preview.json after one Add: YAML through the plugin", async () => {
  const before = emulator.requestCount(ADD);
  await yaml.pulumiOk(["config", "set", "bobUin", "100000000014"]);
  const up = await yaml.pulumi(["up", "--yes", "--skip-preview"]);
  expect(up.code).not.toBe(0);
  expect(up.output).toContain(refusal);
  expect(emulator.requestCount(ADD) - before).toBe(1);
});
