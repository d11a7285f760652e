import { readFileSync } from "node:fs";
import type { Notice, NoticeMember } from "./notify";

/**
 * What `audit --remind-report FILE` reads of the report `remind --json` printed, so that a daily sweep posts one
 * chat message: the audit's, with the reminders in it. Member uins and names only, as remind prints them.
 */
export type RemindReport =
  | {
      /** remind printed its report. */
      readonly written: true;
      /** Whether remind only said what it would send. */
      readonly dryRun: boolean;
      /** The reminders sent (or due, for a dry run). */
      readonly sent: readonly RemindedMember[];
      /** The reminders Tencent Cloud refused. */
      readonly refused: readonly RemindedMember[];
    }
  | {
      /** The file is empty: remind could not run (its reason is in the run's log), so nothing is known. */
      readonly written: false;
    };

/** A member a reminder was sent to or refused for. */
interface RemindedMember {
  readonly memberUin: number;
  readonly name: string;
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Thrown for a file that is not a report of `remind --json`; the message names the file, never its content. */
function notARemindReport(file: string, what: string): Error {
  return new Error(`--remind-report ${file} ${what}: give the JSON \`remind --json\` printed (empty when it failed).`);
}

/** The members of one list of remind's report (`sent` or `refused`). */
function readMembers(value: unknown, file: string, list: string): RemindedMember[] {
  if (!Array.isArray(value)) throw notARemindReport(file, `has no "${list}" list`);
  return value.map((entry: unknown) => {
    if (!isRecord(entry) || typeof entry.memberUin !== "number" || typeof entry.name !== "string") {
      throw notARemindReport(file, `has a "${list}" entry without a memberUin and a name`);
    }
    return { memberUin: entry.memberUin, name: entry.name };
  });
}

/**
 * Reads `file`, the standard output of `remind --json`. An empty file is a remind that could not run (a shell
 * redirect creates the file all the same), which the notice says; an unreadable or foreign file throws, before
 * the audit makes any call.
 */
export function readRemindReport(file: string): RemindReport {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
    throw new Error(`Could not read the remind report ${file} (${typeof code === "string" ? code : String(error)}).`);
  }
  if (text.trim() === "") return { written: false };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw notARemindReport(file, "is not JSON");
  }
  if (!isRecord(document)) throw notARemindReport(file, "is not a JSON object");
  return {
    written: true,
    dryRun: document.dryRun === true,
    sent: readMembers(document.sent, file, "sent"),
    refused: readMembers(document.refused, file, "refused"),
  };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * The audit's notice with the reminders of the same sweep in it: the title and a line count them, the refused
 * ones are named right after the audit's findings (someone has to act), then the members reminded.
 */
export function withReminders(notice: Notice, report: RemindReport): Notice {
  if (!report.written) {
    return {
      ...notice,
      title: `${notice.title}; reminders not sent`,
      lines: [...notice.lines, "Reminders: remind wrote no report (it could not run: see the run's log)."],
      figures: { ...notice.figures, reminders: { reported: false } },
    };
  }
  const verb = report.dryRun ? "due" : "sent";
  const refused = report.refused.length > 0 ? `, ${report.refused.length} refused` : "";
  const named = (members: readonly RemindedMember[], label: string): NoticeMember[] =>
    members.map((member) => ({ memberUin: member.memberUin, name: member.name, label }));
  return {
    ...notice,
    title: `${notice.title}; ${plural(report.sent.length, "reminder")} ${verb}${refused}`,
    lines: [...notice.lines, `Reminders: ${report.sent.length} ${verb}, ${report.refused.length} refused.`],
    members: [
      ...notice.members,
      ...named(report.refused, "reminder refused"),
      ...named(report.sent, report.dryRun ? "reminder due" : "reminded"),
    ],
    figures: {
      ...notice.figures,
      reminders: { reported: true, dryRun: report.dryRun, sent: report.sent.length, refused: report.refused.length },
    },
  };
}
