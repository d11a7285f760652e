import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatorBinding, EmulatorBindStatus } from "./types";

/**
 * The emulator's durable state: bindings, the per-day count of bindings created, the emails that failed
 * activation, the activation emails sent again, and the clock's offset. Every write is one SQLite
 * transaction committed (WAL, synchronous=FULL) before the method returns, so an answer is only sent for
 * a change that survives SIGKILL.
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
  /** Whether this email (compared case-insensitively) failed activation once, which bars it for good. */
  isEmailFailed(email: string): boolean;
  /** Records that this email failed activation. */
  markEmailFailed(email: string): void;
  /** `Valid` bindings whose activation link was last sent at or before `moment` (`"YYYY-MM-DD HH:mm:ss"`). */
  linksSentBy(moment: string): EmulatorBinding[];
  /** Records that the activation email of binding `bindId` was sent again at `moment`. */
  recordSend(bindId: number, moment: string): void;
  /** How many times the activation email of binding `bindId` was sent again after `moment`. */
  sendsAfter(bindId: number, moment: string): number;
  /** Seconds the emulator's clock runs ahead of the real time, as last stored (0 for a new file). */
  clockOffset(): number;
  /** Stores the clock's offset. */
  setClockOffset(seconds: number): void;
  /** Runs `work` as one transaction: all its writes commit together, or none if it throws. */
  transaction<T>(work: () => T): T;
  /** Closes the database; later calls throw. */
  close(): void;
}

/** A SQLite database as both drivers offer it: positional parameters, synchronous calls. */
export interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

/** A prepared statement as both drivers offer it. */
export interface SqliteStatement {
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...parameters: unknown[]): unknown;
  all(...parameters: unknown[]): unknown[];
}

/** A SQLite driver: Node's built-in one, or the better-sqlite3 add-on. */
export interface SqliteDriver {
  /** `node:sqlite` or `better-sqlite3`. */
  readonly name: "node:sqlite" | "better-sqlite3";
  /** Opens (creating if needed) the database file. */
  open(file: string): SqliteDatabase;
}

/** Text of the error thrown when neither SQLite driver can be loaded. */
export const MISSING_SQLITE_MESSAGE =
  `Node.js ${process.versions.node} has no built-in node:sqlite, and the emulator's fallback, the optional ` +
  "dependency better-sqlite3, could not be loaded. Use Node.js 22.13 or newer, or install it with: npm install better-sqlite3@12";

/**
 * Node's built-in `node:sqlite` where the runtime has it without a flag (Node.js 22.13 and newer; no warning
 * from 24 on), so installs on current Node.js need no native add-on; better-sqlite3 where it does not (Node.js 20).
 * `prefer` forces one of them (the tests run the store on both where both load).
 */
export function loadSqliteDriver(prefer?: SqliteDriver["name"]): SqliteDriver {
  if (prefer !== "better-sqlite3") {
    const builtin = loadBuiltinSqlite();
    if (builtin) return builtin;
    if (prefer === "node:sqlite") throw new Error(`Node.js ${process.versions.node} has no built-in node:sqlite.`);
  }
  let Database: new (file: string) => SqliteDatabase;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only where node:sqlite is missing.
    Database = require("better-sqlite3") as new (file: string) => SqliteDatabase;
  } catch (error) {
    throw new Error(MISSING_SQLITE_MESSAGE, { cause: error });
  }
  return { name: "better-sqlite3", open: (file) => new Database(file) };
}

function loadBuiltinSqlite(): SqliteDriver | undefined {
  // process.getBuiltinModule answers undefined for a module this runtime lacks, and it is not routed
  // through a test runner's module registry.
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  let sqlite: unknown;
  try {
    sqlite = getBuiltin?.("node:sqlite");
  } catch {
    // Node.js 22 before 22.13 has the module only behind --experimental-sqlite.
    return undefined;
  }
  const DatabaseSync = (sqlite as { DatabaseSync?: new (file: string) => SqliteDatabase } | undefined)?.DatabaseSync;
  return DatabaseSync ? { name: "node:sqlite", open: (file) => new DatabaseSync(file) } : undefined;
}

const SCHEMA_VERSION = 3;

const bindingsTable = (name: string): string => `
  CREATE TABLE IF NOT EXISTS ${name} (
    bind_id      INTEGER PRIMARY KEY AUTOINCREMENT,
    member_uin   INTEGER NOT NULL UNIQUE,
    email        TEXT    NOT NULL,
    email_key    TEXT    NOT NULL UNIQUE,
    country_code TEXT    NOT NULL,
    phone        TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('Valid', 'Success', 'Failed')),
    apply_time   TEXT    NOT NULL,
    bind_time    TEXT    NOT NULL DEFAULT '',
    description  TEXT    NOT NULL DEFAULT '',
    -- Updates accepted while the binding was Valid (waiting for activation); the fourth is refused.
    modifications INTEGER NOT NULL DEFAULT 0,
    -- When the activation link was last sent (Add, Update, resend), on the emulator's clock.
    link_sent_at TEXT    NOT NULL DEFAULT ''
  );`;

