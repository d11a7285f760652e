/**
 * What `pulumi preview --diff` tells a reviewer about a binding whose email and phone are secrets, in each
 * door: the dynamic resource (a `pulumi new typescript` project with the packed package), Pulumi YAML through
 * the plugin, and a program of the generated Node.js SDK through the plugin. Each door is one stack, deployed
 * once, then previewed with one input changed at a time; no value of a secret appears in any output.
 */
import { rmSync } from "node:fs";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { EmailChangeRefusedError } from "../../provider/api/errors";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, emulatorEnvironment, userProjectSuite, type CliProject } from "../support/cli-project";
import { useGeneratedNodejsSdk } from "../support/nodejs-sdk-project";
import { typescriptProject } from "../support/user-projects";
import { assertYamlHost, yamlProject } from "../support/yaml-project";

jest.setTimeout(300_000);

// 9123456789 is a mobile number under the calling codes 91 and 7 alike, so the country code can change alone.
const phone = "9123456789";
const newPhone = "9123456780";
const newEmail = "changed.address@example.com";
const dynamicMember = { memberUin: 100000000801, email: "dora801@example.com", phone };
const sdkMember = { memberUin: 100000000802, email: "sam802@example.com", phone };
const yamlMember = { memberUin: 100000000803, email: "yuri803@example.com", phone };
const secrets = [phone, newPhone, newEmail, dynamicMember.email, sdkMember.email, yamlMember.email];
const outputs: string[] = [];

/** How many times `needle` occurs in `text`. */
function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** A stack frame of a JavaScript stack trace, as Node.js prints it. */
const STACK_FRAME = /^\s+at /m;

/** `pulumi preview --diff` with `key` set to `value` in the stack config, which is then set back to `previous`. */
async function previewWith(
  project: CliProject,
  change: { key: string; value: string; previous: string; secret?: boolean },
  env: Readonly<Record<string, string>> = {},
) {
  const set = (value: string) =>
    project.pulumiOk(["config", "set", ...(change.secret ? ["--secret"] : []), change.key, value], env);
  await set(change.value);
  try {
    const preview = await project.pulumi(["preview", "--diff"], env);
    outputs.push(preview.output);
    return preview;
  } finally {
    await set(change.previous);
  }
}

describe("the dynamic resource", () => {
  const suite = userProjectSuite(typescriptProject, dynamicMember);
  beforeAll(async () => {
    await suite.project.pulumiOk(["config", "set", "countryCode", "91"]);
    outputs.push((await suite.project.pulumiOk(["up", "--yes", "--skip-preview"])).output);
  }, 300_000);

  test("a phone, country code or member change is named in the preview as the binding's change, never its value", async () => {
    const preview = await previewWith(suite.project, { key: "phone", value: newPhone, previous: phone, secret: true });
    expect(preview).toMatchObject({ code: 0 });
    expect(preview.output).toContain(`OrganizationMemberEmail for member ${dynamicMember.memberUin} changes: phone.`);
    const country = await previewWith(suite.project, { key: "countryCode", value: "7", previous: "91" });
    expect(country.output).toContain(
      `OrganizationMemberEmail for member ${dynamicMember.memberUin} changes: countryCode.`,
    );
    const other = String(dynamicMember.memberUin + 100);
    const member = await previewWith(suite.project, {
      key: "memberUin",
      value: other,
      previous: String(dynamicMember.memberUin),
    });
    expect(member.output).toContain(
      `OrganizationMemberEmail for member ${dynamicMember.memberUin} changes: memberUin (replaces the binding).`,
    );
  });

  test("a refused email change is printed once, with no stack frame", async () => {
    const change = { key: "email", value: newEmail, previous: dynamicMember.email, secret: true };
    const preview = await previewWith(suite.project, change);
    expect(preview.code).not.toBe(0);
    expect(occurrences(preview.output, new EmailChangeRefusedError(dynamicMember.memberUin).message)).toBe(1);
    expect(preview.output).not.toMatch(STACK_FRAME);
  });

  describe("a program of the generated Node.js SDK, through the plugin", () => {
    let node24: Record<string, string>;
    beforeAll(async () => {
      const { project } = suite;
      // The project's dynamic binding leaves the stack; the SDK's binds another member, through the plugin.
      node24 = await useGeneratedNodejsSdk(project);
      await project.pulumiOk(["config", "set", "memberUin", String(sdkMember.memberUin)], node24);
      await project.pulumiOk(["config", "set", "--secret", "email", sdkMember.email], node24);
      outputs.push((await project.pulumiOk(["up", "--yes", "--skip-preview"], node24)).output);
    }, 300_000);

    test("a phone or country code change marks that input alone, another member is a replacement naming memberUin, and a refused email change is printed once", async () => {
      const change = { key: "phone", value: newPhone, previous: phone, secret: true };
      const preview = await previewWith(suite.project, change, node24);
      expect(preview).toMatchObject({ code: 0 });
      expect(preview.stdout).toMatch(/~ phone: \[secret\] => \[secret\]/);
      expect(preview.stdout).not.toMatch(/~ email/);
      const country = await previewWith(suite.project, { key: "countryCode", value: "7", previous: "91" }, node24);
      expect(country.stdout).toMatch(/~ countryCode: "91" => "7"/);
      expect(country.stdout).not.toMatch(/~ (email|phone)/);
      const other = String(sdkMember.memberUin + 100);
      const uin = { key: "memberUin", value: other, previous: String(sdkMember.memberUin) };
      const member = await previewWith(suite.project, uin, node24);
      expect(member.stdout).toMatch(/\+-.*OrganizationMemberEmail: \(replace\)/);
      expect(member.stdout).toMatch(new RegExp(`~ memberUin: ${sdkMember.memberUin} => ${other}`));
      const email = { key: "email", value: newEmail, previous: sdkMember.email, secret: true };
      const refused = await previewWith(suite.project, email, node24);
      expect(refused.code).not.toBe(0);
      expect(occurrences(refused.output, new EmailChangeRefusedError(sdkMember.memberUin).message)).toBe(1);
      expect(refused.output).not.toMatch(STACK_FRAME);
    });
  });
});

