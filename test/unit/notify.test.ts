import { FailedAttempt } from "../../provider/api/retry-attempts";
import { shouldRetry } from "../../provider/api/retry-policy";
import {
  answerVerdict,
  type Notice,
  noticeBody,
  NOTICE_MEMBER_LIMIT,
  parseNotify,
  unansweredPost,
  WEBHOOK_RETRY_POLICY,
  WECOM_RATE_LIMITED,
} from "../../provider/cli/notify";
import { URL_LEFT_OUT, withoutUrls } from "../../provider/cli/without-urls";

const notice = (members: number): Notice => ({
  command: "audit",
  title: "Tencent Cloud organization audit: 1 new finding",
  lines: ["3 members, 2 bound: 1 failed."],
  members: Array.from({ length: members }, (_, index) => ({
    memberUin: 100000000001 + index,
    name: index === 0 ? "<!here> <@U123> a&b @all\r\n\tend\u2028" : `member-${index}`,
    label: "new failed",
  })),
  figures: { findings: 1 },
});

test("WeCom gets a markdown message, Slack a text, generic the figures and members", () => {
  expect(noticeBody(notice(1), "wecom")).toEqual({
    msgtype: "markdown",
    markdown: {
      content:
        "**Tencent Cloud organization audit: 1 new finding**\n3 members, 2 bound: 1 failed.\n" +
        "- new failed: 100000000001 ‹!here› ‹(at)U123› a+b (at)all end",
    },
  });
  expect(noticeBody(notice(1), "slack")).toEqual({
    text: expect.stringMatching(/^\*Tencent Cloud organization audit: 1 new finding\*\n/),
  });
  expect(noticeBody(notice(1), "generic")).toMatchObject({
    source: "pulumi-tencentcloud-member-email",
    command: "audit",
    figures: { findings: 1 },
    members: [{ memberUin: 100000000001, name: "‹!here› ‹(at)U123› a+b (at)all end", label: "new failed" }],
  });
});

test(`a chat message names at most ${NOTICE_MEMBER_LIMIT} members and counts the rest`, () => {
  const { text } = noticeBody(notice(25), "slack") as { text: string };
  expect(text.split("\n").filter((line) => line.startsWith("- new failed: "))).toHaveLength(NOTICE_MEMBER_LIMIT);
  expect(text).toMatch(/- and 5 more \(see the full report\)$/);
});

