import type BetterSqlite3 from "better-sqlite3";
import type { EmulatorBinding, EmulatorBindStatus } from "./types";

/**
 * The emulator's durable state: bindings and the per-day count of bindings created. Every write is one
 * SQLite transaction committed (WAL, synchronous=FULL) before the method returns, so an answer is only
 * sent for a change that survives SIGKILL.
 */
export interface BindingStore {
  /** The member's binding, if any. */
  findByMember(memberUin: number): EmulatorBinding | undefined;
  /** The binding holding this email, compared case-insensitively, if any. */
  findByEmail(email: string): EmulatorBinding | undefined;
  /** How many members other than `exceptMemberUin` have this security phone (country code + number). */
  countByPhone(countryCode: string, phone: string, exceptMemberUin?: number): number;
  /** Stores a new binding under the next BindId (never reused, even after `remove`) and returns it. */
  insert(binding: Omit<EmulatorBinding, "bindId">): EmulatorBinding;
  /** Overwrites the member's binding (same member, same BindId) with these fields. */
  replace(binding: EmulatorBinding): void;
  /** Deletes the member's binding; answers whether there was one. */
  remove(memberUin: number): boolean;
  /** Every binding, ordered by BindId. */
  all(): EmulatorBinding[];
  /** Bindings created on this UTC day (`"YYYY-MM-DD"`). */
  bindsOn(day: string): number;
  /** Counts one more binding created on this UTC day. */
  recordBind(day: string): void;
  /** Runs `work` as one transaction: all its writes commit together, or none if it throws. */
  transaction<T>(work: () => T): T;
  /** Closes the database; later calls throw. */
  close(): void;
}

/**
 * The better-sqlite3 major that works on this Node.js: 12 on Node.js 20 and 21 (13 needs Node.js 22 and
 * crashes on 20), 13 from Node.js 22 on (12 derives its Statement from node::ObjectWrap, whose destructor
 * aborts the process on Node.js 24 when a garbage collection finalizes a statement).
 */
export function sqliteMajorFor(nodeVersion: string = process.versions.node): 12 | 13 {
  return Number(nodeVersion.split(".")[0]) >= 22 ? 13 : 12;
}

/** Text of the error thrown when the optional SQLite dependency cannot be loaded. */
export const MISSING_SQLITE_MESSAGE =
  "The emulator stores its data with SQLite through the optional dependency better-sqlite3, which could not be loaded. " +
  `Install it with: npm install better-sqlite3@${sqliteMajorFor()} (12 on Node.js 20 and 21, 13 from Node.js 22 on).`;

const SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS bindings (
    bind_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    member_uin   INTEGER NOT NULL UNIQUE,
    email        TEXT    NOT NULL,
    email_key    TEXT    NOT NULL UNIQUE,
    country_code TEXT    NOT NULL,
    phone        TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('Valid', 'Success')),
    apply_time   TEXT    NOT NULL,
    bind_time    TEXT    NOT NULL DEFAULT ''
  );
  CREATE INDEX IF NOT EXISTS bindings_by_phone ON bindings (country_code, phone);
  CREATE TABLE IF NOT EXISTS daily_binds (
    day   TEXT    PRIMARY KEY,
    count INTEGER NOT NULL
  );
`;

/**
 * Opens (creating if needed) the SQLite store at `file`. better-sqlite3 is required here, lazily, because
 * it is an optional native dependency: the provider must load without it.
 */
export function openStore(file: string): BindingStore {
  const Database = loadBetterSqlite3();
  let db: BetterSqlite3.Database;
  try {
    db = new Database(file);
  } catch (error) {
    // The native addon is only loaded by the first constructor call, so a broken install shows up here.
    if (isNativeLoadFailure(error)) {
      throw new Error(MISSING_SQLITE_MESSAGE, { cause: error });
    }
    throw new Error(`Could not open the emulator's data file ${file}: ${errorMessage(error)}`, { cause: error });
  }
  let version: number;
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    version = Number(db.pragma("user_version", { simple: true }));
    if (version <= SCHEMA_VERSION) {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
  } catch (error) {
    db.close();
    throw new Error(`Could not open the emulator's data file ${file}: ${errorMessage(error)}`, { cause: error });
  }
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`The data file ${file} was written by a newer emulator (schema ${version}); use a newer package or another file.`);
  }
  return new SqliteBindingStore(db);
}

