import { retryDelay, retryPolicy, shouldRetry } from "../../provider/api/retry-policy";

describe("the retry policy", () => {
  test.each(["RequestLimitExceeded", "InternalError", undefined])(
    "retries %s (undefined: no answer at all)",
    (code) => {
      expect(shouldRetry(retryPolicy, code, 1, 0)).toBe(true);
    },
  );

  test.each([
    "FailedOperation.EmailAlreadyUsed",
    "FailedOperation.MemberEmailExist",
    "AuthFailure.SignatureFailure",
    "InvalidParameterValue",
  ])("never retries %s", (code) => {
    expect(shouldRetry(retryPolicy, code, 1, 0)).toBe(false);
  });

  test("gives up after the last attempt or once the time budget is spent", () => {
    expect(shouldRetry(retryPolicy, "InternalError", retryPolicy.maxAttempts - 1, 0)).toBe(true);
    expect(shouldRetry(retryPolicy, "InternalError", retryPolicy.maxAttempts, 0)).toBe(false);
    expect(shouldRetry(retryPolicy, "InternalError", 1, retryPolicy.maxElapsedMs)).toBe(false);
  });

  test("waits a random delay up to a cap that doubles with each attempt and stops growing at the maximum", () => {
    const atMost = (attempts: number) => retryDelay(retryPolicy, attempts, () => 1);
    expect([1, 2, 3, 4].map(atMost)).toEqual([200, 400, 800, 1600]);
    expect(atMost(20)).toBe(retryPolicy.maxDelayMs);
    expect(retryDelay(retryPolicy, 3, () => 0)).toBe(0);
    expect(retryDelay(retryPolicy, 3, () => 0.5)).toBe(400);
  });
});
