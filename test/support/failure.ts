/** The error `call` fails with, checked to be a `type`; the test fails if the call succeeds or fails otherwise. */
export async function failureOf<T extends Error>(
  call: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
): Promise<T> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}
