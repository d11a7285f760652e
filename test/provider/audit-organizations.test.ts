/**
 * A stack with an explicit provider per organization (docs/plugin.md), audited with one organization's
 * credentials: the other organization's bindings are reported as such, never `gone`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emulatorEnvironment } from "../support/cli-project";
import { type CommandLineRun, runCommandLine } from "../support/command-line";
import { organizationClient } from "../support/organization-client";
import { type Organization, phoneOf, startTwoOrganizations, type TwoOrganizations } from "../support/two-organizations";

const RESOURCE = "tencentcloud-member-email:index:OrganizationMemberEmail";
const ORGANIZATION_A = 45000001;
const ORGANIZATION_B = 46000002;

let organizations: TwoOrganizations;
let folder: string;
let stackState: string;
const saved = { ...process.env };

/** Binds each member of `organization` and answers the resources `pulumi stack export` holds for them. */
async function bindAll(organization: Organization, organizationId: number, provider: string) {
  const client = organizationClient(organization.emulator);
  return Promise.all(
    organization.members.map(async (memberUin) => {
      const { BindId } = await client.AddOrganizationMemberEmail({
        MemberUin: memberUin,
        Email: `m${memberUin}@${organization.domain}`,
        CountryCode: "86",
        Phone: phoneOf(memberUin),
      });
      return {
        urn: `urn:pulumi:dev::org::${RESOURCE}::member-${memberUin}`,
        custom: true,
        id: String(memberUin),
        type: RESOURCE,
        provider,
        inputs: { memberUin, countryCode: "86" },
        outputs: { memberUin, countryCode: "86", bindId: BindId, bindStatus: "Valid", organizationId },
      };
    }),
  );
}

beforeAll(async () => {
  organizations = await startTwoOrganizations();
  folder = mkdtempSync(join(tmpdir(), "member-email-two-organizations-"));
  const providerUrn = (name: string) => `urn:pulumi:dev::org::pulumi:providers:tencentcloud-member-email::${name}`;
  const resources = [
    { urn: "urn:pulumi:dev::org::pulumi:pulumi:Stack::org-dev", custom: false, type: "pulumi:pulumi:Stack" },
    ...(await bindAll(organizations.a, ORGANIZATION_A, `${providerUrn("org-a")}::a0`)),
    ...(await bindAll(organizations.b, ORGANIZATION_B, `${providerUrn("org-b")}::b0`)),
  ];
  stackState = join(folder, "stack.json");
  writeFileSync(stackState, JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }));
  // The audit runs with organization A's credentials.
  Object.assign(process.env, emulatorEnvironment(organizations.a.emulator));
});
afterAll(async () => {
  process.env = saved;
  await organizations.stop();
  rmSync(folder, { recursive: true, force: true });
});

const audit = (args: string[]): Promise<CommandLineRun> =>
  runCommandLine(["audit", "--stack-state", stackState, ...args]);

test("the other organization's bindings are otherOrganization, with their organization, never gone", async () => {
  const asked = organizations.a.emulator.requestCount("DescribeOrganization");
  const { status, stdout } = await audit(["--json", "--fail-on", "gone"]);
  expect(status).toBe(0);
  const report = JSON.parse(stdout) as {
    findings: { kind: string; memberUin: number; organizationId?: number; bindId?: number }[];
    summary: { declared: number };
  };
  expect(report.findings.filter((finding) => finding.kind === "gone")).toEqual([]);
  expect(report.findings.filter((finding) => finding.kind === "otherOrganization")).toEqual(
    organizations.b.members.map((memberUin) =>
      expect.objectContaining({ memberUin, organizationId: ORGANIZATION_B, bindId: expect.any(Number) }),
    ),
  );
  // Organization A's own bindings are audited as ever: waiting for activation, declared, nothing to say.
  expect(report.findings.filter((finding) => organizations.a.members.includes(finding.memberUin))).toEqual([]);
  expect(report.summary.declared).toBe(organizations.a.members.length);
  // The organization the credentials reach is asked once; organization B is never called.
  expect(organizations.a.emulator.requestCount("DescribeOrganization") - asked).toBe(1);
  expect(organizations.b.emulator.requestCount()).toBe(organizations.b.members.length);
});

test("the Markdown puts them in a table of their own that says to audit them with their organization's credentials", async () => {
  const { status, stdout } = await audit([]);
  expect(status).toBe(0);
  expect(stdout).not.toMatch(/pulumi refresh/);
  expect(stdout).toMatch(/### Bindings of another organization/);
  expect(stdout).toMatch(/Audit them with that organization's credentials/);
  for (const memberUin of organizations.b.members)
    expect(stdout).toMatch(new RegExp(`\\| ${memberUin} \\| \\d+ \\| ${ORGANIZATION_B} \\|`));
});

test("--fail-on otherOrganization fails the run when asked, as for any kind", async () => {
  expect((await audit(["--fail-on", "otherOrganization"])).status).toBe(1);
});
