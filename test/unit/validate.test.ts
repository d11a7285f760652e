import { UNKNOWN_VALUE, validateInputs } from "../../provider/validate";

const good = { memberUin: 100000000001, email: "alice@example.com", countryCode: "86", phone: "13800138000" };

describe("validateInputs", () => {
  test.each([
    ["a Chinese mobile number", good],
    ["a US number with country code 1", { ...good, countryCode: "1", phone: "2025550123" }],
    ["a UK number with country code 44", { ...good, countryCode: "44", phone: "7400123456" }],
    ["an email with a subdomain and plus tag", { ...good, email: "ops+tc@mail.example.co.uk" }],
    ["allowEmailUpdate set to true", { ...good, allowEmailUpdate: true }],
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
    ["email", { email: 42 }, /email must be a string/],
    ["countryCode", { countryCode: "+86" }, /1 to 3 digits without "\+".*got "\+86"/],
    ["countryCode", { countryCode: "8600" }, /1 to 3 digits/],
    ["countryCode", { countryCode: "999" }, /not an international calling code/],
    ["phone", { phone: "+8613800138000" }, /digits only/],
    ["phone", { phone: "138 0013 8000" }, /digits only/],
    ["phone", { phone: "1380" }, /too short for country code 86/],
    ["phone", { phone: "1380013800012345" }, /too long for country code 86/],
    ["allowEmailUpdate", { allowEmailUpdate: "yes" }, /allowEmailUpdate must be true or false/],
  ])("refuses a bad %s (%j) and says what a valid value looks like", (property, change, reason) => {
    const result = validateInputs({ ...good, ...change });
    expect(result.inputs).toBeUndefined();
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0].property).toBe(property);
    expect(result.failures[0].reason).toMatch(reason);
  });

  test.each(["memberUin", "email", "countryCode", "phone"])("reports a missing %s as required", (property) => {
    const news: Record<string, unknown> = { ...good };
    delete news[property];
    expect(validateInputs(news).failures).toEqual([{ property, reason: `${property} is required` }]);
  });

  test("reports every bad property at once", () => {
    const result = validateInputs({ memberUin: -1, email: "nope", countryCode: "+1", phone: "x" });
    expect(result.failures.map((failure) => failure.property).sort()).toEqual(["countryCode", "email", "memberUin", "phone"]);
  });

  test("names a misspelt property and lists the real ones", () => {
    const result = validateInputs({ ...good, phoneNumber: "13800138000" });
    expect(result.failures).toEqual([
      { property: "phoneNumber", reason: expect.stringMatching(/not an input.*memberUin, email, countryCode, phone and allowEmailUpdate/) },
    ]);
  });

  test("never repeats the email or phone in a failure, since both are secrets", () => {
    const result = validateInputs({ ...good, email: "secret person@example.com", phone: "13800x38000" });
    const text = JSON.stringify(result.failures);
    expect(text).not.toContain("secret person");
    expect(text).not.toContain("13800x38000");
  });

  test("leaves values that are not known yet during a preview for later, without failing", () => {
    const result = validateInputs({ ...good, email: UNKNOWN_VALUE, phone: UNKNOWN_VALUE });
    expect(result.failures).toEqual([]);
    expect(result.inputs).toBeUndefined();
  });
});
