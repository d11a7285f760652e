/**
 * When and how a call is tried again: an Organization API call, an STS call, a read of the instance metadata
 * service or of the web identity token file. The policy is data; `shouldRetry` and `retryDelay` only read it.
 */
export interface RetryPolicy {
  /** Tencent Cloud error codes that mean "try again later"; every other code fails at once. */
  readonly retryableCodes: ReadonlySet<string>;
  /**
   * Families of codes that mean "try again later" whatever follows the family's name and a dot:
   * `RequestLimitExceeded` covers `RequestLimitExceeded.UinLimitExceeded` and its siblings.
   */
  readonly retryableCodeFamilies: ReadonlySet<string>;
  /**
   * Families of codes that mean "the shared rate limit is spent": retried for as long as the time budget
   * lasts, however many attempts that takes, since other processes spending the same budget can refuse a
   * call many times without anything being wrong.
   */
  readonly throttlingCodeFamilies: ReadonlySet<string>;
  /** Whether a call that got no answer at all (connection lost or reset, timeout) is tried again. */
  readonly retryNetworkErrors: boolean;
  /**
   * The network's error codes that no retry can change, failed at once even where network errors are retried:
   * `ENOTFOUND`, a host the resolver says does not exist (a typo in an endpoint, a name only another network
   * knows). `EAI_AGAIN`, a resolver that could not answer for now, is not one of them.
   */
  readonly permanentNetworkCodes: ReadonlySet<string>;
  /**
   * HTTP statuses that mean "try again later" from an endpoint outside Tencent's API 3.0 (the instance
   * metadata service), which answers errors with a status instead of a code.
   */
  readonly retryableHttpStatuses: ReadonlySet<number>;
  /** Whether a token file found empty or half-written (a CI system rewriting it at that moment) is read again. */
  readonly retryIncompleteTokenFile: boolean;
  /** The most attempts one call makes, the first included, unless it is throttled (see `throttlingCodeFamilies`). */
  readonly maxAttempts: number;
  /** The cap of the exponential backoff before the first retry, in milliseconds. */
  readonly baseDelayMs: number;
  /** The largest cap of the backoff, in milliseconds. */
  readonly maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt, in milliseconds. */
  readonly maxElapsedMs: number;
}

/**
 * What one failed attempt met, as the policy judges it: Tencent Cloud's error code; `undefined` for no answer
 * at all (connection lost or reset, timeout); no answer with the network's error code (`ENOTFOUND`,
 * `ECONNREFUSED`); the HTTP status of an endpoint outside the API that answered with an error; or a token file
 * caught empty or half-written.
 */
export type Failure =
  | string
  | undefined
  | { readonly networkCode: string }
  | { readonly httpStatus: number }
  | { readonly tokenFile: "empty" | "incomplete" };

/**
 * The provider's policy. `RequestLimitExceeded` (and its family) and `InternalError` are Tencent's transient
 * codes; a lost answer is retried too, which is safe because create adopts a binding that a lost answer left
 * behind.
 */
export const retryPolicy: RetryPolicy = {
  retryableCodes: new Set(["RequestLimitExceeded", "InternalError"]),
  retryableCodeFamilies: new Set(["RequestLimitExceeded"]),
  throttlingCodeFamilies: new Set(["RequestLimitExceeded"]),
  retryNetworkErrors: true,
  permanentNetworkCodes: new Set(["ENOTFOUND"]),
  retryableHttpStatuses: new Set([429, 500, 502, 503, 504]),
  retryIncompleteTokenFile: true,
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  maxElapsedMs: 60_000,
};

/** The policy with another time budget (`tencentcloud-member-email:organizationRetryBudget`), when one is given. */
export function withBudget(policy: RetryPolicy, budgetSeconds: number | undefined): RetryPolicy {
  return budgetSeconds === undefined ? policy : { ...policy, maxElapsedMs: budgetSeconds * 1000 };
}

/** Whether `code` is one of `families` or a sub-code of one (`RequestLimitExceeded.UinLimitExceeded`). */
function inFamily(families: ReadonlySet<string>, code: string): boolean {
  const dot = code.indexOf(".");
  return families.has(code) || (dot > 0 && families.has(code.slice(0, dot)));
}

/** Whether a failure is throttling: the shared rate limit spent, retried while the time budget lasts. */
export function isThrottling(policy: RetryPolicy, failure: Failure): boolean {
  return typeof failure === "string" && inFamily(policy.throttlingCodeFamilies, failure);
}

/**
 * Whether a failure (a code; absent = no answer) may be tried again after `attempts` attempts. Throttling is
 * retried until the time budget is spent; every other retryable failure also stops at `maxAttempts`.
 */
export function shouldRetry(policy: RetryPolicy, failure: Failure, attempts: number, elapsedMs: number): boolean {
  if (elapsedMs >= policy.maxElapsedMs) return false;
  if (attempts >= policy.maxAttempts && !isThrottling(policy, failure)) return false;
  if (failure === undefined) return policy.retryNetworkErrors;
  if (typeof failure === "string") {
    return policy.retryableCodes.has(failure) || inFamily(policy.retryableCodeFamilies, failure);
  }
  if ("networkCode" in failure) {
    return policy.retryNetworkErrors && !policy.permanentNetworkCodes.has(failure.networkCode);
  }
  if ("httpStatus" in failure) return policy.retryableHttpStatuses.has(failure.httpStatus);
  return policy.retryIncompleteTokenFile;
}

/** A code of Node.js's network errors (`ENOTFOUND`, `EAI_AGAIN`, `ECONNRESET`) as it appears in an error's text. */
const NETWORK_CODE = /\b(E[A-Z][A-Z0-9_]{2,})\b/;

/**
 * What an attempt that got no answer met: the network's error code, read from the error's `cause` (fetch) or,
 * failing that, from its message, which is all the Tencent Cloud SDK keeps of the error it wraps
 * (`request to http://host/ failed, reason: getaddrinfo ENOTFOUND host`); `undefined` when it names none.
 */
export function noAnswerFailure(error: unknown): Failure {
  const { message, cause } = (typeof error === "object" && error !== null ? error : {}) as {
    message?: unknown;
    cause?: { code?: unknown };
  };
  if (typeof cause?.code === "string" && NETWORK_CODE.test(cause.code)) return { networkCode: cause.code };
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: an Error's String() holds its message
  const found = NETWORK_CODE.exec(typeof message === "string" ? message : String(error));
  return found ? { networkCode: found[1] } : undefined;
}

/** The network's error code of a failure, such as `ENOTFOUND`; undefined for any other failure. */
export function networkCodeOf(failure: Failure): string | undefined {
  return typeof failure === "object" && "networkCode" in failure ? failure.networkCode : undefined;
}

/**
 * How a retry line names the attempt that failed: `attempt 3 of 8`, or for throttling, which is retried for as
 * long as the budget lasts, `attempt 12 (throttled; retried for up to 60 s)`.
 */
export function attemptLabel(policy: RetryPolicy, failure: Failure, attempts: number): string {
  return isThrottling(policy, failure)
    ? `attempt ${attempts} (throttled; retried for up to ${Math.round(policy.maxElapsedMs / 1000)} s)`
    : `attempt ${attempts} of ${policy.maxAttempts}`;
}

/**
 * Exponential backoff with full jitter: a random delay up to base * 2^(attempt-1), capped. Jitter keeps
 * the hundreds of resources the engine runs in parallel from retrying in lockstep.
 */
export function retryDelay(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  return Math.round(cap * random());
}
