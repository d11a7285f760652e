/**
 * The email-domain policy at preview, as a user meets it: the from-file example's project under the `pulumi`
 * binary, `tencentcloud-member-email:allowedEmailDomains` set in the stack's config, credentials in the environment.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";

jest.setTimeout(300_000);

const onDomain = { memberUin: 100000000801, email: "ana801@example.com", countryCode: "86", phone: "13900000801" };
const offDomain = { memberUin: 100000000802, email: "bo802@elsewhere.net", countryCode: "86", phone: "13900000802" };
const adopted = { memberUin: 100000000803, email: "chen803@elsewhere.net", countryCode: "86", phone: "13900000803" };

let emulator: Emulator;
let project: CliProject;
let folder: string;
beforeAll(async () => {
  emulator = await startEmulator();
  folder = mkdtempSync(join(tmpdir(), "member-email-domains-"));
  project = await cliProject(join(repositoryRoot, "examples", "from-file"), emulatorEnvironment(emulator));
  await project.pulumiOk([
    "config",
    "set",
    "tencentcloud-member-email:allowedEmailDomains",
    "example.com,*.example.org",
  ]);
  // Bound in the console, before the organization came under management.
  await organizationClient(emulator).AddOrganizationMemberEmail({
    MemberUin: adopted.memberUin,
    Email: adopted.email,
    CountryCode: adopted.countryCode,
    Phone: adopted.phone,
  });
});
afterAll(async () => {
  await project?.dispose();
  await emulator?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** Points the stack at a team file of these members (a phone of undefined is left out). */
async function useTeam(name: string, members: readonly Record<string, unknown>[]): Promise<void> {
  const file = join(folder, name);
  const lines = members.flatMap((member) => [
    `  - memberUin: ${member.memberUin}`,
    ...Object.entries(member)
      .filter(([key, value]) => key !== "memberUin" && value !== undefined)
      .map(([key, value]) => `    ${key}: ${JSON.stringify(value)}`),
  ]);
  writeFileSync(file, `members:\n${lines.join("\n")}\n`);
  await project.pulumiOk(["config", "set", "teamFile", file]);
}

test("a preview that binds an email outside the allowed domains fails, naming email and the domains but not the address", async () => {
  await useTeam("off.yaml", [onDomain, offDomain]);
  const preview = await project.pulumi(["preview"]);
  expect(preview.code).not.toBe(0);
  expect(preview.output).toContain(
    "email must be an address at one of the allowed domains, example.com, *.example.org " +
      "(tencentcloud-member-email:allowedEmailDomains or TENCENTCLOUD_ALLOWED_EMAIL_DOMAINS)",
  );
  expect(preview.output).not.toContain(offDomain.email);
  expect(preview.output).not.toContain(offDomain.phone);
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
});

test("the adoption of an existing binding outside the allowed domains warns, and pulumi up adopts it", async () => {
  const { phone: _phone, ...withoutPhone } = adopted;
  await useTeam("adopt.yaml", [onDomain, withoutPhone]);
  const preview = await project.pulumiOk(["preview"]);
  const warning =
    `Member ${adopted.memberUin}'s existing binding has an email outside the allowed domains, ` +
    "example.com, *.example.org (tencentcloud-member-email:allowedEmailDomains): it is adopted as it is";
  expect(preview.output).toContain(warning);
  expect(preview.output).not.toContain(adopted.email);
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 3 created/);
  expect(up.output).toContain(warning);
  // One Add for the member at an allowed domain; the off-domain binding is adopted, never bound again.
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(2);
});

test("an allowEmailUpdate change to an email outside the allowed domains fails the preview", async () => {
  // The same policy from the environment, as CI sets it, when the stack's config does not.
  await project.pulumiOk(["config", "rm", "tencentcloud-member-email:allowedEmailDomains"]);
  await useTeam("change.yaml", [{ ...onDomain, email: "ana801@elsewhere.net", allowEmailUpdate: true }]);
  const preview = await project.pulumi(["preview"], { TENCENTCLOUD_ALLOWED_EMAIL_DOMAINS: "example.com" });
  expect(preview.code).not.toBe(0);
  expect(preview.output).toContain("email must be an address at one of the allowed domains, example.com (");
  expect(preview.output).not.toContain("ana801@elsewhere.net");
});
