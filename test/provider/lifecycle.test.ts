import type { Emulator } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { MemberEmailApiError } from "../../provider/api/errors";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient } from "../support/organization-client";

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;
const alice = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138001" };
const bob = { memberUin: 100000000002, email: "bob@example.com", countryCode: "86", phone: "13800138002" };

let emulator: Emulator;
beforeEach(async () => {
  emulator = await emulatorForProvider();
});
afterEach(async () => {
  await emulator.stop();
});

async function created(inputs: Record<string, unknown> = alice): Promise<Record<string, unknown>> {
  const result = await provider.create(inputs);
  expect(result.id).toBe(String(inputs.memberUin));
  return result.outs as Record<string, unknown>;
}

describe("create", () => {
  test("binds the email through AddOrganizationMemberEmail and keeps BindId and status in state", async () => {
    const outs = await created();
    const [binding] = emulator.bindings();
    expect(binding).toMatchObject({
      memberUin: alice.memberUin,
      email: alice.email,
      phone: alice.phone,
      countryCode: "86",
    });
    expect(outs).toMatchObject({ ...alice, bindId: binding.bindId, bindStatus: "Valid", phoneBind: 1, bindTime: "" });
    expect(outs.applyTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  test("keeps Add's BindId, waiting for activation, when the Describe right after the Add does not show the binding yet", async () => {
    emulator.planFault({
      action: "DescribeOrganizationMemberEmailBind",
      kind: "error",
      code: "ResourceNotFound.EmailBindRecordNotExist",
    });
    const outs = await created();
    const [binding] = emulator.bindings();
    expect(outs).toMatchObject({
      ...alice,
      bindId: binding.bindId,
      bindStatus: "Valid",
      applyTime: "",
      bindTime: "",
      description: "",
      phoneBind: 0,
    });
    expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(1);
  });

  test("names every bad input in one error, before any API call", async () => {
    const message = await provider.create({ ...alice, memberUin: "x", phone: "12" }).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(message).toBe(
      "Invalid OrganizationMemberEmail inputs: memberUin must be a number, the member's account uin such as " +
        '100000000001; phone is too short for its countryCode; give the national number alone, like "13123456789".',
    );
    expect(emulator.requestCount()).toBe(0);
  });

  test("refuses bad input before any API call", async () => {
    await expect(provider.create({ ...alice, phone: "12" })).rejects.toThrow(/phone is too short for its countryCode/);
    expect(emulator.requestCount()).toBe(0);
  });

  test("fails with EmailAlreadyUsed, naming the member and the RequestId, when another member has the email", async () => {
    await created(alice);
    const error = await provider.create({ ...bob, email: alice.email }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MemberEmailApiError);
    expect((error as MemberEmailApiError).code).toBe("FailedOperation.EmailAlreadyUsed");
    expect((error as Error).message).toMatch(
      /AddOrganizationMemberEmail for member 100000000002 failed with FailedOperation\.EmailAlreadyUsed: .*another member.*RequestId: [0-9a-f-]{36}\)$/,
    );
    expect(emulator.bindings()).toHaveLength(1);
    // Refused for another reason than an existing binding: nothing to adopt, so nothing is read.
    expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(1);
  });

  test("fails for a uin outside the organization with OrganizationMemberNotExist", async () => {
    await expect(provider.create({ ...alice, memberUin: 999 })).rejects.toThrow(
      /member 999 failed with ResourceNotFound\.OrganizationMemberNotExist: .*invite the account.*RequestId: [0-9a-f-]{36}/,
    );
  });

  test("with wrong credentials gives an AuthFailure message with the RequestId and without the key", async () => {
    process.env.TENCENTCLOUD_SECRET_KEY = "wrongSecretKeyThatMustNotLeak";
    const message = await provider.create(alice).then(
      () => "",
      (e: Error) => e.message,
    );
    // Called directly, without configure, the provider reads the environment alone, and the advice names it.
    expect(message).toMatch(
      /failed with AuthFailure\.SignatureFailure: .*check that TENCENTCLOUD_SECRET_KEY belongs.*RequestId: [0-9a-f-]{36}\)$/,
    );
    expect(message).not.toContain("wrongSecretKeyThatMustNotLeak");
    expect(message).not.toContain(emulator.secretKey);
    expect(emulator.bindings()).toHaveLength(0);
  });

  test("with an unknown secretId says so", async () => {
    process.env.TENCENTCLOUD_SECRET_ID = "AKIDnobodyKnowsThisKey000000000000";
    await expect(provider.create(alice)).rejects.toThrow(
      /AuthFailure\.SecretIdNotFound.*check TENCENTCLOUD_SECRET_ID,/,
    );
  });

  test("without credentials explains how to set them and calls nothing", async () => {
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    await expect(provider.create(alice)).rejects.toThrow(
      /pulumi config set --secret tencentcloud-member-email:secretKey.*TENCENTCLOUD_SECRET_KEY/,
    );
    expect(emulator.requestCount()).toBe(0);
  });

  test("adopts a binding made outside Pulumi with the same email instead of failing", async () => {
    const made = await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: alice.email,
      CountryCode: alice.countryCode,
      Phone: alice.phone,
    });
    const outs = await created();
    expect(outs.bindId).toBe(made.BindId);
    expect(emulator.bindings()).toHaveLength(1);
    // The same phone and country code: nothing to change, so no Update (which Tencent would count).
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
  });

  test("an Add refused as MemberEmailExist for a member shown unbound fails with that refusal", async () => {
    emulator.planFault({
      action: "AddOrganizationMemberEmail",
      kind: "error",
      code: "FailedOperation.MemberEmailExist",
    });
    const error = await provider.create(alice).catch((e: unknown) => e);
    expect((error as MemberEmailApiError).code).toBe("FailedOperation.MemberEmailExist");
    expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBe(1);
    expect(emulator.bindings()).toHaveLength(0);
  });

  test("adopting a binding with another phone brings the phone to the declared one", async () => {
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: alice.email,
      CountryCode: "86",
      Phone: "13900139000",
    });
    const outs = await created();
    expect(outs.phone).toBe(alice.phone);
    expect(emulator.bindings()[0].phone).toBe(alice.phone);
  });

  test("adopting a binding with the same phone under another country code brings the country code to the declared one", async () => {
    // An Egyptian mobile that the API masks as the declared Chinese one: 15***01.
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: alice.email,
      CountryCode: "20",
      Phone: "1512345601",
    });
    const outs = await created({ ...alice, phone: "15012345601" });
    expect(outs).toMatchObject({ countryCode: "86", phone: "15012345601" });
    expect(emulator.bindings()[0]).toMatchObject({ countryCode: "86", phone: "15012345601" });
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(1);
  });

  test("refuses to take over a binding with another email and shows that email masked", async () => {
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: "carol@example.org",
      CountryCode: "86",
      Phone: alice.phone,
    });
    const message = await provider.create(alice).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(message).toMatch(
      /Member 100000000001 already has another email bound \(c\*\*\*@example\.org, BindId \d+\).*declare this resource with its current email/,
    );
    expect(message).not.toContain("carol@");
  });
});

