import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

/** How long a run waits for another run's lock on the same record before giving up. */
export const LOCK_WAIT_MS = 10 * 60 * 1000;
/**
 * A lock older than this is stale whoever holds it: far longer than a remind of the largest organization takes,
 * and the only test of a lock taken on another machine (a record on a shared disk), whose process cannot be seen.
 */
export const LOCK_STALE_MS = 60 * 60 * 1000;
/** A lock file with no readable content yet: its run is writing it, unless it is this old. */
const UNWRITTEN_STALE_MS = 30 * 1000;
/** How often a waiting run looks at the lock again. */
const POLL_MS = 200;

/** The lock's timing, replaceable in tests. */
export interface LockTiming {
  /** How long to wait for another run's lock. */
  readonly waitMs: number;
  /** The age past which any lock is stale. */
  readonly staleMs: number;
  /** How often to look again. */
  readonly pollMs: number;
}

/** Another run held the record longer than the wait: its message names the run and the lock file. */
export class RecordLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordLockedError";
  }
}

/** What a lock file says: the run holding it. */
interface Holder {
  readonly pid: number;
  readonly host: string;
  /** When it took the lock, ISO 8601 UTC. */
  readonly since: string;
}

/** The lock file of a record: beside it, so every run that shares the record sees it. */
export const lockFileOf = (record: string): string => `${record}.lock`;

/**
 * Takes the lock of `record` (`<record>.lock`, created with `open(..., "wx")`, which fails when it exists, so two
 * runs cannot both take it), waiting while another run holds it; answers the function that releases it. A lock
 * is stale, and taken over, when its run is gone: a process of this host that no longer exists, or a lock older
 * than `staleMs` (a run on another host). A stale lock is moved aside before it is deleted, so that two runs
 * taking it over at once cannot delete the lock one of them has just taken. `waiting` hears once that the run
 * waits, and for whom. Throws RecordLockedError after `waitMs`.
 */
export async function lockRecord(
  record: string,
  waiting: (message: string) => void = () => undefined,
  timing: LockTiming = { waitMs: LOCK_WAIT_MS, staleMs: LOCK_STALE_MS, pollMs: POLL_MS },
): Promise<() => void> {
  const file = lockFileOf(record);
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`;
  const startedAt = Date.now();
  let told = false;
  for (;;) {
    if (create(file, mine)) return () => release(file, mine);
    const seen = readLock(file);
    if (seen === undefined) continue;
    if (isStale(seen, timing.staleMs)) {
      takeOver(file, seen.text);
      continue;
    }
    const holder = seen.holder ? describeHolder(seen.holder) : "another run";
    if (Date.now() - startedAt >= timing.waitMs) {
      throw new RecordLockedError(
        `The reminder record ${record} is held by ${holder} (lock file ${file}), still after ` +
          `${Math.round(timing.waitMs / 1000)} s: a run of remind on the same record is still going. If none is, ` +
          `delete ${file} and run again.`,
      );
    }
    if (!told) {
      told = true;
      waiting(`Waiting for ${holder} to finish with the reminder record ${record} (lock file ${file}).`);
    }
    await sleep(timing.pollMs);
  }
}

/** Creates the lock file with `content`; false when it exists already. */
function create(file: string, content: string): boolean {
  let descriptor: number;
  try {
    descriptor = openSync(file, "wx");
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(descriptor, content);
  } finally {
    closeSync(descriptor);
  }
  return true;
}

/** The lock file as read: its text, its holder when it reads as one, its age. Undefined when it is gone. */
function readLock(file: string): { text: string; holder?: Holder; ageMs: number } | undefined {
  try {
    const ageMs = Date.now() - statSync(file).mtimeMs;
    const text = readFileSync(file, "utf8");
    const holder = parseHolder(text);
    return holder ? { text, holder, ageMs } : { text, ageMs };
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined;
    throw error;
  }
}

function parseHolder(text: string): Holder | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { pid, host, since } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(pid) || typeof host !== "string" || typeof since !== "string") return undefined;
  return { pid: pid as number, host, since };
}

/** Whether the run that took the lock is gone (see lockRecord). */
function isStale(seen: { holder?: Holder; ageMs: number }, staleMs: number): boolean {
  if (seen.ageMs > staleMs) return true;
  // No holder yet: the run that created the file is writing it, or died in between.
  if (!seen.holder) return seen.ageMs > UNWRITTEN_STALE_MS;
  return seen.holder.host === hostname() && !isRunning(seen.holder.pid);
}

/** Whether a process of this host exists (signal 0 checks without sending anything). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return codeOf(error) !== "ESRCH";
  }
}

/**
 * Removes a stale lock whose text was `staleText`: moved aside first, then deleted only if what was moved is that
 * stale lock. What was moved is another run's new lock when that run took the lock over in between: it is put
 * back (a hard link fails rather than replace a lock a third run took meanwhile).
 */
function takeOver(file: string, staleText: string): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return;
    throw error;
  }
  try {
    if (readFileSync(aside, "utf8") !== staleText) linkSync(aside, file);
  } catch (error) {
    if (codeOf(error) !== "EEXIST") throw error;
  } finally {
    unlinkSync(aside);
  }
}

/** Deletes the lock if it is still this run's (one taken over as stale is another run's now). */
function release(file: string, mine: string): void {
  try {
    if (readFileSync(file, "utf8") === mine) unlinkSync(file);
  } catch (error) {
    if (codeOf(error) !== "ENOENT") throw error;
  }
}

function describeHolder(holder: Holder): string {
  return `the remind run of process ${holder.pid} on ${holder.host} (since ${holder.since})`;
}

function codeOf(error: unknown): unknown {
  return typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
}
