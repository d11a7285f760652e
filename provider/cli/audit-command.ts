import { readFileSync, writeFileSync } from "node:fs";
import { OrganizationApi } from "../api/client";
import { resolveSettings, settingSources } from "../api/settings";
import { ACTIVATION_LINK_DAYS } from "../resource/binding-rules";
import { allowedEmailDomainsSource, parseEmailDomains, resolveAllowedEmailDomains } from "../resource/email-domains";
import { type Audit, auditOrganization, FINDING_KINDS, type FindingKind } from "./audit";
import { auditJson, auditMarkdown, DEFAULT_MAX_MARKDOWN_BYTES, MIN_MAX_MARKDOWN_BYTES } from "./audit-report";
import {
  allNew,
  type Comparison,
  compareFindings,
  keepUnreadFindings,
  type PreviousFinding,
  readPreviousReport,
} from "./audit-since";
import { type Notice, type NotifyFormat, notifyIfAsked, parseNotify } from "./notify";
import { readRemindReport, withReminders } from "./remind-report";
import { declaredFromStackState, declaredFromTeamFile, type DeclaredMember } from "./declared";
import { describeIgnoreRules, type IgnoreRules, isIgnored, readIgnoredMembers, withoutIgnored } from "./audit-ignore";
import { EXIT_STATUS, EXIT_STATUS_TABLE } from "./exit-status";
import { type CommandStreams, commandProgress } from "./streams";
import { parseCommandLine, UsageError, usageStatus } from "./usage";

const COMMAND = "pulumi-tencentcloud-member-email audit";

/** The default of `--expiry-warning-days`. */
const DEFAULT_EXPIRY_WARNING_DAYS = 3;

/** The audit's help, printed for `--help` and after a usage error. */
export const auditUsage = `Usage: ${COMMAND} (--stack-state FILE | --team-file FILE) [--json]
         [--expiry-warning-days N] [--allowed-domains LIST] [--fail-on KINDS] [--at TIME]
         [--since FILE] [--fail-on-new KINDS] [--json-out FILE] [--max-markdown-bytes N]
         [--ignore-kinds KINDS] [--ignore-members FILE]
         [--notify URL] [--notify-format wecom|slack|generic] [--remind-report FILE]

Lists the Tencent Cloud organization once, describes only the bindings it needs, and reports what a reviewer
of the organization's security contacts should see, as Markdown for a pull-request comment.

  --stack-state FILE        the declared bindings: the JSON of \`pulumi stack export\` (- reads standard input)
  --team-file FILE          the declared bindings: the team file examples/from-file reads
  --json                    print { "findings": [...], "summary": {...} } instead of Markdown
  --expiry-warning-days N   a Valid binding whose activation link expires within N days is "expiring" (default ${DEFAULT_EXPIRY_WARNING_DAYS})
  --allowed-domains LIST    comma list of email domains (*.example.com for subdomains); a binding at another is
                            "offDomain" (default: ${allowedEmailDomainsSource.env}, else no policy)
  --fail-on KINDS           comma list of finding kinds that make the exit status 1 (default: none)
  --at TIME                 measure link expiry at this ISO 8601 moment instead of now; it must name its zone
                            (2026-12-01T09:00:00Z, 2026-12-01T17:00:00+08:00): a time without one is refused
  --since FILE              compare with a previous report (printed with --json): each finding is "new" or
                            "still", and the previous findings gone are "resolved"; what is new leads
  --fail-on-new KINDS       comma list of finding kinds that make the exit status 1 when new (without --since,
                            every finding is new)
  --json-out FILE           also write the JSON report to FILE (the next run's --since, the whole report when
                            the Markdown leaves rows out)
  --max-markdown-bytes N    keep the Markdown under N bytes (default ${DEFAULT_MAX_MARKDOWN_BYTES}; GitHub takes 65,536 characters
                            in a comment): the findings that do not fit are counted; --json lists them all
  --ignore-kinds KINDS      comma list of finding kinds to leave out (not unreadable): they are not reported,
                            never fail the run, and the report says how many were left out
  --ignore-members FILE     leave out every finding of the members FILE lists: one member uin a line, # starts a
                            comment to the end of the line, blank lines skipped
  --notify URL              post a short summary (counts by kind, new findings first, member uins and names; no
                            email, no phone) to a webhook; a failed post is reported and changes no exit status
  --notify-format F         wecom (a WeCom group robot), slack (an incoming webhook) or generic JSON (default)
  --remind-report FILE      put the reminders \`remind --json\` printed to FILE in the notice: one message per sweep
  --help, -h                print this help

Kinds: ${FINDING_KINDS.join(", ")}.
A member whose description fails is a finding: "expired" or "failed" when the error code says so
(FailedOperation.BindEmailLinkExpired, FailedOperation.BindEmailLinkInvalid, FailedOperation.EmailBindRecordInvalid),
else "unreadable", with its code and RequestId, after the client's retries.
Exit status: 0 no finding of a --fail-on kind nor a new one of a --fail-on-new kind (ignored findings aside),
1 at least one, 2 a usage error, 3 could not finish: an unreadable member (after the report is written), or a
file, configuration or API error (no report); the same for every command: see ${EXIT_STATUS_TABLE}.
Progress goes to stderr: on a terminal one line updated in place, in a log a line every few seconds.
Credentials, endpoint and rate limit come from the environment, as for discover (\`pulumi-tencentcloud-member-email
discover --help\` lists the sources): a key pair (${settingSources.secretId.env}, ${settingSources.secretKey.env}), a role
assumed with it or from an OIDC token, a profile, an instance's role.`;

