/** What stands in a message for a URL it leaves out. */
export const URL_LEFT_OUT = "(a URL, not repeated: it may hold a key)";

/**
 * The words of a URL: one with a scheme and more (`https://…`; a scheme alone, `https://`, names no URL), a host name followed by a path
 * (`qyapi.weixin.qq.com/cgi-bin/…`, `hooks.slack.com/services/…`), or any word with a query string (`…?key=…`).
 * A word ends at white space or a quote, as a command line's message quotes it.
 */
const URL_WORD =
  /[a-z][a-z0-9+.-]*:\/\/[^\s"'`]+|(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?\/[^\s"'`]*|[^\s"'`]*\?[^\s"'`]*=[^\s"'`]*/gi;

/**
 * `text` with every URL-like word replaced by {@link URL_LEFT_OUT}: a webhook's URL holds its key (WeCom's in the
 * query string, Slack's in the path), and a command line's message that repeats a stray argument would print it
 * on a CI log.
 */
export function withoutUrls(text: string): string {
  return text.replace(URL_WORD, URL_LEFT_OUT);
}
