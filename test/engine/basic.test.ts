import * as pulumi from "@pulumi/pulumi";
import { basicProgram } from "../../examples/basic/program";
import { bindingPropertyNames } from "../../provider/plugin/schema";
import { memberEmailProvider, serializedProvider } from "../../provider/resource/provider";
import { OrganizationMemberEmail } from "../../provider/resource/resource";
import { organizationClient } from "../support/organization-client";
import { checkpointFile, engineSuite, exportedState, type TestStack } from "../support/engine";

jest.setTimeout(180_000);
const suite = engineSuite();
let nextMember = 100000000301;

/** A stack of the basic example for a member of its own, so tests never share a binding. */
async function memberStack(): Promise<{
  test: TestStack;
  member: { memberUin: number; email: string; phone: string };
}> {
  const memberUin = nextMember++;
  const member = { memberUin, email: `user${memberUin}@example.com`, phone: `139${String(memberUin).slice(-8)}` };
  const test = await suite.stack(async () => basicProgram());
  await test.set({ memberUin, email: member.email, phone: member.phone });
  return { test, member };
}

async function describe_(memberUin: number) {
  return organizationClient(suite.emulator()).DescribeOrganizationMemberEmailBind({ MemberUin: memberUin });
}

test("up creates the binding, and the bindId output is the one Tencent Cloud holds", async () => {
  const { test, member } = await memberStack();
  const up = await test.stack.up();
  expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
  const remote = await describe_(member.memberUin);
  expect(remote).toMatchObject({ Email: member.email, BindStatus: "Valid", Phone: `13***${member.phone.slice(-2)}` });
  expect(up.outputs.bindId.value).toBe(remote.BindId);
  expect(up.outputs.bindStatus.value).toBe("Valid");
});

test("a second preview, and a refresh followed by a preview, show no changes", async () => {
  const { test } = await memberStack();
  await test.stack.up();
  const again = await test.stack.preview();
  expect(again.changeSummary).toEqual({ same: 2 });
  const refresh = await test.stack.refresh();
  expect(refresh.summary.resourceChanges).toEqual({ same: 2 });
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
});

test("an email change fails the preview with the refusal; with allowEmailUpdate the update applies", async () => {
  const { test, member } = await memberStack();
  await test.stack.up();
  const newEmail = `renamed${member.memberUin}@example.com`;
  await test.set({ email: newEmail });
  const refusal = await test.stack.preview().then(
    () => "preview passed",
    (error: Error) => error.message,
  );
  expect(refusal).toMatch(new RegExp(`The email of member ${member.memberUin} would change.*allowEmailUpdate: true`));
  expect(refusal).not.toContain(newEmail);

  await test.set({ allowEmailUpdate: true });
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 1, update: 1 });
  await test.stack.up();
  expect(await describe_(member.memberUin)).toMatchObject({ Email: newEmail, BindStatus: "Valid" });
});

test("a phone change previews as an update in place, a member change as a replacement", async () => {
  const { test, member } = await memberStack();
  await test.stack.up();
  await test.set({ phone: "13700137000" });
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 1, update: 1 });
  await test.set({ phone: member.phone, memberUin: nextMember++ });
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 1, replace: 1 });
});

test("bad input fails the preview naming the field, and the emulator receives no request", async () => {
  const { test } = await memberStack();
  await test.set({ phone: "12", email: "not an email" });
  const before = suite.emulator().requestCount();
  const failure = await test.stack.preview().then(
    () => "preview passed",
    (error: Error) => error.message,
  );
  expect(failure).toMatch(/phone is too short for its countryCode/);
  expect(failure).toMatch(/email must not contain spaces/);
  expect(suite.emulator().requestCount()).toBe(before);
});

test("destroy empties the stack and warns that the binding stays in the organization", async () => {
  const { test, member } = await memberStack();
  await test.stack.up();
  const destroy = await test.stack.destroy();
  expect(destroy.stdout).toMatch(
    new RegExp(`member ${member.memberUin} was removed from the stack only.*no API to unbind`),
  );
  expect(JSON.parse(exportedState(test)).deployment.resources ?? []).toEqual([]);
  expect(await describe_(member.memberUin)).toMatchObject({ Email: member.email });
});

