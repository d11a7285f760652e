import { OrganizationApi } from "../api/client";
import { serviceClock } from "../api/service-clock";
import { resolveSettings } from "../api/settings";
import { ACTIVATION_LINK_DAYS } from "../resource/binding-rules";
import { type AuditStreams, type DeclaredSource, parseMoment, readDeclared } from "./audit-command";
import { type Notice, type NotifyFormat, notifyIfAsked, parseNotify } from "./notify";
import { type Reminders, remindWaiting, type SkipReason } from "./remind";
import { LOCK_STALE_MS, LOCK_WAIT_MS, lockRecord } from "./record-lock";
import { readReminderRecord, writeReminderRecord } from "./reminder-record";
import { EXIT_STATUS, EXIT_STATUS_TABLE } from "./exit-status";
import { commandProgress } from "./streams";
import { parseCommandLine, UsageError, usageStatus } from "./usage";

const COMMAND = "pulumi-tencentcloud-member-email remind";

/** The default of `--within-days`: a daily run reminds each waiting binding in its link's last three days. */
export const DEFAULT_REMIND_WITHIN_DAYS = 3;

/** The help of `remind`, printed for `--help` and after a usage error. */
export const remindUsage = `Usage: ${COMMAND} [--within-days N] [--at TIME] [--dry-run] [--json]
         [--stack-state FILE | --team-file FILE] [--record FILE] [--notify URL] [--notify-format wecom|slack|generic]

Sends the activation email again (SendOrgMemberAccountBindEmail) to every member whose binding still waits
for activation (Valid) and whose link expires within N days. Each send restarts the link's ${ACTIVATION_LINK_DAYS} days, so a daily
run keeps every waiting link alive. Never sends to an active (Success) or failed binding, nor an invited member.

  --within-days N       remind links that expire within N days (default ${DEFAULT_REMIND_WITHIN_DAYS}; 1 to ${ACTIVATION_LINK_DAYS})
  --at TIME             take this ISO 8601 moment (with its zone) as now to decide what is due, for dry runs and
                        tests; a send is recorded at the time it was made on Tencent Cloud's clock, never at TIME
  --dry-run             send nothing; print what would be sent
  --json                print { "sent", "refused", "skipped", "summary" } instead of lines
  --stack-state FILE    remind only the bindings this \`pulumi stack export\` declares (- reads standard input)
  --team-file FILE      remind only the members of this team file
  --record FILE         when each link was last sent, by BindId, read and written by each run (keep it between
                        runs): Tencent Cloud's ApplyTime does not move on a resend, so without it a binding
                        resent before is reminded on every run until it is activated. It keeps the bindings
                        still waiting, no more. A run that sends holds FILE.lock: a second run on the same record
                        waits for it (at most ${LOCK_WAIT_MS / 60_000} minutes), then finds sent what the first sent. A lock
                        whose process has exited (same host) or older than ${LOCK_STALE_MS / 3_600_000} hour is taken over.
  --notify URL          post a short summary (counts, member uins and names; no email, no phone) to a webhook
  --notify-format F     wecom (a WeCom group robot), slack (an incoming webhook) or generic JSON (default)
  --help, -h            print this help

Tencent Cloud limits resends of one binding (an hour and a day): a refusal is reported, never retried.
Exit status: 0 every due reminder sent, 1 a send refused, 2 a usage error, 3 could not finish: a waiting binding
that could not be read (after the report), a file, configuration or API error, or a record another run held past
the wait; the same for every command: see ${EXIT_STATUS_TABLE}. A failed webhook post is reported and changes
nothing.
Progress goes to stderr: on a terminal one line updated in place, in a log a line every few seconds.
Credentials come from the environment, as for discover.`;

/** The parsed command line. */
interface RemindCommand {
  readonly withinDays: number;
  readonly at: Date;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly source?: DeclaredSource;
  readonly record?: string;
  readonly notify: { readonly url?: string; readonly format: NotifyFormat };
}

