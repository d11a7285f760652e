/**
 * A user's JavaScript project (CommonJS, no TypeScript anywhere), made as `pulumi new javascript` makes it,
 * that installs the packed package: the package works without TypeScript in the project.
 */
import { rmSync } from "node:fs";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { cliProject, emulatorEnvironment, installedProject, type CliProject } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";
import { javascriptProject } from "../support/user-projects";

jest.setTimeout(180_000);

const member = { memberUin: 100000000801, email: "erin801@example.com", phone: "13900000801" };
let emulator: Emulator;
let project: CliProject;

beforeAll(async () => {
  emulator = await startEmulator();
  const dir = await installedProject(javascriptProject);
  project = await cliProject(dir, emulatorEnvironment(emulator));
  await project.pulumiOk(["config", "set", "memberUin", String(member.memberUin)]);
  await project.pulumiOk(["config", "set", "--secret", "email", member.email]);
  await project.pulumiOk(["config", "set", "--secret", "phone", member.phone]);
}, 300_000);

afterAll(async () => {
  await project?.dispose();
  if (project) rmSync(project.dir, { recursive: true, force: true });
  await emulator?.stop();
});

test("pulumi up in a JavaScript project creates the binding", async () => {
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 2 created/);
  const client = organizationClient(emulator);
  const remote = await client.DescribeOrganizationMemberEmailBind({ MemberUin: member.memberUin });
  expect(remote).toMatchObject({ Email: member.email, BindStatus: "Valid" });
  expect(Number((await project.pulumiOk(["stack", "output", "bindId"])).stdout.trim())).toBe(remote.BindId);
});

test("pulumi destroy in a JavaScript project removes the binding from the stack with the warning", async () => {
  const destroy = await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.stdout).toMatch(/- 2 deleted/);
  expect(destroy.output).toMatch(/was removed from the stack only: Tencent Cloud has no API to unbind/);
});