test("the stack's state holds neither the secret key nor the phone or email in plain text", async () => {
  const { test, member } = await memberStack();
  await test.stack.up();
  for (const state of [exportedState(test), checkpointFile(test)]) {
    expect(state).toContain('"bindId"');
    expect(state).not.toContain(suite.emulator().secretKey);
    expect(state).not.toContain(member.phone);
    expect(state).not.toContain(member.email);
  }
  // What docs/installation-configuration.md says of the dynamic resource: the engine copies the whole stack config
  // into the inputs of the default pulumi-nodejs provider, so tencentcloud-member-email:secretId, set here without --secret, is
  // there in plain text.
  const resources = JSON.parse(exportedState(test)).deployment.resources as { type: string }[];
  const holding = resources.filter((resource) => JSON.stringify(resource).includes(suite.emulator().secretId));
  expect(holding.map((resource) => resource.type)).toEqual(["pulumi:providers:pulumi-nodejs"]);
});

/** A dynamic resource as the SDK makes one (the class is abstract, not its constructor). */
class EarlierBinding extends pulumi.dynamic.Resource {}

test("a stack whose bindings carry the SDK's serialized provider, as earlier versions wrote, upgrades with no change", async () => {
  const memberUin = nextMember++;
  const member = {
    memberUin,
    email: `user${memberUin}@example.com`,
    countryCode: "86",
    phone: `139${String(memberUin).slice(-8)}`,
  };
  let earlierVersion = true;
  const test = await suite.stack(async () => {
    if (!earlierVersion) {
      new OrganizationMemberEmail("alice", member);
      return;
    }
    // What OrganizationMemberEmail constructed before it carried a text of its own: the same type, name and inputs.
    const placeholders = Object.fromEntries(bindingPropertyNames.map((name) => [name, undefined]));
    new EarlierBinding(
      memberEmailProvider,
      "alice",
      { ...placeholders, ...member, email: pulumi.secret(member.email), phone: pulumi.secret(member.phone) },
      { additionalSecretOutputs: ["email", "phone"] },
      "tencentcloud",
      "OrganizationMemberEmail",
    );
  });
  await test.stack.up();
  const providers = (): { inputs: unknown; outputs: unknown } => {
    const binding = (
      JSON.parse(exportedState(test)).deployment.resources as {
        type: string;
        inputs: { __provider: unknown };
        outputs: { __provider: unknown };
      }[]
    ).find((resource) => resource.type.endsWith(":OrganizationMemberEmail"));
    return { inputs: binding?.inputs.__provider, outputs: binding?.outputs.__provider };
  };
  const earlier = providers();
  expect(String(earlier.inputs).length).toBeGreaterThan(2000);
  expect(earlier.outputs).toBe(earlier.inputs);

  earlierVersion = false;
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
  expect((await test.stack.up()).summary.resourceChanges).toEqual({ same: 2 });
  expect(providers().inputs).toBe(serializedProvider);
  // The outputs keep the earlier text until the binding is read or updated; it loads the same module by name.
  expect((await test.stack.refresh()).summary.resourceChanges).toEqual({ same: 2 });
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
  expect(await describe_(memberUin)).toMatchObject({ Email: member.email, BindStatus: "Valid" });
});

test("a countryCode and activationReminder given as secrets stay secret in the state, as inputs and outputs", async () => {
  const memberUin = nextMember++;
  const test = await suite.stack(async () => {
    const config = new pulumi.Config();
    new OrganizationMemberEmail("alice", {
      memberUin,
      email: `user${memberUin}@example.com`,
      countryCode: config.requireSecret("countryCode"),
      phone: `139${String(memberUin).slice(-8)}`,
      activationReminder: config.requireSecret("reminder"),
    });
  });
  await test.stack.setConfig("countryCode", { value: "86", secret: true });
  await test.stack.setConfig("reminder", { value: "2026-W05", secret: true });
  await test.stack.up();
  const exported = exportedState(test);
  const resources = JSON.parse(exported).deployment.resources as {
    type: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
  }[];
  const binding = resources.find((resource) => resource.type.endsWith(":OrganizationMemberEmail"));
  const encrypted = {
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    ciphertext: expect.any(String),
  };
  for (const bag of [binding?.inputs, binding?.outputs]) {
    expect(bag).toMatchObject({
      countryCode: encrypted,
      activationReminder: encrypted,
      email: encrypted,
      phone: encrypted,
    });
  }
  expect(exported).not.toContain("2026-W05");
  expect(exported).not.toContain('"86"');
});
