import * as v from "valibot";
import {
  getExampleNumber,
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from "libphonenumber-js";
// Number types (mobile, fixed line, toll free) are only in the full metadata; the install is the same
// either way (libphonenumber-js ships every build), only this check loads the larger file.
import { parsePhoneNumberFromString as parseWithTypes } from "libphonenumber-js/max";
import mobileExamples from "libphonenumber-js/mobile/examples";
import metadata from "libphonenumber-js/metadata.min.json";

/**
 * The value the engine sends for an input that is not known yet during a preview (it is computed from
 * another resource's output). Such a value is validated once it is known, at `pulumi up`.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The inputs of one binding once they are valid. */
export interface BindingInputs {
  /** The member's account uin. */
  readonly memberUin: number;
  /** The email to bind. */
  readonly email: string;
  /** The security phone's international calling code, digits only, such as `86`. */
  readonly countryCode: string;
  /**
   * The security phone, digits only, without the calling code. Absent: the phone is not managed, and the
   * member's existing binding is adopted as it is.
   */
  readonly phone?: string;
  /** Whether a change of email may be applied in place. */
  readonly allowEmailUpdate?: boolean;
  /** A token whose change sends the activation email again while the binding waits for activation. */
  readonly activationReminder?: string;
}

/** One invalid property: its name and what a valid value looks like. */
export interface ValidationFailure {
  /** The input property, such as `phone`. */
  readonly property: string;
  /** What is wrong and what a valid value looks like. */
  readonly reason: string;
}

const callingCodes: Readonly<Record<string, unknown>> = metadata.country_calling_codes;

const memberUin = v.pipe(
  v.number("memberUin must be a number, the member's account uin such as 100000000001"),
  v.check(
    (uin: number) => Number.isSafeInteger(uin),
    `memberUin must be a whole number no larger than ${Number.MAX_SAFE_INTEGER}, such as 100000000001`,
  ),
  v.check((uin) => uin > 0, "memberUin must be positive, such as 100000000001"),
);

/** The standard limit of an address (RFC 5321 with its erratum 1690): 254 characters. */
export const MAX_EMAIL_LENGTH = 254;
/** The standard limit of an address's local part, before the @ (RFC 5321): 64 characters. */
export const MAX_EMAIL_LOCAL_PART_LENGTH = 64;

/** E.164: the calling code and the national number together have at most 15 digits. */
export const MAX_E164_DIGITS = 15;

/**
 * The characters an address may have: a local part of letters, digits and `_ ' + -` in dot-separated parts,
 * not ending with `'`, and a domain of letters, digits and hyphens ending in a top-level domain of letters
 * (the pattern zod 4 used for this check). No control, invisible or bidirectional character, no markup.
 */
const EMAIL_PATTERN =
  /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

// No message repeats the value it checks: email, phone and a mistyped countryCode (often a phone
// pasted into the wrong field) are personal data, and a value of any size must give a short message.
// Checks stop at the first that fails (validateInputs parses with abortPipeEarly), so a huge value is
// measured once and never run through the patterns.
const email = v.pipe(
  v.string("email must be a string, an address such as alice@example.com"),
  v.check(
    (value) => value.length <= MAX_EMAIL_LENGTH,
    `email must be at most ${MAX_EMAIL_LENGTH} characters, the standard limit of an address`,
  ),
  v.check((value) => !/\s/.test(value), "email must not contain spaces; use an address such as alice@example.com"),
  v.check(
    (value) => value.split("@").length === 2,
    "email must contain exactly one @; use an address such as alice@example.com",
  ),
  v.check(
    (value) => value.indexOf("@") <= MAX_EMAIL_LOCAL_PART_LENGTH,
    `email must have at most ${MAX_EMAIL_LOCAL_PART_LENGTH} characters before the @, the standard limit`,
  ),
  v.check(
    (value) => /^[^@]+@[^@.]+(\.[^@.]+)+$/.test(value),
    "email must have a name before the @ and a dotted domain after it, such as alice@example.com",
  ),
  // A domain is host names (RFC 1035): letters, digits and inner hyphens, at most 63 characters a label.
  v.check(
    (value) =>
      value
        .slice(value.indexOf("@") + 1)
        .split(".")
        .every(isHostLabel),
    "email's domain must be names of letters, digits and inner hyphens (at most 63 characters each) " +
      "separated by dots, such as example.com",
  ),
  v.regex(EMAIL_PATTERN, "email is not a valid address; use one such as alice@example.com"),
);

/** A label of a host name: letters and digits, hyphens only inside, 1 to 63 characters (RFC 1035). */
function isHostLabel(label: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label);
}

