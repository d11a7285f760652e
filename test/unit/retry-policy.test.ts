import {
  attemptLabel,
  noAnswerFailure,
  retryDelay,
  retryPolicy,
  shouldRetry,
  withBudget,
} from "../../provider/api/retry-policy";

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

  test("fails at once a host that does not resolve (ENOTFOUND), as the SDK and fetch report it", () => {
    const sdk = new Error(
      "request to http://no-such-host.invalid/ failed, reason: getaddrinfo ENOTFOUND no-such-host.invalid",
    );
    const fetched = Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } });
    for (const error of [sdk, fetched]) {
      expect(noAnswerFailure(error)).toEqual({ networkCode: "ENOTFOUND" });
      expect(shouldRetry(retryPolicy, noAnswerFailure(error), 1, 0)).toBe(false);
    }
  });

  test.each([
    "request to https://organization.intl.tencentcloudapi.com/ failed, reason: getaddrinfo EAI_AGAIN organization.intl.tencentcloudapi.com",
    "request to http://127.0.0.1:9217/ failed, reason: socket hang up ECONNRESET",
    "request to http://127.0.0.1:9217/ failed, reason: connect ECONNREFUSED 127.0.0.1:9217",
  ])("retries a transient network failure: %s", (message) => {
    const failure = noAnswerFailure(new Error(message));
    expect(failure).toEqual({ networkCode: expect.stringMatching(/^E(AI_AGAIN|CONNRESET|CONNREFUSED)$/) });
    expect(shouldRetry(retryPolicy, failure, 1, 0)).toBe(true);
    expect(shouldRetry(retryPolicy, failure, retryPolicy.maxAttempts, 0)).toBe(false);
  });

  test("retries as no answer at all a network failure whose text names no code", () => {
    for (const error of [new Error("network timeout at: http://127.0.0.1:9217/"), "socket hang up"]) {
      expect(noAnswerFailure(error)).toBeUndefined();
      expect(shouldRetry(retryPolicy, noAnswerFailure(error), 1, 0)).toBe(true);
    }
  });

  test("retries no network failure under a policy that retries no network error", () => {
    const writeOnce = { ...retryPolicy, retryNetworkErrors: false };
    expect(shouldRetry(writeOnce, { networkCode: "EAI_AGAIN" }, 1, 0)).toBe(false);
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