const SCHEMA = `
  ${bindingsTable("bindings")}
  CREATE INDEX IF NOT EXISTS bindings_by_phone ON bindings (country_code, phone);
  CREATE INDEX IF NOT EXISTS bindings_by_link ON bindings (status, link_sent_at);
  CREATE TABLE IF NOT EXISTS daily_binds (
    day   TEXT    PRIMARY KEY,
    count INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS failed_emails (
    email_key TEXT PRIMARY KEY
  );
  CREATE TABLE IF NOT EXISTS sends (
    bind_id INTEGER NOT NULL,
    sent_at TEXT    NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sends_by_binding ON sends (bind_id, sent_at);
  CREATE TABLE IF NOT EXISTS clock (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    offset_seconds INTEGER NOT NULL
  );
`;

/**
 * Schema 1 to 2: failed bindings and their description. SQLite cannot change a CHECK constraint in place,
 * so the table is rebuilt; its sqlite_sequence row moves along, so BindIds given before (even of removed
 * bindings) are still never given again.
 */
const MIGRATE_FROM_1 = `
  ${bindingsTable("bindings_v2")}
  INSERT INTO bindings_v2 (bind_id, member_uin, email, email_key, country_code, phone, status, apply_time, bind_time)
    SELECT bind_id, member_uin, email, email_key, country_code, phone, status, apply_time, bind_time FROM bindings;
  DELETE FROM sqlite_sequence WHERE name = 'bindings_v2';
  UPDATE sqlite_sequence SET name = 'bindings_v2' WHERE name = 'bindings';
  DROP TABLE bindings;
  ALTER TABLE bindings_v2 RENAME TO bindings;
`;

/**
 * Schema 2 to 3: the modification count and the moment the activation link was last sent. A binding of an
 * older file counts no modifications yet (the older emulator did not count them).
 */
const MIGRATE_FROM_2 = `
  ALTER TABLE bindings ADD COLUMN modifications INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE bindings ADD COLUMN link_sent_at TEXT NOT NULL DEFAULT '';
`;

/**
 * After either migration: a binding's link was last sent when it was last applied for (the older emulator
 * sent it then and had no resend of its own), and the email of a binding that already failed is barred.
 */
const BACKFILL_FROM_1_OR_2 = `
  UPDATE bindings SET link_sent_at = apply_time;
  INSERT OR IGNORE INTO failed_emails (email_key) SELECT email_key FROM bindings WHERE status = 'Failed';
`;

/**
 * Opens (creating if needed) the SQLite store at `file`, with the driver this runtime has (see
 * {@link loadSqliteDriver}).
 */
export function openStore(file: string, driver: SqliteDriver = loadSqliteDriver()): BindingStore {
  let db: SqliteDatabase;
  try {
    db = driver.open(file);
  } catch (error) {
    throw new Error(`Could not open the emulator's data file ${file}: ${errorMessage(error)}`, { cause: error });
  }
  let version: number;
  try {
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = FULL");
    const row = db.prepare("PRAGMA user_version").get() as { user_version?: unknown } | undefined;
    version = Number(row?.user_version ?? 0);
    if (version <= SCHEMA_VERSION) {
      db.exec("BEGIN IMMEDIATE");
      try {
        if (version === 1) db.exec(MIGRATE_FROM_1);
        if (version === 2) db.exec(MIGRATE_FROM_2);
        db.exec(SCHEMA);
        if (version === 1 || version === 2) db.exec(BACKFILL_FROM_1_OR_2);
        db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    }
  } catch (error) {
    db.close();
    throw new Error(`Could not open the emulator's data file ${file}: ${errorMessage(error)}`, { cause: error });
  }
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(
      `The data file ${file} was written by a newer emulator (schema ${version}); use a newer package or another file.`,
    );
  }
  return new SqliteBindingStore(db);
}

