import {
  isMobileNumber,
  memberUinFromId,
  sameEmail,
  UNKNOWN_VALUE,
  validateInputs,
} from "../../provider/resource/validate";

const good = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138000" };

describe("validateInputs", () => {
  test.each([
    ["a Chinese mobile number", good],
    ["a US number with country code 1", { ...good, countryCode: "1", phone: "2025550123" }],
    ["a UK number with country code 44", { ...good, countryCode: "44", phone: "7400123456" }],
    ["an email with a subdomain and plus tag", { ...good, email: "ops+tc@mail.example.co.uk" }],
    ["allowEmailUpdate set to true", { ...good, allowEmailUpdate: true }],
    [
      "no phone, for a binding adopted as it is",
      { memberUin: 100000000001, email: "alice@example.com", countryCode: "86" },
    ],
    ["an activationReminder token", { ...good, activationReminder: "2026-11" }],
  ])("accepts %s", (_name, news) => {
    const result = validateInputs({ ...news, __provider: "serialized" });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toEqual(news);
  });

  test.each([
    ["memberUin", { memberUin: "100000000001" }, /memberUin must be a number.*100000000001/],
    ["memberUin", { memberUin: 0 }, /memberUin must be positive/],
    ["memberUin", { memberUin: -5 }, /memberUin must be positive/],
    ["memberUin", { memberUin: 1.5 }, /memberUin must be a whole number/],
    ["memberUin", { memberUin: 2 ** 60 }, /no larger than 9007199254740991/],
    ["email", { email: "alice.example.com" }, /exactly one @/],
    ["email", { email: "alice@@example.com" }, /exactly one @/],
    ["email", { email: "alice@example" }, /dotted domain/],
    ["email", { email: "alice smith@example.com" }, /must not contain spaces/],
    ["email", { email: "alice@example.com." }, /a name before the @ and a dotted domain after it/],
    [
      "email",
      { email: "alice@exa_mple.com" },
      /^email's domain must be names of letters, digits and inner hyphens \(at most 63 characters each\) separated by dots, such as example\.com$/,
    ],
    ["email", { email: "alice@-example.com" }, /domain must be names of letters, digits and inner hyphens/],
    ["email", { email: "alice@example-.com" }, /domain must be names of letters, digits and inner hyphens/],
    ["email", { email: `alice@${"a".repeat(64)}.com` }, /at most 63 characters each/],
    ["email", { email: "alice@example.com1" }, /not a valid address/],
    ["email", { email: 42 }, /email must be a string/],
    ["countryCode", { countryCode: "+86" }, /1 to 3 digits without "\+"/],
    ["countryCode", { countryCode: "8600" }, /1 to 3 digits/],
    ["countryCode", { countryCode: "999" }, /not an international calling code/],
    ["phone", { phone: "+8613800138000" }, /digits only/],
    ["phone", { phone: "138 0013 8000" }, /digits only/],
    ["phone", { phone: "1380" }, /too short for its countryCode.*"13123456789"/],
    ["phone", { phone: "1" }, /too short for its countryCode.*"13123456789"/],
    ["phone", { phone: "861" }, /too short for its countryCode.*"13123456789"/],
    ["phone", { phone: "9913800138000" }, /too long for its countryCode.*"13123456789"/],
    [
      "phone",
      { countryCode: "7", phone: "22222222222" },
      /does not have a possible length for its countryCode.*"9123456789"/,
    ],
    ["phone", { phone: "1380013800012" }, /too long for its countryCode.*"13123456789"/],
    ["phone", { phone: "8613912345678" }, /exactly the national number, without the calling code.*"13123456789"/],
    ["phone", { phone: "013912345678" }, /exactly the national number.*trunk prefix \(0 in many.*"13123456789"/],
    ["phone", { countryCode: "44", phone: "447400123456" }, /exactly the national number.*"7400123456"/],
    ["phone", { countryCode: "44", phone: "07400123456" }, /exactly the national number.*"7400123456"/],
    ["phone", { phone: "1380013800012345" }, /at most 15 digits \(E\.164\)/],
    // libphonenumber allows German numbers of 14 digits; with the calling code 49 they exceed E.164.
    ["phone", { countryCode: "49", phone: "30123456789012" }, /at most 15 digits \(E\.164\)/],
    ["email", { email: `${"a".repeat(65)}@example.com` }, /at most 64 characters before the @/],
    ["email", { email: `alice@${"a".repeat(250)}.com` }, /at most 254 characters/],
    ["email", { email: "ali\u202ece@example.com" }, /not a valid address/],
    ["email", { email: "ali\u200bce@example.com" }, /not a valid address/],
    ["email", { email: "ali\u0007ce@example.com" }, /not a valid address/],
    ["email", { email: "<b>alice</b>@example.com" }, /not a valid address/],
    ["email", { email: "ali\ud800ce@example.com" }, /not a valid address/],
    ["allowEmailUpdate", { allowEmailUpdate: "yes" }, /allowEmailUpdate must be true or false/],
    ["activationReminder", { activationReminder: 202611 }, /activationReminder must be a string.*"2026-11"/],
  ])("refuses a bad %s (%j) and says what a valid value looks like", (property, change, reason) => {
    const result = validateInputs({ ...good, ...change });
    expect(result.inputs).toBeUndefined();
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0].property).toBe(property);
    expect(result.failures[0].reason).toMatch(reason);
  });

  test.each(["memberUin", "email", "countryCode"])("reports a missing %s as required", (property) => {
    const news: Record<string, unknown> = { ...good };
    delete news[property];
    expect(validateInputs(news).failures).toEqual([{ property, reason: `${property} is required` }]);
  });

  test("accepts one-letter labels and labels of 63 characters in the email's domain", () => {
    for (const email of ["alice@x.example.com", `alice@${"a".repeat(63)}.com`]) {
      expect(validateInputs({ ...good, email }).failures).toEqual([]);
    }
  });

  test("leaves an optional input the program did not set out of the inputs altogether", () => {
    const { phone: _phone, ...withoutPhone } = good;
    expect(Object.keys(validateInputs(withoutPhone).inputs ?? {})).toEqual(["memberUin", "email", "countryCode"]);
  });

  test("reports every bad property at once", () => {
    const result = validateInputs({ memberUin: -1, email: "nope", countryCode: "+1", phone: "x" });
    expect(result.failures.map((failure) => failure.property).sort()).toEqual([
      "countryCode",
      "email",
      "memberUin",
      "phone",
    ]);
  });

  test("names a misspelt property and lists the real ones", () => {
    const result = validateInputs({ ...good, phoneNumber: "13800138000" });
    expect(result.failures).toEqual([
      {
        property: "phoneNumber",
        reason: expect.stringMatching(
          /not an input.*memberUin, email, countryCode, phone, allowEmailUpdate and activationReminder/,
        ),
      },
    ]);
  });

  test("names an unknown property of 40 characters whole, and a longer one by its first 40", () => {
    const name40 = "p".repeat(40);
    const [whole] = validateInputs({ ...good, [name40]: 1 }).failures;
    expect(whole.reason).toMatch(new RegExp(`^${name40} is not an input of OrganizationMemberEmail`));
    const [cut] = validateInputs({ ...good, [`${name40}q`]: 1 }).failures;
    expect(cut.reason).toMatch(new RegExp(`^${name40}… is not an input of OrganizationMemberEmail`));
  });

  test("never repeats the email or phone in a failure, since both are secrets", () => {
    const result = validateInputs({ ...good, email: "secret person@example.com", phone: "13800x38000" });
    const text = JSON.stringify(result.failures);
    expect(text).not.toContain("secret person");
    expect(text).not.toContain("13800x38000");
  });

  test("accepts addresses at the standard limits: 64 characters before the @, 254 in all", () => {
    const longest = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(longest).toHaveLength(254);
    expect(validateInputs({ ...good, email: longest }).failures).toEqual([]);
  });

  test.each([
    ["a German mobile number", "49", "15112345678"],
    ["a Chinese mobile number", "86", "13912345678"],
    ["a US number, where mobile and landline numbers look alike", "1", "2025550123"],
  ])("accepts %s as the security phone", (_name, countryCode, phone) => {
    expect(validateInputs({ ...good, countryCode, phone }).failures).toEqual([]);
  });

  const notMobile =
    "phone must be a mobile number of its countryCode: the security phone receives Tencent Cloud's verification " +
    "codes by text message, so landline, toll-free and short numbers are refused; give a mobile number";
  test.each([
    ["a Beijing landline", "86", "2012345678", `${notMobile}, like "13123456789"`],
    ["a 400 service number", "86", "4001234567", `${notMobile}, like "13123456789"`],
    ["a 7-digit local number", "86", "1234567", `${notMobile}, like "13123456789"`],
    ["a US toll-free number", "1", "8005550123", `${notMobile}, like "2015550123"`],
    [
      "a German mobile number written with its calling code",
      "49",
      "4915112345678",
      'phone must be the national number without the calling code: it starts with its countryCode followed by a mobile number, like "15123456789"',
    ],
  ])("refuses %s as the security phone and says it must be a mobile number", (_name, countryCode, phone, reason) => {
    expect(validateInputs({ ...good, countryCode, phone }).failures).toEqual([{ property: "phone", reason }]);
  });

  test.each([
    ["a phone pasted into countryCode", { countryCode: "+8613800138000" }, "+8613800138000"],
    ["an email pasted into countryCode", { countryCode: "alice@example.com" }, "alice@example.com"],
    ["a phone with its calling code", { phone: "8613912345678" }, "8613912345678"],
    ["a phone with a trunk prefix", { phone: "013912345678" }, "013912345678"],
    ["a phone too long for E.164", { phone: "1380013800012345" }, "1380013800012345"],
    ["an email too long", { email: `${"x".repeat(300)}@example.com` }, "x".repeat(300)],
  ])("does not repeat %s in its failure", (_name, change, value) => {
    const result = validateInputs({ ...good, ...change });
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0].reason).not.toContain(value);
  });

  const huge = "x".repeat(1024 * 1024);
  test.each([
    ["countryCode", "countryCode", { countryCode: "8".repeat(1024 * 1024) }],
    ["email", "email", { email: `${"a".repeat(1024 * 1024)}@example.com` }],
    ["phone", "phone", { phone: "1".repeat(1024 * 1024) }],
    ["memberUin", "memberUin", { memberUin: "1".repeat(1024 * 1024) }],
    ["the name of an unknown property", huge, { [huge]: 1 }],
  ])("keeps the failure short when %s is a megabyte long", (_name, property, change) => {
    const result = validateInputs({ ...good, ...change });
    expect(result.failures.map((failure) => failure.property)).toEqual([property]);
    expect(result.failures[0].reason.length).toBeLessThan(300);
  });

  test.each([
    ["null", null],
    ["undefined", undefined],
    ["a string", "alice@example.com"],
  ])("answers failures, not an exception, when the inputs are %s", (_name, news) => {
    const result = validateInputs(news);
    expect(result.inputs).toBeUndefined();
    expect(result.failures.map((failure) => failure.property)).toEqual(["memberUin", "email", "countryCode"]);
  });

  test("answers failures, not an exception, when every property is null", () => {
    const nulls = { memberUin: null, email: null, countryCode: null, phone: null, allowEmailUpdate: null };
    const result = validateInputs(nulls);
    expect(result.failures.map((failure) => failure.property)).toEqual([
      "memberUin",
      "email",
      "countryCode",
      "phone",
      "allowEmailUpdate",
    ]);
  });

  test("leaves values that are not known yet during a preview for later, without failing", () => {
    // The engine's placeholder for an unknown value (sdk/go/common/resource/plugin's UnknownStringValue).
    expect(UNKNOWN_VALUE).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    const result = validateInputs({ ...good, email: UNKNOWN_VALUE, phone: UNKNOWN_VALUE });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toBeUndefined();
  });
});