describe("Pulumi YAML through the plugin", () => {
  let emulator: Emulator;
  let project: CliProject;
  let dir: string;
  beforeAll(async () => {
    assertBuildIsCurrent();
    assertYamlHost();
    emulator = await startEmulator();
    const body = [
      "config:",
      "  memberUin: { type: integer }",
      "  email: { type: string, secret: true }",
      "  countryCode: { type: string }",
      "  phone: { type: string, secret: true }",
      "resources:",
      "  member:",
      "    type: tencentcloud-member-email:index:OrganizationMemberEmail",
      "    properties:",
      "      memberUin: ${memberUin}",
      "      email: ${email}",
      "      countryCode: ${countryCode}",
      "      phone: ${phone}",
      "",
    ].join("\n");
    dir = yamlProject("member-email-preview-diff", body);
    project = await cliProject(dir, emulatorEnvironment(emulator));
    await project.pulumiOk(["config", "set", "memberUin", String(yamlMember.memberUin)]);
    await project.pulumiOk(["config", "set", "--secret", "email", yamlMember.email]);
    await project.pulumiOk(["config", "set", "countryCode", "91"]);
    await project.pulumiOk(["config", "set", "--secret", "phone", phone]);
    outputs.push((await project.pulumiOk(["up", "--yes", "--skip-preview"])).output);
  }, 300_000);
  afterAll(async () => {
    await project?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await emulator?.stop();
  });

  test("a phone change marks phone and not email", async () => {
    const preview = await previewWith(project, { key: "phone", value: newPhone, previous: phone, secret: true });
    expect(preview).toMatchObject({ code: 0 });
    expect(preview.stdout).toMatch(/~ phone: \[secret\] => \[secret\]/);
    expect(preview.stdout).not.toMatch(/~ email/);
    expect(preview.stdout).not.toMatch(/~ countryCode/);
  });

  test("a country code change marks countryCode alone", async () => {
    const preview = await previewWith(project, { key: "countryCode", value: "7", previous: "91" });
    expect(preview).toMatchObject({ code: 0 });
    expect(preview.stdout).toMatch(/~ countryCode: "91" => "7"/);
    expect(preview.stdout).not.toMatch(/~ (email|phone)/);
  });

  test("another member is a replacement naming memberUin", async () => {
    const other = String(yamlMember.memberUin + 100);
    const preview = await previewWith(project, {
      key: "memberUin",
      value: other,
      previous: String(yamlMember.memberUin),
    });
    expect(preview).toMatchObject({ code: 0 });
    expect(preview.stdout).toMatch(/\+-.*OrganizationMemberEmail: \(replace\)/);
    expect(preview.stdout).toMatch(new RegExp(`~ memberUin: ${yamlMember.memberUin} => ${other}`));
  });

  test("a refused email change is printed once, with no stack frame", async () => {
    const preview = await previewWith(project, {
      key: "email",
      value: newEmail,
      previous: yamlMember.email,
      secret: true,
    });
    expect(preview.code).not.toBe(0);
    expect(occurrences(preview.output, new EmailChangeRefusedError(yamlMember.memberUin).message)).toBe(1);
    expect(preview.output).not.toMatch(STACK_FRAME);
  });
});

test("no output of any door, preview or update, holds an email or a phone, old or new", () => {
  expect(outputs.length).toBeGreaterThan(8);
  for (const output of outputs) for (const secret of secrets) expect(output).not.toContain(secret);
});
