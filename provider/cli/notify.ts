import { FailedAttempt, retryAttempts, type RetryLog } from "../api/retry-attempts";
import { retryPolicy, type RetryPolicy } from "../api/retry-policy";
import { UsageError } from "./usage";

/** The shapes `--notify-format` gives the webhook's body. */
export const NOTIFY_FORMATS = ["wecom", "slack", "generic"] as const;

/**
 * How the summary is shaped for the webhook: `wecom`, a WeCom group robot's markdown message
 * (`{ msgtype: "markdown", markdown: { content } }`); `slack`, a Slack incoming webhook's `{ text }`;
 * `generic`, a plain JSON object with the text and the figures.
 */
export type NotifyFormat = (typeof NOTIFY_FORMATS)[number];

/** A member a notice names: uin and name only, never an email or a phone. */
export interface NoticeMember {
  /** The member's account uin. */
  readonly memberUin: number;
  /** The member's name in the organization. */
  readonly name: string;
  /** What the notice says about it, such as a finding's kind. */
  readonly label: string;
}

/** What a run tells the team: a title, a few lines of counts, and the members worth naming. */
export interface Notice {
  /** Which command ran: `audit` or `remind`. */
  readonly command: string;
  /** One line, such as "Tencent Cloud organization audit: 3 new findings". */
  readonly title: string;
  /** Short lines of counts. */
  readonly lines: readonly string[];
  /** The members worth naming, most urgent first (new findings first for the audit). */
  readonly members: readonly NoticeMember[];
  /** The figures, for the generic body. */
  readonly figures: Readonly<Record<string, unknown>>;
}

/** At most this many members are named in a notice; the rest are counted. A chat message stays short. */
export const NOTICE_MEMBER_LIMIT = 20;

/** How long a post may take before it is given up. */
const POST_TIMEOUT_MS = 10_000;

/**
 * Text from outside (a member's name) made inert for a chat: control characters become spaces, and `<`, `>`,
 * `&` and `@`, with which Slack and WeCom write mentions (`<!channel>`, `<@userid>`) and links, are replaced, so
 * a name can notify no one and link nowhere.
 */
function inert(text: string): string {
  return text
    .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
    .replace(/[<>&@]/g, (character) => INERT_CHARACTERS[character])
    .trim();
}

/** What stands in a chat message for each character that writes a mention or a link. */
const INERT_CHARACTERS: Readonly<Record<string, string>> = { "<": "‹", ">": "›", "&": "+", "@": "(at)" };

/** The notice as lines of text: the title, the counts, then the members named (at most NOTICE_MEMBER_LIMIT). */
function noticeText(notice: Notice, bold: (text: string) => string): string {
  const named = notice.members.slice(0, NOTICE_MEMBER_LIMIT);
  const more = notice.members.length - named.length;
  return [
    bold(notice.title),
    ...notice.lines,
    ...named.map((member) => `- ${member.label}: ${member.memberUin} ${inert(member.name)}`),
    ...(more > 0 ? [`- and ${more} more (see the full report)`] : []),
  ].join("\n");
}

/** The webhook's JSON body for `notice` in `format`. */
export function noticeBody(notice: Notice, format: NotifyFormat): unknown {
  switch (format) {
    case "wecom":
      return { msgtype: "markdown", markdown: { content: noticeText(notice, (text) => `**${text}**`) } };
    case "slack":
      return { text: noticeText(notice, (text) => `*${text}*`) };
    case "generic":
      return {
        source: "pulumi-tencentcloud-member-email",
        command: notice.command,
        title: notice.title,
        text: noticeText(notice, (text) => text),
        figures: notice.figures,
        members: notice.members.map((member) => ({ ...member, name: inert(member.name) })),
      };
  }
}

/** What became of a post: delivered, or why not (the HTTP status when an answer came). */
export type PostOutcome =
  | { readonly delivered: true; readonly status: number }
  | { readonly delivered: false; readonly reason: string };

/**
 * The failure a WeCom group robot's `errcode` 45009 ("api freq out of limit": a robot takes 20 messages a minute) is
 * judged as: the robot took nothing, so the post is tried again, as throttling, for as long as the time budget
 * lasts.
 */
export const WECOM_RATE_LIMITED = "WeCom.45009";

