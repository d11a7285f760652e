import { type Audit, FINDING_KINDS, type Finding, type FindingKind } from "./audit";
import type { Comparison, FindingChange, PreviousFinding } from "./audit-since";

/** What the report says about the run besides the findings. */
export interface ReportContext {
  /** Where the declared members came from, such as `stack state` or `team file`. */
  readonly source: string;
  /** The warning days of `expiring`. */
  readonly expiryWarningDays: number;
  /** The allowed domains, when a policy was given. */
  readonly allowedDomains?: readonly string[];
  /** The moment expiry was measured against. */
  readonly at: Date;
  /** With `--ignore-kinds` or `--ignore-members`: how many findings were left out, and by which rules. */
  readonly ignored?: { readonly count: number; readonly rules: string };
}

/** The report's numbers, the `summary` of the JSON. */
export interface AuditSummary {
  /** Members of the organization. */
  readonly members: number;
  /** Members declared in the stack or team file. */
  readonly declared: number;
  /** Members with a binding. */
  readonly bound: number;
  /** Bindings described. */
  readonly described: number;
  /** Findings in all. */
  readonly findings: number;
  /** Findings of each kind, every kind present (0 when none). */
  readonly byKind: Readonly<Record<FindingKind, number>>;
  /** The moment expiry was measured against, ISO 8601 UTC. */
  readonly at: string;
  /** With `--ignore-kinds` or `--ignore-members`: the findings left out, counted in no other figure. */
  readonly ignored?: number;
  /** With `--since`: findings the previous report did not have. */
  readonly new?: number;
  /** With `--since`: findings the previous report had too. */
  readonly still?: number;
  /** With `--since`: the previous report's findings that are gone. */
  readonly resolved?: number;
  /** With `--since`: the moment the previous report measured expiry against. */
  readonly previousAt?: string;
}

/** The JSON the audit prints with `--json`. */
export interface AuditJson {
  /** Every finding, by kind then member uin; with `--since`, each says whether it is `new` or `still`. */
  readonly findings: readonly (Finding & { readonly since?: FindingChange })[];
  /** With `--since`: the previous report's findings that are gone. */
  readonly resolved?: readonly PreviousFinding[];
  /** The numbers. */
  readonly summary: AuditSummary;
}

/** The title, the advice and the columns of each kind's table. */
const sections: Readonly<Record<FindingKind, { title: string; advice: string; columns: readonly Column[] }>> = {
  unreadable: {
    title: "Members the audit could not read",
    advice:
      "Describing these failed after every retry, with an error that says nothing about their binding, so the " +
      "audit cannot vouch for them (exit status 3): the run's log names each error and what to do; run it again.",
    columns: ["member", "name", "code", "requestId"],
  },
  undeclared: {
    title: "Bindings declared nowhere",
    advice: "Bound in the organization but in no stack: adopt them (`discover --out`, then `pulumi up`).",
    columns: ["member", "name", "status", "bindId", "email"],
  },
  gone: {
    title: "Declared bindings that are gone",
    advice: "The stack declares them, but the member has no binding or left the organization: `pulumi refresh`.",
    columns: ["member", "name", "bindId"],
  },
  failed: {
    title: "Failed bindings",
    advice: "Tencent Cloud gave up on these: bind a new email (an email that failed cannot be bound again).",
    columns: ["member", "name", "bindId", "email", "why"],
  },
  expired: {
    title: "Activation links expired",
    advice: "Sent more than 15 days ago and never activated: bind the member again with a new email.",
    columns: ["member", "name", "bindId", "email", "expires", "why"],
  },
  expiring: {
    title: "Activation links about to expire",
    advice:
      "Remind the member (`remind`, run daily, or a new `activationReminder` token, then `pulumi up`) before the link expires.",
    columns: ["member", "name", "bindId", "email", "expires"],
  },
  invited: {
    title: "Invited members",
    advice: "Tencent Cloud binds security information for created members only: these can never be bound.",
    columns: ["member", "name", "declared"],
  },
  unbound: {
    title: "Created members with no binding",
    advice: "No security email at all, and declared nowhere: declare one.",
    columns: ["member", "name"],
  },
  offDomain: {
    title: "Emails outside the allowed domains",
    advice: "Change each to an address at an allowed domain (`allowEmailUpdate: true`, phone declared).",
    columns: ["member", "name", "status", "bindId", "email"],
  },
  otherOrganization: {
    title: "Bindings of another organization",
    advice:
      "The stack records these in another organization than the audit's credentials reach (an explicit provider " +
      "per organization): not looked for here. Audit them with that organization's credentials.",
    columns: ["member", "bindId", "organization"],
  },
};

