import { readFileSync, writeFileSync } from "node:fs";
import type { Reminders } from "./remind";

/**
 * The record `remind --record FILE` reads and writes: when it last sent each binding's activation link, by
 * BindId, with the member it belongs to (`{ "version": 2, "sent": { "<BindId>": { "memberUin": n, "at": "<ISO
 * 8601 UTC>" } } }`). It holds no email, phone or name. Tencent Cloud's Describe answers ApplyTime, which a resend
 * does not move, so only this record tells the next run when a resent link expires. Version 1 (`"<BindId>":
 * "<time>"`, without the member) is still read.
 */
interface RecordFile {
  readonly version: 2;
  readonly sent: Readonly<Record<string, { readonly memberUin?: number; readonly at: string }>>;
}

/** One binding's last send, as the record keeps it. */
export interface RecordedSend {
  /** The member the binding belongs to; absent in an entry a version 1 record holds. */
  readonly memberUin?: number;
  /** When its activation link was last sent. */
  readonly sentAt: Date;
}

/** A record that cannot be read: its message names the problem. */
export class ReminderRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReminderRecordError";
  }
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The record in `file`, by BindId: an empty record when the file does not exist yet (a first run). */
export function readReminderRecord(file: string): Map<number, RecordedSend> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = isRecord(error) ? error.code : undefined;
    if (code === "ENOENT") return new Map();
    throw new ReminderRecordError(`Could not read the reminder record ${file} (${String(code ?? error)}).`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    document = undefined;
  }
  const sent = isRecord(document) ? document.sent : undefined;
  if (!isRecord(sent)) {
    throw new ReminderRecordError(
      `The reminder record ${file} is not one remind --record wrote ({ "version": 2, "sent": { "<BindId>": ... } }): ` +
        "give another file name, or delete it to start a new record.",
    );
  }
  const record = new Map<number, RecordedSend>();
  for (const [bindId, entry] of Object.entries(sent)) {
    // Version 1 kept the time alone; version 2 keeps the member beside it.
    const time = isRecord(entry) ? entry.at : entry;
    const memberUin = isRecord(entry) ? entry.memberUin : undefined;
    const moment = typeof time === "string" ? new Date(time) : undefined;
    if (!/^[1-9][0-9]*$/.test(bindId) || !moment || Number.isNaN(moment.getTime())) continue;
    record.set(
      Number(bindId),
      typeof memberUin === "number" && Number.isSafeInteger(memberUin)
        ? { memberUin, sentAt: moment }
        : { sentAt: moment },
    );
  }
  return record;
}

/**
 * Writes the record after a run: the sends of this run, each at the moment it was made (its `sentAt`), and the
 * earlier sends of the bindings that still wait. An earlier send is kept when this run saw its binding waiting
 * (sent, refused or not yet due), or could not tell (its member unreadable, or outside the stack or team file the
 * run was limited to); it is forgotten when its member was seen otherwise: active, failed, unbound, invited, with
 * another binding, or gone from the organization. So the file holds the bindings that wait, and no more.
 */
export function writeReminderRecord(
  file: string,
  previous: ReadonlyMap<number, RecordedSend>,
  reminders: Reminders,
): void {
  const waiting = new Set(
    [...reminders.sent, ...reminders.refused, ...reminders.skipped.filter((entry) => entry.reason === "notDue")].map(
      (entry) => entry.bindId,
    ),
  );
  const unknown = new Set(
    reminders.skipped
      .filter((entry) => entry.reason === "unreadable" || entry.reason === "undeclared")
      .map((entry) => entry.memberUin),
  );
  const sent: Record<string, { memberUin?: number; at: string }> = {};
  for (const [bindId, entry] of previous) {
    const undecided = entry.memberUin !== undefined && unknown.has(entry.memberUin);
    if (waiting.has(bindId) || undecided) sent[String(bindId)] = recordedEntry(entry.memberUin, entry.sentAt);
  }
  for (const entry of reminders.sent) {
    if (entry.bindId !== undefined && entry.sentAt !== undefined) {
      sent[String(entry.bindId)] = recordedEntry(entry.memberUin, new Date(entry.sentAt));
    }
  }
  const record: RecordFile = { version: 2, sent };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}

function recordedEntry(memberUin: number | undefined, sentAt: Date): { memberUin?: number; at: string } {
  return memberUin === undefined ? { at: sentAt.toISOString() } : { memberUin, at: sentAt.toISOString() };
}
