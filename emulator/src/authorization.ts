import { evaluate, type CamPolicy } from "./cam";
import { ApiError } from "./errors";
import type { SigningKey } from "./keys";

/** The CAM service prefix of the Organization actions, as policies name them (`organization:DescribeOrganization`). */
export const ORGANIZATION_SERVICE = "organization";

/**
 * Refuses with `AuthFailure.UnauthorizedOperation` an Organization `action` the key's policies do not allow.
 * `policies` maps a principal (the key pair's SecretId, or a role's ARN) to its policies; undefined turns CAM
 * off, and every action is allowed. A principal without an entry is allowed nothing. Temporary keys of a role
 * given a session policy may do only what both the role's policies and the session policy allow. The message
 * names the action and the principal's ARN, never a SecretId, a SecretKey or a token.
 */
export function authorize(
  action: string,
  key: SigningKey,
  policies: ReadonlyMap<string, readonly CamPolicy[]> | undefined,
): void {
  if (policies === undefined) return;
  const operation = `${ORGANIZATION_SERVICE}:${action}`;
  const { principal, name, sessionPolicy } = key.grant;
  const decision = evaluate(policies.get(principal) ?? [], operation);
  const refusal = (why: string): ApiError =>
    new ApiError("AuthFailure.UnauthorizedOperation", `${name} is not authorized to perform ${operation}: ${why}.`);
  if (decision === "explicitDeny") throw refusal("a statement of its policies denies it (an explicit deny wins)");
  if (decision === "noAllow") throw refusal("no statement of its policies allows it");
  if (sessionPolicy === undefined) return;
  const session = evaluate([sessionPolicy], operation);
  if (session === "explicitDeny") throw refusal("the session policy of these temporary keys denies it");
  if (session === "noAllow") throw refusal("the session policy of these temporary keys does not allow it");
}
