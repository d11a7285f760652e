import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startEmulator } from "../../emulator";
import { loadBetterSqlite3, sqliteMajorFor } from "../../emulator/store";
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
      expect(answer).toEqual(expect.objectContaining({ BindId, Email: "100000000001@example.com", BindStatus: "Success" }));
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
      await expect(bind(second, 100000000002)).rejects.toEqual(expect.objectContaining({ code: "LimitExceeded.EmailBindOverLimit" }));
    } finally {
      await second.stop();
    }
  });

  it("creates the data file's folder and writes it in WAL mode", async () => {
    const dataFile = join(folder, "nested", "deeper", "organization.sqlite");
    const emulator = await startEmulator({ port: 0, dataFile });
    await emulator.stop();
    const db = new (loadBetterSqlite3())(dataFile, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
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

  it("refuses a data file written by a newer emulator schema", async () => {
    const dataFile = join(folder, "future.sqlite");
    const db = new (loadBetterSqlite3())(dataFile);
    db.pragma("user_version = 99");
    db.close();
    await expect(startEmulator({ port: 0, dataFile })).rejects.toThrow(/newer emulator/);
  });

  it("says plainly which better-sqlite3 to install when the optional dependency is missing", async () => {
    await jest.isolateModulesAsync(async () => {
      for (const name of ["better-sqlite3", "better-sqlite3-13"]) jest.doMock(`${name}/package.json`, () => missingModule(name), { virtual: true });
      const { openStore } = await import("../../emulator/store");
      expect(() => openStore(join(folder, "x.sqlite"))).toThrow(`npm install better-sqlite3@${sqliteMajorFor()}`);
    });
    jest.dontMock("better-sqlite3/package.json");
    jest.dontMock("better-sqlite3-13/package.json");
    expect(existsSync(join(folder, "x.sqlite"))).toBe(false);
  });

  it("picks better-sqlite3 12 for Node.js 20 and 21, and 13 from Node.js 22 on", () => {
    expect([sqliteMajorFor("20.20.2"), sqliteMajorFor("21.7.3"), sqliteMajorFor("22.12.0"), sqliteMajorFor("24.21.0")]).toEqual([12, 12, 13, 13]);
  });

  it("refuses a better-sqlite3 that would crash this Node.js, and says which to install", async () => {
    const crashing = sqliteMajorFor() === 12 ? "13.2.0" : "12.11.1";
    const nodeMajor = Number(process.versions.node.split(".")[0]);
    await jest.isolateModulesAsync(async () => {
      jest.doMock("better-sqlite3/package.json", () => ({ version: crashing }));
      jest.doMock("better-sqlite3-13/package.json", () => missingModule("better-sqlite3-13"), { virtual: true });
      const { openStore } = await import("../../emulator/store");
      const attempt = () => openStore(join(folder, "y.sqlite"));
      // better-sqlite3 12 still runs on Node.js 22 and 23; 13 is refused on 20 and 21, 12 from 24 on.
      if (nodeMajor === 22 || nodeMajor === 23) expect(attempt).not.toThrow();
      else expect(attempt).toThrow(new RegExp(`better-sqlite3 ${crashing} crashes on Node\\.js .*npm install better-sqlite3@${sqliteMajorFor()}`));
    });
    jest.dontMock("better-sqlite3/package.json");
    jest.dontMock("better-sqlite3-13/package.json");
  });
});

/** What requiring an uninstalled package throws. */
function missingModule(name: string): never {
  throw Object.assign(new Error(`Cannot find module '${name}'`), { code: "MODULE_NOT_FOUND" });
}