type Column =
  | "member"
  | "name"
  | "status"
  | "bindId"
  | "email"
  | "why"
  | "expires"
  | "declared"
  | "code"
  | "requestId"
  | "organization";

const headings: Readonly<Record<Column, string>> = {
  member: "Member",
  name: "Name",
  status: "Status",
  bindId: "BindId",
  email: "Email",
  why: "Why",
  expires: "Link expires (UTC)",
  declared: "Declared",
  code: "Error code",
  requestId: "RequestId",
  organization: "Organization",
};

/** Tables longer than this are folded into a `<details>` block, so a comment stays readable. */
export const FOLD_AFTER_ROWS = 10;

/** Counts the findings of each kind. */
function countByKind(findings: readonly Finding[]): Record<FindingKind, number> {
  const counts = Object.fromEntries(FINDING_KINDS.map((kind) => [kind, 0])) as Record<FindingKind, number>;
  for (const finding of findings) counts[finding.kind] += 1;
  return counts;
}

/** The audit as `--json` prints it; with a comparison, each finding says `since` and the resolved are listed. */
export function auditJson(audit: Audit, context: ReportContext, comparison?: Comparison): AuditJson {
  const summary = {
    members: audit.members,
    declared: audit.declared,
    bound: audit.bound,
    described: audit.described,
    findings: audit.findings.length,
    byKind: countByKind(audit.findings),
    at: context.at.toISOString(),
    ...(context.ignored ? { ignored: context.ignored.count } : {}),
  };
  if (!comparison) return { findings: audit.findings, summary };
  const fresh = new Set(comparison.fresh);
  return {
    findings: audit.findings.map((finding) => ({ ...finding, since: fresh.has(finding) ? "new" : "still" })),
    resolved: comparison.resolved,
    summary: {
      ...summary,
      new: comparison.fresh.length,
      still: comparison.still.length,
      resolved: comparison.resolved.length,
      ...(comparison.previousAt ? { previousAt: comparison.previousAt } : {}),
    },
  };
}

/** The default of `--max-markdown-bytes`: under the 65,536 characters GitHub takes in a comment, with room. */
export const DEFAULT_MAX_MARKDOWN_BYTES = 60_000;

/** The smallest `--max-markdown-bytes`: the summary and the line about what was left out fit. */
export const MIN_MAX_MARKDOWN_BYTES = 2_000;

/** How the Markdown is written besides the audit. */
export interface MarkdownOptions {
  /** The comparison with the previous report, when `--since` gave one: what is new leads. */
  readonly comparison?: Comparison;
  /** The Markdown stays within this many bytes (UTF-8), the summary and what is new first. */
  readonly maxBytes?: number;
}

/** The bytes `lines` take in the report, each with its line break. */
const size = (lines: readonly string[]): number => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

/**
 * A part of the report that can be cut short: a table, with the lines before its rows, its rows, and the lines
 * after them. `leftOut` names it in the line about what was left out (`unbound`, `of the new`).
 */
interface Part {
  readonly leftOut: string;
  readonly opening: readonly string[];
  readonly rows: readonly string[];
  readonly closing: readonly string[];
}

