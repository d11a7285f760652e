/**
 * A user's TypeScript project, made as `pulumi new typescript` makes it, that installs the packed package and
 * `@pulumi/pulumi` by name and gets its credentials from the environment only. The tests run in order on
 * one stack: each step starts from the state the previous one left.
 */
import { serializedProvider } from "../../provider/resource/provider";
import { userProjectSuite } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";
import { typescriptProject } from "../support/user-projects";

jest.setTimeout(180_000);

const member = { memberUin: 100000000701, email: "dana701@example.com", phone: "13900000701" };
const suite = userProjectSuite(typescriptProject, member);

/** Sets a config value as a secret for one step; the returned function puts the original back. */
async function withSecret(key: "email" | "phone", value: string): Promise<() => Promise<void>> {
  await suite.project.pulumiOk(["config", "set", "--secret", key, value]);
  return async () => {
    await suite.project.pulumiOk(["config", "set", "--secret", key, member[key]]);
  };
}

test("pulumi up creates the binding with the credentials from the environment", async () => {
  const up = await suite.project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 2 created/);
  const client = organizationClient(suite.emulator);
  const remote = await client.DescribeOrganizationMemberEmailBind({ MemberUin: member.memberUin });
  expect(remote).toMatchObject({ Email: member.email, BindStatus: "Valid" });
  expect(Number((await suite.project.pulumiOk(["stack", "output", "bindId"])).stdout.trim())).toBe(remote.BindId);
});

test("a second preview expects no changes and exits 0", async () => {
  const preview = await suite.project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview).toMatchObject({ code: 0 });
});

test("preview --diff of a phone change shows the update, exits 0, and prints no phone or email", async () => {
  const newPhone = "13700000701";
  const restore = await withSecret("phone", newPhone);
  try {
    const preview = await suite.project.pulumi(["preview", "--diff"]);
    expect(preview).toMatchObject({ code: 0 });
    // Both phones are secrets, so the diff names the binding and shows its phone as [secret] only.
    expect(preview.stdout).toMatch(/~ pulumi-nodejs:dynamic\/tencentcloud:OrganizationMemberEmail: \(update\)/);
    expect(preview.stdout).toMatch(/\n\s+phone\s*: \[secret\]\n/);
    expect(preview.stdout).toMatch(/~ 1 to update\s+1 unchanged/);
    for (const personal of [member.phone, newPhone, member.email]) expect(preview.output).not.toContain(personal);
  } finally {
    await restore();
  }
});

test("an email change fails the preview with a non-zero exit and says to set allowEmailUpdate", async () => {
  const restore = await withSecret("email", "dana.new701@example.com");
  try {
    const preview = await suite.project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(
      new RegExp(`The email of member ${member.memberUin} would change.*set \`allowEmailUpdate: true\``),
    );
    expect(preview.output).not.toContain("dana.new701@example.com");
  } finally {
    await restore();
  }
});

test("bad input fails the preview naming each field, before any API call", async () => {
  const restorePhone = await withSecret("phone", "12");
  const restoreEmail = await withSecret("email", "not an email");
  const before = suite.emulator.requestCount();
  try {
    const preview = await suite.project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/property phone value {\[secret\]} has a problem: phone is too short/);
    expect(preview.output).toMatch(/property email value {\[secret\]} has a problem: email must not contain spaces/);
    expect(suite.emulator.requestCount()).toBe(before);
  } finally {
    await restoreEmail();
    await restorePhone();
  }
});

test("stack export holds neither the email, the phone nor the key in plain text", async () => {
  const exported = (await suite.project.pulumiOk(["stack", "export"])).stdout;
  expect(exported).toContain(`"bindId": `);
  for (const plain of [member.email, member.phone, suite.emulator.secretKey, suite.emulator.secretId]) {
    expect(exported).not.toContain(plain);
  }
});

test("the binding's sourcePosition in the stack names the line of index.ts that constructs it", async () => {
  const lines = typescriptProject.files["index.ts"].split("\n");
  const line = lines.findIndex((text) => text.includes("new OrganizationMemberEmail(")) + 1;
  const exported = JSON.parse((await suite.project.pulumiOk(["stack", "export"])).stdout);
  const binding = (exported.deployment.resources as { type: string; sourcePosition?: string }[]).find((resource) =>
    resource.type.endsWith(":OrganizationMemberEmail"),
  );
  expect(binding?.sourcePosition).toMatch(new RegExp(`^project:///index\\.ts#${line},\\d+$`));
});

test("the binding's state carries the package's short provider text, in its inputs and its outputs", async () => {
  const exported = JSON.parse((await suite.project.pulumiOk(["stack", "export"])).stdout);
  const binding = (
    exported.deployment.resources as {
      type: string;
      inputs: Record<string, unknown>;
      outputs: Record<string, unknown>;
    }[]
  ).find((resource) => resource.type.endsWith(":OrganizationMemberEmail"));
  expect(binding?.inputs.__provider).toBe(serializedProvider);
  expect(binding?.outputs.__provider).toBe(serializedProvider);
});

test("pulumi destroy removes the binding from the stack and warns that it stays in the organization", async () => {
  const destroy = await suite.project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.stdout).toMatch(/- 2 deleted/);
  expect(destroy.output).toMatch(
    new RegExp(`OrganizationMemberEmail for member ${member.memberUin} was removed from the stack only: Tencent Cloud`),
  );
  const client = organizationClient(suite.emulator);
  const remote = await client.DescribeOrganizationMemberEmailBind({ MemberUin: member.memberUin });
  expect(remote).toMatchObject({ Email: member.email });
});
