/**
 * The messages that only arise against the API, pinned in full: adoption, the refusals of create, the
 * activation reminders and an API failure as the CLI shows it. RequestIds, times and BindIds vary from run
 * to run, so they are replaced by placeholders before the comparison.
 */
import type { Emulator } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient } from "../support/organization-client";

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;
const alice = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138001" };
const { phone: _phone, ...aliceWithoutPhone } = alice;

/** Replaces what varies between runs: RequestIds, times, BindIds. */
function placeholders(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<RequestId>")
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, "<time>")
    .replace(/BindId \d+/g, "BindId <n>");
}

/** What the provider logged (info on stdout, warnings on stderr) while `work` ran, with placeholders. */
async function logged(work: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const keep = (message: unknown): void => void lines.push(placeholders(String(message)));
  const log = jest.spyOn(console, "log").mockImplementation(keep);
  const warn = jest.spyOn(console, "warn").mockImplementation(keep);
  try {
    await work();
  } finally {
    log.mockRestore();
    warn.mockRestore();
  }
  return lines;
}

/** The message `work` fails with, with placeholders. */
async function failure(work: () => Promise<unknown>): Promise<string> {
  return work().then(
    () => "no failure",
    (error: unknown) => placeholders(error instanceof Error ? error.message : String(error)),
  );
}

let emulator: Emulator;
beforeEach(async () => {
  emulator = await emulatorForProvider();
});
afterEach(async () => {
  await emulator.stop();
});

function bindOutside(email: string, countryCode = "86"): Promise<unknown> {
  return organizationClient(emulator).AddOrganizationMemberEmail({
    MemberUin: alice.memberUin,
    Email: email,
    CountryCode: countryCode,
    Phone: countryCode === "86" ? "13912340001" : "2025550123",
  });
}

describe("adoption", () => {
  test("of a binding with the declared email says it took the existing binding over", async () => {
    await bindOutside(alice.email);
    expect(await logged(() => provider.create(alice))).toMatchInlineSnapshot(`
[
  "info: [runtime] Member 100000000001 already had this email bound (BindId <n>); the existing binding was adopted into the stack instead of creating a second one.",
]
`);
  });

  test("without a phone says the stack leaves the phone as it is", async () => {
    await bindOutside(alice.email);
    expect(await logged(() => provider.create(aliceWithoutPhone))).toMatchInlineSnapshot(`
[
  "info: [runtime] Member 100000000001's existing binding (BindId <n>, Valid) was adopted into the stack; its phone is not declared, so the stack leaves the phone as it is.",
]
`);
  });

  test("without a phone, of a member with no binding, says a phone is needed", async () => {
    expect(await failure(() => provider.create(aliceWithoutPhone))).toMatchInlineSnapshot(
      `"Member 100000000001 has no email binding to adopt, and binding a new email needs the member's security phone: declare \`phone\` on this OrganizationMemberEmail (digits only, without the country code, such as "13800138000")."`,
    );
  });

  test("without a phone, of a binding with another email or country code, says what to declare", async () => {
    await bindOutside("carol@example.org");
    expect(await failure(() => provider.create(aliceWithoutPhone))).toMatchInlineSnapshot(
      `"Member 100000000001 has another email bound (c***@example.org, BindId <n>), so this binding cannot be adopted. Declare the email the member has (\`discover\` lists it) to adopt the binding; to change the email afterwards, declare the phone too and set \`allowEmailUpdate: true\`."`,
    );
    emulator.unbind(alice.memberUin);
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: alice.email,
      CountryCode: "1",
      Phone: "2025550123",
    });
    expect(await failure(() => provider.create(aliceWithoutPhone))).toMatchInlineSnapshot(
      `"Member 100000000001's binding (BindId <n>) has the country code "1", not "86": declare countryCode "1" to adopt it, or declare the phone to change it."`,
    );
  });

  test("with a phone, of a binding with another email, refuses with the email masked and the RequestId", async () => {
    await bindOutside("carol@example.org");
    expect(await failure(() => provider.create(alice))).toMatchInlineSnapshot(
      `"Member 100000000001 already has another email bound (c***@example.org, BindId <n>), so this binding cannot be created. To manage that binding, declare this resource with its current email (it is then adopted into the stack), and change the email afterwards with \`allowEmailUpdate: true\`. (RequestId of the refusal: <RequestId>)"`,
    );
  });
});