class SqliteBindingStore implements BindingStore {
  private readonly statements;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = {
      byMember: db.prepare("SELECT * FROM bindings WHERE member_uin = ?"),
      byEmail: db.prepare("SELECT * FROM bindings WHERE email_key = ?"),
      countByPhone: db.prepare(
        "SELECT COUNT(*) AS count FROM bindings WHERE country_code = ? AND phone = ? AND member_uin <> ?",
      ),
      insert: db.prepare(
        `INSERT INTO bindings (member_uin, email, email_key, country_code, phone, status, apply_time, bind_time,
           description, modifications, link_sent_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      replace: db.prepare(
        `UPDATE bindings SET email = ?, email_key = ?, country_code = ?, phone = ?, status = ?, apply_time = ?,
           bind_time = ?, description = ?, modifications = ?, link_sent_at = ?
         WHERE member_uin = ? AND bind_id = ?`,
      ),
      remove: db.prepare("DELETE FROM bindings WHERE member_uin = ?"),
      all: db.prepare("SELECT * FROM bindings ORDER BY bind_id"),
      bindsOn: db.prepare("SELECT count FROM daily_binds WHERE day = ?"),
      recordBind: db.prepare(
        "INSERT INTO daily_binds (day, count) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET count = count + 1",
      ),
      isEmailFailed: db.prepare("SELECT 1 AS found FROM failed_emails WHERE email_key = ?"),
      markEmailFailed: db.prepare("INSERT OR IGNORE INTO failed_emails (email_key) VALUES (?)"),
      linksSentBy: db.prepare("SELECT * FROM bindings WHERE status = 'Valid' AND link_sent_at <= ? ORDER BY bind_id"),
      recordSend: db.prepare("INSERT INTO sends (bind_id, sent_at) VALUES (?, ?)"),
      sendsAfter: db.prepare("SELECT COUNT(*) AS count FROM sends WHERE bind_id = ? AND sent_at > ?"),
      clockOffset: db.prepare("SELECT offset_seconds AS count FROM clock WHERE id = 1"),
      setClockOffset: db.prepare(
        "INSERT INTO clock (id, offset_seconds) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET offset_seconds = excluded.offset_seconds",
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
    const { memberUin, email, countryCode, phone, status, applyTime, bindTime, description } = binding;
    const result = this.statements.insert.run(
      memberUin,
      email,
      emailKey(email),
      countryCode,
      phone,
      status,
      applyTime,
      bindTime,
      description,
      binding.modifications,
      binding.linkSentAt,
    );
    return { ...binding, bindId: Number(result.lastInsertRowid) };
  }

  replace(binding: EmulatorBinding): void {
    const { memberUin, bindId, email, countryCode, phone, status, applyTime, bindTime, description } = binding;
    const result = this.statements.replace.run(
      email,
      emailKey(email),
      countryCode,
      phone,
      status,
      applyTime,
      bindTime,
      description,
      binding.modifications,
      binding.linkSentAt,
      memberUin,
      bindId,
    );
    if (Number(result.changes) !== 1) {
      throw new Error(`No binding ${binding.bindId} of member ${binding.memberUin} to replace.`);
    }
  }

  remove(memberUin: number): boolean {
    return Number(this.statements.remove.run(memberUin).changes) > 0;
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

  isEmailFailed(email: string): boolean {
    return this.statements.isEmailFailed.get(emailKey(email)) !== undefined;
  }

  markEmailFailed(email: string): void {
    this.statements.markEmailFailed.run(emailKey(email));
  }

  linksSentBy(moment: string): EmulatorBinding[] {
    return this.statements.linksSentBy.all(moment).map(toBinding);
  }

  recordSend(bindId: number, moment: string): void {
    this.statements.recordSend.run(bindId, moment);
  }

  sendsAfter(bindId: number, moment: string): number {
    return readCount(this.statements.sendsAfter.get(bindId, moment));
  }

  clockOffset(): number {
    const row = this.statements.clockOffset.get();
    return row === undefined ? 0 : readCount(row);
  }

  setClockOffset(seconds: number): void {
    this.statements.setClockOffset.run(seconds);
  }

  transaction<T>(work: () => T): T {
    // Spelled out (node:sqlite has no transaction helper); IMMEDIATE takes the write lock before any read.
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }
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
  if (status !== "Valid" && status !== "Success" && status !== "Failed") {
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
    description: readText(record, "description"),
    modifications: readInteger(record, "modifications"),
    linkSentAt: readText(record, "link_sent_at"),
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

/** A data file in a fresh temporary folder, for an emulator started without `dataFile`. */
export interface TemporaryDataFile {
  /** Path of the SQLite file (not created yet). */
  readonly file: string;
  /** Deletes the folder with the file and its WAL companions; safe to call twice. */
  remove(): void;
}

// Folders not removed yet. A process that exits without stopping its emulators (a test runner that
// gives up, a script that forgets) still takes them along; only SIGKILL can leave one behind.
const pending = new Set<string>();
let exitHookInstalled = false;

/** Creates the temporary folder of a data file and makes sure it goes away at the latest when the process exits. */
export function createTemporaryDataFile(): TemporaryDataFile {
  const folder = mkdtempSync(join(tmpdir(), "member-email-emulator-"));
  pending.add(folder);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const leftover of pending) {
        rmSync(leftover, { recursive: true, force: true });
      }
    });
  }
  return {
    file: join(folder, "organization.sqlite"),
    remove: () => {
      rmSync(folder, { recursive: true, force: true });
      pending.delete(folder);
    },
  };
}