/** Where the command writes. */
export type AuditStreams = CommandStreams;

/** Where the declared members are read from. */
export interface DeclaredSource {
  /** A `pulumi stack export` JSON, or a team file. */
  readonly kind: "stack state" | "team file";
  /** The file's path, or `-` for standard input. */
  readonly file: string;
}

/** The parsed command line. */
interface AuditCommand {
  readonly source: DeclaredSource;
  readonly json: boolean;
  readonly expiryWarningDays: number;
  readonly allowedDomains?: readonly string[];
  readonly failOn: readonly FindingKind[];
  readonly failOnNew: readonly FindingKind[];
  readonly at: Date;
  readonly since?: string;
  readonly jsonOut?: string;
  readonly maxMarkdownBytes: number;
  readonly ignoreKinds: readonly FindingKind[];
  readonly ignoreMembers?: string;
  readonly notify: { readonly url?: string; readonly format: NotifyFormat };
  readonly remindReport?: string;
}

/** Runs `audit` with `args` (the words after `audit`); answers the exit status. */
export async function runAudit(args: readonly string[], streams: AuditStreams): Promise<number> {
  let command: AuditCommand;
  try {
    command = parseAuditCommandLine(args);
  } catch (error) {
    return usageStatus(error, auditUsage, streams);
  }
  const progress = commandProgress(streams);
  try {
    const declared = readDeclared(command.source, streams);
    const ignore: IgnoreRules = {
      kinds: command.ignoreKinds,
      members: command.ignoreMembers === undefined ? new Set() : readIgnoredMembers(command.ignoreMembers),
      membersFile: command.ignoreMembers,
    };
    const since = command.since === undefined ? undefined : readSince(command.since);
    // A finding ignored today is no finding of yesterday's either: it is neither "still" nor "resolved".
    const previous = since && { ...since, findings: since.findings.filter((finding) => !isIgnored(ignore, finding)) };
    const reminders = command.remindReport === undefined ? undefined : readRemindReport(command.remindReport);
    const settings = resolveSettings(undefined);
    const api = new OrganizationApi(settings, { retrying: progress });
    const startedAt = Date.now();
    // A stack with a provider per organization records each binding's: those of another are not looked for here.
    const recorded = declared.some((member) => member.organizationId !== undefined);
    const organizationId = recorded ? await api.organizationId() : undefined;
    const audited = await auditOrganization(
      api,
      {
        declared,
        expiryWarningDays: command.expiryWarningDays,
        allowedDomains: command.allowedDomains,
        at: command.at,
        organizationId,
      },
      progress,
    );
    // A member Describe failed for keeps yesterday's findings: unread is not fixed.
    const whole = keepUnreadFindings(audited, previous);
    const seconds = (Date.now() - startedAt) / 1000;
    progress.end();
    const { kept, ignored } = withoutIgnored(whole.findings, ignore);
    const audit: Audit = { ...whole, findings: kept };
    const asked = ignore.kinds.length > 0 || ignore.membersFile !== undefined;
    const context = {
      source: command.source.kind,
      expiryWarningDays: command.expiryWarningDays,
      allowedDomains: command.allowedDomains,
      at: command.at,
      ...(asked ? { ignored: { count: ignored, rules: describeIgnoreRules(ignore) } } : {}),
    };
    // Without a previous report (a first run), every finding is new.
    const comparison = previous ? compareFindings(audit.findings, previous) : undefined;
    streams.stdout(
      command.json
        ? `${JSON.stringify(auditJson(audit, context, comparison), null, 2)}\n`
        : auditMarkdown(audit, context, { comparison, maxBytes: command.maxMarkdownBytes }),
    );
    if (command.jsonOut !== undefined) {
      writeFileSync(command.jsonOut, `${JSON.stringify(auditJson(audit, context, comparison), null, 2)}\n`);
    }
    const fresh = (comparison ?? allNew(audit.findings)).fresh;
    const failing = [
      ...command.failOn.filter((kind) => audit.findings.some((finding) => finding.kind === kind)),
      ...command.failOnNew
        .filter((kind) => fresh.some((finding) => finding.kind === kind))
        .map((kind) => `new ${kind}`),
    ];
    const unreadable = audit.findings.filter((finding) => finding.kind === "unreadable").length;
    streams.stderr(
      `Audited ${audit.members} members (${audit.described} bindings described): ${audit.findings.length} findings ` +
        `${asked ? `and ${ignored} ignored ` : ""}(in ${seconds.toFixed(2)} s).` +
        `${failing.length > 0 ? ` Failing on: ${failing.join(", ")}.` : ""}\n`,
    );
    const notice = auditNotice(audit, comparison);
    await notifyIfAsked(command.notify, reminders ? withReminders(notice, reminders) : notice, streams.stderr);
    if (unreadable > 0) {
      streams.stderr(
        `${COMMAND} could not read ${unreadable} member${unreadable === 1 ? "" : "s"} (the "unreadable" findings): ` +
          "the report is incomplete.\n",
      );
      return EXIT_STATUS.failed;
    }
    return failing.length > 0 ? EXIT_STATUS.findings : EXIT_STATUS.ok;
  } catch (error) {
    progress.end();
    streams.stderr(`${COMMAND} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_STATUS.failed;
  }
}

/** The members a stack export or team file (`-`: standard input) declares; an unreadable file throws. */
export function readDeclared(source: DeclaredSource, streams: Pick<AuditStreams, "stdin">): DeclaredMember[] {
  const { kind, file } = source;
  let text: string;
  try {
    text = file === "-" ? (streams.stdin ?? (() => readFileSync(0, "utf8")))() : readFileSync(file, "utf8");
  } catch (error) {
    // The system's code (ENOENT, EACCES) says enough; the message would repeat the path.
    const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
    const reason = typeof code === "string" ? code : String(error);
    const where = file === "-" ? `the ${kind} from standard input` : `the ${kind} ${file}`;
    throw new Error(`Could not read ${where} (${reason}).`);
  }
  return kind === "stack state" ? declaredFromStackState(text) : declaredFromTeamFile(text);
}

function parseAuditCommandLine(args: readonly string[]): AuditCommand {
  const { values, positionals } = parseCommandLine(args, {
    "stack-state": { type: "string" },
    "team-file": { type: "string" },
    json: { type: "boolean" },
    "expiry-warning-days": { type: "string" },
    "allowed-domains": { type: "string" },
    "fail-on": { type: "string" },
    "fail-on-new": { type: "string" },
    at: { type: "string" },
    since: { type: "string" },
    "json-out": { type: "string" },
    "max-markdown-bytes": { type: "string" },
    "ignore-kinds": { type: "string" },
    "ignore-members": { type: "string" },
    notify: { type: "string" },
    "notify-format": { type: "string" },
    "remind-report": { type: "string" },
  });
  if (positionals.length > 0) {
    throw new UsageError(`audit takes no arguments besides its options; got "${positionals.join(" ")}".`);
  }
  const stackState = values["stack-state"];
  const teamFile = values["team-file"];
  if ((stackState === undefined) === (teamFile === undefined)) {
    throw new UsageError(
      "Name what is declared with one of --stack-state FILE (the JSON of `pulumi stack export`, - for standard " +
        "input) or --team-file FILE.",
    );
  }
  const file = stackState ?? teamFile ?? "";
  if (file === "") throw new UsageError("--stack-state and --team-file need a file name, or - for standard input.");
  return {
    source: { kind: stackState !== undefined ? "stack state" : "team file", file },
    json: values.json === true,
    expiryWarningDays: parseDays(values["expiry-warning-days"]),
    allowedDomains: parseDomains(values["allowed-domains"]),
    failOn: parseKinds(values["fail-on"], "--fail-on"),
    failOnNew: parseKinds(values["fail-on-new"], "--fail-on-new"),
    at: parseMoment(values.at),
    ...(values.since === undefined ? {} : { since: nonEmptyFile(values.since, "--since") }),
    ...(values["json-out"] === undefined ? {} : { jsonOut: nonEmptyFile(values["json-out"], "--json-out") }),
    maxMarkdownBytes: parseMaxBytes(values["max-markdown-bytes"]),
    ignoreKinds: parseIgnoreKinds(values["ignore-kinds"]),
    ...(values["ignore-members"] === undefined
      ? {}
      : { ignoreMembers: nonEmptyFile(values["ignore-members"], "--ignore-members", "ignore.txt") }),
    notify: parseNotify(values.notify, values["notify-format"]),
    ...(values["remind-report"] === undefined
      ? {}
      : { remindReport: nonEmptyFile(values["remind-report"], "--remind-report") }),
  };
}

function parseDays(value: string | undefined): number {
  if (value === undefined) return DEFAULT_EXPIRY_WARNING_DAYS;
  const days = Number(value);
  if (value.trim() === "" || !Number.isFinite(days) || days < 0 || days > ACTIVATION_LINK_DAYS) {
    throw new UsageError(
      `--expiry-warning-days must be a number of days from 0 to ${ACTIVATION_LINK_DAYS} (an activation link lasts ` +
        `${ACTIVATION_LINK_DAYS}), such as 3; got "${value}".`,
    );
  }
  return days;
}

function parseDomains(value: string | undefined) {
  try {
    return value === undefined ? resolveAllowedEmailDomains(undefined) : parseEmailDomains(value, "--allowed-domains");
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseKinds(value: string | undefined, option: string): FindingKind[] {
  if (value === undefined) return [];
  const kinds = value
    .split(",")
    .map((kind) => kind.trim())
    .filter((kind) => kind !== "");
  const unknown = kinds.filter((kind) => !(FINDING_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0) {
    throw new UsageError(
      `${option} takes a comma list of finding kinds: ${FINDING_KINDS.join(", ")}; ` +
        `got ${unknown.map((kind) => JSON.stringify(kind)).join(", ")}.`,
    );
  }
  return kinds as FindingKind[];
}

function nonEmptyFile(value: string, option: string, example = "previous-audit.json"): string {
  if (value === "") throw new UsageError(`${option} needs a file name, such as ${option} ${example}.`);
  return value;
}

/**
 * `--ignore-kinds`: kinds of finding to leave out. `unreadable` is refused: a member that could not be read is a
 * run that could not finish, not a finding about the organization, and ignoring it would hide an incomplete report.
 */
function parseIgnoreKinds(value: string | undefined): FindingKind[] {
  const kinds = parseKinds(value, "--ignore-kinds");
  if (kinds.includes("unreadable")) {
    throw new UsageError(
      "--ignore-kinds cannot leave out unreadable: a member that could not be read leaves the report incomplete " +
        "(exit status 3); --ignore-members leaves out a member whatever its findings.",
    );
  }
  return kinds;
}

function parseMaxBytes(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_MARKDOWN_BYTES;
  const limit = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(limit) || limit < MIN_MAX_MARKDOWN_BYTES) {
    throw new UsageError(
      `--max-markdown-bytes must be a whole number of bytes, at least ${MIN_MAX_MARKDOWN_BYTES}, such as ` +
        `${DEFAULT_MAX_MARKDOWN_BYTES} (GitHub takes 65,536 characters in a comment); got "${value}".`,
    );
  }
  return limit;
}

/** The previous report `--since` names; an unreadable one stops the audit before any API call. */
function readSince(file: string): { findings: PreviousFinding[]; at?: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
    throw new Error(`Could not read the previous report ${file} (${typeof code === "string" ? code : String(error)}).`);
  }
  try {
    return readPreviousReport(text);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (--since ${file})`);
  }
}

