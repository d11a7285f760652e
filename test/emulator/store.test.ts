import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startEmulator } from "tencentcloud-organization-emulator";
import { loadSqliteDriver, MISSING_SQLITE_MESSAGE } from "../../emulator/src/store";
import { organizationClient } from "../support/organization-client";

describe("the emulator's durable store", () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "emulator-store-test-"));
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  const bind = (emulator: Awaited<ReturnType<typeof startEmulator>>, memberUin: number) =>
    organizationClient(emulator).AddOrganizationMemberEmail({
      MemberUin: memberUin,
      Email: `${memberUin}@example.com`,
      CountryCode: "86",
      Phone: "13800000000",
    });

  it("shows a restarted emulator the bindings stored before, on the same data file", async () => {
    const dataFile = join(folder, "organization.sqlite");
    const first = await startEmulator({ port: 0, dataFile });
    const { BindId } = await bind(first, 100000000001);
    first.activate(100000000001);
    await first.stop();

    const second = await startEmulator({ port: 0, dataFile });
    try {
      const answer = await organizationClient(second).DescribeOrganizationMemberEmailBind({ MemberUin: 100000000001 });
      expect(answer).toEqual(
        expect.objectContaining({ BindId, Email: "100000000001@example.com", BindStatus: "Success" }),
      );
    } finally {
      await second.stop();
    }
  });

  it("keeps BindIds increasing across a restart, even when the latest binding was removed", async () => {
    const dataFile = join(folder, "organization.sqlite");
    const first = await startEmulator({ port: 0, dataFile });
    const before = await bind(first, 100000000001);
    first.unbind(100000000001);
    await first.stop();

    const second = await startEmulator({ port: 0, dataFile });
    try {
      const after = await bind(second, 100000000002);
      expect(after.BindId).toBeGreaterThan(before.BindId ?? Infinity);
    } finally {
      await second.stop();
    }
  });

  it("keeps the daily quota's count across a restart", async () => {
    const dataFile = join(folder, "organization.sqlite");
    const first = await startEmulator({ port: 0, dataFile, dailyBindQuota: 1 });
    await bind(first, 100000000001);
    await first.stop();

    const second = await startEmulator({ port: 0, dataFile, dailyBindQuota: 1 });
    try {
      await expect(bind(second, 100000000002)).rejects.toEqual(
        expect.objectContaining({ code: "LimitExceeded.EmailBindOverLimit" }),
      );
    } finally {
      await second.stop();
    }
  });

  it("creates the data file's folder and writes it in WAL mode", async () => {
    const dataFile = join(folder, "nested", "deeper", "organization.sqlite");
    const emulator = await startEmulator({ port: 0, dataFile });
    await emulator.stop();
    const db = loadSqliteDriver().open(dataFile);
    try {
      expect(db.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    } finally {
      db.close();
    }
  });

  it("uses a temporary data file when none is given and deletes it on stop", async () => {
    const emulator = await startEmulator({ port: 0 });
    await bind(emulator, 100000000001);
    expect(emulator.dataFile.startsWith(tmpdir())).toBe(true);
    expect(existsSync(emulator.dataFile)).toBe(true);
    await emulator.stop();
    expect(existsSync(emulator.dataFile)).toBe(false);
    expect(existsSync(dirname(emulator.dataFile))).toBe(false);
  });

  it("keeps a data file it was given when it stops", async () => {
    const dataFile = join(folder, "kept.sqlite");
    const emulator = await startEmulator({ port: 0, dataFile });
    expect(emulator.dataFile).toBe(dataFile);
    await emulator.stop();
    expect(existsSync(dataFile)).toBe(true);
  });

  it("refuses a data file that is not a database, saying which file", async () => {
    const dataFile = join(folder, "not-a-database.sqlite");
    writeFileSync(dataFile, "this is not SQLite ".repeat(100));
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/not-a-database\.sqlite|not a database/);
  });

  it("opens a data file of the first schema, keeps its bindings and BindIds, then stores a failed binding", async () => {
    const dataFile = join(folder, "schema-1.sqlite");
    const db = loadSqliteDriver().open(dataFile);
    // The first schema, as emulators before failed bindings wrote it.
    db.exec(`
      CREATE TABLE bindings (
        bind_id INTEGER PRIMARY KEY AUTOINCREMENT, member_uin INTEGER NOT NULL UNIQUE, email TEXT NOT NULL,
        email_key TEXT NOT NULL UNIQUE, country_code TEXT NOT NULL, phone TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('Valid', 'Success')), apply_time TEXT NOT NULL,
        bind_time TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX bindings_by_phone ON bindings (country_code, phone);
      CREATE TABLE daily_binds (day TEXT PRIMARY KEY, count INTEGER NOT NULL);
      INSERT INTO bindings (member_uin, email, email_key, country_code, phone, status, apply_time)
        VALUES (100000000001, 'Old@example.com', 'old@example.com', '86', '13800000000', 'Success', '2026-01-01'),
               (100000000002, 'gone@example.com', 'gone@example.com', '86', '13800000001', 'Valid', '2026-01-01');
      DELETE FROM bindings WHERE member_uin = 100000000002;
      PRAGMA user_version = 1;
    `);
    db.close();

    const emulator = await startEmulator({ port: 0, dataFile });
    try {
      expect(emulator.bindings()).toEqual([
        expect.objectContaining({ memberUin: 100000000001, bindId: 1, email: "Old@example.com", description: "" }),
      ]);
      const { BindId } = await bind(emulator, 100000000003);
      expect(BindId).toBe(3);
      expect(emulator.fail(100000000003, "Refused by the mailbox.")).toMatchObject({ status: "Failed" });
    } finally {
      await emulator.stop();
    }
  });

  it("opens a data file of the second schema: old links expire by their ApplyTime, and failed emails stay barred", async () => {
    const dataFile = join(folder, "schema-2.sqlite");
    const db = loadSqliteDriver().open(dataFile);
    const day = (daysAgo: number) =>
      new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 19).replace("T", " ");
    // The second schema, as emulators before the clock and the activation rules wrote it.
    db.exec(`
      CREATE TABLE bindings (
        bind_id INTEGER PRIMARY KEY AUTOINCREMENT, member_uin INTEGER NOT NULL UNIQUE, email TEXT NOT NULL,
        email_key TEXT NOT NULL UNIQUE, country_code TEXT NOT NULL, phone TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('Valid', 'Success', 'Failed')), apply_time TEXT NOT NULL,
        bind_time TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX bindings_by_phone ON bindings (country_code, phone);
      CREATE TABLE daily_binds (day TEXT PRIMARY KEY, count INTEGER NOT NULL);
      INSERT INTO bindings (member_uin, email, email_key, country_code, phone, status, apply_time, description)
        VALUES (100000000001, 'old@example.com', 'old@example.com', '86', '13800000000', 'Valid', '${day(20)}', ''),
               (100000000002, 'recent@example.com', 'recent@example.com', '86', '13800000001', 'Valid', '${day(2)}', ''),
               (100000000003, 'failed@example.com', 'failed@example.com', '86', '13800000002', 'Failed', '${day(1)}', 'Refused.');
      PRAGMA user_version = 2;
    `);
    db.close();

    const emulator = await startEmulator({ port: 0, dataFile });
    try {
      expect(emulator.bindings().map((binding) => [binding.memberUin, binding.status, binding.modifications])).toEqual([
        [100000000001, "Failed", 0],
        [100000000002, "Valid", 0],
        [100000000003, "Failed", 0],
      ]);
      const client = organizationClient(emulator);
      for (const email of ["old@example.com", "failed@example.com"]) {
        await expect(
          client.AddOrganizationMemberEmail({
            MemberUin: 100000000004,
            Email: email,
            CountryCode: "86",
            Phone: "13912345678",
          }),
        ).rejects.toEqual(expect.objectContaining({ code: "FailedOperation.EmailAlreadyUsed" }));
      }
    } finally {
      await emulator.stop();
    }
  });

  it("refuses a data file written by a newer emulator schema", async () => {
    const dataFile = join(folder, "future.sqlite");
    const db = loadSqliteDriver().open(dataFile);
    db.exec("PRAGMA user_version = 99");
    db.close();
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/newer emulator/);
  });

  it("stores with Node's built-in node:sqlite from Node.js 22.13 on, and with better-sqlite3 only before", async () => {
    const [major, minor] = process.versions.node.split(".").map(Number);
    const builtin = major > 22 || (major === 22 && minor >= 13);
    const emulator = await startEmulator({ port: 0 });
    await emulator.stop();
    expect(emulator.storage).toBe(builtin ? "node:sqlite" : "better-sqlite3");
  });

  it("says plainly what to do when Node.js has no node:sqlite and better-sqlite3 is not installed", async () => {
    await jest.isolateModulesAsync(async () => {
      jest.doMock("better-sqlite3", () => missingModule("better-sqlite3"));
      const { loadSqliteDriver: load } = await import("../../emulator/src/store");
      expect(() => load("better-sqlite3")).toThrow(MISSING_SQLITE_MESSAGE);
    });
    jest.dontMock("better-sqlite3");
    expect(MISSING_SQLITE_MESSAGE).toContain("npm install better-sqlite3@12");
  });
});

/** What requiring an uninstalled package throws. */
function missingModule(name: string): never {
  throw Object.assign(new Error(`Cannot find module '${name}'`), { code: "MODULE_NOT_FOUND" });
}
