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
  // Mobile and fixed numbers share the ranges; toll-free (8XX), premium (900) and non-geographic (5XX
  // personal, 600, 700, 710) area codes are not phones that receive codes.
  "1": {
    pattern: /^(?!8(?:00|33|44|55|66|77|88)|900|5(?:00|2[1-9]|33|44|66|77|88)|[67]00|710)[2-9](?!11)\d{2}[2-9]\d{6}$/,
    example: "10 digits: area code and number, such as 2025550123, not a toll-free or non-geographic number",
  },
  // Hong Kong: 8 digits; mobile ranges start with 4, 5, 6, 9, 70, 710 and 84 (2 and 3 are fixed lines,
  // the rest of 7 and 8 pagers and personal numbers).
  "852": {
    pattern: /^(?:[4569]\d{7}|710\d{5}|70\d{6}|84\d{6})$/,
    example: "8 digits starting with 4, 5, 6, 9, 70 or 84, such as 51234567",
  },
  // Macao: 8 digits starting with 6.
  "853": { pattern: /^6\d{7}$/, example: "8 digits starting with 6, such as 66123456" },
  // Taiwan: 09xx xxx xxx without the trunk 0, 9 digits (099 are personal numbers).
  "886": { pattern: /^9[0-8]\d{7}$/, example: "9 digits starting with 90 to 98, such as 912345678" },
  // Japan: 060, 070, 080, 090 without the trunk 0: 10 digits (0800 is toll-free).
  "81": {
    pattern: /^(?:60\d|[7-9]0[1-9])\d{7}$/,
    example: "10 digits starting with 60, 70, 80 or 90, such as 9012345678",
  },
  // South Korea: 010 (and the older 011, 012, 016-019) without the trunk 0: 9 or 10 digits.
  "82": { pattern: /^1[0-26-9]\d{7,8}$/, example: "9 or 10 digits starting with 10, such as 1012345678" },
  // Singapore: 8 digits starting with 8 or 9.
  "65": { pattern: /^[89]\d{7}$/, example: "8 digits starting with 8 or 9, such as 81234567" },
  // Malaysia: 01x without the trunk 0: 9 or 10 digits (1-300 and 1-800 are shared-cost and toll-free,
  // 154 internet telephony).
  "60": { pattern: /^1(?!300|800|54)\d{8,9}$/, example: "9 or 10 digits starting with 1, such as 123456789" },
  // Indonesia: 08xx without the trunk 0: 9 to 12 digits (080x are toll-free and premium).
  "62": { pattern: /^8[1-35-9]\d{7,10}$/, example: "9 to 12 digits starting with 8, such as 812345678" },
  // Thailand: 061-066, 0671-0673, 08, 09 and 014 without the trunk 0: 9 digits (060 is internet telephony).
  "66": {
    pattern: /^(?:14\d|6[1-6]\d|67[1-3]|[89]\d\d)\d{6}$/,
    example: "9 digits starting with 6, 8 or 9, such as 812345678",
  },
  // Vietnam: 03, 05, 07, 08, 09 (and the older 012, 014, 016) without the trunk 0: 9 digits.
  "84": {
    pattern: /^(?:[35789]\d|1[246])\d{7}$/,
    example: "9 digits starting with 3, 5, 7, 8 or 9, such as 912345678",
  },
  // Philippines: 09xx (and 0813, 0817, 0895-0898) without the trunk 0: 10 digits.
  "63": { pattern: /^(?:9\d\d|81[37]|89[5-8])\d{7}$/, example: "10 digits starting with 9, such as 9171234567" },
  // India: 10 digits starting with 6 to 9 (and 160). Some fixed-line area codes start with 6 to 8 too;
  // without the operators' tables the emulator cannot tell those apart, and accepts them.
  "91": { pattern: /^(?:[6-9]\d\d|160)\d{7}$/, example: "10 digits starting with 6 to 9, such as 9123456789" },
  // Australia: 04xx without the trunk 0: 9 digits.
  "61": { pattern: /^4\d{8}$/, example: "9 digits starting with 4, such as 412345678" },
  // United Kingdom, Guernsey, Jersey, Isle of Man: 07xxx without the trunk 0, 10 digits (070 are personal
  // numbers and 076 pagers, except the Isle of Man's 07624 mobiles).
  "44": { pattern: /^7(?:[1-57-9]\d{8}|624\d{6})$/, example: "10 digits starting with 7, such as 7400123456" },
  // Germany: 015x (11 digits), 0160, 0162, 0163 and 017x (10 or 11 digits) without the trunk 0 (0164,
  // 0168, 0169 are pagers).
  "49": {
    pattern: /^1(?:5\d{9}|6[023]\d{7,8}|7\d{8,9})$/,
    example: "10 or 11 digits starting with 15, 16 or 17, such as 15112345678",
  },
  // France: 06 and 07 without the trunk 0: 9 digits.
  "33": { pattern: /^[67]\d{8}$/, example: "9 digits starting with 6 or 7, such as 612345678" },
  // Italy: 3xx, 9 or 10 digits (no trunk prefix is dropped); 43x, 10 digits.
  "39": { pattern: /^(?:3\d{8,9}|43\d{8})$/, example: "9 or 10 digits starting with 3, such as 3123456789" },
  // Spain: 6xx and 71x-79x, 9 digits (70x are personal numbers).
  "34": { pattern: /^(?:6\d|7[1-9])\d{7}$/, example: "9 digits starting with 6 or 7, such as 612345678" },
  // Russia and Kazakhstan: 9xx (Russia), 70x, 747, 760-764, 77x and 785 (Kazakhstan) without the trunk 8:
  // 10 digits.
  "7": {
    pattern: /^(?:9\d\d|70\d|747|76[0-4]|77\d|785)\d{7}$/,
    example: "10 digits starting with 9 (or 70, 747, 77 in Kazakhstan), such as 9123456789",
  },
  // Brazil: two-digit area code, then 9 and 8 digits (11 digits), or 7 and 7 digits (10, trunked radio).
  "55": {
    pattern: /^[1-9]{2}(?:9\d{8}|7\d{7})$/,
    example: "11 digits: area code, 9, then 8 digits, such as 11961234567",
  },
  // United Arab Emirates: 05x without the trunk 0: 9 digits.
  "971": { pattern: /^5\d{8}$/, example: "9 digits starting with 5, such as 501234567" },
};

/**
 * For a calling code without a rule above, the emulator cannot tell mobile from fixed numbers; it only
 * refuses what no E.164 national number is: fewer than 4 digits, or more than 15 with the calling code.
 * (A leading 0 is allowed: some countries, such as Benin and Côte d'Ivoire, keep it in international numbers.)
 */
const FALLBACK_PATTERN = /^\d{4,15}$/;

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
    ? "a national number of 4 or more digits, at most 15 digits with the area code"
    : rule.example;
}