test.each([
  [
    ["ftp://example.com/hook", undefined],
    /--notify needs the webhook's URL, which starts with https:\/\/ or http:\/\//,
  ],
  [["not a url", undefined], /--notify needs/],
  [["https://example.com/hook", "teams"], /--notify-format must be one of wecom, slack, generic; got "teams"/],
  [[undefined, "slack"], /--notify-format needs --notify URL/],
  [["https://user:pass@hooks.example.com/hook", undefined], /^--notify's URL cannot carry a user name or password/],
  [["https://:pass@hooks.example.com/hook", "wecom"], /^--notify's URL cannot carry a user name or password/],
] as const)("%j is refused naming the option", ([url, format], message) => {
  expect(() => parseNotify(url, format)).toThrow(message);
});

describe("a webhook's answer", () => {
  test.each([
    ["generic", 200, ""],
    ["generic", 204, ""],
    ["generic", 299, "anything"],
    ["slack", 200, "ok"],
    ["slack", 200, "ok\n"],
    ["slack", 200, " ok "],
    ["wecom", 200, '{"errcode":0,"errmsg":"ok"}'],
  ] as const)("%s, HTTP %i %j, says the post was delivered", (format, status, text) => {
    expect(answerVerdict(format, status, text)).toBeUndefined();
  });

  test.each([
    ["generic", 500, "", { httpStatus: 500 }, "HTTP 500"],
    ["generic", 199, "", { httpStatus: 199 }, "HTTP 199"],
    ["slack", 404, "no_service", { httpStatus: 404 }, "HTTP 404 no_service"],
    ["slack", 403, "invalid_token\n", { httpStatus: 403 }, "HTTP 403 invalid_token"],
    // Only a short error word is repeated: a page of HTML is not, nor what could hold a key.
    ["slack", 400, "<html>https://hooks.example/T0/B0/key</html>", { httpStatus: 400 }, "HTTP 400"],
    ["slack", 429, "rate_limited", { httpStatus: 429 }, "HTTP 429 rate_limited"],
    ["slack", 404, "Not found", { httpStatus: 404 }, "HTTP 404"],
    ["slack", 404, "no_service!", { httpStatus: 404 }, "HTTP 404"],
    ["slack", 404, "x".repeat(65), { httpStatus: 404 }, "HTTP 404"],
    // Another service's words are not read as Slack's.
    ["generic", 404, "no_service", { httpStatus: 404 }, "HTTP 404"],
    ["wecom", 404, "no_service", { httpStatus: 404 }, "HTTP 404"],
    ["slack", 200, "", { httpStatus: 200 }, 'HTTP 200 without Slack\'s "ok"'],
    ["slack", 200, "okay", { httpStatus: 200 }, 'HTTP 200 without Slack\'s "ok"'],
    [
      "wecom",
      200,
      '{"errcode":45009,"errmsg":"api freq out of limit"}',
      WECOM_RATE_LIMITED,
      "WeCom errcode 45009 (the robot's rate limit)",
    ],
    [
      "wecom",
      200,
      '{"errcode":93000,"errmsg":"invalid webhook url, hint: [key]"}',
      { httpStatus: 200 },
      "WeCom errcode 93000",
    ],
    ["wecom", 200, "ok", { httpStatus: 200 }, "HTTP 200 without WeCom's errcode"],
    ["wecom", 200, '{"errcode":"0"}', { httpStatus: 200 }, "HTTP 200 without WeCom's errcode"],
    ["wecom", 200, "[0]", { httpStatus: 200 }, "HTTP 200 without WeCom's errcode"],
    ["wecom", 200, "null", { httpStatus: 200 }, "HTTP 200 without WeCom's errcode"],
    ["wecom", 502, '{"errcode":0}', { httpStatus: 502 }, "HTTP 502"],
  ] as const)("%s, HTTP %i %j, says it was not: %j, %j", (format, status, text, failure, summary) => {
    expect(answerVerdict(format, status, text)).toEqual({ failure, summary });
  });

  test.each([
    [300, "generic"],
    [301, "generic"],
    [302, "slack"],
    [303, "wecom"],
    [307, "generic"],
    [308, "wecom"],
    [399, "slack"],
  ] as const)("HTTP %i (%s) is a redirect, not followed, reported without its target", (status, format) => {
    expect(answerVerdict(format, status, "")).toEqual({
      failure: { httpStatus: status },
      summary: `HTTP ${status}, a redirect, not followed: give --notify the webhook's own URL`,
    });
  });

  test("the webhook policy retries WeCom's rate limit while the budget lasts, and no other answer but 429 and 503", () => {
    expect(shouldRetry(WEBHOOK_RETRY_POLICY, WECOM_RATE_LIMITED, 1, 0)).toBe(true);
    // Throttling: past the attempts an error gets, within the time budget.
    expect(shouldRetry(WEBHOOK_RETRY_POLICY, WECOM_RATE_LIMITED, 20, 1_000)).toBe(true);
    expect(shouldRetry(WEBHOOK_RETRY_POLICY, WECOM_RATE_LIMITED, 2, 60_000)).toBe(false);
    for (const status of [429, 503]) expect(shouldRetry(WEBHOOK_RETRY_POLICY, { httpStatus: status }, 1, 0)).toBe(true);
    for (const status of [200, 302, 307, 400, 404, 500, 502]) {
      expect(shouldRetry(WEBHOOK_RETRY_POLICY, { httpStatus: status }, 1, 0)).toBe(false);
    }
    for (const code of ["RequestLimitExceeded", "InternalError", "WeCom.93000"]) {
      expect(shouldRetry(WEBHOOK_RETRY_POLICY, code, 1, 0)).toBe(false);
    }
  });
});

describe("a message of the command line", () => {
  test.each([
    ['got "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx".', 'got "(URL)".'],
    ['got "http://127.0.0.1:8080/hook".', 'got "(URL)".'],
    ["got hooks.slack.com/services/T000/B000/XXXXXXXX and more", "got (URL) and more"],
    ["got qyapi.weixin.qq.com:443/cgi-bin/webhook/send?key=k", "got (URL)"],
    ["got 'send?key=693a91f6'", "got '(URL)'"],
    ['got "a" "b?x=1" "c"', 'got "a" "(URL)" "c"'],
  ])("%j leaves the URL out", (message, expected) => {
    expect(withoutUrls(message)).toBe(expected.replaceAll("(URL)", URL_LEFT_OUT));
  });

  test.each([
    "--since needs a file name, such as --since previous-audit.json.",
    'audit takes no arguments besides its options; got "extra words".',
    "--notify needs the webhook's URL, which starts with https:// or http:// (as Slack and WeCom give it).",
  ])("%j keeps every word that is no URL", (message) => {
    expect(withoutUrls(message)).toBe(message);
  });
});

describe("a post that got no answer", () => {
  test.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"])(
    "%s never carried the request: judged as no answer, which the policy retries",
    (code) => {
      const error = unansweredPost(new TypeError("fetch failed", { cause: { code, message: `connect ${code} host` } }));
      expect(error).toBeInstanceOf(FailedAttempt);
      expect((error as FailedAttempt).failure).toBeUndefined();
      expect(error.message).toBe(`connect ${code} host`);
      expect((error as FailedAttempt).giveUp(8)).toEqual(new Error(`connect ${code} host`));
    },
  );

  test("a connection lost after the request may have delivered it: an error of its own, not retried", () => {
    const error = unansweredPost(
      new TypeError("fetch failed", { cause: { code: "UND_ERR_SOCKET", message: "other side closed" } }),
    );
    expect(error).not.toBeInstanceOf(FailedAttempt);
    expect(error).toEqual(new Error("other side closed"));
  });

  test("is told by its cause, or its name, never by fetch's message, which can repeat the URL", () => {
    const timeout = Object.assign(new Error("The operation at https://hooks.example.com/key timed out"), {
      name: "TimeoutError",
    });
    expect(unansweredPost(timeout)).toEqual(new Error("TimeoutError"));
    expect(unansweredPost("refused")).toEqual(new Error("refused"));
    expect(unansweredPost(undefined)).toEqual(new Error("undefined"));
    expect(unansweredPost({ name: 42 })).toEqual(new Error("[object Object]"));
  });
});
