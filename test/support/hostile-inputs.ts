import fc from "fast-check";
import mobileExamples from "libphonenumber-js/mobile/examples";
import metadata from "libphonenumber-js/metadata.min.json";

/**
 * Generated inputs for the property tests: values a program could hand the provider by mistake or on
 * purpose, and values near every limit, so that both refusals and acceptances get exercised.
 */

/** Every calling code libphonenumber knows, such as `86` or `1`. */
export const callingCodes: readonly string[] = Object.keys(metadata.country_calling_codes);

/** The example national mobile numbers of every region, as libphonenumber ships them. */
export const examplePhones: readonly string[] = Object.values(mobileExamples as Record<string, string>);

/** Characters that have broken a parser, a terminal, a page or a store somewhere. */
const hostileCharacters = [
  "\u0000", "\u0007", "\n", "\r", "\t", " ", "\u00a0", "\u202e", "\u202d", "\u2066", "\u200b", "\u200d", "\ufeff",
  "\u00ad", "<", ">", "\"", "'", "&", "\\", "@", ".", "+", "%", "\ud800", "\udfff", "\u{1f600}", "é", "Ｂ", "İ",
];

/** One UTF-16 code unit of any value, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));

/** Strings of every kind: printable ASCII, any code point, any code unit (lone surrogates), hostile characters. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: codeUnit }),
  fc.string({ unit: fc.constantFrom(...hostileCharacters), maxLength: 8 }),
  fc.integer({ min: 0, max: 300 }).map((length) => "9".repeat(length)),
);

/** Inserts one hostile character into a value at a generated place. */
function withInsertion(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(value, fc.constantFrom(...hostileCharacters), fc.nat())
    .map(([text, character, at]) => text.slice(0, at % (text.length + 1)) + character + text.slice(at % (text.length + 1)));
}

const localChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._'+-");
const labelChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

/** Addresses built from the characters addresses use, with parts near the 64 and 254 character limits. */
const plausibleEmail: fc.Arbitrary<string> = fc
  .tuple(
    fc.string({ unit: localChar, minLength: 1, maxLength: 70 }),
    fc.array(fc.string({ unit: labelChar, minLength: 1, maxLength: 63 }), { minLength: 1, maxLength: 4 }),
    fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzCOM"), minLength: 2, maxLength: 6 }),
  )
  .map(([local, labels, tld]) => `${local}@${labels.join(".")}.${tld}`);

/** Emails: plausible ones, fast-check's RFC-shaped ones, the same with a hostile character, and anything. */
export const emailValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: plausibleEmail },
  { weight: 2, arbitrary: fc.emailAddress() },
  { weight: 2, arbitrary: withInsertion(plausibleEmail) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.anything() },
);

/** Calling codes: real ones, almost real ones, and anything. */
export const countryCodeValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...callingCodes) },
  { weight: 1, arbitrary: fc.constantFrom(...callingCodes).map((code) => `+${code}`) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,5}$/) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.anything() },
);

/** Digit strings shaped like real numbers: an example number with its tail changed, of any possible length. */
const plausiblePhone: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...examplePhones), fc.stringMatching(/^[0-9]{0,4}$/))
    .map(([example, tail]) => example.slice(0, Math.max(1, example.length - tail.length)) + tail),
  fc.stringMatching(/^[1-9][0-9]{2,15}$/),
);

/**
 * Phones for a generated calling code: plausible national numbers, the same with the calling code or a
 * trunk prefix in front (what must be refused), with a hostile character, and anything.
 */
export function phoneValue(countryCode: unknown): fc.Arbitrary<unknown> {
  const code = typeof countryCode === "string" ? countryCode : "86";
  return fc.oneof(
    { weight: 5, arbitrary: plausiblePhone },
    { weight: 1, arbitrary: plausiblePhone.map((phone) => `${code}${phone}`) },
    { weight: 1, arbitrary: plausiblePhone.map((phone) => `0${phone}`) },
    { weight: 1, arbitrary: withInsertion(plausiblePhone) },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.anything() },
  );
}

/** Member uins: members of the emulator's demo organization, other numbers, and anything. */
export const memberUinValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 100000000001, max: 100000002000 }) },
  { weight: 1, arbitrary: fc.oneof(fc.double(), fc.maxSafeInteger(), fc.bigInt()) },
  { weight: 1, arbitrary: fc.anything() },
);

/** The values of a program's inputs, each either generated or absent; sometimes extra properties too. */
export const programInputs: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(memberUinValue, emailValue, countryCodeValue)
  .chain(([memberUin, email, countryCode]) =>
    fc.record(
      {
        memberUin: fc.constant(memberUin),
        email: fc.constant(email),
        countryCode: fc.constant(countryCode),
        phone: phoneValue(countryCode),
        allowEmailUpdate: fc.oneof(fc.boolean(), fc.anything()),
        extra: fc.dictionary(hostileString, fc.anything(), { maxKeys: 2 }),
      },
      { requiredKeys: ["memberUin", "email", "countryCode", "phone"] },
    ),
  )
  .map(({ extra, ...inputs }) => ({ ...(extra ?? {}), ...inputs }));
