import { type Audit, FINDING_KINDS, type Finding, type FindingKind } from "./audit";

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
}

/** The JSON the audit prints with `--json`. */
export interface AuditJson {
  /** Every finding, by kind then member uin. */
  readonly findings: readonly Finding[];
  /** The numbers. */
  readonly summary: AuditSummary;
}

/** The title, the advice and the columns of each kind's table. */
const sections: Readonly<Record<FindingKind, { title: string; advice: string; columns: readonly Column[] }>> = {
  unreadable: {
    title: "Members the audit could not read",
    advice:
      "Describing these failed after every retry, with an error that says nothing about their binding, so the " +
      "audit cannot vouch for them (exit status 2): the run's log names each error and what to do; run it again.",
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
    advice: "Remind the member (a new `activationReminder` token, then `pulumi up`) before the link expires.",
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

/** The audit as `--json` prints it. */
export function auditJson(audit: Audit, context: ReportContext): AuditJson {
  return {
    findings: audit.findings,
    summary: {
      members: audit.members,
      declared: audit.declared,
      bound: audit.bound,
      described: audit.described,
      findings: audit.findings.length,
      byKind: countByKind(audit.findings),
      at: context.at.toISOString(),
    },
  };
}

/**
 * The audit as a Markdown comment for a pull request: a summary line, then one table per kind of finding
 * (tables of more than FOLD_AFTER_ROWS rows folded). Every text from outside (names, emails, statuses, reasons,
 * codes, domains) is shown as a code span (see literal), so none can break the table, inject markup or HTML,
 * mention a person or team, or become a link.
 */
export function auditMarkdown(audit: Audit, context: ReportContext): string {
  const counts = countByKind(audit.findings);
  const found = FINDING_KINDS.filter((kind) => counts[kind] > 0);
  const lines = ["## Tencent Cloud organization audit", ""];
  const scope =
    `${audit.members} members, ${audit.bound} bound, ${audit.declared} declared in the ${context.source}` +
    ` (as of ${context.at.toISOString().slice(0, 16).replace("T", " ")} UTC; links expiring within ` +
    `${context.expiryWarningDays} days; ${context.allowedDomains ? `allowed domains ${context.allowedDomains.map(literal).join(", ")}` : "no domain policy"}).`;
  if (found.length === 0) {
    lines.push(`**No findings.** ${scope}`);
    return `${lines.join("\n")}\n`;
  }
  const total = audit.findings.length;
  const parts = found.map((kind) => `${counts[kind]} ${kind}`);
  lines.push(`**${total} finding${total === 1 ? "" : "s"}**: ${parts.join(", ")}. ${scope}`);
  for (const kind of found) {
    const section = sections[kind];
    const rows = audit.findings.filter((finding) => finding.kind === kind);
    const table = [
      `| ${section.columns.map((column) => headings[column]).join(" | ")} |`,
      `| ${section.columns.map(() => "---").join(" | ")} |`,
      ...rows.map((finding) => `| ${section.columns.map((column) => cell(finding, column)).join(" | ")} |`),
    ];
    lines.push("", `### ${section.title} (\`${kind}\`, ${rows.length})`, "", section.advice, "");
    if (rows.length > FOLD_AFTER_ROWS) {
      lines.push(`<details><summary>${rows.length} members</summary>`, "", ...table, "", "</details>");
    } else lines.push(...table);
  }
  return `${lines.join("\n")}\n`;
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
