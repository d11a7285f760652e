import { readFileSync, writeFileSync } from "node:fs";
import type { Reminders } from "./remind";

/**
 * The record `remind --record FILE` reads and writes: when it last sent each binding's activation link, by
 * BindId (`{ "version": 1, "sent": { "<BindId>": "<ISO 8601 UTC>" } }`). It holds no email, phone or name.
 * Tencent Cloud's Describe answers ApplyTime, which a resend does not move, so only this record tells the next
 * run when a resent link expires.
 */
interface RecordFile {
  readonly version: 1;
  readonly sent: Readonly<Record<string, string>>;
}

/** A record that cannot be read: its message names the problem. */
export class ReminderRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReminderRecordError";
  }
}

/** The record in `file`: an empty record when the file does not exist yet (a first run). */
export function readReminderRecord(file: string): Map<number, Date> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
    if (code === "ENOENT") return new Map();
    throw new ReminderRecordError(`Could not read the reminder record ${file} (${String(code ?? error)}).`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    document = undefined;
  }
  const sent = typeof document === "object" && document !== null ? (document as { sent?: unknown }).sent : undefined;
  if (typeof sent !== "object" || sent === null || Array.isArray(sent)) {
    throw new ReminderRecordError(
      `The reminder record ${file} is not one remind --record wrote ({ "version": 1, "sent": { "<BindId>": "<time>" } }): ` +
        "give another file name, or delete it to start a new record.",
    );
  }
  const record = new Map<number, Date>();
  for (const [bindId, time] of Object.entries(sent as Record<string, unknown>)) {
    const moment = typeof time === "string" ? new Date(time) : undefined;
    if (/^[1-9][0-9]*$/.test(bindId) && moment && !Number.isNaN(moment.getTime())) record.set(Number(bindId), moment);
  }
  return record;
}

/**
 * Writes the record after a run: the sends of this run at `at`, and the earlier ones, except of the bindings this
 * run saw activated or failed (their links are over, so the file does not grow with them).
 */
export function writeReminderRecord(
  file: string,
  previous: ReadonlyMap<number, Date>,
  reminders: Reminders,
  at: Date,
): void {
  const sent: Record<string, string> = {};
  const over = new Set(
    reminders.skipped
      .filter((entry) => entry.reason === "active" || entry.reason === "failed")
      .map((entry) => entry.bindId),
  );
  for (const [bindId, time] of previous) if (!over.has(bindId)) sent[String(bindId)] = time.toISOString();
  for (const entry of reminders.sent) if (entry.bindId !== undefined) sent[String(entry.bindId)] = at.toISOString();
  const record: RecordFile = { version: 1, sent };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}