const countryCode = v.pipe(
  v.string('countryCode must be a string of 1 to 3 digits, the international calling code such as "86" or "1"'),
  v.check(
    (value) => /^[0-9]{1,3}$/.test(value),
    'countryCode must be 1 to 3 digits without "+", the international calling code such as "86" or "1"',
  ),
  v.check(
    (value) => callingCodes[value] !== undefined,
    'countryCode is not an international calling code; use one such as "86" or "1"',
  ),
);

const phoneDigits = v.pipe(
  v.string('phone must be a string of digits, the mobile number without the country code, such as "13800138000"'),
  v.check(
    (value) => /^[0-9]+$/.test(value),
    'phone must contain digits only, without "+", spaces or the country code, such as "13800138000"',
  ),
);

const allowEmailUpdate = v.optional(v.boolean("allowEmailUpdate must be true or false"));

const activationReminder = v.optional(
  v.string('activationReminder must be a string, a token such as "2026-11" that you change to remind the member'),
);

const schemas = {
  memberUin,
  email,
  countryCode,
  phone: v.optional(phoneDigits),
  allowEmailUpdate,
  activationReminder,
} as const;

/** The inputs a program may leave out. */
const optionalProperties = new Set<string>(["phone", "allowEmailUpdate", "activationReminder"]);
const bindingSchema = v.object(schemas);

/** Each schema stops at its first failed check: one message per property, and no pattern run on a huge value. */
const PARSE_CONFIG = { abortPipeEarly: true } as const;

/** The properties a program may set; `__provider` is the engine's own. */
const knownProperties = new Set<string>([...Object.keys(schemas), "__provider"]);

const phoneLengthReasons: Readonly<Record<string, string>> = {
  TOO_SHORT: "is too short for its countryCode",
  TOO_LONG: "is too long for its countryCode",
  INVALID_LENGTH: "does not have a possible length for its countryCode",
  NOT_A_NUMBER: "is not a phone number",
};

/** How a national mobile number of calling code `code` looks, from libphonenumber's examples. */
function phoneShape(code: string): string {
  const regions = callingCodes[code];
  // The examples are keyed by region; the first region of a calling code is its main one.
  const region: unknown = Array.isArray(regions) ? regions[0] : undefined;
  const example =
    // Stryker disable next-line ConditionalExpression,LogicalOperator: every calling code of the metadata has a supported first region; the guard is for its types
    typeof region === "string" && isSupportedCountry(region) ? getExampleNumber(region, mobileExamples) : undefined;
  return example ? `, like "${example.nationalNumber}"` : "";
}

/**
 * The phone rules, for a phone of digits and a known calling code: the phone must be exactly the national
 * number. libphonenumber's length check strips a leading calling code or trunk prefix before measuring
 * (`8613912345678` and `013912345678` pass for 86), so the parsed national number must be the phone itself,
 * and E.164 caps the calling code and the phone at 15 digits together. Undefined when the phone is right.
 */
export function phoneProblem(phone: string, code: string): string | undefined {
  if (code.length + phone.length > MAX_E164_DIGITS) {
    return (
      `phone is too long: with its countryCode a phone number has at most ${MAX_E164_DIGITS} digits (E.164); ` +
      `give the national number alone${phoneShape(code)}`
    );
  }
  const parsed = parsePhoneNumberFromString(phone, { defaultCallingCode: code });
  if (parsed !== undefined && parsed.nationalNumber !== phone) {
    return (
      "phone must be exactly the national number, without the calling code or a trunk prefix (0 in many countries)" +
      phoneShape(code)
    );
  }
  if (phone.startsWith(code) && isMobileNumber(phone.slice(code.length), code)) {
    return (
      "phone must be the national number without the calling code: it starts with its countryCode " +
      `followed by a mobile number${phoneShape(code)}`
    );
  }
  const result = validatePhoneNumberLength(phone, { defaultCallingCode: code });
  if (result !== undefined) {
    const reason = phoneLengthReasons[result] ?? "is not a possible number for its countryCode";
    return `phone ${reason}; give the national number alone${phoneShape(code)}`;
  }
  if (!isMobileNumber(phone, code)) {
    return (
      "phone must be a mobile number of its countryCode: the security phone receives Tencent Cloud's " +
      `verification codes by text message, so landline, toll-free and short numbers are refused; give a mobile number${phoneShape(code)}`
    );
  }
  return undefined;
}