describe("create without a phone", () => {
  const { phone: _phone, ...aliceWithoutPhone } = alice;

  async function boundOutside(email = alice.email): Promise<number> {
    const made = await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: email,
      CountryCode: "86",
      Phone: "13912340001",
    });
    return made.BindId as number;
  }

  test("adopts the member's existing binding with the same email, ignoring case, and never calls Add", async () => {
    const bindId = await boundOutside("Alice@Example.com");
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    let outs: Record<string, unknown>;
    try {
      outs = await created(aliceWithoutPhone);
      expect(log).toHaveBeenCalledWith(
        expect.stringMatching(/Member 100000000001's existing binding \(BindId \d+, Valid\) was adopted/),
      );
    } finally {
      log.mockRestore();
    }
    expect(outs).toMatchObject({ ...aliceWithoutPhone, phone: "13***01", bindId, bindStatus: "Valid" });
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
    expect(emulator.bindings()[0]).toMatchObject({ bindId, phone: "13912340001" });
  });

  test("says plainly that a phone is needed when the member has no binding, and binds nothing", async () => {
    await expect(provider.create(aliceWithoutPhone)).rejects.toThrow(
      /Member 100000000001 has no email binding to adopt, and binding a new email needs the member's security phone: declare `phone`/,
    );
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(0);
    expect(emulator.bindings()).toHaveLength(0);
  });

  test("refuses to adopt a binding with another email, showing it masked", async () => {
    await boundOutside("carol@example.org");
    const message = await provider.create(aliceWithoutPhone).then(
      () => "",
      (e: Error) => e.message,
    );
    expect(message).toMatch(/Member 100000000001 has another email bound \(c\*\*\*@example\.org, BindId \d+\)/);
    expect(message).not.toContain("carol@");
  });

  test("adopting an email bound in another letter case keeps the declared one, and a refresh sees no drift", async () => {
    await boundOutside("ALICE@example.com");
    const outs = await created(aliceWithoutPhone);
    const refreshed = await provider.read(String(alice.memberUin), outs);
    expect(refreshed.props).toMatchObject({ email: alice.email });
    const changes = await provider.diff(String(alice.memberUin), refreshed.props, aliceWithoutPhone);
    expect(changes).toMatchObject({ changes: false });
  });

  test("after adoption, a refresh and a diff without the phone see no change", async () => {
    await boundOutside();
    const outs = await created(aliceWithoutPhone);
    const refreshed = await provider.read(String(alice.memberUin), outs);
    expect(refreshed.props).toEqual(outs);
    const changes = await provider.diff(String(alice.memberUin), refreshed.props, aliceWithoutPhone);
    expect(changes).toMatchObject({ changes: false });
  });
});

