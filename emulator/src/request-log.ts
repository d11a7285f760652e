import { appendFileSync, closeSync, openSync } from "node:fs";
import type { EmulatorRequestLogEntry } from "./types";

/** One line of the request log file: an event of one request. */
export type RequestLogEvent =
  | {
      readonly event: "received";
      readonly sequence: number;
      readonly requestId: string;
      readonly action: string;
      readonly memberUin?: number;
      readonly at: number;
    }
  | { readonly event: "committed"; readonly sequence: number; readonly at: number }
  | { readonly event: "answered"; readonly sequence: number; readonly at: number; readonly errorCode?: string }
  | { readonly event: "dropped"; readonly sequence: number; readonly at: number };

/**
 * Requests the in-memory log keeps: the most recent ones, so an emulator left running for days does not
 * grow without bound. The file, when there is one, keeps them all.
 */
export const REQUEST_LOG_MEMORY_LIMIT = 100_000;

/**
 * The emulator's record of every API request: when it was received, when its change was committed (for
 * a write), and when it was answered. Fault tests read it to prove where a kill fell. With a file, each
 * event is appended to it synchronously as one JSON line before the emulator goes on, so the file holds
 * every event that happened before a SIGKILL (the data is in the kernel once `write` returns).
 *
 * Moments are real time in milliseconds (fractional), not the emulator's advanced clock: they measure
 * what happened in this process.
 */
export class RequestLog {
  private readonly entries = new Map<number, EmulatorRequestLogEntry>();
  private last = 0;
  private readonly descriptor: number | undefined;

  /** @param file - the file to append events to; absent: memory only. */
  constructor(file?: string) {
    this.descriptor = file === undefined ? undefined : openSync(file, "a");
  }

  /** Records a request as received and answers its sequence number. */
  received(requestId: string, action: string, body: Buffer): number {
    const sequence = ++this.last;
    const memberUin = memberUinOf(body);
    this.entries.delete(sequence - REQUEST_LOG_MEMORY_LIMIT);
    this.record({
      event: "received",
      sequence,
      requestId,
      action,
      ...(memberUin === undefined ? {} : { memberUin }),
      at: moment(),
    });
    return sequence;
  }

  /** Records that the request's change is committed to the store. */
  committed(sequence: number): void {
    this.record({ event: "committed", sequence, at: moment() });
  }

  /** Records that the request's answer was handed to the connection. */
  answered(sequence: number, errorCode: string | undefined): void {
    this.record({ event: "answered", sequence, at: moment(), ...(errorCode === undefined ? {} : { errorCode }) });
  }

  /** Records that the request's connection was cut without an answer (fault injection). */
  dropped(sequence: number): void {
    this.record({ event: "dropped", sequence, at: moment() });
  }

  /** The requests so far (the last {@link REQUEST_LOG_MEMORY_LIMIT}), in order. */
  all(): EmulatorRequestLogEntry[] {
    return [...this.entries.values()];
  }

  /** Closes the file, if any. */
  close(): void {
    if (this.descriptor !== undefined) closeSync(this.descriptor);
  }

  private record(event: RequestLogEvent): void {
    applyEvent(this.entries, event);
    if (this.descriptor !== undefined) appendFileSync(this.descriptor, `${JSON.stringify(event)}\n`);
  }
}

/**
 * Reads a request log file back into entries, one per request, the way `Emulator.requestLog()` answers
 * them. A line cut short by a kill (the last one) is ignored.
 */
export function readRequestLogFile(text: string): EmulatorRequestLogEntry[] {
  const entries = new Map<number, EmulatorRequestLogEntry>();
  for (const line of text.split("\n")) {
    let event: RequestLogEvent;
    try {
      event = JSON.parse(line) as RequestLogEvent;
    } catch {
      continue;
    }
    applyEvent(entries, event);
  }
  return [...entries.values()];
}

/**
 * Folds one event into the entries: a received request becomes an entry, a commit or an answer is added to
 * the entry of its request (an event whose request is not there is ignored), a dropped connection changes none.
 */
function applyEvent(entries: Map<number, EmulatorRequestLogEntry>, event: RequestLogEvent): void {
  if (event.event === "received") {
    const { sequence, requestId, action, memberUin, at } = event;
    entries.set(sequence, {
      sequence,
      requestId,
      action,
      ...(memberUin === undefined ? {} : { memberUin }),
      receivedAt: at,
    });
    return;
  }
  const entry = entries.get(event.sequence);
  if (entry === undefined) return;
  if (event.event === "committed") entries.set(event.sequence, { ...entry, committedAt: event.at });
  if (event.event === "answered") {
    entries.set(event.sequence, {
      ...entry,
      answeredAt: event.at,
      ...(event.errorCode === undefined ? {} : { errorCode: event.errorCode }),
    });
  }
}

function moment(): number {
  return performance.timeOrigin + performance.now();
}

function memberUinOf(body: Buffer): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      const uin = (parsed as Record<string, unknown>).MemberUin;
      return typeof uin === "number" && Number.isSafeInteger(uin) ? uin : undefined;
    }
  } catch {
    // A body that is not JSON has no member; the request is logged all the same.
  }
  return undefined;
}
