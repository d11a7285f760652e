import { FailedAttempt, retryAttempts } from "../../provider/api/retry-attempts";
import { retryPolicy, type RetryPolicy } from "../../provider/api/retry-policy";

/** The provider's policy with no waiting between attempts. */
const instant: RetryPolicy = { ...retryPolicy, baseDelayMs: 0, maxDelayMs: 0 };

/** An attempt that fails with `failures` in turn, then answers `done`; counts its calls. */
function flaky(failures: FailedAttempt[]): { attempt: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    attempt: async () => {
      const failed = failures[calls];
      calls += 1;
      if (failed) throw failed;
      return "done";
    },
    calls: () => calls,
  };
}

const gaveUp = (attempts: number) => new Error(`gave up after ${attempts}`);

describe("retryAttempts", () => {
  test("tries a transient failure again and answers what the next attempt answers, logging the retry", async () => {
    const log: string[] = [];
    const { attempt, calls } = flaky([new FailedAttempt("InternalError", "InternalError", gaveUp, "req-1")]);
    await expect(
      retryAttempts(instant, "STS AssumeRole", attempt, { retrying: (message) => void log.push(message) }),
    ).resolves.toBe("done");
    expect(calls()).toBe(2);
    expect(log).toEqual(["STS AssumeRole: InternalError on attempt 1 of 8 (RequestId req-1); retrying in 0 ms."]);
  });

  test("fails at once on a failure the policy does not retry, with the error for one attempt", async () => {
    const { attempt, calls } = flaky([new FailedAttempt("ResourceNotFound.RoleNotFound", "refused", gaveUp)]);
    await expect(retryAttempts(instant, "STS AssumeRole", attempt, { retrying: () => undefined })).rejects.toThrow(
      "gave up after 1",
    );
    expect(calls()).toBe(1);
  });

  test("gives up after the policy's last attempt, saying how many were made", async () => {
    const failures = Array.from({ length: 10 }, () => new FailedAttempt(undefined, "no answer", gaveUp));
    const { attempt, calls } = flaky(failures);
    await expect(
      retryAttempts({ ...instant, maxAttempts: 3 }, "x", attempt, { retrying: () => undefined }),
    ).rejects.toThrow("gave up after 3");
    expect(calls()).toBe(3);
  });

  test("counts the time budget from the start it is given, so the steps of one call share it", async () => {
    const { attempt, calls } = flaky([new FailedAttempt("InternalError", "InternalError", gaveUp)]);
    const startedAt = Date.now() - retryPolicy.maxElapsedMs;
    await expect(retryAttempts(instant, "x", attempt, { retrying: () => undefined }, startedAt)).rejects.toThrow(
      "gave up after 1",
    );
    expect(calls()).toBe(1);
  });

  test("lets any other error through untouched, without a retry", async () => {
    let calls = 0;
    const refused = new Error("refused for good");
    const attempt = async () => {
      calls += 1;
      throw refused;
    };
    await expect(retryAttempts(instant, "x", attempt, { retrying: () => undefined })).rejects.toBe(refused);
    expect(calls).toBe(1);
  });
});