describe("API failures as a user reads them", () => {
  test("an email another member has", async () => {
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: 100000000002,
      Email: alice.email,
      CountryCode: "86",
      Phone: "13912340002",
    });
    expect(await failure(() => provider.create(alice))).toMatchInlineSnapshot(
      `"AddOrganizationMemberEmail for member 100000000001 failed with FailedOperation.EmailAlreadyUsed: The email is already bound to member 100000000002: an email belongs to one member only. This email is already bound to another member of the organization, or it failed activation before (an email whose activation link expired can never be bound again): use a different email for this member. (RequestId: <RequestId>)"`,
    );
  });
});

describe("activation reminders", () => {
  const withToken = (token: string) => ({ ...alice, activationReminder: token });

  async function remind(outs: Record<string, unknown>): Promise<string[]> {
    return logged(() => provider.update(String(alice.memberUin), outs, withToken("2026-12")));
  }

  test("for a binding waiting for activation, say the email was sent again", async () => {
    const { outs } = await provider.create(withToken("2026-11"));
    expect(await remind(outs as Record<string, unknown>)).toMatchInlineSnapshot(`
[
  "info: [runtime] Member 100000000001's binding (BindId <n>) is waiting for activation: the activation email was sent again, and its link expires in 15 days (<time> UTC).",
]
`);
  });

  test("for an active binding, say none was sent and since when it is active", async () => {
    const { outs } = await provider.create(withToken("2026-11"));
    emulator.activate(alice.memberUin);
    expect(await remind(outs as Record<string, unknown>)).toMatchInlineSnapshot(`
[
  "info: [runtime] Member 100000000001's binding (BindId <n>) is already active since <time>: no activation email was sent.",
]
`);
  });

  test("for a failed binding, warn that none was sent and how to start over", async () => {
    const { outs } = await provider.create(withToken("2026-11"));
    emulator.fail(alice.memberUin, "The member rejected the binding.");
    expect(await remind(outs as Record<string, unknown>)).toMatchInlineSnapshot(`
[
  "warning: [runtime] Member 100000000001's binding (BindId <n>) has failed (The member rejected the binding), and a reminder cannot help: Tencent Cloud sends no new activation link for a failed binding (an expired link stays expired) and never binds an email that failed activation again. No activation email was sent. Declare a new email for this member, with its phone; \`allowEmailUpdate\` is not needed for a failed binding.",
]
`);
  });

  test("for a failed binding, give its reason without the stops and spaces it ends with, or none without one", async () => {
    const { outs } = await provider.create(withToken("2026-11"));
    emulator.fail(alice.memberUin, "The link expired.. ");
    const [withReason] = await remind(outs as Record<string, unknown>);
    expect(withReason).toContain("has failed (The link expired), and a reminder cannot help");
    const other = { ...alice, memberUin: 100000000002, email: "bob@example.com", phone: "13800138002" };
    const { outs: bobs } = await provider.create({ ...other, activationReminder: "2026-11" });
    emulator.fail(other.memberUin, "");
    const reminded = await logged(() =>
      provider.update(String(other.memberUin), bobs as Record<string, unknown>, {
        ...other,
        activationReminder: "2026-12",
      }),
    );
    expect(reminded.join("\n")).toMatch(
      /Member 100000000002's binding \(BindId <n>\) has failed, and a reminder cannot help/,
    );
  });
});