describe("activationReminder", () => {
  const withToken = (token: string) => ({ ...alice, activationReminder: token });

  async function remindedOutput(
    outs: Record<string, unknown>,
    token: string,
  ): Promise<{ outs: unknown; logged: string[] }> {
    const logged: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((message: string) => void logged.push(message));
    try {
      const changes = await provider.diff(String(alice.memberUin), outs, withToken(token));
      expect(changes).toMatchObject({ changes: true, replaces: [] });
      const result = await provider.update(String(alice.memberUin), outs, withToken(token));
      return { outs: result.outs, logged };
    } finally {
      log.mockRestore();
    }
  }

  test("a new token sends the activation email again while the binding waits for it, and nothing else", async () => {
    const outs = await created(withToken("2026-10"));
    const result = await remindedOutput(outs, "2026-11");
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(1);
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
    expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
    expect(result.outs).toMatchObject({ activationReminder: "2026-11", bindStatus: "Valid", bindId: outs.bindId });
    expect(result.logged.join("\n")).toMatch(/waiting for activation: the activation email was sent again/);
  });

  test("a new token for an active binding calls no send and says the binding is already active", async () => {
    const outs = await created(withToken("2026-10"));
    emulator.activate(alice.memberUin);
    const result = await remindedOutput(outs, "2026-11");
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(0);
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
    expect(result.outs).toMatchObject({ activationReminder: "2026-11", bindStatus: "Success" });
    expect(result.logged.join("\n")).toMatch(
      /Member 100000000001's binding \(BindId \d+\) is already active since .*: no activation email was sent/,
    );
  });

  test("the first token on a binding counts as a change and reminds it", async () => {
    const outs = await created();
    await remindedOutput(outs, "2026-11");
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(1);
  });

  test("a phone change that keeps the token, or drops it, sends no activation email", async () => {
    const outs = await created(withToken("2026-10"));
    const kept = await provider.update(String(alice.memberUin), outs, {
      ...withToken("2026-10"),
      phone: "13800138002",
    });
    await provider.update(String(alice.memberUin), kept.outs, { ...alice, phone: "13800138003" });
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(2);
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(0);
  });

  test("a new token keeps the count of modifications made before activation", async () => {
    const outs = await created(withToken("2026-10"));
    const changed = await provider.update(String(alice.memberUin), outs, {
      ...withToken("2026-10"),
      phone: "13800138002",
    });
    expect(changed.outs).toMatchObject({ modificationsBeforeActivation: 1 });
    const reminded = await provider.update(String(alice.memberUin), changed.outs, {
      ...withToken("2026-11"),
      phone: "13800138002",
    });
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(1);
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(1);
    expect(reminded.outs).toMatchObject({ modificationsBeforeActivation: 1, activationReminder: "2026-11" });
  });

  test("a new token for a binding adopted without a phone sends the activation email again", async () => {
    const { phone: _phone, ...withoutPhone } = withToken("2026-10");
    const outs = await created(alice);
    const result = await provider.update(String(alice.memberUin), outs, {
      ...withoutPhone,
      activationReminder: "2026-11",
    });
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(1);
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
    expect(result.outs).toMatchObject({ activationReminder: "2026-11", phone: alice.phone });
  });

  test("a new token for a binding that vanished sends nothing and says to refresh", async () => {
    const outs = await created(withToken("2026-10"));
    await emulator.unbind(alice.memberUin);
    await expect(provider.update(String(alice.memberUin), outs, withToken("2026-11"))).rejects.toThrow(
      "Member 100000000001 has no email binding any more, so there is no activation email to send: run `pulumi refresh` so the stack forgets it.",
    );
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(0);
  });

  test("a send refused because the member activated meanwhile says the binding is already active, and fails nothing", async () => {
    const outs = await created(withToken("2026-10"));
    // The member activates between the Describe and the send: Tencent refuses the resend.
    emulator.planFault({
      action: "SendOrgMemberAccountBindEmail",
      kind: "error",
      code: "FailedOperation.EmailBindRecordInvalid",
    });
    const result = await remindedOutput(outs, "2026-11");
    expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(1);
    expect(result.outs).toMatchObject({ activationReminder: "2026-11", bindStatus: "Valid" });
    expect(result.logged.join("\n")).toMatch(
      /Member 100000000001's binding \(BindId \d+\) is already active: no activation email was sent\./,
    );
  });

  test("any other refusal of the send fails the update with Tencent's error", async () => {
    const outs = await created(withToken("2026-10"));
    emulator.planFault({
      action: "SendOrgMemberAccountBindEmail",
      kind: "error",
      code: "LimitExceeded.SendEmailOverLimit",
    });
    await expect(provider.update(String(alice.memberUin), outs, withToken("2026-11"))).rejects.toThrow(
      /SendOrgMemberAccountBindEmail for member 100000000001 failed with LimitExceeded\.SendEmailOverLimit/,
    );
  });
});