/**
 * The audit as a Markdown comment for a pull request or an issue: a summary line; with a comparison, what is new
 * and what was resolved since the previous report; then one table per kind of finding (tables of more than
 * FOLD_AFTER_ROWS rows folded). The whole stays within `maxBytes` (default DEFAULT_MAX_MARKDOWN_BYTES, at least
 * MIN_MAX_MARKDOWN_BYTES), whatever part grows. A report that fits is whole; otherwise the summary lists the allowed
 * domains that fit in a quarter of the limit and counts the others; what is new takes at most half of what is left; every kind then gets its first rows, then
 * the resolved theirs, then the room left goes to the rest, in order; a last line counts the rows left out of each
 * part and says that the JSON (`--json`) holds them all. Every text from outside (names, emails, statuses,
 * reasons, codes, domains, the previous report's moment) is shown as a code span (see literal), so none can break
 * the table, inject markup or HTML, mention a person or team, or become a link.
 */
export function auditMarkdown(audit: Audit, context: ReportContext, options: MarkdownOptions = {}): string {
  const { comparison } = options;
  const limit = options.maxBytes ?? DEFAULT_MAX_MARKDOWN_BYTES;
  const counts = countByKind(audit.findings);
  const found = FINDING_KINDS.filter((kind) => counts[kind] > 0);
  const fresh = comparison && comparison.fresh.length > 0 ? freshPart(comparison.fresh) : undefined;
  const resolved = comparison && comparison.resolved.length > 0 ? resolvedPart(comparison.resolved) : undefined;
  const kinds = found.map((kind) => kindPart(kind, audit.findings));
  const parts = [fresh, resolved, ...kinds].filter((part): part is Part => part !== undefined);
  const head = ["## Tencent Cloud organization audit", ""];
  const line = (domainsShown: number) => summaryLine(audit, context, counts, found, comparison, domainsShown);
  const domains = context.allowedDomains?.length ?? 0;
  const whole = [...head, line(domains), ...parts.flatMap((part) => [...part.opening, ...part.rows, ...part.closing])];
  if (size(whole) <= limit) return `${whole.join("\n")}\n`;
  const summary = fitted(line, domains, Math.floor(limit / 4));
  // Room for the last line however many rows it counts: no count can be larger than its part.
  const reserve = size(leftOutLines(limit, new Map(parts.map((part) => [part, part.rows.length]))));
  let room = limit - size(head) - size([summary]) - reserve;
  const shown = new Map<Part, number>();
  if (fresh) {
    // What is new leads, but takes at most half the room, so the tables by kind still show each kind.
    const half = Math.floor(room / 2);
    room -= half - planRows([fresh], half, shown);
  }
  planRows([...kinds, ...(resolved ? [resolved] : [])], room, shown);
  const lines = [...head, summary];
  for (const part of parts) {
    const rows = shown.get(part);
    if (rows !== undefined) lines.push(...part.opening, ...part.rows.slice(0, rows), ...part.closing);
  }
  const leftOut = new Map(parts.map((part) => [part, part.rows.length - (shown.get(part) ?? 0)]));
  lines.push(...leftOutLines(limit, leftOut));
  return `${lines.join("\n")}\n`;
}

/**
 * The largest of `line(0)` to `line(most)` that is at most `cap` bytes (`line(0)` when none is), for a line that
 * grows with what it lists.
 */
function fitted(line: (listed: number) => string, most: number, cap: number): string {
  let best = line(0);
  for (let listed = 1; listed <= most; listed += 1) {
    const longer = line(listed);
    if (size([longer]) > cap) break;
    best = longer;
  }
  return best;
}