/**
 * The provider's retry policy, for a webhook: a post is retried only when it was surely not delivered, so that no
 * team sees a summary twice. HTTP 429 and 503, and WeCom's 45009, say the service took nothing; a connection
 * refused or a name not found sent nothing. A post whose answer was lost (a timeout, a connection reset) may have
 * been delivered, and any other answer is the service's verdict: neither is retried.
 */
export const WEBHOOK_RETRY_POLICY: RetryPolicy = {
  ...retryPolicy,
  retryableCodes: new Set(),
  retryableCodeFamilies: new Set([WECOM_RATE_LIMITED]),
  throttlingCodeFamilies: new Set([WECOM_RATE_LIMITED]),
  retryableHttpStatuses: new Set([429, 503]),
};

/** The codes of a connection that never carried the request: nothing was sent, so trying again is safe. */
const NOT_SENT_CODES: ReadonlySet<unknown> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * Posts `body` as JSON to `target.url` (Node's fetch, following no redirect), retried through
 * {@link WEBHOOK_RETRY_POLICY} (each retry told to `log`), and answers what became of it, as the answer of the
 * service `target.format` writes for says (see {@link answerVerdict}); never throws. The URL is not repeated in the
 * reason nor in the log: a webhook's URL holds its key.
 */
export async function postNotice(
  target: { readonly url: string; readonly format: NotifyFormat },
  body: unknown,
  log: RetryLog,
): Promise<PostOutcome> {
  const payload = JSON.stringify(body);
  try {
    const status = await retryAttempts(WEBHOOK_RETRY_POLICY, "Webhook post", () => postOnce(target, payload), log);
    return { delivered: true, status };
  } catch (error) {
    // The errors of postOnce say why in words that never hold the URL.
    return { delivered: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** One post: its status when delivered; a {@link FailedAttempt} the policy judges otherwise. */
async function postOnce(target: { readonly url: string; readonly format: NotifyFormat }, payload: string) {
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: payload,
      // A redirect would carry the summary to another host (307, 308) or turn the post into an empty GET (301,
      // 302, 303) that answers 200: a webhook's own URL never redirects, so a redirect is an answer, not a way on.
      redirect: "manual",
      signal: AbortSignal.timeout(POST_TIMEOUT_MS),
    });
  } catch (error) {
    throw unansweredPost(error);
  }
  // The body is read so the connection is released, and because WeCom and Slack say there what they did.
  const text = await response.text().catch(() => "");
  const verdict = answerVerdict(target.format, response.status, text);
  if (verdict === undefined) return response.status;
  throw new FailedAttempt(verdict.failure, verdict.summary, () => new Error(verdict.summary));
}

/**
 * What a post that got no answer met, from fetch's error: a {@link FailedAttempt} the policy judges as no answer
 * (retried) when the connection never carried the request (refused, name not found), a plain Error (not retried:
 * the post may have arrived) otherwise. Its message is the cause's (`connect ECONNREFUSED 127.0.0.1:9`, `other side
 * closed`) or the error's name (`TimeoutError`), never fetch's own message, which can repeat the URL.
 */
export function unansweredPost(error: unknown): Error {
  // Read by shape, not `instanceof`: fetch's errors can come from another realm (a test runner's globals).
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { message?: unknown; code?: unknown } };
  const reason = typeof cause?.message === "string" ? cause.message : typeof name === "string" ? name : String(error);
  const giveUp = () => new Error(reason);
  return NOT_SENT_CODES.has(cause?.code) ? new FailedAttempt(undefined, reason, giveUp) : giveUp();
}

/** Why an answer says the post was not delivered: what the retry policy judges, and the words for it. */
export interface Undelivered {
  /** What the policy judges: the HTTP status, or {@link WECOM_RATE_LIMITED}. */
  readonly failure: { readonly httpStatus: number } | string;
  /** Why, in words that never hold the URL, such as `HTTP 404 no_service` or `WeCom errcode 93000`. */
  readonly summary: string;
}