describe("read", () => {
  test("sees no drift when the API's masked phone matches the stored phone", async () => {
    const outs = await created();
    const result = await provider.read(String(alice.memberUin), outs);
    expect(result.id).toBe(String(alice.memberUin));
    expect(result.props).toEqual(outs);
    expect(result.inputs).toEqual(alice);
    const again = await provider.diff(String(alice.memberUin), result.props, { ...alice });
    expect(again.changes).toBe(false);
  });

  test("keeps allowEmailUpdate and activationReminder among the inputs, and warns of nothing", async () => {
    const declared = { ...alice, allowEmailUpdate: true, activationReminder: "2026-11" };
    const outs = await created(declared);
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const result = await provider.read(String(alice.memberUin), outs);
      expect(result.inputs).toEqual(declared);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  test("reports the member's activation as status Success with its bind time", async () => {
    const outs = await created();
    await emulator.activate(alice.memberUin);
    const result = await provider.read(String(alice.memberUin), outs);
    expect(result.props).toMatchObject({ bindStatus: "Success" });
    expect((result.props as { bindTime: string }).bindTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  test("reports a phone changed outside Pulumi as drift that the next update repairs", async () => {
    const outs = await created();
    await organizationClient(emulator).UpdateOrganizationMemberEmailBind({
      MemberUin: alice.memberUin,
      BindId: outs.bindId as number,
      Email: alice.email,
      CountryCode: "86",
      Phone: "13912345678",
    });
    const refreshed = await provider.read(String(alice.memberUin), outs);
    expect(refreshed.props).toMatchObject({ phone: "13***78" });
    const changes = await provider.diff(String(alice.memberUin), refreshed.props, { ...alice });
    expect(changes).toMatchObject({ changes: true, replaces: [] });
    await provider.update(String(alice.memberUin), refreshed.props, { ...alice });
    expect(emulator.bindings()[0].phone).toBe(alice.phone);
  });

  test("leaves a phone the state holds masked out of the inputs, since check accepts no masked phone", async () => {
    const outs = await created();
    const result = await provider.read(String(alice.memberUin), { ...outs, phone: "13***01" });
    expect(result.inputs).not.toHaveProperty("phone");
    expect(result.props).toMatchObject({ phone: "13***01" });
  });

  test("forgets a vanished binding whose state recorded neither its organization nor its BindId", async () => {
    await created();
    await emulator.unbind(alice.memberUin);
    const result = await provider.read(String(alice.memberUin), { memberUin: alice.memberUin, email: alice.email });
    expect(result.id).toBeFalsy();
  });

  test("removes the resource when the binding has vanished", async () => {
    const outs = await created();
    await emulator.unbind(alice.memberUin);
    const result = await provider.read(String(alice.memberUin), outs);
    expect(result.id).toBeFalsy();
  });

  test("reads a binding it has never seen, as an import does, from the member uin alone", async () => {
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: alice.email,
      CountryCode: "86",
      Phone: alice.phone,
    });
    const result = await provider.read(String(alice.memberUin), {});
    // No phone among the inputs: the API shows it masked, which check refuses; the state keeps the mask.
    const { phone: _phone, ...withoutPhone } = alice;
    expect(result.inputs).toEqual(withoutPhone);
    expect(result.props).toMatchObject({ phone: "13***01" });
    expect(await provider.check({}, result.inputs)).toMatchObject({ failures: [] });
    const changes = await provider.diff(String(alice.memberUin), result.props, { ...alice });
    expect(changes.changes).toBe(false);
    await expect(provider.diff(String(alice.memberUin), result.props, result.inputs)).resolves.toMatchObject({
      changes: false,
    });
  });

  test("an import of a member without a binding fails, naming the member and what to do", async () => {
    await expect(provider.read(String(alice.memberUin), {})).rejects.toThrow(
      new RegExp(`^Member ${alice.memberUin} has no email binding to import\\. Check the uin`),
    );
  });
});

describe("an email bound outside Pulumi in another letter case", () => {
  test("is adopted, refreshed and previewed without a change, keeping the declared spelling", async () => {
    await organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: alice.memberUin,
      Email: "alice@example.com",
      CountryCode: "86",
      Phone: alice.phone,
    });
    const declared = { ...alice, email: "Alice@Example.com" };
    const outs = await created(declared);
    const refreshed = await provider.read(String(alice.memberUin), outs);
    expect(refreshed.props).toMatchObject({ email: "Alice@Example.com" });
    expect(refreshed.inputs).toMatchObject({ email: "Alice@Example.com" });
    await expect(provider.diff(String(alice.memberUin), refreshed.props, declared)).resolves.toMatchObject({
      changes: false,
    });
    expect(await provider.check(refreshed.inputs, declared)).toMatchObject({ failures: [] });
  });

  test("updates the phone of a state that holds the API's spelling without refusing the email", async () => {
    const outs = await created();
    const news = { ...alice, email: "ALICE@example.com", phone: "13900139000" };
    await expect(provider.diff(String(alice.memberUin), outs, news)).resolves.toMatchObject({ changes: true });
    await provider.update(String(alice.memberUin), outs, news);
    expect(emulator.bindings()[0].phone).toBe("13900139000");
  });
});

describe("read of an id that is not a canonical uin", () => {
  test.each(["0100000000001", "+100000000001", " 100000000001", "1e3", "0b1100"])(
    "refuses %j clearly and calls nothing",
    async (id) => {
      await created();
      const before = emulator.requestCount();
      await expect(provider.read(id, {})).rejects.toThrow(/member's uin in decimal digits without sign, leading zero/);
      expect(emulator.requestCount()).toBe(before);
    },
  );
});

describe("update", () => {
  test("applies a phone change in place with the stored BindId", async () => {
    const outs = await created();
    const news = { ...alice, countryCode: "1", phone: "2025550123" };
    expect(await provider.diff(String(alice.memberUin), outs, news)).toMatchObject({ changes: true, replaces: [] });
    const result = await provider.update(String(alice.memberUin), outs, news);
    expect(result.outs).toMatchObject({ ...news, bindId: outs.bindId });
    expect(emulator.bindings()[0]).toMatchObject({ bindId: outs.bindId, countryCode: "1", phone: "2025550123" });
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(1);
  });

  test("refuses an email change at diff unless allowEmailUpdate is true, then applies it", async () => {
    const outs = await created();
    const news = { ...alice, email: "alice.new@example.com" };
    await expect(provider.diff(String(alice.memberUin), outs, news)).rejects.toThrow(
      /member 100000000001.*allowEmailUpdate: true/s,
    );
    await expect(provider.update(String(alice.memberUin), outs, news)).rejects.toThrow(/allowEmailUpdate: true/);
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);

    const allowed = { ...news, allowEmailUpdate: true };
    expect(await provider.diff(String(alice.memberUin), outs, allowed)).toMatchObject({ changes: true, replaces: [] });
    const result = await provider.update(String(alice.memberUin), outs, allowed);
    expect(result.outs).toMatchObject({ email: "alice.new@example.com", bindStatus: "Valid", bindId: outs.bindId });
    expect(emulator.bindings()[0].email).toBe("alice.new@example.com");
  });

  test("of the email of a binding whose program declares no phone asks for the phone, and calls no Update", async () => {
    const outs = await created();
    const { phone: _phone, ...withoutPhone } = alice;
    await expect(
      provider.update(String(alice.memberUin), outs, {
        ...withoutPhone,
        email: "alice.new@example.com",
        allowEmailUpdate: true,
      }),
    ).rejects.toThrow(
      "Changing the binding of member 100000000001 needs its security phone: UpdateOrganizationMemberEmailBind takes the email, countryCode and phone together. " +
        'Declare `phone` (digits only, such as "13800138000").',
    );
    expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
  });

  test("of a binding that vanished says to refresh", async () => {
    const outs = await created();
    await emulator.unbind(alice.memberUin);
    await expect(provider.update(String(alice.memberUin), outs, { ...alice, phone: "13800138999" })).rejects.toThrow(
      /UpdateOrganizationMemberEmailBind for member 100000000001 failed with ResourceNotFound\.\w+: .*RequestId/,
    );
  });
});

describe("delete", () => {
  test("removes the binding from the stack only, calls nothing and warns that it stays in the organization", async () => {
    const outs = await created();
    const before = emulator.requestCount();
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await provider.delete(String(alice.memberUin), outs);
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /member 100000000001 was removed from the stack only.*no API to unbind.*stays in the organization/,
        ),
      );
    } finally {
      warn.mockRestore();
    }
    expect(emulator.requestCount()).toBe(before);
    expect(emulator.bindings()).toHaveLength(1);
  });
});

