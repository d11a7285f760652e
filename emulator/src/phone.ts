/**
 * Whether a security phone is a mobile number of its country calling code. Tencent Cloud sends the
 * verification codes of a member's security information to this phone, so it must be a mobile number.
 *
 * Written from the public national numbering plans (ITU-T E.164 assignments and each regulator's plan),
 * not taken from a library: the provider validates with libphonenumber, and the emulator is the second,
 * independent implementation its property tests compare against. Each rule is the national significant
 * number (without the trunk prefix 0 and without the calling code) of mobile services; where a calling
 * code serves several territories (1, 7, 44), the rule covers the mobile ranges of all of them.
 */
export interface MobileRule {
  /** The national significant numbers of mobile phones. */
  readonly pattern: RegExp;
  /** What a mobile number looks like there, for messages. */
  readonly example: string;
}

/** Mobile rules by country calling code, for the calling codes most organizations use. */
export const MOBILE_RULES: Readonly<Record<string, MobileRule>> = {
  // China: 11 digits, 13x to 19x (Ministry of Industry and Information Technology numbering plan).
  "86": { pattern: /^1[3-9]\d{9}$/, example: "11 digits starting with 13 to 19, such as 13912345678" },
  // North American Numbering Plan: area code and exchange code each start with 2-9, no N11 area code.
  // Mobile and fixed numbers share the ranges; toll-free (8XX) and premium (900) area codes take no SMS.
  "1": {
    pattern: /^(?!8(?:00|33|44|55|66|77|88)|900)[2-9](?!11)\d{2}[2-9]\d{6}$/,
    example: "10 digits: area code and number, such as 2025550123, not a toll-free 8XX number",
  },
  // Hong Kong: 8 digits; mobile ranges start with 4 to 9 (2 and 3 are fixed lines).
  "852": { pattern: /^[4-9]\d{7}$/, example: "8 digits starting with 4 to 9, such as 51234567" },
  // Macao: 8 digits starting with 6.
  "853": { pattern: /^6\d{7}$/, example: "8 digits starting with 6, such as 66123456" },
  // Taiwan: 9 digits starting with 9 (09xx xxx xxx without the trunk 0).
  "886": { pattern: /^9\d{8}$/, example: "9 digits starting with 9, such as 912345678" },
  // Japan: 070, 080, 090 without the trunk 0: 10 digits.
  "81": { pattern: /^[789]0\d{8}$/, example: "10 digits starting with 70, 80 or 90, such as 9012345678" },
  // South Korea: 010 (and the older 011, 016-019) without the trunk 0: 9 or 10 digits.
  "82": { pattern: /^1[016-9]\d{7,8}$/, example: "9 or 10 digits starting with 10, such as 1012345678" },
  // Singapore: 8 digits starting with 8 or 9.
  "65": { pattern: /^[89]\d{7}$/, example: "8 digits starting with 8 or 9, such as 81234567" },
  // Malaysia: 01x without the trunk 0: 9 or 10 digits.
  "60": { pattern: /^1\d{8,9}$/, example: "9 or 10 digits starting with 1, such as 123456789" },
  // Indonesia: 08xx without the trunk 0: 9 to 12 digits.
  "62": { pattern: /^8\d{8,11}$/, example: "9 to 12 digits starting with 8, such as 812345678" },
  // Thailand: 06, 08, 09 without the trunk 0: 9 digits.
  "66": { pattern: /^[689]\d{8}$/, example: "9 digits starting with 6, 8 or 9, such as 812345678" },
  // Vietnam: 03, 05, 07, 08, 09 without the trunk 0: 9 digits.
  "84": { pattern: /^[35789]\d{8}$/, example: "9 digits starting with 3, 5, 7, 8 or 9, such as 912345678" },
  // Philippines: 09xx without the trunk 0: 10 digits.
  "63": { pattern: /^9\d{9}$/, example: "10 digits starting with 9, such as 9171234567" },
  // India: 10 digits starting with 6 to 9.
  "91": { pattern: /^[6-9]\d{9}$/, example: "10 digits starting with 6 to 9, such as 9123456789" },
  // Australia: 04xx without the trunk 0: 9 digits.
  "61": { pattern: /^4\d{8}$/, example: "9 digits starting with 4, such as 412345678" },
  // United Kingdom, Guernsey, Jersey, Isle of Man: 07xxx without the trunk 0: 10 digits.
  "44": { pattern: /^7\d{9}$/, example: "10 digits starting with 7, such as 7400123456" },
  // Germany: 015x (11 digits), 016x and 017x (10 or 11 digits) without the trunk 0.
  "49": {
    pattern: /^1(?:5\d{9}|[67]\d{8,9})$/,
    example: "10 or 11 digits starting with 15, 16 or 17, such as 15112345678",
  },
  // France: 06 and 07 without the trunk 0: 9 digits.
  "33": { pattern: /^[67]\d{8}$/, example: "9 digits starting with 6 or 7, such as 612345678" },
  // Italy: 3xx, 9 or 10 digits (no trunk prefix is dropped).
  "39": { pattern: /^3\d{8,9}$/, example: "9 or 10 digits starting with 3, such as 3123456789" },
  // Spain: 6xx and 7xx: 9 digits.
  "34": { pattern: /^[67]\d{8}$/, example: "9 digits starting with 6 or 7, such as 612345678" },
  // Russia and Kazakhstan: 9xx (Russia) and 7xx (Kazakhstan) without the trunk 8: 10 digits.
  "7": { pattern: /^[79]\d{9}$/, example: "10 digits starting with 9 (or 7 in Kazakhstan), such as 9123456789" },
  // Brazil: two-digit area code, then 9 and 8 digits: 11 digits.
  "55": { pattern: /^[1-9]{2}9\d{8}$/, example: "11 digits: area code, 9, then 8 digits, such as 11961234567" },
  // United Arab Emirates: 05x without the trunk 0: 9 digits.
  "971": { pattern: /^5\d{8}$/, example: "9 digits starting with 5, such as 501234567" },
};

/**
 * For a calling code without a rule above, the emulator cannot tell mobile from fixed numbers; it only
 * refuses what no E.164 national number is: fewer than 4 digits, a leading 0 (the trunk prefix, which an
 * international number drops), or more than 15 digits with the calling code.
 */
const FALLBACK_PATTERN = /^[1-9]\d{3,14}$/;

/**
 * Whether `phone` (digits only, without the calling code) is a mobile number of `countryCode`. Calling
 * codes listed in {@link MOBILE_RULES} follow their rule; others the fallback.
 */
export function isMobileNumber(countryCode: string, phone: string): boolean {
  const rule = Object.hasOwn(MOBILE_RULES, countryCode) ? MOBILE_RULES[countryCode] : undefined;
  if (rule !== undefined) {
    return rule.pattern.test(phone);
  }
  return FALLBACK_PATTERN.test(phone) && countryCode.length + phone.length <= 15;
}

/** What a valid security phone of `countryCode` looks like, for a refusal's message. */
export function mobileNumberHint(countryCode: string): string {
  const rule = Object.hasOwn(MOBILE_RULES, countryCode) ? MOBILE_RULES[countryCode] : undefined;
  return rule === undefined
    ? `a national number of 4 or more digits not starting with 0, at most 15 digits with the area code`
    : rule.example;
}
