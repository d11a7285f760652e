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
};

type Column = "member" | "name" | "status" | "bindId" | "email" | "why" | "expires" | "declared" | "code" | "requestId";

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

/** The room kept for the last line, which says how many findings were left out and where the whole report is. */
const LEFT_OUT_RESERVE = 600;

/** How the Markdown is written besides the audit. */
export interface MarkdownOptions {
  /** The comparison with the previous report, when `--since` gave one: what is new leads. */
  readonly comparison?: Comparison;
  /** The Markdown stays under this many bytes (UTF-8), the summary and what is new first. */
  readonly maxBytes?: number;
}

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/**
 * Markdown lines written under a byte budget: a block is added whole or not at all, a table row by row.
 * Each line counts with its line break.
 */
class Budget {
  readonly lines: string[] = [];
  private used = 0;
  constructor(private readonly limit: number) {}
  /** Whether `lines` (and `reserve` bytes more) fit. */
  fits(lines: readonly string[], reserve = 0): boolean {
    return this.used + lines.reduce((sum, line) => sum + bytes(line) + 1, 0) + reserve <= this.limit;
  }
  /** The bytes left. */
  room(): number {
    return this.limit - this.used;
  }
  add(...lines: string[]): void {
    this.lines.push(...lines);
    this.used += lines.reduce((sum, line) => sum + bytes(line) + 1, 0);
  }
}

/**
 * Adds a table: its `opening` lines (heading, advice, table head) when they fit with `closing`, then as many
 * rows as fit, then `closing`; answers how many rows it left out. `reserve` stays free for what must follow.
 */
function addTable(
  budget: Budget,
  opening: readonly string[],
  rows: readonly string[],
  closing: readonly string[],
  reserve: number,
): number {
  if (!budget.fits([...opening, ...closing], reserve)) return rows.length;
  budget.add(...opening);
  let shown = 0;
  for (const row of rows) {
    if (!budget.fits([row, ...closing], reserve)) break;
    budget.add(row);
    shown += 1;
  }
  budget.add(...closing);
  return rows.length - shown;
}

/**
 * The audit as a Markdown comment for a pull request or an issue: a summary line; with a comparison, what is new
 * and what was resolved since the previous report; then one table per kind of finding (tables of more than
 * FOLD_AFTER_ROWS rows folded). The whole stays under `maxBytes` (default DEFAULT_MAX_MARKDOWN_BYTES): the
 * summary and what is new come first, then as many findings of each kind as fit, then one line saying how many
 * were left out and that the JSON (`--json`) holds them all. Every text from outside (names, emails, statuses,
 * reasons, codes, domains) is shown as a code span (see literal), so none can break the table, inject markup or
 * HTML, mention a person or team, or become a link.
 */