/** A Slack error text (`no_service`, `invalid_token`): a short word, safe to repeat. Anything else is not. */
const SLACK_ERROR = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * What a webhook's answer says, for the service `format` writes for: undefined when the post was delivered.
 * - every format: a redirect (3xx) is not followed, so nothing was delivered; its target is never named (it can
 *   hold a key, and following it is how a summary reaches another host);
 * - `wecom`: a group robot answers HTTP 200 with `{ "errcode": 0 }` when it took the message, and another errcode
 *   (45009 for its rate limit) when it did not;
 * - `slack`: an incoming webhook answers HTTP 200 with the text `ok`, and an error word (`no_service`) with
 *   another status;
 * - `generic`: the status alone, any 2xx.
 */
export function answerVerdict(format: NotifyFormat, status: number, text: string): Undelivered | undefined {
  const failure = { httpStatus: status };
  if (status >= 300 && status < 400) {
    return { failure, summary: `HTTP ${status}, a redirect, not followed: give --notify the webhook's own URL` };
  }
  if (status < 200 || status > 299) {
    const word = text.trim();
    return {
      failure,
      summary: format === "slack" && SLACK_ERROR.test(word) ? `HTTP ${status} ${word}` : `HTTP ${status}`,
    };
  }
  if (format === "slack") {
    return text.trim() === "ok" ? undefined : { failure, summary: `HTTP ${status} without Slack's "ok"` };
  }
  if (format === "wecom") {
    const errcode = wecomErrcode(text);
    if (errcode === 0) return undefined;
    if (errcode === undefined) return { failure, summary: `HTTP ${status} without WeCom's errcode` };
    return {
      failure: errcode === 45009 ? WECOM_RATE_LIMITED : failure,
      summary: `WeCom errcode ${errcode}${errcode === 45009 ? " (the robot's rate limit)" : ""}`,
    };
  }
  // generic: the status alone.
  return undefined;
}

/** The `errcode` of a WeCom robot's JSON answer (an integer), or undefined when the answer has none. */
function wecomErrcode(text: string): number | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return undefined;
  }
  const errcode = (answer as { readonly errcode?: unknown } | null)?.errcode;
  return Number.isSafeInteger(errcode) ? (errcode as number) : undefined;
}

/**
 * Checks `--notify URL`: an http or https URL, without a user name or password (fetch refuses to post to one);
 * answers an error message naming the option, or undefined.
 */
export function notifyUrlProblem(value: string): string | undefined {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // Falls through to the message.
  }
  if (url?.username || url?.password) {
    return "--notify's URL cannot carry a user name or password: give the webhook's URL as the service shows it.";
  }
  if (url?.protocol === "https:" || url?.protocol === "http:") return undefined;
  // No example URL: a command line's message leaves every URL out (see withoutUrls).
  return "--notify needs the webhook's URL, which starts with https:// or http:// (as Slack and WeCom give it).";
}

/** Checks `--notify-format`; answers the format, or throws an Error naming the valid ones. */
export function parseNotifyFormat(value: string | undefined): NotifyFormat {
  if (value === undefined) return "generic";
  if ((NOTIFY_FORMATS as readonly string[]).includes(value)) return value as NotifyFormat;
  throw new Error(`--notify-format must be one of ${NOTIFY_FORMATS.join(", ")}; got "${value}".`);
}

/** Posts `notice` when a URL was given, and tells stderr what became of it; the caller's exit status stands. */
export async function notifyIfAsked(
  target: { readonly url?: string; readonly format: NotifyFormat },
  notice: Notice,
  stderr: (text: string) => void,
): Promise<void> {
  if (target.url === undefined) return;
  const outcome = await postNotice({ url: target.url, format: target.format }, noticeBody(notice, target.format), {
    retrying: (message) => stderr(`${message}\n`),
  });
  stderr(
    outcome.delivered
      ? `Posted the summary to the webhook (${target.format}, HTTP ${outcome.status}).\n`
      : `Could not post the summary to the webhook (${target.format}): ${outcome.reason}. The exit status is the ${notice.command}'s own.\n`,
  );
}

/** `--notify URL` and `--notify-format F`, checked before any API call. */
export function parseNotify(
  url: string | undefined,
  format: string | undefined,
): { readonly url?: string; readonly format: NotifyFormat } {
  if (url === undefined && format !== undefined) throw new UsageError("--notify-format needs --notify URL.");
  const problem = url === undefined ? undefined : notifyUrlProblem(url);
  if (problem) throw new UsageError(problem);
  try {
    return { url, format: parseNotifyFormat(format) };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
