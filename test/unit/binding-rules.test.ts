import type { RemoteBinding } from "../../provider/api/client";
import {
  activationLinkExpiry,
  linkExpiry,
  lostUpdateOutcome,
  modificationsAfterUpdate,
  modificationWarning,
  type BindingBefore,
} from "../../provider/resource/binding-rules";

describe("the count of modifications before activation", () => {
  test.each<[string, number | undefined, string | undefined, string | undefined, number, number]>([
    ["an Update of a binding waiting for activation counts one", 1, "Valid", "Valid", 1, 2],
    ["the first Update of a state that counted nothing yet counts one", undefined, "Valid", "Valid", 1, 1],
    ["an Update sent twice after a lost answer that nothing could tell apart counts both", 1, "Valid", "Valid", 2, 3],
    ["a state that does not know its status counts the Update, the stricter reading", 2, undefined, "Valid", 1, 3],
    ["an Update of an active binding counts nothing, and resets nothing", 3, "Success", "Success", 1, 3],
    ["a new email on an active binding makes it wait again, with every count kept", 3, "Success", "Valid", 1, 3],
    ["a binding seen active after the Update was active before: nothing counted", 2, "Valid", "Success", 1, 2],
    ["a failed binding given a new email is a new submission, from zero", 3, "Failed", "Valid", 1, 0],
  ])("%s", (_name, previous, before, after, updates, expected) => {
    expect(modificationsAfterUpdate(previous, before, after, updates)).toBe(expected);
  });
});

describe("the preview's warning about the modification limit", () => {
  const uin = 100000000001;

  test("warns before the last modification of a binding waiting for activation, and not before", () => {
    expect(modificationWarning(uin, "Valid", 0)).toBeUndefined();
    expect(modificationWarning(uin, "Valid", 1)).toBeUndefined();
    expect(modificationWarning(uin, "Valid", 2)).toMatch(/^This change to member 100000000001's binding is the last/);
  });

  test("says a change past the limit will be refused", () => {
    expect(modificationWarning(uin, "Valid", 3)).toMatch(
      /already been modified 3 times while waiting for activation, and Tencent Cloud allows 3: this change will be refused/,
    );
  });

  test("gives no warning for a failed binding, whose new email starts from zero", () => {
    expect(modificationWarning(uin, "Failed", 2, true)).toBeUndefined();
    expect(modificationWarning(uin, "Failed", 3, true)).toBeUndefined();
  });

  test("gives none for a phone change of an active binding, which counts nothing", () => {
    expect(modificationWarning(uin, "Success", 3)).toBeUndefined();
    expect(modificationWarning(uin, "Success", 2, true)).toBeUndefined();
  });

  test("warns when a new email makes an active binding wait again with the three modifications already counted", () => {
    expect(modificationWarning(uin, "Success", 3, true)).toMatchInlineSnapshot(
      `"The new email makes member 100000000001's binding wait for activation again, and it was already modified 3 times while waiting before: Tencent Cloud allows 3, and activation resets nothing, so every further change is refused (LimitExceeded.UpdateEmailBindOverLimit) until the member activates the new email."`,
    );
  });
});

describe("what a binding read back after a lost Update answer says", () => {
  const desired = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13900139003" };
  const before: BindingBefore = {
    email: "alice@example.com",
    countryCode: "86",
    phone: "13800138001",
    applyTime: "2026-11-25 10:00:00",
  };
  const remote = (fields: Partial<RemoteBinding>): RemoteBinding => ({
    bindId: 7,
    email: "alice@example.com",
    countryCode: "86",
    maskedPhone: "13***01",
    bindStatus: "Valid",
    applyTime: "2026-11-25 10:00:00",
    bindTime: "",
    description: "",
    phoneBind: 1,
    ...fields,
  });

  test("a binding that shows the new phone's mask, email and country code shows the Update", () => {
    expect(lostUpdateOutcome(remote({ maskedPhone: "13***03" }), desired, before)).toBe("shown");
  });

  test("the email is compared without letter case, as Tencent compares it", () => {
    const shown = remote({ maskedPhone: "13***03", email: "ALICE@example.com" });
    expect(lostUpdateOutcome(shown, desired, before)).toBe("shown");
  });

  test("a binding still showing the old phone, email or country code does not", () => {
    expect(lostUpdateOutcome(remote({}), desired, before)).toBe("notShown");
    expect(lostUpdateOutcome(remote({ maskedPhone: "13***03", email: "bob@example.com" }), desired, before)).toBe(
      "notShown",
    );
    expect(lostUpdateOutcome(remote({ maskedPhone: "13***03", countryCode: "852" }), desired, before)).toBe("notShown");
    expect(lostUpdateOutcome(undefined, desired, before)).toBe("notShown");
  });

  test("a new phone masked like the old one shows the Update only by a new ApplyTime", () => {
    const sameMask = { ...desired, phone: "13800138101" };
    expect(lostUpdateOutcome(remote({}), sameMask, before)).toBe("unknowable");
    expect(lostUpdateOutcome(remote({ applyTime: "2026-11-26 09:00:00" }), sameMask, before)).toBe("shown");
    expect(lostUpdateOutcome(remote({}), sameMask, { ...before, applyTime: "" })).toBe("unknowable");
  });

  test("a state holding the API's masked phone is compared by that mask", () => {
    expect(lostUpdateOutcome(remote({}), { ...desired, phone: "13800138101" }, { ...before, phone: "13***01" })).toBe(
      "unknowable",
    );
    expect(lostUpdateOutcome(remote({ maskedPhone: "13***03" }), desired, { ...before, phone: "13***01" })).toBe(
      "shown",
    );
  });
});

describe("the activation link's expiry", () => {
  test("is 15 days to the second after the link was sent", () => {
    const sent = new Date("2026-11-25T10:00:00.000Z");
    expect(activationLinkExpiry(sent).toISOString()).toBe("2026-12-10T10:00:00.000Z");
    expect(activationLinkExpiry(sent).getTime() - sent.getTime()).toBe(15 * 24 * 60 * 60 * 1000);
  });

  test("is written in UTC to the second, as the audit and the messages show it", () => {
    expect(linkExpiry(new Date("2026-11-25T10:00:00.999Z"))).toBe("2026-12-10 10:00:00 UTC");
  });
});
