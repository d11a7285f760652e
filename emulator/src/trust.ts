/**
 * The trust policy of a role assumed with a web identity (OIDC) token: which tokens may assume it, by
 * conditions on the token's claims, as Tencent's CAM writes them for an identity-provider role
 * (`"condition": {"string_equal": {"oidc:aud": [...]}, "string_like": {"oidc:sub": [...]}}`).
 */
import { readEffect, readObject, readStatements, readStrings, rejectUnknownFields } from "./cam";

/** The claims a condition may test, by their CAM condition key. */
const CLAIM_OF_KEY = { "oidc:iss": "iss", "oidc:aud": "aud", "oidc:sub": "sub" } as const;

/** A condition key the emulator evaluates. */
type TrustConditionKey = keyof typeof CLAIM_OF_KEY;

/** The operators of identity-provider role conditions: exact, or with `*` (any run) and `?` (one character). */
const OPERATORS = ["string_equal", "string_like"] as const;

type TrustOperator = (typeof OPERATORS)[number];

/** One condition, checked: the claim named by `key` must match one of `values`. */
interface TrustCondition {
  readonly operator: TrustOperator;
  readonly key: TrustConditionKey;
  readonly values: readonly string[];
}

/** One statement of a trust policy, checked. */
interface TrustStatement {
  readonly effect: "allow" | "deny";
  /** Whether its actions name AssumeRoleWithWebIdentity: a statement for another way in does not apply. */
  readonly coversWebIdentity: boolean;
  /** Every one must hold for the statement to match. */
  readonly conditions: readonly TrustCondition[];
}

/** A role's trust policy, checked. */
export interface TrustPolicy {
  /** The statements, in the order written. */
  readonly statements: readonly TrustStatement[];
}

/** The claims of a web identity token the trust policy can test; absent ones are undefined. */
export interface TokenClaims {
  /** `iss`: the identity provider. */
  readonly iss?: string;
  /** `aud`: the audience, one or several. */
  readonly aud?: readonly string[];
  /** `sub`: the subject, such as `repo:OWNER/REPO:pull_request` for GitHub Actions. */
  readonly sub?: string;
  /** `exp`: when the token expires, Unix seconds. */
  readonly exp?: number;
}

const WEB_IDENTITY_ACTION = /^(?:name\/)?sts:(?:AssumeRoleWithWebIdentity|\*)$|^\*$/;

/**
 * Checks a trust policy document and returns it parsed; throws an Error naming `what` and the fault. Only the
 * condition keys `oidc:iss`, `oidc:aud`, `oidc:sub` with `string_equal` or `string_like` are taken: any other
 * is refused, never ignored, so a policy the emulator cannot evaluate does not pass for one that holds.
 */
export function parseTrustPolicy(document: unknown, what: string): TrustPolicy {
  const record = readObject(document, what);
  rejectUnknownFields(record, ["version", "statement"], what);
  if (record.version !== "2.0") throw new Error(`${what} must have "version": "2.0", the only version CAM accepts.`);
  return {
    statements: readStatements(record.statement, what).map((statement, index) =>
      parseStatement(statement, `${what}, statement ${index + 1}`),
    ),
  };
}

function parseStatement(value: unknown, what: string): TrustStatement {
  const record = readObject(value, what);
  // `principal` names the identity provider; the emulator trusts the tokens it was given, whichever provider.
  rejectUnknownFields(record, ["effect", "action", "principal", "condition"], what);
  const effect = readEffect(record.effect, what);
  const actions = readStrings(record.action, `${what}'s "action"`);
  const conditions: TrustCondition[] = [];
  if (record.condition !== undefined) {
    const byOperator = readObject(record.condition, `${what}'s "condition"`);
    for (const [operator, keys] of Object.entries(byOperator)) {
      if (!(OPERATORS as readonly string[]).includes(operator)) {
        throw new Error(
          `${what} has the condition operator ${JSON.stringify(operator.slice(0, 40))}; ` +
            `the emulator evaluates ${OPERATORS.join(" and ")}.`,
        );
      }
      for (const [key, values] of Object.entries(readObject(keys, `${what}'s "${operator}"`))) {
        if (!Object.hasOwn(CLAIM_OF_KEY, key)) {
          throw new Error(
            `${what} has the condition key ${JSON.stringify(key.slice(0, 40))}; ` +
              `the emulator evaluates ${Object.keys(CLAIM_OF_KEY).join(", ")}.`,
          );
        }
        conditions.push({
          operator: operator as TrustOperator,
          key: key as TrustConditionKey,
          values: readStrings(values, `${what}'s "${operator}" "${key}"`),
        });
      }
    }
  }
  return { effect, coversWebIdentity: actions.some((action) => WEB_IDENTITY_ACTION.test(action)), conditions };
}

/**
 * Whether the trust policy lets a token with `claims` assume its role: a statement with effect `allow` for
 * AssumeRoleWithWebIdentity whose every condition holds, and no such `deny`. A condition holds when the claim
 * matches one of its values (for an `aud` of several audiences, when one of them does); an absent claim
 * matches nothing.
 */
export function trusts(policy: TrustPolicy, claims: TokenClaims): boolean {
  let allowed = false;
  for (const statement of policy.statements) {
    if (!statement.coversWebIdentity || !statement.conditions.every((condition) => holds(condition, claims))) {
      continue;
    }
    if (statement.effect === "deny") return false;
    allowed = true;
  }
  return allowed;
}

function holds(condition: TrustCondition, claims: TokenClaims): boolean {
  const claim = claims[CLAIM_OF_KEY[condition.key]];
  const actual = claim === undefined ? [] : typeof claim === "string" ? [claim] : claim;
  return actual.some((value) =>
    condition.values.some((expected) =>
      condition.operator === "string_equal" ? value === expected : likePattern(expected).test(value),
    ),
  );
}

/** A `string_like` value as a regular expression: `*` any run of characters, `?` one, the rest literal. */
function likePattern(value: string): RegExp {
  const escaped = value.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replaceAll("*", ".*").replaceAll("?", ".")}$`, "s");
}

/**
 * The claims of a JWT (its payload, base64url JSON) that STS tests; all undefined when the token is not a JWT
 * or its payload is not JSON. The signature is not checked: the emulator trusts the tokens it was given.
 */
export function tokenClaims(token: string): TokenClaims {
  const parts = token.split(".");
  if (parts.length !== 3) return {};
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return {};
  }
  if (typeof payload !== "object" || payload === null) return {};
  const { iss, aud, sub, exp } = payload as Record<string, unknown>;
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter(isString) : undefined;
  return {
    ...(typeof iss === "string" ? { iss } : {}),
    ...(audiences === undefined ? {} : { aud: audiences }),
    ...(typeof sub === "string" ? { sub } : {}),
    ...(typeof exp === "number" ? { exp } : {}),
  };
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}
