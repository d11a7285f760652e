/**
 * A user's JavaScript project (CommonJS, no TypeScript anywhere), made as `pulumi new javascript` makes it,
 * that installs the packed package: the package works without TypeScript in the project.
 */
import { userProjectSuite } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";
import { javascriptProject } from "../support/user-projects";

jest.setTimeout(180_000);

const member = { memberUin: 100000000801, email: "erin801@example.com", phone: "13900000801" };
const suite = userProjectSuite(javascriptProject, member);

test("pulumi up in a JavaScript project creates the binding", async () => {
  const up = await suite.project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 2 created/);
  const client = organizationClient(suite.emulator);
  const remote = await client.DescribeOrganizationMemberEmailBind({ MemberUin: member.memberUin });
  expect(remote).toMatchObject({ Email: member.email, BindStatus: "Valid" });
  expect(Number((await suite.project.pulumiOk(["stack", "output", "bindId"])).stdout.trim())).toBe(remote.BindId);
});

test("pulumi destroy in a JavaScript project removes the binding from the stack with the warning", async () => {
  const destroy = await suite.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.stdout).toMatch(/- 2 deleted/);
  expect(destroy.output).toMatch(/was removed from the stack only: Tencent Cloud has no API to unbind/);
});
