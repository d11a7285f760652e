import fc from "fast-check";
import mobileExamples from "libphonenumber-js/mobile/examples";
import metadata from "libphonenumber-js/metadata.min.json";

/**
 * Generated inputs for the property tests: values a program could hand the provider by mistake or on
 * purpose, and values near every limit, so that both refusals and acceptances get exercised.
 */

/** Every calling code libphonenumber knows, such as `86` or `1`. */
export const callingCodes: readonly string[] = Object.keys(metadata.country_calling_codes);

const examplesByRegion = mobileExamples as Record<string, string>;

/** The example national mobile numbers of every region, as libphonenumber ships them. */
export const examplePhones: readonly string[] = Object.values(examplesByRegion);

/** The example national mobile numbers of the regions that share a calling code. */
function examplesFor(code: string): string[] {
  const regions: readonly string[] = (metadata.country_calling_codes as Record<string, string[]>)[code] ?? [];
  return regions.map((region) => examplesByRegion[region]).filter((example) => example !== undefined);
}

/** Calling codes with an example number: the codes of a program that can be right. */
const codesWithExamples = callingCodes.filter((code) => examplesFor(code).length > 0);

/** Calling codes whose national numbers, by libphonenumber's lengths, can pass E.164's 15 digits. */
const codesWithLongNumbers = ["49", "62", "81", "82", "234", "598"];

/** Characters that have broken a parser, a terminal, a page or a store somewhere. */
const hostileCharacters = [
  "\u0000",
  "\u0007",
  "\n",
  "\r",
  "\t",
  " ",
  "\u00a0",
  "\u202e",
  "\u202d",
  "\u2066",
  "\u200b",
  "\u200d",
  "\ufeff",
  "\u00ad",
  "<",
  ">",
  '"',
  "'",
  "&",
  "\\",
  "@",
  ".",
  "+",
  "%",
  "\ud800",
  "\udfff",
  "\u{1f600}",
  "é",
  "Ｂ",
  "İ",
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
  return fc.tuple(value, fc.constantFrom(...hostileCharacters), fc.nat()).map(([text, character, at]) => {
    const place = at % (text.length + 1);
    return text.slice(0, place) + character + text.slice(place);
  });
}

/** Strings of a length drawn evenly from min to max (fast-check alone favours short ones), to reach the limits. */
function sized(unit: fc.Arbitrary<string>, min: number, max: number): fc.Arbitrary<string> {
  return fc.integer({ min, max }).chain((length) => fc.string({ unit, minLength: length, maxLength: length }));
}

/** Digit strings of `min` to `max` digits that do not start with 0. */
function digitsFrom(min: number, max: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(..."123456789"), sized(fc.constantFrom(..."0123456789"), min - 1, max - 1))
    .map(([first, rest]) => first + rest);
}

const localChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._'+-");
const labelChar = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

/** Addresses built from the characters addresses use, with parts near the 64 and 254 character limits. */
const plausibleEmail: fc.Arbitrary<string> = fc
  .tuple(
    sized(localChar, 1, 70),
    fc.array(sized(labelChar, 1, 63), { minLength: 1, maxLength: 4 }),
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
  digitsFrom(3, 17),
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

/** A national number for `code`: one of its examples with a changed tail, or a little longer or shorter. */
function nationalNumberFor(code: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...examplesFor(code)), fc.stringMatching(/^[0-9]{0,3}$/), fc.integer({ min: -1, max: 1 }))
    .map(([example, tail, stretch]) => {
      const kept = example.slice(0, Math.max(1, example.length - tail.length));
      const number = kept + tail;
      return stretch < 0 ? number.slice(0, -1) : stretch > 0 ? `${number}5` : number;
    });
}

/** One of `code`'s example mobile numbers with up to its last three digits changed, keeping its length. */
function sameLengthNumberFor(code: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...examplesFor(code)), fc.stringMatching(/^[0-9]{1,3}$/))
    .map(([example, tail]) => example.slice(0, example.length - tail.length) + tail);
}

/**
 * Programs that are right or nearly so: a member of the demo organization, an address near the limits
 * (sometimes with a hostile character), a real calling code and a number shaped for it (sometimes with
 * the calling code or a trunk prefix in front). Check accepts a good share of them.
 */
export const nearlyRightInputs: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.integer({ min: 100000000001, max: 100000002000 }),
    fc.oneof({ weight: 5, arbitrary: plausibleEmail }, { weight: 1, arbitrary: withInsertion(plausibleEmail) }),
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...codesWithExamples) }, fc.constantFrom(...codesWithLongNumbers)),
    fc.option(fc.boolean(), { nil: undefined }),
  )
  .chain(([memberUin, email, countryCode, allowEmailUpdate]) =>
    fc
      .oneof(
        { weight: 6, arbitrary: nationalNumberFor(countryCode) },
        // A mobile number of the right length: its example with the last digits changed.
        { weight: 4, arbitrary: sameLengthNumberFor(countryCode) },
        // At E.164's edge: as many digits as the calling code leaves, or one or two more.
        { weight: 2, arbitrary: digitsFrom(14 - countryCode.length, 17 - countryCode.length) },
        { weight: 1, arbitrary: nationalNumberFor(countryCode).map((phone) => `${countryCode}${phone}`) },
        { weight: 1, arbitrary: nationalNumberFor(countryCode).map((phone) => `0${phone}`) },
      )
      .map((phone) => ({
        memberUin,
        email,
        countryCode,
        phone,
        ...(allowEmailUpdate === undefined ? {} : { allowEmailUpdate }),
      })),
  );

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