/** The report's first line: the findings by kind, what was audited, and with a comparison what changed. */
function summaryLine(
  audit: Audit,
  context: ReportContext,
  counts: Readonly<Record<FindingKind, number>>,
  found: readonly FindingKind[],
  comparison: Comparison | undefined,
  domainsShown: number,
): string {
  const domains = context.allowedDomains;
  const more = (domains?.length ?? 0) - domainsShown;
  const policy =
    domains === undefined
      ? "no domain policy"
      : domainsShown === 0 && more > 0
        ? `${more} allowed domain${more === 1 ? "" : "s"} (too many to list here)`
        : `allowed domains ${domains.slice(0, domainsShown).map(literal).join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
  const scope =
    `${audit.members} members, ${audit.bound} bound, ${audit.declared} declared in the ${context.source}` +
    ` (as of ${context.at.toISOString().slice(0, 16).replace("T", " ")} UTC; links expiring within ` +
    `${context.expiryWarningDays} days; ${policy}).` +
    (context.ignored
      ? ` ${context.ignored.count} finding${context.ignored.count === 1 ? "" : "s"} ignored (${literal(context.ignored.rules)}), not shown.`
      : "");
  const changes = comparison
    ? ` Since the previous report${comparison.previousAt ? ` (as of ${previousMoment(comparison.previousAt)})` : ""}: ` +
      `${comparison.fresh.length} new, ${comparison.still.length} still, ${comparison.resolved.length} resolved.`
    : "";
  if (found.length === 0) return `**No findings.** ${scope}${changes}`;
  const total = audit.findings.length;
  const byKind = found.map((kind) => `${counts[kind]} ${kind}`);
  return `**${total} finding${total === 1 ? "" : "s"}**: ${byKind.join(", ")}. ${scope}${changes}`;
}

/** A moment as ISO 8601 writes it, to the minute: what a report's `summary.at` holds. */
const ISO_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The longest text of the previous report's moment that is shown when it is not a moment. */
const PREVIOUS_MOMENT_SHOWN = 40;

/**
 * The previous report's moment, read from its file: `2026-12-01 09:00 UTC` when it is one; any other text, cut
 * short, as a code span like every other text from outside.
 */
function previousMoment(at: string): string {
  if (ISO_MINUTE.test(at)) return `${at.slice(0, 16).replace("T", " ")} UTC`;
  return literal(Array.from(at).slice(0, PREVIOUS_MOMENT_SHOWN).join(""));
}

/** The lines saying how many rows of each part were left out, and where they all are; none when none were. */
function leftOutLines(limit: number, leftOut: ReadonlyMap<Part, number>): string[] {
  const cut = [...leftOut].filter(([, rows]) => rows > 0);
  const total = cut.reduce((sum, [, rows]) => sum + rows, 0);
  if (total === 0) return [];
  return [
    "",
    `**${total} row${total === 1 ? "" : "s"} left out** to keep this report under ` +
      `${limit.toLocaleString("en-US")} bytes (${cut.map(([part, rows]) => `${rows} ${part.leftOut}`).join(", ")}): ` +
      "the whole report is the audit's JSON (`--json`), kept with the workflow run as an artifact.",
  ];
}

/**
 * How many rows of each part fit in `room` bytes, set in `shown` (a part that does not fit with one row at least
 * is not set); answers the room left. Every part first gets its head and up to FOLD_AFTER_ROWS rows, in order, so
 * a long part early in the list does not crowd out the parts after it; the room left then goes to the rest of the
 * rows, in order.
 */
function planRows(parts: readonly Part[], room: number, shown: Map<Part, number>): number {
  let left = room;
  for (const part of parts) {
    const fixed = size([...part.opening, ...part.closing, part.rows[0]]);
    if (fixed > left) continue;
    left -= fixed;
    shown.set(part, 1);
  }
  for (const pass of [FOLD_AFTER_ROWS, Number.POSITIVE_INFINITY]) {
    for (const part of parts) {
      let count = shown.get(part);
      if (count === undefined) continue;
      while (count < Math.min(pass, part.rows.length) && size([part.rows[count]]) <= left) {
        left -= size([part.rows[count]]);
        count += 1;
      }
      shown.set(part, count);
    }
  }
  return left;
}

/** The table of the findings of `kind`, folded when long. */
function kindPart(kind: FindingKind, findings: readonly Finding[]): Part {
  const section = sections[kind];
  const rows = findings.filter((finding) => finding.kind === kind);
  const fold = rows.length > FOLD_AFTER_ROWS;
  return {
    leftOut: kind,
    opening: [
      "",
      `### ${section.title} (\`${kind}\`, ${rows.length})`,
      "",
      section.advice,
      "",
      ...(fold ? [`<details><summary>${rows.length} members</summary>`, ""] : []),
      `| ${section.columns.map((column) => headings[column]).join(" | ")} |`,
      `| ${section.columns.map(() => "---").join(" | ")} |`,
    ],
    rows: rows.map((finding) => `| ${section.columns.map((column) => cell(finding, column)).join(" | ")} |`),
    closing: fold ? ["", "</details>"] : [],
  };
}

