/**
 * The pull-request preview as examples/github-actions/preview.yml runs it: `pulumi preview --refresh --diff`
 * on a deployed stack, with no key pair at all: the job's OIDC token in a file, a role assumed with
 * AssumeRoleWithWebIdentity. Changes made outside Pulumi (through the API, as the console makes them)
 * must show up in the review. The tests run in order on one stack.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CI_ROLE_ARN, oidcToken, userProjectSuite, webIdentityEnvironment } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";
import { typescriptProject } from "../support/user-projects";

jest.setTimeout(180_000);

const member = { memberUin: 100000000901, email: "frank901@example.com", phone: "13900000901" };
const token = oidcToken();
const tokenDir = mkdtempSync(join(tmpdir(), "member-email-oidc-"));
const tokenFile = join(tokenDir, "oidc-token");
writeFileSync(tokenFile, token, { mode: 0o600 });
const suite = userProjectSuite(typescriptProject, member, {
  emulator: { roles: [{ roleArn: CI_ROLE_ARN }], webIdentityTokens: [token] },
  environment: (emulator) => webIdentityEnvironment(emulator, tokenFile),
});
const outputs: string[] = [];

afterAll(() => rmSync(tokenDir, { recursive: true, force: true }));

beforeAll(async () => {
  outputs.push((await suite.project.pulumiOk(["up", "--yes", "--skip-preview"])).output);
}, 300_000);

/** Changes the binding the way the console does: UpdateOrganizationMemberEmailBind through the SDK. */
async function changeOutsidePulumi(change: { email?: string; phone?: string }): Promise<void> {
  const client = organizationClient(suite.emulator);
  const { BindId } = await client.DescribeOrganizationMemberEmailBind({ MemberUin: member.memberUin });
  await client.UpdateOrganizationMemberEmailBind({
    MemberUin: member.memberUin,
    BindId: BindId ?? 0,
    Email: change.email ?? member.email,
    CountryCode: "86",
    Phone: change.phone ?? member.phone,
  });
}

// The API answers the phone masked to its first and last two digits (13***77), so a change outside Pulumi
// shows only when those differ from the stored phone's.
const phoneSetOutside = "13600000977";

test("a phone changed outside Pulumi shows in the preview as an update of that binding", async () => {
  await changeOutsidePulumi({ phone: phoneSetOutside });
  const preview = await suite.project.pulumi(["preview", "--refresh", "--diff"]);
  outputs.push(preview.output);
  expect(preview).toMatchObject({ code: 0 });
  expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/tencentcloud:OrganizationMemberEmail: \(update\)/);
  expect(preview.stdout).toMatch(/~ 1 to update/);
  for (const personal of [member.phone, phoneSetOutside, member.email]) expect(preview.output).not.toContain(personal);
});

test("an email changed outside Pulumi fails the preview, naming allowEmailUpdate", async () => {
  await changeOutsidePulumi({ email: "frank.elsewhere901@example.com", phone: phoneSetOutside });
  const preview = await suite.project.pulumi(["preview", "--refresh", "--diff"]);
  outputs.push(preview.output);
  expect(preview.code).not.toBe(0);
  expect(preview.output).toMatch(new RegExp(`The email of member ${member.memberUin} would change.*allowEmailUpdate`));
});

test("the previews signed with keys assumed from the OIDC token, which no output or state holds", async () => {
  expect(suite.emulator.requestCount("AssumeRoleWithWebIdentity")).toBeGreaterThanOrEqual(3);
  expect(suite.emulator.requestCount("AssumeRole")).toBe(0);
  const state = (await suite.project.pulumiOk(["stack", "export", "--show-secrets"])).stdout;
  const secrets = [token, suite.emulator.secretKey, suite.emulator.secretId];
  for (const issued of suite.emulator.issuedCredentials())
    secrets.push(issued.secretId, issued.secretKey, issued.token);
  for (const text of [...outputs, state]) for (const secret of secrets) expect(text).not.toContain(secret);
});