test("delete of a state without a BindId still warns that the binding stays, naming no BindId", async () => {
  const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  try {
    await provider.delete(String(alice.memberUin), { memberUin: alice.memberUin });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /member 100000000001 was removed from the stack only.*so the binding stays in the organization\.$/,
      ),
    );
    expect(String(warn.mock.calls[0][0])).not.toContain("BindId");
  } finally {
    warn.mockRestore();
  }
});

describe("delete's account guard fails closed", () => {
  const guardVariables = [
    "TENCENTCLOUD_ALLOWED_ACCOUNT_IDS",
    "TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS",
    "TENCENTCLOUD_STS_ENDPOINT",
    "TENCENTCLOUD_ORGANIZATION_RATE_LIMIT",
  ];
  let outs: Record<string, unknown>;
  beforeEach(async () => {
    outs = await created();
    process.env.TENCENTCLOUD_STS_ENDPOINT = emulator.url;
  });
  afterEach(() => {
    for (const name of guardVariables) delete process.env[name];
  });

  /** Delete's outcome: the error's message, or "forgotten" when the binding left the stack. */
  async function deleted(): Promise<string> {
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await provider.delete(String(alice.memberUin), outs);
      return "forgotten";
    } catch (error) {
      return (error as Error).message;
    } finally {
      warn.mockRestore();
    }
  }

  test("a typo in allowedAccountIds refuses delete, naming the key, instead of forgetting the binding unchecked", async () => {
    process.env.TENCENTCLOUD_ALLOWED_ACCOUNT_IDS = "10000000000O";
    expect(await deleted()).toMatch(
      /^tencentcloud-member-email:allowedAccountIds \(or TENCENTCLOUD_ALLOWED_ACCOUNT_IDS\) must be a comma list of one or more account ids .*got "10000000000O"/,
    );
    expect(emulator.requestCount("GetCallerIdentity")).toBe(0);
  });

  test.each([",", "[]"])("allowedAccountIds set to %j, no id at all, refuses delete", async (value) => {
    process.env.TENCENTCLOUD_ALLOWED_ACCOUNT_IDS = value;
    expect(await deleted()).toMatch(/tencentcloud-member-email:allowedAccountIds .* one or more account ids/);
  });

  test("any other bad setting refuses delete where an account list is set", async () => {
    process.env.TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS = "100000000000";
    process.env.TENCENTCLOUD_ORGANIZATION_RATE_LIMIT = "fast";
    expect(await deleted()).toMatch(/tencentcloud-member-email:organizationRateLimit must be a positive number/);
  });

  test("an account list without any credential to check it refuses delete", async () => {
    process.env.TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS = "100000000000";
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    expect(await deleted()).toMatch(/^Tencent Cloud credentials are missing/);
  });

  test("a forbidden account refuses delete after asking STS", async () => {
    process.env.TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS = "100000000000";
    expect(await deleted()).toMatch(
      /account 100000000000, which tencentcloud-member-email:forbiddenAccountIds forbids/,
    );
    expect(emulator.requestCount("GetCallerIdentity")).toBe(1);
  });

  test("without any credential and any account list there is nothing to check: the binding is forgotten", async () => {
    delete process.env.TENCENTCLOUD_SECRET_ID;
    delete process.env.TENCENTCLOUD_SECRET_KEY;
    expect(await deleted()).toBe("forgotten");
  });
});

describe("configure", () => {
  test("Pulumi config wins over the environment", async () => {
    process.env.TENCENTCLOUD_SECRET_KEY = "environmentKeyThatIsWrong";
    const config: Record<string, string> = {
      "tencentcloud-member-email:secretId": emulator.secretId,
      "tencentcloud-member-email:secretKey": emulator.secretKey,
      "tencentcloud-member-email:organizationEndpoint": emulator.url,
    };
    await provider.configure({ config: { get: (key: string) => config[key], require: (key: string) => config[key] } });
    try {
      await created();
    } finally {
      await provider.configure({ config: { get: () => undefined, require: () => "" } });
    }
  });
});
