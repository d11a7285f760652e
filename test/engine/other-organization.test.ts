/**
 * A stack refreshed with the credentials of another organization: every member looks unbound there, and a
 * provider that believed it would drop every binding from the stack. The second organization is a second
 * emulator with the same members, none of them bound, under another organization id.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";

jest.setTimeout(600_000);

const FIRST_ORGANIZATION = 45000011;
const OTHER_ORGANIZATION = 45000012;
const members = [100000000031, 100000000032, 100000000033];

let folder: string;
let emulator: Emulator | undefined;
let project: CliProject | undefined;
beforeAll(() => {
  assertBuildIsCurrent();
  folder = mkdtempSync(join(tmpdir(), "member-email-other-organization-"));
});
afterAll(async () => {
  await project?.dispose();
  await emulator?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** The bindings in the stack's state: uin to organizationId, from `pulumi stack export`. */
async function bindingsInState(stack: CliProject): Promise<Record<string, unknown>> {
  const exported = await stack.pulumiOk(["stack", "export"]);
  const deployment = JSON.parse(exported.stdout) as {
    deployment: { resources?: { type: string; id?: string; outputs?: Record<string, unknown> }[] };
  };
  const bindings = (deployment.deployment.resources ?? []).filter((resource) =>
    resource.type.endsWith("OrganizationMemberEmail"),
  );
  return Object.fromEntries(bindings.map((resource) => [resource.id, resource.outputs?.organizationId]));
}

test("a refresh with another organization's credentials exits non-zero, names both ids and keeps every binding", async () => {
  emulator = await startEmulator({ organizationId: FIRST_ORGANIZATION });
  const teamFile = join(folder, "team.yaml");
  writeFileSync(
    teamFile,
    `members:\n${members
      .map(
        (uin, index) =>
          `  - memberUin: ${uin}\n    email: member${index}@example.com\n    countryCode: "86"\n    phone: "1390000003${index}"\n`,
      )
      .join("")}`,
  );
  project = await cliProject(join(repositoryRoot, "examples", "from-file"), emulatorEnvironment(emulator));
  await project.pulumiOk(["config", "set", "teamFile", teamFile]);
  await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  const before = await bindingsInState(project);
  expect(before).toEqual(Object.fromEntries(members.map((uin) => [String(uin), FIRST_ORGANIZATION])));

  await emulator.stop();
  emulator = await startEmulator({ organizationId: OTHER_ORGANIZATION });
  const refresh = await project.pulumi(["refresh", "--yes", "--skip-preview"], emulatorEnvironment(emulator));
  expect(refresh.code).not.toBe(0);
  expect(refresh.output).toContain(
    `belongs to organization ${FIRST_ORGANIZATION}, but the configured credentials reach organization ${OTHER_ORGANIZATION}`,
  );
  expect(await bindingsInState(project)).toEqual(before);
  // Nothing about the members was asked of the other organization, and nothing changed there.
  expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(0);
  expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
});
