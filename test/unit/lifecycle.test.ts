import { check, create, diff, diffInputs } from "../../provider/resource/lifecycle";
import { UNKNOWN_VALUE } from "../../provider/resource/validate";

const state = {
  memberUin: 100000000001,
  email: "alice@example.com",
  countryCode: "86",
  phone: "13800138000",
  bindId: 7,
  bindStatus: "Valid",
  applyTime: "2026-11-25 10:00:00",
  bindTime: "",
  description: "",
  phoneBind: 1,
  __provider: "serialized",
};
const inputs = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138000" };

describe("diffInputs", () => {
  test.each([
    ["nothing changed", {}, {}],
    ["only allowEmailUpdate was added", { allowEmailUpdate: true }, {}],
    ["the phone changed", { phone: "13900139000" }, { phone: "update" }],
    ["the country code changed", { countryCode: "852" }, { countryCode: "update" }],
    [
      "the country code and phone changed",
      { countryCode: "1", phone: "2025550123" },
      { countryCode: "update", phone: "update" },
    ],
    ["an allowed email changed", { email: "new@example.com", allowEmailUpdate: true }, { email: "update" }],
    ["the reminder token changed", { activationReminder: "2026-W50" }, { activationReminder: "update" }],
    ["the member changed", { memberUin: 100000000002 }, { memberUin: "replace" }],
    [
      "the member and phone changed",
      { memberUin: 100000000002, phone: "13900139000" },
      { memberUin: "replace", phone: "update" },
    ],
  ])("names each changing input and how it changes when %s", (_case, change, changedInputs) => {
    expect(diffInputs(state, { ...inputs, ...change }).changedInputs).toEqual(changedInputs);
  });
});

