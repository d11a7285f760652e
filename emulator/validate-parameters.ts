import type { ActionName, ActionRequests } from "./api-types";
import { ApiError } from "./errors";

/** What a parameter must be; each kind knows its JSON type and the values it accepts. */
type ParameterKind = "positiveInteger" | "email" | "countryCode" | "phone";

// Every parameter of every action, in the order they are checked. Typed against the SDK's request
// models, so a parameter the SDK knows cannot be forgotten here.
const PARAMETERS: { readonly [A in ActionName]: { readonly [P in keyof ActionRequests[A]]-?: ParameterKind } } = {
  AddOrganizationMemberEmail: { MemberUin: "positiveInteger", Email: "email", CountryCode: "countryCode", Phone: "phone" },
  DescribeOrganizationMemberEmailBind: { MemberUin: "positiveInteger" },
  UpdateOrganizationMemberEmailBind: {
    MemberUin: "positiveInteger",
    BindId: "positiveInteger",
    Email: "email",
    CountryCode: "countryCode",
    Phone: "phone",
  },
  SendOrgMemberAccountBindEmail: { MemberUin: "positiveInteger", BindId: "positiveInteger" },
};

// Local part, "@", and a domain with at least one dot; no spaces. RFC 5321 caps an address at 254 characters.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;

/**
 * Checks an action's JSON body against its parameters and returns it typed. Refusals follow API 3.0:
 * `UnknownParameter` for a field the action does not take, `MissingParameter` for an absent one,
 * `InvalidParameter` for a wrong JSON type, `InvalidParameterValue` for a value out of its rules; each
 * message names the parameter. Email and phone values are never echoed: they are personal data.
 */
export function validateParameters<A extends ActionName>(action: A, body: unknown): ActionRequests[A] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ApiError("InvalidParameter", "The request body must be a JSON object of the action's parameters.");
  }
  const kinds: Readonly<Record<string, ParameterKind>> = PARAMETERS[action];
  const record = body as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!Object.hasOwn(kinds, name)) {
      throw new ApiError(
        "UnknownParameter",
        `${action} does not take the parameter ${name}; it takes ${Object.keys(kinds).join(", ")}.`,
      );
    }
  }
  for (const [name, kind] of Object.entries(kinds)) {
    checkParameter(name, kind, record[name]);
  }
  // Every field was checked against the table above, which is typed against ActionRequests[A].
  return record as unknown as ActionRequests[A];
}

function checkParameter(name: string, kind: ParameterKind, value: unknown): void {
  if (value === undefined) {
    throw new ApiError("MissingParameter", `The parameter ${name} is missing.`);
  }
  switch (kind) {
    case "positiveInteger":
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw new ApiError("InvalidParameter", `${name} must be an Integer (a JSON number without a fraction), got ${describeType(value)}.`);
      }
      if (value <= 0 || !Number.isSafeInteger(value)) {
        throw new ApiError("InvalidParameterValue", `${name} must be a positive integer, got ${value}.`);
      }
      return;
    case "email":
      requireString(name, value);
      if (value.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(value)) {
        throw new ApiError("InvalidParameterValue", `${name} must be an email address such as name@example.com.`);
      }
      return;
    case "countryCode":
      requireString(name, value);
      if (!/^\d{1,3}$/.test(value)) {
        throw new ApiError("InvalidParameterValue", `${name} must be an international area code of 1 to 3 digits, such as "86".`);
      }
      return;
    case "phone":
      requireString(name, value);
      if (!/^\d{4,15}$/.test(value)) {
        throw new ApiError("InvalidParameterValue", `${name} must be a phone number of 4 to 15 digits, without the area code.`);
      }
      return;
  }
}

function requireString(name: string, value: unknown): asserts value is string {
  if (typeof value !== "string") {
    throw new ApiError("InvalidParameter", `${name} must be a String, got ${describeType(value)}.`);
  }
}

function describeType(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "an array";
  }
  if (typeof value === "number") {
    return Number.isInteger(value) ? "a number" : "a number with a fraction";
  }
  return `a ${typeof value}`;
}