/**
 * The number types a security phone may have. Where the numbering plan cannot tell a mobile number from a
 * landline (the United States and Canada), libphonenumber answers FIXED_LINE_OR_MOBILE, and that is accepted.
 */
const mobileTypes: ReadonlySet<string | undefined> = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

/** Whether `national` is a valid mobile number of calling code `code`, by libphonenumber's full metadata. */
export function isMobileNumber(national: string, code: string): boolean {
  const parsed = parseWithTypes(national, { defaultCallingCode: code });
  if (parsed === undefined || parsed.nationalNumber !== national || !parsed.isValid()) return false;
  return mobileTypes.has(parsed.getType());
}

/** Whether a value is the engine's placeholder for a value not known yet. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** At most this many characters of a property's name go into a message, so a message stays short. */
const MAX_NAME_IN_MESSAGE = 40;

function nameForMessage(name: string): string {
  return name.length > MAX_NAME_IN_MESSAGE ? `${name.slice(0, MAX_NAME_IN_MESSAGE)}…` : name;
}

/**
 * Validates a program's inputs before any API call. Every invalid property gets one failure that names
 * it and says what a valid value looks like; inputs that are not an object at all (null, undefined)
 * fail like an empty object. `inputs` is set only when there is no failure and every value is known.
 */
export function validateInputs(news: unknown): {
  readonly inputs?: BindingInputs;
  readonly failures: ValidationFailure[];
} {
  const given: Readonly<Record<string, unknown>> =
    typeof news === "object" && news !== null ? (news as Readonly<Record<string, unknown>>) : {};
  const failures: ValidationFailure[] = [];
  const valid: Record<string, unknown> = {};
  let allKnown = true;
  for (const [property, schema] of Object.entries(schemas)) {
    // Own properties only: `constructor` or `toString` inherited from Object.prototype is not an input.
    const value = Object.hasOwn(given, property) ? given[property] : undefined;
    if (isUnknown(value)) {
      allKnown = false;
      continue;
    }
    if (value === undefined && !optionalProperties.has(property)) {
      failures.push({ property, reason: `${property} is required` });
      continue;
    }
    const result = v.safeParse(schema, value, PARSE_CONFIG);
    if (result.success) {
      // An absent optional input stays absent: the engine's wire format has no `undefined`.
      if (result.output !== undefined) valid[property] = result.output;
    } else failures.push({ property, reason: result.issues[0].message });
  }
  if (typeof valid.phone === "string" && typeof valid.countryCode === "string") {
    const problem = phoneProblem(valid.phone, valid.countryCode);
    if (problem) failures.push({ property: "phone", reason: problem });
  }
  for (const property of Object.keys(given)) {
    if (!knownProperties.has(property)) {
      failures.push({
        property,
        reason:
          `${nameForMessage(property)} is not an input of OrganizationMemberEmail; ` +
          "the inputs are memberUin, email, countryCode, phone, allowEmailUpdate and activationReminder",
      });
    }
  }
  if (failures.length > 0 || !allKnown) return { failures };
  const inputs: BindingInputs = v.parse(bindingSchema, valid, PARSE_CONFIG);
  return { inputs, failures };
}

/**
 * The member uin a resource id names. Only a canonical decimal uin is an id: no sign, no leading zero,
 * no spaces, no exponent or radix prefix, at most 2^53-1. `Number(id)` would read `0100000000001`,
 * `+100000000001`, ` 100000000001`, `1e3` or `0b1100` as some member and keep the odd id.
 */
export function memberUinFromId(id: unknown): number {
  const uin = typeof id === "string" && /^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : Number.NaN;
  if (!Number.isSafeInteger(uin)) {
    const shown = typeof id === "string" ? JSON.stringify(nameForMessage(id)) : typeof id;
    throw new Error(
      "The id of an OrganizationMemberEmail is the member's uin in decimal digits without sign, leading zero " +
        `or spaces, at most ${Number.MAX_SAFE_INTEGER}, such as 100000000001; got ${shown}.`,
    );
  }
  return uin;
}

/**
 * Whether two emails are the same address. Letter case does not count: Tencent Cloud compares addresses
 * without it, so `Alice@Example.com` declared and `alice@example.com` bound are one binding. Diff, update,
 * read and adoption all compare through this one function (by way of `emailMatches`, which adds masked emails).
 */
export function sameEmail(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
