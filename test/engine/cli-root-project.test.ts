/**
 * The repository itself as a Pulumi project (the root Pulumi.yaml runs examples/basic), driven by the
 * `pulumi` binary as someone who just cloned it would: `stack init`, `up`, `stack output`, `preview`.
 */
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";

jest.setTimeout(180_000);

let emulator: Emulator;
let project: CliProject;

beforeAll(async () => {
  assertBuildIsCurrent();
  emulator = await startEmulator();
  project = await cliProject(repositoryRoot, emulatorEnvironment(emulator));
});

afterAll(async () => {
  await project?.dispose();
  await emulator?.stop();
});

test("pulumi up at the repository root binds the example's member, and stack output gives its bindId", async () => {
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 2 created/);
  const remote = await organizationClient(emulator).DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 });
  expect(remote).toMatchObject({ Email: "alice@example.com", BindStatus: "Valid" });
  const output = await project.pulumiOk(["stack", "output", "bindId"]);
  expect(Number(output.stdout.trim())).toBe(remote.BindId);
});

test("a second pulumi preview at the root expects no changes and exits 0", async () => {
  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview).toMatchObject({ code: 0 });
  expect(preview.stdout).toMatch(/2 unchanged/);
});