describe("memberUinFromId", () => {
  test.each([
    ["100000000001", 100000000001],
    ["1", 1],
    ["9007199254740991", 9007199254740991],
  ])("reads the canonical uin %s", (id, uin) => {
    expect(memberUinFromId(id)).toBe(uin);
  });

  const oddIds = ["0100000000001", "+100000000001", " 100000000001", "100000000001 ", "1e3", "0b1100", "0x10"];
  const notIds = ["0", "-1", "1.0", "", "9007199254740992", "１００"];
  test.each([...oddIds, ...notIds])("refuses the id %j with what an id looks like", (id) => {
    expect(() => memberUinFromId(id)).toThrow(/decimal digits without sign, leading zero or spaces.*100000000001/);
  });

  test("refuses an id that is not a string, naming its type", () => {
    expect(() => memberUinFromId(100000000001)).toThrow(/such as 100000000001; got number\.$/);
  });

  test("keeps the refusal short for a huge id", () => {
    const message = (() => {
      try {
        memberUinFromId("9".repeat(1024 * 1024));
      } catch (error) {
        return (error as Error).message;
      }
      return "";
    })();
    expect(message.length).toBeGreaterThan(0);
    expect(message.length).toBeLessThan(300);
  });
});

describe("isMobileNumber", () => {
  test("a number written with a trunk prefix is not the national number, so not a mobile number", () => {
    expect(isMobileNumber("13800138000", "86")).toBe(true);
    expect(isMobileNumber("013800138000", "86")).toBe(false);
  });

  test("digits that are no number at all are not a mobile number", () => {
    expect(isMobileNumber("1", "86")).toBe(false);
  });
});

describe("sameEmail", () => {
  test("treats addresses that differ only in letter case as the same", () => {
    expect(sameEmail("Alice@Example.com", "alice@example.COM")).toBe(true);
  });

  test("tells different addresses apart", () => {
    expect(sameEmail("alice@example.com", "alice2@example.com")).toBe(false);
  });
});
