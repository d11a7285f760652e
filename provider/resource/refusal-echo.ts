/**
 * The Node.js SDK's dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, checked up to 3.276.0)
 * prints every error a provider's `diff` throws to its stderr as `${error}: ${error.stack}` before answering
 * it to the engine, and the engine shows both: a refusal at preview read three times in the CLI's output
 * (the answer, then the error's name and message twice) with a JavaScript stack trace. A refusal is the
 * user's to act on, not a fault of the provider, so its message is all the CLI should show, once.
 * @packageDocumentation
 */

/** What the host is about to print of errors marked by {@link withoutHostEcho}, until the host has run. */
const expected = new Set<string>();
let filtering = false;

/**
 * Marks `error`, about to be thrown from the dynamic provider's `diff`, so that the host's print of it to
 * stderr is dropped; the engine still shows its message, from the host's answer. Only that exact text is
 * dropped, and only until the host's handler has run (it prints in the same turn of the event loop in
 * which `diff` rejects), so nothing else anyone prints is lost. Answers `error`.
 */
export function withoutHostEcho<E extends Error>(error: E): E {
  const printed = `${String(error)}: ${error.stack}`;
  expected.add(printed);
  setImmediate(() => expected.delete(printed));
  if (!filtering) {
    filtering = true;
    const print = console.error.bind(console);
    console.error = (...args: unknown[]) => {
      if (args.length === 1 && typeof args[0] === "string" && expected.delete(args[0])) return;
      print(...args);
    };
  }
  return error;
}