/** What `--notify` posts about an audit: counts by kind, new findings first, uins and names only. */
function auditNotice(audit: Audit, comparison: Comparison | undefined): Notice {
  const counts = new Map<string, number>();
  for (const finding of audit.findings) counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
  const byKind = FINDING_KINDS.filter((kind) => counts.has(kind)).map((kind) => `${counts.get(kind)} ${kind}`);
  const fresh = comparison ? comparison.fresh : audit.findings;
  const newKeys = new Set(fresh);
  const lines = [
    `${audit.members} members, ${audit.bound} bound: ${byKind.length > 0 ? byKind.join(", ") : "no findings"}.`,
    ...(comparison
      ? [
          `Since the previous report: ${comparison.fresh.length} new, ${comparison.still.length} still, ${comparison.resolved.length} resolved.`,
        ]
      : []),
  ];
  return {
    command: "audit",
    title: comparison
      ? `Tencent Cloud organization audit: ${comparison.fresh.length} new finding${comparison.fresh.length === 1 ? "" : "s"}`
      : `Tencent Cloud organization audit: ${audit.findings.length} finding${audit.findings.length === 1 ? "" : "s"}`,
    lines,
    members: [
      ...fresh.map((finding) => ({
        memberUin: finding.memberUin,
        name: finding.name,
        label: comparison ? `new ${finding.kind}` : finding.kind,
      })),
      ...audit.findings
        .filter((finding) => !newKeys.has(finding))
        .map((finding) => ({ memberUin: finding.memberUin, name: finding.name, label: finding.kind })),
    ],
    figures: {
      members: audit.members,
      bound: audit.bound,
      findings: audit.findings.length,
      byKind: Object.fromEntries(counts),
      ...(comparison
        ? { new: comparison.fresh.length, still: comparison.still.length, resolved: comparison.resolved.length }
        : {}),
    },
  };
}

/** A date, a time and its zone (`Z` or an offset), as ISO 8601 writes a moment. */
const MOMENT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** `--at`'s value as a moment (now when absent); a moment without its zone is a UsageError. */
export function parseMoment(value: string | undefined): Date {
  if (value === undefined) return new Date();
  // A time without a zone would be read in this machine's zone, so one run would audit another moment than the
  // next (a CI runner is usually in UTC, a laptop is not): the zone must be named.
  const moment = new Date(value);
  if (!MOMENT_PATTERN.test(value) || Number.isNaN(moment.getTime()) || !isCalendarDate(value.slice(0, 10))) {
    throw new UsageError(
      "--at must be an ISO 8601 moment with its zone, such as 2026-12-01T09:00:00Z or 2026-12-01T17:00:00+08:00 " +
        `(a time without a zone would be read in this machine's zone); got "${value}".`,
    );
  }
  return moment;
}

/** Whether `YYYY-MM-DD` is a day of the calendar: Date would read 2026-02-30 as 2 March. */
function isCalendarDate(date: string): boolean {
  const [year, month, day] = date.split("-").map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, day));
  return parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === day;
}