describe("Tencent's rules for security information", () => {
  const phones = ["13800138002", "13800138003", "13800138004", "13800138005"];

  test("a preview warns before the last of the three changes allowed before activation, and the fourth is refused", async () => {
    let { outs } = (await provider.create(alice)) as { outs: Record<string, unknown> };
    const warnings: string[][] = [];
    for (const phone of phones.slice(0, 3)) {
      warnings.push(await logged(() => provider.diff(String(alice.memberUin), outs, { ...alice, phone })));
      ({ outs } = (await provider.update(String(alice.memberUin), outs, { ...alice, phone })) as {
        outs: Record<string, unknown>;
      });
    }
    expect(outs.modificationsBeforeActivation).toBe(3);
    const fourth = { ...alice, phone: phones[3] };
    warnings.push(await logged(() => provider.diff(String(alice.memberUin), outs, fourth)));
    expect(warnings).toMatchInlineSnapshot(`
[
  [
    "info: [runtime] OrganizationMemberEmail for member 100000000001 changes: phone.",
  ],
  [
    "info: [runtime] OrganizationMemberEmail for member 100000000001 changes: phone.",
  ],
  [
    "warning: [runtime] This change to member 100000000001's binding is the last of the 3 modifications Tencent Cloud allows before the member activates it: after it, further changes are refused (LimitExceeded.UpdateEmailBindOverLimit) until the member activates the binding from the email.",
    "info: [runtime] OrganizationMemberEmail for member 100000000001 changes: phone.",
  ],
  [
    "warning: [runtime] Member 100000000001's binding has already been modified 3 times while waiting for activation, and Tencent Cloud allows 3: this change will be refused (LimitExceeded.UpdateEmailBindOverLimit) unless the member has activated the binding since. Ask the member to activate it from the email, run \`pulumi refresh\`, then apply the change.",
    "info: [runtime] OrganizationMemberEmail for member 100000000001 changes: phone.",
  ],
]
`);
    expect(await failure(() => provider.update(String(alice.memberUin), outs, fourth))).toMatchInlineSnapshot(
      `"UpdateOrganizationMemberEmailBind for member 100000000001 failed with LimitExceeded.UpdateEmailBindOverLimit: Binding 1 of member 100000000001 was already modified 3 times before activation, the most allowed: the member must activate it from the email first. Tencent Cloud allows 3 modifications of a member's security information before the member activates it, and this binding has had them: ask the member to activate the binding from the email already sent, then run \`pulumi refresh\` and apply the change again. (RequestId: <RequestId>)"`,
    );
  });

  test("an activation link that expired: read says Failed and why, the preview asks for a new email, the reminder says it cannot help", async () => {
    const created = await provider.create({ ...alice, activationReminder: "2026-11" });
    emulator.advanceClock(16 * 24 * 60 * 60);
    const read = await provider.read(created.id, created.outs as Record<string, unknown>);
    expect(read.props).toMatchObject({ bindStatus: "Failed" });
    expect(read.props?.description).toMatchInlineSnapshot(
      `"The activation link expired: it was not used within 15 days of being sent. This email can never be bound again; submit a new one."`,
    );
    const state = read.props as Record<string, unknown>;
    expect(await failure(() => provider.diff(created.id, state, alice))).toMatchInlineSnapshot(
      `"Member 100000000001's binding (BindId <n>) has failed (The activation link expired: it was not used within 15 days of being sent. This email can never be bound again; submit a new one), and an email that failed activation can never be bound again: declare a new email for this member, with its phone. \`allowEmailUpdate\` is not needed, since nothing active is replaced."`,
    );
    expect(
      await logged(() => provider.update(created.id, state, { ...alice, activationReminder: "2026-12" })),
    ).toMatchInlineSnapshot(`
[
  "warning: [runtime] Member 100000000001's binding (BindId <n>) has failed (The activation link expired: it was not used within 15 days of being sent. This email can never be bound again; submit a new one), and a reminder cannot help: Tencent Cloud sends no new activation link for a failed binding (an expired link stays expired) and never binds an email that failed activation again. No activation email was sent. Declare a new email for this member, with its phone; \`allowEmailUpdate\` is not needed for a failed binding.",
]
`);
    const bob = { ...alice, memberUin: 100000000002, phone: "13800138009" };
    expect(await failure(() => provider.create(bob))).toMatchInlineSnapshot(
      `"AddOrganizationMemberEmail for member 100000000002 failed with FailedOperation.EmailAlreadyUsed: The email failed activation once and can never be bound again, to any member: use another email. This email is already bound to another member of the organization, or it failed activation before (an email whose activation link expired can never be bound again): use a different email for this member. (RequestId: <RequestId>)"`,
    );
    const renewed = { ...alice, email: "alice.new@example.com" };
    expect(await logged(() => provider.diff(created.id, state, renewed))).toMatchInlineSnapshot(`
[
  "info: [runtime] Member 100000000001's binding (BindId <n>) has failed: the new email is submitted in its place, and the member gets a new activation email. \`allowEmailUpdate\` is not needed, since nothing active is replaced.",
  "info: [runtime] OrganizationMemberEmail for member 100000000001 changes: email, activationReminder.",
]
`);
    const { outs } = await provider.update(created.id, state, renewed);
    expect(outs).toMatchObject({ email: renewed.email, bindStatus: "Valid", modificationsBeforeActivation: 0 });
  });

  test("an invited member is refused at once, with the rule named", async () => {
    await emulator.stop();
    emulator = await emulatorForProvider({ members: [{ uin: alice.memberUin, type: "Invite" }] });
    expect(await failure(() => provider.create(alice))).toMatchInlineSnapshot(
      `"AddOrganizationMemberEmail for member 100000000001 failed with UnsupportedOperation: Member 100000000001 was invited to the organization: invited members cannot have security information (email and phone) bound, only members the organization created. Tencent Cloud does not support this operation for this member or organization. An invited member cannot have security information (email and phone) bound: only members created in the organization can (\`discover\` lists each member's type); remove this member's OrganizationMemberEmail. (RequestId: <RequestId>)"`,
    );
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
  });
});