describe("diff", () => {
  test.each([
    ["nothing changed", {}, { changes: false, replaces: [] }],
    ["only allowEmailUpdate was added", { allowEmailUpdate: true }, { changes: false, replaces: [] }],
    ["the phone changed", { phone: "13900139000" }, { changes: true, replaces: [] }],
    ["the country code and phone changed", { countryCode: "1", phone: "2025550123" }, { changes: true, replaces: [] }],
    ["the member changed", { memberUin: 100000000002 }, { changes: true, replaces: ["memberUin"] }],
    [
      "the member and email changed together",
      { memberUin: 100000000002, email: "b@example.com" },
      { changes: true, replaces: ["memberUin"] },
    ],
    [
      "the email changed with allowEmailUpdate",
      { email: "new@example.com", allowEmailUpdate: true },
      { changes: true, replaces: [] },
    ],
    ["the phone is not known yet", { phone: UNKNOWN_VALUE }, { changes: true, replaces: [] }],
    ["the email is not known yet", { email: UNKNOWN_VALUE }, { changes: true, replaces: [] }],
    ["the email differs only in letter case", { email: "Alice@Example.COM" }, { changes: false, replaces: [] }],
    ["the phone is no longer declared", { phone: undefined }, { changes: false, replaces: [] }],
    ["an activationReminder was added", { activationReminder: "2026-11" }, { changes: true, replaces: [] }],
  ])("when %s", async (_name, change, expected) => {
    const result = await diff("100000000001", state, { ...inputs, ...change });
    expect(result).toMatchObject(expected);
    expect(result.deleteBeforeReplace).toBeFalsy();
  });

  test("refuses an email change without allowEmailUpdate, naming the member and the way forward", async () => {
    await expect(diff("100000000001", state, { ...inputs, email: "new@example.com" })).rejects.toThrow(
      /member 100000000001.*UpdateOrganizationMemberEmailBind.*allowEmailUpdate: true/s,
    );
  });

  test("does not put the old or new email in the refusal", async () => {
    const refusal = await diff("100000000001", state, { ...inputs, email: "new@example.com" }).catch(
      (e: Error) => e.message,
    );
    expect(refusal).not.toContain("alice@example.com");
    expect(refusal).not.toContain("new@example.com");
  });

  test("sees no change when the state holds the masked phone the API answered and it masks the declared phone", async () => {
    const imported = { ...state, phone: "13***00" };
    await expect(diff("100000000001", imported, inputs)).resolves.toMatchObject({ changes: false });
  });

  test("sees a change when the masked phone in state belongs to another number", async () => {
    const drifted = { ...state, phone: "13***99" };
    await expect(diff("100000000001", drifted, inputs)).resolves.toMatchObject({ changes: true, replaces: [] });
  });

  test("never reports the phone of a binding whose phone the program does not declare", async () => {
    const adopted = { ...state, phone: "13***00" };
    const { phone: _phone, ...withoutPhone } = inputs;
    await expect(diff("100000000001", adopted, withoutPhone)).resolves.toMatchObject({ changes: false });
    await expect(diff("100000000001", { ...state, phone: "99***99" }, withoutPhone)).resolves.toMatchObject({
      changes: false,
    });
  });

  test("sees an update, not an email change, when only the activationReminder token changes", async () => {
    const reminded = { ...state, activationReminder: "2026-10" };
    const result = await diff("100000000001", reminded, { ...inputs, activationReminder: "2026-11" });
    expect(result).toMatchObject({ changes: true, replaces: [] });
    await expect(diff("100000000001", reminded, { ...inputs, activationReminder: "2026-10" })).resolves.toMatchObject({
      changes: false,
    });
  });

  test("sees a change, without throwing, when called directly with a phone that is not text", async () => {
    await expect(diff("100000000001", state, { ...inputs, phone: 13900139000 })).resolves.toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  test("refuses the same email for a failed binding whose state recorded no reason, giving none", async () => {
    const { description: _description, ...failed } = { ...state, bindStatus: "Failed" };
    await expect(diff("100000000001", failed, inputs)).rejects.toThrow(
      /^Member 100000000001's binding \(BindId 7\) has failed, and an email that failed/,
    );
  });

  test("sees a change when only the country code changed", async () => {
    await expect(diff("100000000001", state, { ...inputs, countryCode: "852" })).resolves.toMatchObject({
      changes: true,
      replaces: [],
    });
  });

  test("warns before the last modification allowed only for a change of the same member's binding", async () => {
    const twice = { ...state, modificationsBeforeActivation: 2 };
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await diff("100000000001", twice, inputs);
      await diff("100000000001", twice, { ...inputs, memberUin: 100000000002, phone: "13900139000" });
      expect(warn).not.toHaveBeenCalled();
      await diff("100000000001", twice, { ...inputs, phone: "13900139000" });
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  test("names every field the state lacks when it asks for a refresh", async () => {
    const { memberUin: _memberUin, bindId: _bindId, ...incomplete } = state;
    await expect(diff("100000000001", incomplete, inputs)).rejects.toThrow(
      "The stack's state of this OrganizationMemberEmail is incomplete (memberUin, bindId); run `pulumi refresh` to read it again.",
    );
  });

  test("asks for a refresh when the state lacks the binding id", async () => {
    const { bindId: _bindId, ...incomplete } = state;
    await expect(diff("100000000001", incomplete, inputs)).rejects.toThrow(/bindId.*pulumi refresh/);
  });
});

describe("check", () => {
  test("passes good inputs through unchanged", async () => {
    await expect(check({}, { ...inputs, __provider: "p" })).resolves.toEqual({
      inputs: { ...inputs, __provider: "p" },
      failures: [],
    });
  });

  test.each([
    ["null", null],
    ["undefined", undefined],
  ])("answers failures instead of throwing when the inputs are %s", async (_name, news) => {
    const result = await check({}, news as unknown as Record<string, unknown>);
    expect(result.failures?.map((failure) => failure.property)).toEqual(["memberUin", "email", "countryCode"]);
  });

  test.each([
    ["null", null],
    ["not an object", "state"],
  ])("checks the inputs alone, without throwing, when the old inputs are %s", async (_name, olds) => {
    const { phone: _phone, ...withoutPhone } = inputs;
    await expect(
      check(olds as unknown as Record<string, unknown>, { ...withoutPhone, email: "new@example.com" }),
    ).resolves.toEqual({ inputs: { ...withoutPhone, email: "new@example.com" }, failures: [] });
  });

  test("refuses at preview an email change of a binding without a declared phone, saying the phone is needed", async () => {
    const { phone: _phone, ...withoutPhone } = inputs;
    const result = await check(withoutPhone, { ...withoutPhone, email: "new@example.com", allowEmailUpdate: true });
    expect(result.failures).toEqual([
      {
        property: "phone",
        reason: expect.stringMatching(/phone is required to change the email of member 100000000001.*Declare/),
      },
    ]);
    expect(JSON.stringify(result.failures)).not.toContain("new@example.com");
  });

  test("asks for allowEmailUpdate too when the email change lacks both", async () => {
    const { phone: _phone, ...withoutPhone } = inputs;
    const result = await check(withoutPhone, { ...withoutPhone, email: "new@example.com" });
    expect(result.failures?.[0]?.reason).toMatch(/phone.*allowEmailUpdate: true/);
  });

  test("refuses a country code change without a declared phone, and accepts either change with one", async () => {
    const { phone: _phone, ...withoutPhone } = inputs;
    const result = await check(withoutPhone, { ...withoutPhone, countryCode: "1" });
    expect(result.failures?.[0]?.reason).toMatch(/phone is required to change the countryCode/);
    await expect(
      check(withoutPhone, { ...inputs, email: "new@example.com", allowEmailUpdate: true }),
    ).resolves.toMatchObject({
      failures: [],
    });
  });

  test("needs no phone for an unchanged binding declared without one", async () => {
    const { phone: _phone, ...withoutPhone } = inputs;
    await expect(check(withoutPhone, withoutPhone)).resolves.toMatchObject({ failures: [] });
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["an email not known yet", {}, { email: UNKNOWN_VALUE }],
    ["a country code not known yet", {}, { countryCode: UNKNOWN_VALUE }],
    ["an email the old inputs lack", { email: undefined }, { email: "new@example.com" }],
    ["a country code the old inputs lack", { countryCode: undefined }, { countryCode: "852" }],
  ])("asks for no phone at preview for %s", async (_name, olds, news) => {
    const { phone: _phone, ...withoutPhone } = inputs;
    const result = await check({ ...withoutPhone, ...olds }, { ...withoutPhone, ...news });
    expect(result.failures).toEqual([]);
  });

  test("asks for no phone when the binding replaces another member's, even with another email", async () => {
    const { phone: _phone, ...withoutPhone } = inputs;
    const other = { ...withoutPhone, memberUin: 100000000002, email: "bob@example.com" };
    await expect(check(withoutPhone, other)).resolves.toMatchObject({ failures: [] });
  });

  test("asks for no phone when neither the old nor the new inputs name a member", async () => {
    const { phone: _phone, memberUin: _memberUin, ...noMember } = inputs;
    const result = await check(noMember, { ...noMember, email: "new@example.com" });
    expect(result.failures?.map((failure) => failure.property)).toEqual(["memberUin"]);
  });

  test("lets a binding without a phone be created, and leaves the rest to create", async () => {
    const { phone: _phone, ...withoutPhone } = inputs;
    await expect(check({}, withoutPhone)).resolves.toMatchObject({ failures: [] });
  });

  test("returns one failure per bad property", async () => {
    const result = await check({}, { ...inputs, memberUin: "x", phone: "12" });
    expect(result.failures?.map((failure) => failure.property)).toEqual(["memberUin", "phone"]);
  });
});

describe("create", () => {
  test("refuses inputs not known yet, before any API call, saying so", async () => {
    await expect(create({ ...inputs, email: UNKNOWN_VALUE })).rejects.toThrow(
      "Invalid OrganizationMemberEmail inputs: some inputs are not known yet.",
    );
  });
});