/** Runs `remind` with `args` (the words after `remind`); answers the exit status. */
export async function runRemind(args: readonly string[], streams: AuditStreams): Promise<number> {
  let command: RemindCommand;
  try {
    command = parseRemindCommandLine(args);
  } catch (error) {
    return usageStatus(error, remindUsage, streams);
  }
  const progress = commandProgress(streams);
  // Two runs on one record would both find the same links due and send each twice: the second waits.
  let unlock: (() => void) | undefined;
  try {
    const declared = command.source ? readDeclared(command.source, streams) : undefined;
    if (command.record !== undefined && !command.dryRun) {
      unlock = await lockRecord(command.record, (message) => streams.stderr(`${message}\n`));
    }
    const record = command.record === undefined ? undefined : readReminderRecord(command.record);
    const lastSent = record && new Map([...record].map(([bindId, entry]) => [bindId, entry.sentAt]));
    const settings = resolveSettings(undefined);
    const api = new OrganizationApi(settings, { retrying: progress });
    // A send is recorded on Tencent Cloud's clock, where its link's 15 days run; `--at` only says what is due.
    const clock = command.dryRun ? undefined : await serviceClock(settings);
    const reminders = await remindWaiting(
      api,
      { withinDays: command.withinDays, at: command.at, dryRun: command.dryRun, declared, lastSent, clock },
      progress,
    );
    progress.end();
    if (command.record !== undefined && record && !reminders.dryRun) {
      writeReminderRecord(command.record, record, reminders);
    }
    unlock?.();
    unlock = undefined;
    const counts = skipCounts(reminders);
    streams.stdout(
      command.json
        ? `${JSON.stringify({ ...reminders, summary: { members: reminders.members, sent: reminders.sent.length, refused: reminders.refused.length, skipped: counts } }, null, 2)}\n`
        : reminderLines(reminders),
    );
    streams.stderr(`${summaryLine(reminders, counts)}\n`);
    await notifyIfAsked(command.notify, remindNotice(reminders, counts), streams.stderr);
    // A waiting binding that could not be read may be the one whose link dies: the run is not a success.
    if (counts.unreadable > 0) return EXIT_STATUS.failed;
    return reminders.refused.length > 0 ? EXIT_STATUS.findings : EXIT_STATUS.ok;
  } catch (error) {
    progress.end();
    streams.stderr(`${COMMAND} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_STATUS.failed;
  } finally {
    unlock?.();
  }
}

const SKIP_REASONS: readonly SkipReason[] = [
  "notDue",
  "active",
  "failed",
  "invited",
  "unbound",
  "undeclared",
  "unreadable",
];

function skipCounts(reminders: Reminders): Record<SkipReason, number> {
  const counts = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>;
  for (const entry of reminders.skipped) if (entry.reason) counts[entry.reason] += 1;
  return counts;
}

/** Why each reason means no reminder, in the words the lines print. */
const reasonText: Readonly<Record<SkipReason, string>> = {
  notDue: "link lasts longer than the window",
  active: "active: nothing to remind",
  failed: "failed: a reminder cannot save it, bind a new email",
  invited: "invited member: no email can be bound",
  unbound: "no binding",
  undeclared: "not declared in the stack or team file",
  unreadable: "could not be read: nothing sent on a guess",
};

/**
 * One line per reminder sent or refused and per waiting binding skipped; the members with nothing to remind
 * (active, failed, invited, unbound, undeclared) are counted, not listed, so a large organization prints little.
 */
function reminderLines(reminders: Reminders): string {
  const verb = reminders.dryRun ? "would send" : "sent";
  const lines = [
    ...reminders.sent.map(
      (entry) => `${verb}\t${entry.memberUin}\t${entry.name}\tlink was to expire ${entry.linkExpiresAt ?? "unknown"}`,
    ),
    ...reminders.refused.map((entry) => `refused\t${entry.memberUin}\t${entry.name}\t${entry.code ?? ""}`),
    ...reminders.skipped
      .filter((entry) => entry.reason === "notDue" || entry.reason === "unreadable")
      .map(
        (entry) =>
          `skipped\t${entry.memberUin}\t${entry.name}\t${reasonText[entry.reason ?? "notDue"]}` +
          `${entry.linkExpiresAt ? ` (expires ${entry.linkExpiresAt})` : ""}${entry.code ? ` (${entry.code})` : ""}`,
      ),
  ];
  return lines.map((line) => `${line}\n`).join("");
}

function summaryLine(reminders: Reminders, counts: Record<SkipReason, number>): string {
  const skipped = SKIP_REASONS.filter((reason) => counts[reason] > 0)
    .map((reason) => `${counts[reason]} ${reasonText[reason]}`)
    .join("; ");
  return (
    `${reminders.members} members: ${reminders.dryRun ? "would remind" : "reminded"} ${reminders.sent.length}, ` +
    `refused ${reminders.refused.length}${skipped ? `; skipped ${skipped}` : ""}.`
  );
}

function remindNotice(reminders: Reminders, counts: Record<SkipReason, number>): Notice {
  return {
    command: "remind",
    title:
      `Tencent Cloud activation reminders: ${reminders.sent.length} ${reminders.dryRun ? "due" : "sent"}` +
      `${reminders.refused.length > 0 ? `, ${reminders.refused.length} refused` : ""}`,
    lines: [`${reminders.members} members; ${counts.notDue} waiting and not yet due; ${counts.failed} failed.`],
    members: [
      ...reminders.refused.map((entry) => ({ memberUin: entry.memberUin, name: entry.name, label: "refused" })),
      ...reminders.sent.map((entry) => ({ memberUin: entry.memberUin, name: entry.name, label: "reminded" })),
    ],
    figures: {
      members: reminders.members,
      sent: reminders.sent.length,
      refused: reminders.refused.length,
      skipped: counts,
    },
  };
}

function parseRemindCommandLine(args: readonly string[]): RemindCommand {
  const { values, positionals } = parseCommandLine(args, {
    "within-days": { type: "string" },
    at: { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
    "stack-state": { type: "string" },
    "team-file": { type: "string" },
    record: { type: "string" },
    notify: { type: "string" },
    "notify-format": { type: "string" },
  });
  if (positionals.length > 0) {
    throw new UsageError(`remind takes no arguments besides its options; got "${positionals.join(" ")}".`);
  }
  const stackState = values["stack-state"];
  const teamFile = values["team-file"];
  if (stackState !== undefined && teamFile !== undefined) {
    throw new UsageError("Give at most one of --stack-state FILE and --team-file FILE.");
  }
  const file = stackState ?? teamFile;
  if (file === "") throw new UsageError("--stack-state and --team-file need a file name, or - for standard input.");
  const source: DeclaredSource | undefined =
    file === undefined ? undefined : { kind: stackState !== undefined ? "stack state" : "team file", file };
  return {
    withinDays: parseWithinDays(values["within-days"]),
    at: parseMoment(values.at),
    dryRun: values["dry-run"] === true,
    json: values.json === true,
    source,
    ...(values.record === undefined ? {} : { record: recordFile(values.record) }),
    notify: parseNotify(values.notify, values["notify-format"]),
  };
}

function recordFile(value: string): string {
  if (value === "") throw new UsageError("--record needs a file name, such as --record reminders.json.");
  return value;
}

function parseWithinDays(value: string | undefined): number {
  if (value === undefined) return DEFAULT_REMIND_WITHIN_DAYS;
  const days = Number(value);
  if (value.trim() === "" || !Number.isFinite(days) || days < 1 || days > ACTIVATION_LINK_DAYS) {
    throw new UsageError(
      `--within-days must be a number of days from 1 to ${ACTIVATION_LINK_DAYS}, such as ${DEFAULT_REMIND_WITHIN_DAYS}; got "${value}".`,
    );
  }
  return days;
}
