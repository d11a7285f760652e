import fc from "fast-check";
import {
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberFromString,
} from "libphonenumber-js/max";
import examples from "libphonenumber-js/mobile/examples";
import { isMobileNumber, MOBILE_RULES, mobileNumberHint } from "../../emulator/src/phone";

describe("isMobileNumber, the emulator's own mobile rules", () => {
  it.each([
    ["86", "13912345678"],
    ["86", "19912345678"],
    ["49", "15112345678"],
    ["49", "1701234567"],
    ["1", "2025550123"],
    ["852", "51234567"],
    ["44", "7400123456"],
    ["81", "9012345678"],
  ])("accepts the mobile number %s %s", (countryCode, phone) => {
    expect(isMobileNumber(countryCode, phone)).toBe(true);
  });

  it.each([
    ["86", "2012345678", "a Beijing landline"],
    ["86", "4001234567", "a 400 service number"],
    ["86", "1234567", "7 digits"],
    ["86", "12912345678", "11 digits starting with 12"],
    ["49", "4915112345678", "a German mobile number written with its calling code"],
    ["49", "3012345678", "a Berlin landline"],
    ["1", "8005550123", "a toll-free number"],
    ["1", "12025550123", "a NANP number with its trunk 1"],
    ["852", "21234567", "a Hong Kong landline"],
    ["44", "2071234567", "a London landline"],
    ["81", "312345678", "a Tokyo landline"],
  ])("refuses %s %s (%s)", (countryCode, phone) => {
    expect(isMobileNumber(countryCode, phone)).toBe(false);
  });

  it("takes any 4 to 15 digits for a calling code it has no rule for, up to 15 digits in all (E.164)", () => {
    expect(isMobileNumber("229", "0195123456")).toBe(true);
    expect(isMobileNumber("999", "123")).toBe(false);
    expect(isMobileNumber("999", "1234567890123")).toBe(false);
    expect(mobileNumberHint("999")).toBe("a national number of 4 or more digits, at most 15 digits with the area code");
  });

  // The provider validates phones with libphonenumber; its check must never let through a number the
  // emulator refuses. So for the calling codes the emulator has rules for, every number libphonenumber
  // calls mobile (as written, not after stripping a prefix) must pass the emulator's rule too.
  it("accepts every number libphonenumber types as mobile, for each calling code it has a rule for", () => {
    // Numbers near each country's example mobile number (its first 1 to 4 digits kept, the rest random,
    // one digit shorter or longer at times), so that most of them fall in or next to mobile ranges.
    const seeds = getCountries()
      .map((country) => ({ countryCode: getCountryCallingCode(country), example: getExampleNumber(country, examples) }))
      .filter(({ countryCode, example }) => Object.hasOwn(MOBILE_RULES, countryCode) && example !== undefined)
      .map(({ countryCode, example }) => ({ countryCode, national: example?.nationalNumber ?? "" }));
    let mobiles = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: -1, max: 1 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 16, maxLength: 16 }),
        ({ countryCode, national }, kept, delta, digits) => {
          const phone = (national.slice(0, kept) + digits.join("")).slice(0, national.length + delta);
          const parsed = parsePhoneNumberFromString(`+${countryCode}${phone}`);
          const type = parsed?.isValid() && parsed.nationalNumber === phone ? parsed.getType() : undefined;
          if (type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE") {
            mobiles += 1;
            expect(isMobileNumber(countryCode, phone)).toBe(true);
          }
        },
      ),
      { numRuns: 20_000 },
    );
    // The generated numbers reach the rules: thousands of them are mobile numbers.
    expect(mobiles).toBeGreaterThan(2_000);
  });

  it("accepts libphonenumber's example mobile number of every country", () => {
    const refused = getCountries().filter((country) => {
      const example = getExampleNumber(country, examples);
      return example !== undefined && !isMobileNumber(getCountryCallingCode(country), example.nationalNumber);
    });
    expect(refused).toEqual([]);
  });
});