export function auditMarkdown(audit: Audit, context: ReportContext, options: MarkdownOptions = {}): string {
  const { comparison } = options;
  const budget = new Budget(options.maxBytes ?? DEFAULT_MAX_MARKDOWN_BYTES);
  const counts = countByKind(audit.findings);
  const found = FINDING_KINDS.filter((kind) => counts[kind] > 0);
  budget.add("## Tencent Cloud organization audit", "");
  const scope =
    `${audit.members} members, ${audit.bound} bound, ${audit.declared} declared in the ${context.source}` +
    ` (as of ${context.at.toISOString().slice(0, 16).replace("T", " ")} UTC; links expiring within ` +
    `${context.expiryWarningDays} days; ${context.allowedDomains ? `allowed domains ${context.allowedDomains.map(literal).join(", ")}` : "no domain policy"}).` +
    (context.ignored
      ? ` ${context.ignored.count} finding${context.ignored.count === 1 ? "" : "s"} ignored (${literal(context.ignored.rules)}), not shown.`
      : "");
  const changes = comparison
    ? ` Since the previous report${comparison.previousAt ? ` (as of ${comparison.previousAt.slice(0, 16).replace("T", " ")} UTC)` : ""}: ` +
      `${comparison.fresh.length} new, ${comparison.still.length} still, ${comparison.resolved.length} resolved.`
    : "";
  if (found.length === 0) {
    budget.add(`**No findings.** ${scope}${changes}`);
    if (comparison && comparison.resolved.length > 0) addChanges(budget, comparison);
    return `${budget.lines.join("\n")}\n`;
  }
  const total = audit.findings.length;
  const parts = found.map((kind) => `${counts[kind]} ${kind}`);
  budget.add(`**${total} finding${total === 1 ? "" : "s"}**: ${parts.join(", ")}. ${scope}${changes}`);
  let leftOut = comparison ? addChanges(budget, comparison) : 0;
  const leftOutByKind = leftOut > 0 ? [`${leftOut} of the new and resolved`] : [];
  const tables = found.map((kind) => {
    const section = sections[kind];
    const rows = audit.findings.filter((finding) => finding.kind === kind);
    const fold = rows.length > FOLD_AFTER_ROWS;
    return {
      kind,
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
  });
  const shown = planRows(budget, tables, LEFT_OUT_RESERVE);
  tables.forEach((table, index) => {
    if (shown[index] !== undefined)
      budget.add(...table.opening, ...table.rows.slice(0, shown[index]), ...table.closing);
    const omitted = table.rows.length - (shown[index] ?? 0);
    if (omitted > 0) leftOutByKind.push(`${omitted} ${table.kind}`);
    leftOut += omitted;
  });
  if (leftOut > 0) {
    budget.add(
      "",
      `**${leftOut} row${leftOut === 1 ? "" : "s"} left out** to keep this report under ` +
        `${(options.maxBytes ?? DEFAULT_MAX_MARKDOWN_BYTES).toLocaleString("en-US")} bytes` +
        `${leftOutByKind.length > 0 ? ` (${leftOutByKind.join(", ")})` : ""}: the whole report is the audit's ` +
        "JSON (`--json`), kept with the workflow run as an artifact.",
    );
  }
  return `${budget.lines.join("\n")}\n`;
}

/** A table to write: the lines before its rows, its rows, the lines after them. */
interface Table {
  readonly opening: readonly string[];
  readonly rows: readonly string[];
  readonly closing: readonly string[];
}

/**
 * How many rows of each table fit in what is left of `budget` (keeping `reserve` free); undefined for a table
 * that does not fit at all. Every table first gets its head and up to FOLD_AFTER_ROWS rows, in order, so a long
 * table early in the report does not crowd out the kinds after it; the room left then goes to the rest of the
 * rows, in order.
 */
function planRows(budget: Budget, tables: readonly Table[], reserve: number): (number | undefined)[] {
  let room = budget.room() - reserve;
  const size = (lines: readonly string[]) => lines.reduce((sum, line) => sum + bytes(line) + 1, 0);
  const shown: (number | undefined)[] = tables.map((table) => {
    const fixed = size(table.opening) + size(table.closing);
    if (fixed > room) return undefined;
    room -= fixed;
    return 0;
  });
  for (const pass of [FOLD_AFTER_ROWS, Number.POSITIVE_INFINITY]) {
    tables.forEach((table, index) => {
      let count = shown[index];
      if (count === undefined) return;
      while (count < Math.min(pass, table.rows.length) && bytes(table.rows[count]) + 1 <= room) {
        room -= bytes(table.rows[count]) + 1;
        count += 1;
      }
      shown[index] = count;
    });
  }
  return shown;
}

/** The tables of what is new and what was resolved since the previous report; answers the rows left out. */
function addChanges(budget: Budget, comparison: Comparison): number {
  const head = ["| Kind | Member | Name |", "| --- | --- | --- |"];
  const row = (finding: { kind: string; memberUin: number; name: string }) =>
    `| \`${finding.kind}\` | ${finding.memberUin} | ${(literal(finding.name) || "—").replace(/\|/g, "\\|")} |`;
  let leftOut = 0;
  if (comparison.fresh.length > 0) {
    const opening = ["", `### New since the previous report (${comparison.fresh.length})`, "", ...head];
    // What is new leads, but takes at most half the room, so the tables by kind still show each kind.
    const reserve = Math.max(LEFT_OUT_RESERVE, Math.floor(budget.room() / 2));
    leftOut += addTable(budget, opening, comparison.fresh.map(row), [], reserve);
  }
  if (comparison.resolved.length > 0) {
    const fold = comparison.resolved.length > FOLD_AFTER_ROWS;
    const opening = [
      "",
      `### Resolved since the previous report (${comparison.resolved.length})`,
      "",
      ...(fold ? [`<details><summary>${comparison.resolved.length} findings</summary>`, ""] : []),
      ...head,
    ];
    leftOut += addTable(
      budget,
      opening,
      comparison.resolved.map(row),
      fold ? ["", "</details>"] : [],
      LEFT_OUT_RESERVE,
    );
  }
  return leftOut;
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
