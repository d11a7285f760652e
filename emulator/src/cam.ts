/**
 * CAM permission policies: who may call which Organization action. Written from Tencent's CAM documentation
 * (policy syntax version 2.0; Organization authorizes at operation level, so its resource is `*`); where the
 * documentation is silent the choice is named in emulator/README.md.
 */

/** One statement of a policy, checked. */
export interface CamStatement {
  /** Whether a match allows or explicitly denies. */
  readonly effect: "allow" | "deny";
  /** The action patterns, `service:Action` with `*` wildcards, or `*`. */
  readonly actions: readonly RegExp[];
  /** Whether the statement's resource covers an operation-level action: one of its entries is `*`. */
  readonly everyResource: boolean;
}

/** A policy document, checked: its statements. */
export interface CamPolicy {
  /** The statements, in the order written. */
  readonly statements: readonly CamStatement[];
}

/** The answer of an evaluation: allowed, or why not. */
export type CamDecision = "allow" | "explicitDeny" | "noAllow";

// `[name/]service:Pattern` as CAM writes actions; `permid/` feature sets are not implemented (refused, not ignored).
const ACTION_PATTERN = /^(?:name\/)?([a-z][a-z0-9-]*):([A-Za-z0-9*]+)$/;

/**
 * Checks a policy document (JSON from an option, a file or a request: nothing is trusted) and returns it
 * parsed. Throws an Error whose message says what is wrong, prefixed by nothing: the caller names the policy.
 * `what` names the document in the messages, such as `policies of qcs::cam::uin/1:roleName/ci`.
 */
export function parseCamPolicy(document: unknown, what: string): CamPolicy {
  const record = readObject(document, what);
  rejectUnknownFields(record, ["version", "statement"], what);
  if (record.version !== "2.0") {
    throw new Error(`${what} must have "version": "2.0", the only version CAM accepts.`);
  }
  const statements = readStatements(record.statement, what);
  return {
    statements: statements.map((statement, index) => parseStatement(statement, `${what}, statement ${index + 1}`)),
  };
}

/** The statements of a document: an array of objects, or one object. */
export function readStatements(value: unknown, what: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "object" && value !== null) return [value];
  throw new Error(`${what} must have a "statement": an array of statements.`);
}

function parseStatement(value: unknown, what: string): CamStatement {
  const record = readObject(value, what);
  if (record.condition !== undefined) {
    // Conditions on a permission policy (source IP, time, tags) depend on what the emulator cannot know.
    throw new Error(`${what} has a "condition": the emulator does not evaluate conditions of permission policies.`);
  }
  rejectUnknownFields(record, ["effect", "action", "resource"], what);
  const effect = readEffect(record.effect, what);
  const actions = readStrings(record.action, `${what}'s "action"`).map((action) => actionPattern(action, what));
  const resources = readStrings(record.resource, `${what}'s "resource"`);
  return { effect, actions, everyResource: resources.includes("*") };
}

/** `allow` or `deny`, as every CAM statement must say. */
export function readEffect(value: unknown, what: string): "allow" | "deny" {
  if (value !== "allow" && value !== "deny") throw new Error(`${what} must have "effect": "allow" or "deny".`);
  return value;
}

/** A string or a non-empty array of non-empty strings, as CAM takes `action` and `resource`. */
export function readStrings(value: unknown, what: string): readonly string[] {
  const values = typeof value === "string" ? [value] : value;
  if (
    !Array.isArray(values) ||
    values.length === 0 ||
    values.some((entry) => typeof entry !== "string" || entry.trim() === "")
  ) {
    throw new Error(`${what} must be a string or a non-empty array of strings.`);
  }
  return values as string[];
}

/** An action entry as a regular expression over `service:Action` (without `name/`). */
export function actionPattern(action: string, what: string): RegExp {
  if (action === "*") return /^.*$/;
  const match = ACTION_PATTERN.exec(action);
  if (match === null) {
    throw new Error(
      `${what} has the action ${JSON.stringify(action.slice(0, 80))}, which is not of the form ` +
        "service:Action (such as organization:DescribeOrganization, organization:Describe*, organization:*) or *.",
    );
  }
  const [, service, name] = match;
  return new RegExp(`^${service}:${name.replaceAll("*", "[A-Za-z0-9]*")}$`);
}

/**
 * Whether `policies` allow `action` (`service:Action`): allowed only when a statement with effect `allow`
 * matches it and none with effect `deny` does. A statement matches when one of its actions does and its
 * resource is `*`: Organization's actions authorize at operation level, and CAM counts a statement that names
 * a narrower resource as not covering them.
 */
export function evaluate(policies: readonly CamPolicy[], action: string): CamDecision {
  let allowed = false;
  for (const policy of policies) {
    for (const statement of policy.statements) {
      if (!statement.everyResource || !statement.actions.some((pattern) => pattern.test(action))) continue;
      if (statement.effect === "deny") return "explicitDeny";
      allowed = true;
    }
  }
  return allowed ? "allow" : "noAllow";
}

/** A JSON object, or an Error naming `what`. */
export function readObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${what} must be a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** Refuses a field CAM does not define, so a typo (`statements`, `Effect`) fails instead of being ignored. */
export function rejectUnknownFields(record: Record<string, unknown>, known: readonly string[], what: string): void {
  for (const name of Object.keys(record)) {
    if (!known.includes(name)) {
      throw new Error(`${what} has the field ${JSON.stringify(name.slice(0, 40))}; CAM defines ${known.join(", ")}.`);
    }
  }
}