/** The head of the tables of what changed since the previous report. */
const CHANGE_HEAD = ["| Kind | Member | Name |", "| --- | --- | --- |"];

/** A row of the tables of what changed since the previous report. */
const changeRow = (finding: { kind: string; memberUin: number; name: string }): string =>
  `| \`${finding.kind}\` | ${finding.memberUin} | ${(literal(finding.name) || "—").replace(/\|/g, "\\|")} |`;

/** The table of what is new since the previous report. */
function freshPart(fresh: readonly Finding[]): Part {
  return {
    leftOut: "of the new",
    opening: ["", `### New since the previous report (${fresh.length})`, "", ...CHANGE_HEAD],
    rows: fresh.map(changeRow),
    closing: [],
  };
}

/** The table of what was resolved since the previous report, folded when long. */
function resolvedPart(resolved: readonly PreviousFinding[]): Part {
  const fold = resolved.length > FOLD_AFTER_ROWS;
  return {
    leftOut: "of the resolved",
    opening: [
      "",
      `### Resolved since the previous report (${resolved.length})`,
      "",
      ...(fold ? [`<details><summary>${resolved.length} findings</summary>`, ""] : []),
      ...CHANGE_HEAD,
    ],
    rows: resolved.map(changeRow),
    closing: fold ? ["", "</details>"] : [],
  };
}

function cell(finding: Finding, column: Column): string {
  // A pipe ends a table cell even inside a code span; GitHub's tables take `\|` as a pipe there too.
  return cellText(finding, column).replace(/\|/g, "\\|");
}

function cellText(finding: Finding, column: Column): string {
  switch (column) {
    case "member":
      return String(finding.memberUin);
    case "name":
      return literal(finding.name) || "—";
    case "status":
      return literal(finding.bindStatus ?? "");
    case "bindId":
      return finding.bindId === undefined ? "" : String(finding.bindId);
    case "email":
      return literal(finding.maskedEmail ?? "");
    case "why":
      return literal(finding.description || (finding.code ? `Describe answered ${finding.code}` : ""));
    case "expires":
      return finding.linkExpiresAt ? finding.linkExpiresAt.slice(0, 16).replace("T", " ") : "";
    case "declared":
      return finding.declared ? "yes" : "no";
    case "code":
      return literal(finding.code ?? "") || "—";
    case "requestId":
      return literal(finding.requestId ?? "") || "—";
    case "organization":
      return finding.organizationId === undefined ? "" : String(finding.organizationId);
  }
}

/**
 * Text from outside as a Markdown code span, which GitHub shows as it is: no emphasis, HTML, link, autolink,
 * `@` mention, `#` reference or emoji inside. Line breaks and control characters become spaces; the fence is one
 * backtick longer than the text's longest run of backticks, padded when the text starts or ends with one. Empty
 * text stays empty.
 */
function literal(text: string): string {
  const flat = text.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").trim();
  if (flat === "") return "";
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
