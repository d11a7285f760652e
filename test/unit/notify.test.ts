import { type Notice, noticeBody, NOTICE_MEMBER_LIMIT, parseNotify } from "../../provider/cli/notify";

const notice = (members: number): Notice => ({
  command: "audit",
  title: "Tencent Cloud organization audit: 1 new finding",
  lines: ["3 members, 2 bound: 1 failed."],
  members: Array.from({ length: members }, (_, index) => ({
    memberUin: 100000000001 + index,
    name: index === 0 ? "<!here> <@U123> a&b @all" : `member-${index}`,
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
        "- new failed: 100000000001 ‹!here› ‹(at)U123› a+b (at)all",
    },
  });
  expect(noticeBody(notice(1), "slack")).toEqual({
    text: expect.stringMatching(/^\*Tencent Cloud organization audit: 1 new finding\*\n/),
  });
  expect(noticeBody(notice(1), "generic")).toMatchObject({
    source: "pulumi-tencentcloud-member-email",
    command: "audit",
    figures: { findings: 1 },
    members: [{ memberUin: 100000000001, name: "‹!here› ‹(at)U123› a+b (at)all", label: "new failed" }],
  });
});

test(`a chat message names at most ${NOTICE_MEMBER_LIMIT} members and counts the rest`, () => {
  const { text } = noticeBody(notice(25), "slack") as { text: string };
  expect(text.split("\n").filter((line) => line.startsWith("- new failed: "))).toHaveLength(NOTICE_MEMBER_LIMIT);
  expect(text).toMatch(/- and 5 more \(see the full report\)$/);
});

test.each([
  [["ftp://example.com/hook", undefined], /--notify needs the webhook's http or https URL/],
  [["not a url", undefined], /--notify needs/],
  [["https://example.com/hook", "teams"], /--notify-format must be one of wecom, slack, generic; got "teams"/],
  [[undefined, "slack"], /--notify-format needs --notify URL/],
] as const)("%j is refused naming the option", ([url, format], message) => {
  expect(() => parseNotify(url, format)).toThrow(message);
});
