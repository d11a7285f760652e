import fc from "fast-check";
import { check } from "../../provider/resource/lifecycle";
import { examplePhones, hostileString, programInputs } from "../support/hostile-inputs";

/** Generated cases per property; together with the other property suites a run stays within seconds. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);

/** The fixed examples messages show; a generated value may happen to be part of one. */
const fixedExamples = [
  "alice@example.com",
  "13800138000",
  "100000000001",
  String(Number.MAX_SAFE_INTEGER),
  ...examplePhones,
];

/**
 * Shorter values (`1`, `86`, `call`) occur in the sentences themselves; from this length on, finding one
 * in a reason means it was repeated.
 */
const SHORTEST_CHECKED_VALUE = 6;

/** Whether `reason` contains `value` once the property's own name and the fixed examples are set aside. */
function repeats(failure: { property: string; reason: string }, value: unknown): boolean {
  if (typeof value !== "string" || value.length < SHORTEST_CHECKED_VALUE) return false;
  const ownName = failure.property.slice(0, 40);
  const withoutExamples = [ownName, ...fixedExamples].reduce(
    (text, example) => text.split(example).join(" "),
    failure.reason,
  );
  return withoutExamples.includes(value);
}

async function failuresOf(news: unknown): Promise<ReadonlyArray<{ property: string; reason: string }>> {
  const result = await check({}, news as Record<string, unknown>);
  return result.failures ?? [];
}

describe("check, on generated hostile inputs", () => {
  test("never throws, and names the property of each failure at the start of its reason", async () => {
    await fc.assert(
      fc.asyncProperty(programInputs, async (news) => {
        for (const failure of await failuresOf(news)) {
          expect(typeof failure.property).toBe("string");
          expect(failure.reason.startsWith(failure.property.slice(0, 40))).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test("never repeats the email, phone or countryCode it was given, and keeps every reason short", async () => {
    await fc.assert(
      fc.asyncProperty(programInputs, async (news) => {
        for (const failure of await failuresOf(news)) {
          expect(failure.reason.length).toBeLessThan(300);
          for (const property of ["email", "phone", "countryCode"]) {
            expect({ property, repeated: repeats(failure, news[property]) }).toEqual({ property, repeated: false });
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  test("answers failures for inputs that are not an object or whose properties are null or undefined", async () => {
    const notAnObject = fc.oneof(fc.constant(null), fc.constant(undefined), hostileString, fc.integer(), fc.boolean());
    const emptyValues = fc.record({
      memberUin: fc.constantFrom(null, undefined),
      email: fc.constantFrom(null, undefined),
      countryCode: fc.constantFrom(null, undefined),
      phone: fc.constantFrom(null, undefined),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(notAnObject, emptyValues), async (news) => {
        const failures = await failuresOf(news);
        // phone is optional: only a null one fails.
        expect(failures.map((failure) => failure.property)).toEqual(
          expect.arrayContaining(["memberUin", "email", "countryCode"]),
        );
      }),
      { numRuns: 100 },
    );
  });
});
