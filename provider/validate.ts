import { z } from "zod";
import { validatePhoneNumberLength } from "libphonenumber-js";
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
  /** The security phone, digits only, without the calling code. */
  readonly phone: string;
  /** Whether a change of email may be applied in place. */
  readonly allowEmailUpdate?: boolean;
}

/** One invalid property: its name and what a valid value looks like. */
export interface ValidationFailure {
  /** The input property, such as `phone`. */
  readonly property: string;
  /** What is wrong and what a valid value looks like. */
  readonly reason: string;
}

const callingCodes: Readonly<Record<string, unknown>> = metadata.country_calling_codes;

const memberUin = z
  .number({ error: "memberUin must be a number, the member's account uin such as 100000000001" })
  .refine(Number.isSafeInteger, {
    error: `memberUin must be a whole number no larger than ${Number.MAX_SAFE_INTEGER}, such as 100000000001`,
  })
  .refine((uin) => uin > 0, { error: "memberUin must be positive, such as 100000000001" });

// The email's own value is never repeated in a message: it is personal data and a secret in state.
const email = z
  .string({ error: "email must be a string, an address such as alice@example.com" })
  .refine((value) => !/\s/.test(value), { error: "email must not contain spaces; use an address such as alice@example.com" })
  .refine((value) => value.split("@").length === 2, {
    error: "email must contain exactly one @; use an address such as alice@example.com",
  })
  .refine((value) => /^[^@]+@[^@.]+(\.[^@.]+)+$/.test(value), {
    error: "email must have a name before the @ and a dotted domain after it, such as alice@example.com",
  })
  .pipe(z.email({ error: "email is not a valid address; use one such as alice@example.com" }));

const countryCode = z
  .string({ error: 'countryCode must be a string of 1 to 3 digits, the international calling code such as "86" or "1"' })
  .refine((value) => /^[0-9]{1,3}$/.test(value), {
    error: (issue) =>
      `countryCode must be 1 to 3 digits without "+", the international calling code such as "86" or "1"; got ${JSON.stringify(issue.input)}`,
  })
  .refine((value) => callingCodes[value] !== undefined, {
    error: (issue) => `countryCode ${JSON.stringify(issue.input)} is not an international calling code; use one such as "86" or "1"`,
  });

const phoneDigits = z
  .string({ error: 'phone must be a string of digits, the mobile number without the country code, such as "13800138000"' })
  .refine((value) => /^[0-9]+$/.test(value), {
    error: 'phone must contain digits only, without "+", spaces or the country code, such as "13800138000"',
  });

const allowEmailUpdate = z.boolean({ error: "allowEmailUpdate must be true or false" }).optional();

const schemas = { memberUin, email, countryCode, phone: phoneDigits, allowEmailUpdate } as const;
const bindingSchema: z.ZodType<BindingInputs> = z.object(schemas);

/** The properties a program may set; `__provider` is the engine's own. */
const knownProperties = new Set<string>([...Object.keys(schemas), "__provider"]);

const phoneLengthReasons: Readonly<Record<string, string>> = {
  TOO_SHORT: "is too short",
  TOO_LONG: "is too long",
  INVALID_LENGTH: "does not have a possible length",
  NOT_A_NUMBER: "is not a phone number",
};

/** Why `phone` is not a possible number for `code`, or undefined when it is. */
function phoneProblem(phone: string, code: string): string | undefined {
  const result = validatePhoneNumberLength(phone, { defaultCallingCode: code });
  if (result === undefined) return undefined;
  const reason = phoneLengthReasons[result] ?? "is not a possible number";
  return `phone ${reason} for country code ${code}; give the mobile number without the country code, such as "13800138000" for 86`;
}

/** Whether a value is the engine's placeholder for a value not known yet. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/**
 * Validates a program's inputs before any API call. Every invalid property gets one failure that names
 * it and says what a valid value looks like. `inputs` is set only when there is no failure and every
 * value is known.
 */
export function validateInputs(news: Readonly<Record<string, unknown>>): {
  readonly inputs?: BindingInputs;
  readonly failures: ValidationFailure[];
} {
  const failures: ValidationFailure[] = [];
  const valid: Record<string, unknown> = {};
  let allKnown = true;
  for (const [property, schema] of Object.entries(schemas)) {
    const value = news[property];
    if (isUnknown(value)) {
      allKnown = false;
      continue;
    }
    if (value === undefined && property !== "allowEmailUpdate") {
      failures.push({ property, reason: `${property} is required` });
      continue;
    }
    const result = schema.safeParse(value);
    if (result.success) {
      // An absent optional input stays absent: the engine's wire format has no `undefined`.
      if (result.data !== undefined) valid[property] = result.data;
    }
    else failures.push({ property, reason: result.error.issues[0]?.message ?? `${property} is not valid` });
  }
  if (typeof valid.phone === "string" && typeof valid.countryCode === "string") {
    const problem = phoneProblem(valid.phone, valid.countryCode);
    if (problem) failures.push({ property: "phone", reason: problem });
  }
  for (const property of Object.keys(news)) {
    if (!knownProperties.has(property)) {
      failures.push({
        property,
        reason: `${property} is not an input of OrganizationMemberEmail; the inputs are memberUin, email, countryCode, phone and allowEmailUpdate`,
      });
    }
  }
  if (failures.length > 0 || !allKnown) return { failures };
  return { inputs: bindingSchema.parse(valid), failures };
}
