import { attemptLabel, retryDelay, retryPolicy, shouldRetry, withBudget } from "../../provider/api/retry-policy";

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

  test.each(["RequestLimitExceeded.UinLimitExceeded", "RequestLimitExceeded.GlobalRegionUinLimitExceeded"])(
    "retries %s, of the RequestLimitExceeded family",
    (code) => {
      expect(shouldRetry(retryPolicy, code, 1, 0)).toBe(true);
    },
  );

  test.each([
    "RequestLimitExceededX",
    "InternalError.DbError",
    "AuthFailure.RequestLimitExceeded",
    ".RequestLimitExceeded",
  ])("never retries %s, which only looks like a transient code", (code) => {
    expect(shouldRetry(retryPolicy, code, 1, 0)).toBe(false);
  });

  test.each([429, 500, 502, 503, 504])("retries HTTP %s from the instance metadata service", (httpStatus) => {
    expect(shouldRetry(retryPolicy, { httpStatus }, 1, 0)).toBe(true);
  });

  test.each([400, 403, 404, 501])("never retries HTTP %s from the instance metadata service", (httpStatus) => {
    expect(shouldRetry(retryPolicy, { httpStatus }, 1, 0)).toBe(false);
  });

  test.each(["empty", "incomplete"] as const)("reads a token file found %s again", (tokenFile) => {
    expect(shouldRetry(retryPolicy, { tokenFile }, 1, 0)).toBe(true);
    expect(shouldRetry({ ...retryPolicy, retryIncompleteTokenFile: false }, { tokenFile }, 1, 0)).toBe(false);
  });

  test("retries no failure of any kind after the last attempt or once the time budget is spent", () => {
    for (const failure of ["InternalError", undefined, { httpStatus: 503 }, { tokenFile: "empty" as const }]) {
      expect(shouldRetry(retryPolicy, failure, retryPolicy.maxAttempts, 0)).toBe(false);
      expect(shouldRetry(retryPolicy, failure, 1, retryPolicy.maxElapsedMs)).toBe(false);
    }
  });

  test.each(["RequestLimitExceeded", "RequestLimitExceeded.UinLimitExceeded"])(
    "retries %s past the last attempt for as long as the time budget lasts, and says so",
    (code) => {
      expect(shouldRetry(retryPolicy, code, retryPolicy.maxAttempts, 0)).toBe(true);
      expect(shouldRetry(retryPolicy, code, 100, retryPolicy.maxElapsedMs - 1)).toBe(true);
      expect(shouldRetry(retryPolicy, code, 100, retryPolicy.maxElapsedMs)).toBe(false);
      expect(attemptLabel(retryPolicy, code, 9)).toBe("attempt 9 (throttled; retried for up to 60 s)");
      expect(attemptLabel(retryPolicy, "InternalError", 2)).toBe("attempt 2 of 8");
    },
  );

  test("a retry budget in seconds replaces the time budget and nothing else", () => {
    expect(withBudget(retryPolicy, 4)).toEqual({ ...retryPolicy, maxElapsedMs: 4000 });
    expect(withBudget(retryPolicy, undefined)).toBe(retryPolicy);
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
