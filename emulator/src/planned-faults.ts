/**
 * Faults planned for exactly the requests a test names (an action, optionally one member, the Nth request),
 * beside the random shares of `faults.dropResponseRate` and `faults.internalErrorRate`: a lost answer to the
 * third Update, one `InternalError` from STS during a renewal, one member whose Describe fails.
 */
import type { EmulatorPlannedFault } from "./types";

/** What a planned fault does to the request it applies to. */
export type PlannedOutcome =
  | { readonly kind: "dropResponse" }
  | { readonly kind: "error"; readonly code: string; readonly message: string };

/** A planned fault with its counters. */
interface Planned {
  readonly fault: EmulatorPlannedFault;
  /** Matching requests still to let through. */
  skip: number;
  /** Matching requests still to fault. */
  times: number;
}

const KINDS = ["dropResponse", "error"] as const;
const FIELDS = ["action", "kind", "code", "message", "memberUin", "skip", "times"];

/** Tencent's code shape: dotted words of letters and digits, such as `FailedOperation.BindEmailLinkExpired`. */
const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

/** The faults planned so far, used up in the order they were planned. */
export class FaultPlan {
  private readonly planned: Planned[] = [];

  /** Plans a fault (checked first: throws a TypeError or RangeError naming the field). */
  add(fault: unknown): void {
    const checked = readPlannedFault(fault);
    this.planned.push({ fault: checked, skip: checked.skip ?? 0, times: checked.times ?? 1 });
  }

  /**
   * The fault for one request of `action` whose body names `memberUin` (if any), counting it against the
   * first plan it matches; undefined when no plan applies.
   */
  take(action: string, body: () => unknown): PlannedOutcome | undefined {
    let memberUin: unknown;
    let bodyRead = false;
    for (const entry of this.planned) {
      if (entry.times === 0 || entry.fault.action !== action) continue;
      if (entry.fault.memberUin !== undefined) {
        if (!bodyRead) {
          memberUin = memberOf(body());
          bodyRead = true;
        }
        if (memberUin !== entry.fault.memberUin) continue;
      }
      if (entry.skip > 0) {
        entry.skip -= 1;
        continue;
      }
      entry.times -= 1;
      const { fault } = entry;
      if (fault.kind === "dropResponse") return { kind: "dropResponse" };
      return {
        kind: "error",
        code: fault.code ?? "InternalError",
        message: fault.message ?? `A fault planned for ${action} (the emulator's planned faults); nothing was changed.`,
      };
    }
    return undefined;
  }
}

function memberOf(body: unknown): unknown {
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>).MemberUin : undefined;
}

/** Checks one planned fault given in camelCase (startEmulator, planFault). */
export function readPlannedFault(value: unknown): EmulatorPlannedFault {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError("A planned fault must be an object like { action, kind }.");
  }
  const record = value as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (!FIELDS.includes(name)) {
      throw new TypeError(`Unknown planned fault field "${name}"; known ones are ${FIELDS.join(", ")}.`);
    }
  }
  const { action, kind, code, message, memberUin, skip, times } = record;
  if (typeof action !== "string" || action === "") {
    throw new TypeError("A planned fault's action must be an action name such as UpdateOrganizationMemberEmailBind.");
  }
  if (!KINDS.includes(kind as (typeof KINDS)[number])) {
    throw new TypeError(`A planned fault's kind must be ${KINDS.join(" or ")}, got ${String(kind)}.`);
  }
  if (code !== undefined && (typeof code !== "string" || !CODE_PATTERN.test(code))) {
    throw new TypeError(`A planned fault's code must be an error code such as InternalError, got ${String(code)}.`);
  }
  if (message !== undefined && typeof message !== "string") {
    throw new TypeError("A planned fault's message must be a string.");
  }
  if (kind === "dropResponse" && (code !== undefined || message !== undefined)) {
    throw new TypeError("A planned dropResponse fault takes no code or message: the client hears nothing.");
  }
  return {
    action,
    kind: kind as EmulatorPlannedFault["kind"],
    ...(code === undefined ? {} : { code: code as string }),
    ...(message === undefined ? {} : { message: message as string }),
    ...(memberUin === undefined ? {} : { memberUin: readCount(memberUin, "memberUin", 1) }),
    ...(skip === undefined ? {} : { skip: readCount(skip, "skip", 0) }),
    ...(times === undefined ? {} : { times: readCount(times, "times", 1) }),
  };
}

/** Checks a planned fault given in the API's PascalCase (the admin route `POST /emulator/faults`). */
export function readPascalPlannedFault(value: unknown): EmulatorPlannedFault {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(
      'The body must be JSON like {"Action": "AssumeRole", "Kind": "error", "Code": "InternalError"}.',
    );
  }
  const camel = Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, field]) => [
      key.charAt(0).toLowerCase() + key.slice(1),
      field,
    ]),
  );
  return readPlannedFault(camel);
}

function readCount(value: unknown, name: string, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`A planned fault's ${name} must be a whole number from ${min}, got ${String(value)}.`);
  }
  return value;
}
