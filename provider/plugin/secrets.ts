/**
 * The engine's secret envelopes in a property bag. The plugin answers Configure with `acceptSecrets`, so
 * the engine sends a secret value as `{ [SIGNATURE_KEY]: SECRET_SIGNATURE, value }` and keeps secret only
 * what the plugin sends back in one: the plugin takes them off for the lifecycle and puts them back.
 * @packageDocumentation
 */

/** The key that marks a special value inside a property bag (`sig.Key` in the Pulumi SDKs). */
export const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";

/** The marker of a secret value (`sig.Secret` in the Pulumi SDKs). */
export const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

/** A property bag as the engine sends it, or as the plugin answers it. */
export type PropertyBag = Record<string, unknown>;

/** Whether a value is the engine's secret envelope. */
export function isSecretEnvelope(value: unknown): value is { readonly value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIGNATURE_KEY] === SECRET_SIGNATURE
  );
}

/** `value` in a secret envelope (once: a value already in one is answered as it is). */
export function secret(value: unknown): unknown {
  return isSecretEnvelope(value) ? value : { [SIGNATURE_KEY]: SECRET_SIGNATURE, value };
}

/** A value with every secret envelope, at any depth, replaced by what it holds. */
export function reveal(value: unknown): unknown {
  if (isSecretEnvelope(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reveal(item)]));
  }
  return value;
}

/** Whether a value holds a secret envelope, at any depth (in a list's items as in an object's values). */
function holdsSecret(value: unknown): boolean {
  if (isSecretEnvelope(value)) return true;
  if (typeof value === "object" && value !== null) return Object.values(value).some(holdsSecret);
  return false;
}

/** A property bag with every secret envelope taken off (the lifecycle sees plain values); not an object: `{}`. */
export function unwrapSecrets(bag: unknown): PropertyBag {
  if (typeof bag !== "object" || bag === null || Array.isArray(bag)) return {};
  return reveal(bag) as PropertyBag;
}

/** The properties of the bags that hold a secret anywhere in their value: those the answer keeps secret. */
export function secretKeys(...bags: readonly unknown[]): Set<string> {
  const keys = new Set<string>();
  for (const bag of bags) {
    if (typeof bag !== "object" || bag === null) continue;
    for (const [key, value] of Object.entries(bag)) if (holdsSecret(value)) keys.add(key);
  }
  return keys;
}

/** A property bag with each of `keys` that it holds (and is not undefined) put in a secret envelope. */
export function wrapSecrets(bag: Readonly<PropertyBag> | undefined, keys: Iterable<string>): PropertyBag {
  const wrapped: PropertyBag = { ...bag };
  for (const key of keys) {
    if (wrapped[key] !== undefined) wrapped[key] = secret(wrapped[key]);
  }
  return wrapped;
}
