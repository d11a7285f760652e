/**
 * The message the dynamic resource logs at preview naming what changes in a binding: the Node.js SDK's
 * dynamic-provider host answers the engine no detailed diff, so this is how a reviewer reading
 * `pulumi preview --diff` learns which of a binding's secret inputs change.
 * @packageDocumentation
 */
/** How a changing input changes the binding: in place, or by a new binding (another member). */
export type InputChange = "update" | "replace";

/**
 * Names each changing input of member `memberUin`'s binding and how it changes, never a value (email and
 * phone are personal data); undefined when nothing changes.
 */
export function changeNote(
  memberUin: unknown,
  changedInputs: Readonly<Record<string, InputChange>>,
): string | undefined {
  const names = Object.entries(changedInputs).map(([property, change]) =>
    change === "replace" ? `${property} (replaces the binding)` : property,
  );
  if (names.length === 0) return undefined;
  return `OrganizationMemberEmail for member ${String(memberUin)} changes: ${names.join(", ")}.`;
}