class SqliteBindingStore implements BindingStore {
  private readonly statements;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.statements = {
      byMember: db.prepare("SELECT * FROM bindings WHERE member_uin = ?"),
      byEmail: db.prepare("SELECT * FROM bindings WHERE email_key = ?"),
      countByPhone: db.prepare(
        "SELECT COUNT(*) AS count FROM bindings WHERE country_code = ? AND phone = ? AND member_uin <> ?",
      ),
      insert: db.prepare(
        `INSERT INTO bindings (member_uin, email, email_key, country_code, phone, status, apply_time, bind_time)
         VALUES (@memberUin, @email, @emailKey, @countryCode, @phone, @status, @applyTime, @bindTime)`,
      ),
      replace: db.prepare(
        `UPDATE bindings SET email = @email, email_key = @emailKey, country_code = @countryCode, phone = @phone,
           status = @status, apply_time = @applyTime, bind_time = @bindTime
         WHERE member_uin = @memberUin AND bind_id = @bindId`,
      ),
      remove: db.prepare("DELETE FROM bindings WHERE member_uin = ?"),
      all: db.prepare("SELECT * FROM bindings ORDER BY bind_id"),
      bindsOn: db.prepare("SELECT count FROM daily_binds WHERE day = ?"),
      recordBind: db.prepare(
        "INSERT INTO daily_binds (day, count) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET count = count + 1",
      ),
    };
  }

  findByMember(memberUin: number): EmulatorBinding | undefined {
    return toOptionalBinding(this.statements.byMember.get(memberUin));
  }

  findByEmail(email: string): EmulatorBinding | undefined {
    return toOptionalBinding(this.statements.byEmail.get(emailKey(email)));
  }

  countByPhone(countryCode: string, phone: string, exceptMemberUin = 0): number {
    return readCount(this.statements.countByPhone.get(countryCode, phone, exceptMemberUin));
  }

  insert(binding: Omit<EmulatorBinding, "bindId">): EmulatorBinding {
    const result = this.statements.insert.run({ ...binding, emailKey: emailKey(binding.email) });
    return { ...binding, bindId: Number(result.lastInsertRowid) };
  }

  replace(binding: EmulatorBinding): void {
    const result = this.statements.replace.run({ ...binding, emailKey: emailKey(binding.email) });
    if (result.changes !== 1) {
      throw new Error(`No binding ${binding.bindId} of member ${binding.memberUin} to replace.`);
    }
  }

  remove(memberUin: number): boolean {
    return this.statements.remove.run(memberUin).changes > 0;
  }

  all(): EmulatorBinding[] {
    return this.statements.all.all().map(toBinding);
  }

  bindsOn(day: string): number {
    const row = this.statements.bindsOn.get(day);
    return row === undefined ? 0 : readCount(row);
  }

  recordBind(day: string): void {
    this.statements.recordBind.run(day);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The packages that may hold the SQLite binding, best first. The package depends on both majors, 13 under
 * the alias `better-sqlite3-13`, so one lockfile installs a working binding on every supported Node.js.
 */
function sqliteCandidates(): readonly string[] {
  return sqliteMajorFor() === 13 ? ["better-sqlite3-13", "better-sqlite3"] : ["better-sqlite3"];
}

/** Whether better-sqlite3 of this major runs on this Node.js without crashing the process. */
function runsHere(major: number): boolean {
  const node = Number(process.versions.node.split(".")[0]);
  return major >= 13 ? node >= 22 : node < 24;
}

/**
 * The better-sqlite3 binding that runs on this Node.js, loaded on first use. Anything that opens the
 * emulator's SQLite files goes through it: the other major would crash the process.
 */
export function loadBetterSqlite3(): typeof BetterSqlite3 {
  let refused: string | undefined;
  let cause: unknown;
  for (const name of sqliteCandidates()) {
    let version: string;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed version decides whether it is safe on this Node.js.
      version = (require(`${name}/package.json`) as { version: string }).version;
    } catch (error) {
      cause ??= error;
      continue;
    }
    // Refused before use: a binding that does not fit this Node.js crashes the whole process later, far from its cause.
    if (!runsHere(Number(version.split(".")[0]))) {
      refused ??= `better-sqlite3 ${version} crashes on Node.js ${process.versions.node}`;
      continue;
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- required lazily: better-sqlite3 is an optional dependency and must not be loaded with the package.
      return require(name) as typeof BetterSqlite3;
    } catch (error) {
      cause ??= error;
    }
  }
  if (refused) {
    throw new Error(`${refused}. Install the version made for it: npm install better-sqlite3@${sqliteMajorFor()} (12 on Node.js 20 and 21, 13 from Node.js 22 on).`);
  }
  throw new Error(MISSING_SQLITE_MESSAGE, { cause });
}

function isNativeLoadFailure(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return (
    code === "ERR_DLOPEN_FAILED" ||
    code === "MODULE_NOT_FOUND" ||
    /bindings file|NODE_MODULE_VERSION|better_sqlite3\.node/.test(error.message)
  );
}

function emailKey(email: string): string {
  return email.toLowerCase();
}

function toOptionalBinding(row: unknown): EmulatorBinding | undefined {
  return row === undefined ? undefined : toBinding(row);
}

// Rows come from a file on disk that someone may have edited, so they are checked like any input.
function toBinding(row: unknown): EmulatorBinding {
  if (typeof row !== "object" || row === null) {
    throw new Error("The data file holds a binding row that is not a row.");
  }
  const record = row as Record<string, unknown>;
  const status = record.status;
  if (status !== "Valid" && status !== "Success") {
    throw new Error(`The data file holds a binding with an unknown status: ${String(status)}.`);
  }
  return {
    memberUin: readInteger(record, "member_uin"),
    bindId: readInteger(record, "bind_id"),
    email: readText(record, "email"),
    countryCode: readText(record, "country_code"),
    phone: readText(record, "phone"),
    status: status satisfies EmulatorBindStatus,
    applyTime: readText(record, "apply_time"),
    bindTime: readText(record, "bind_time"),
  };
}

function readInteger(record: Record<string, unknown>, column: string): number {
  const value = record[column];
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new Error(`The data file holds a binding whose ${column} is not an integer.`);
  }
  return value;
}

function readText(record: Record<string, unknown>, column: string): string {
  const value = record[column];
  if (typeof value !== "string") {
    throw new Error(`The data file holds a binding whose ${column} is not text.`);
  }
  return value;
}

function readCount(row: unknown): number {
  const count = typeof row === "object" && row !== null ? (row as Record<string, unknown>).count : undefined;
  if (typeof count !== "number") {
    throw new Error("The data file answered a count that is not a number.");
  }
  return count;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
