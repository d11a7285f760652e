import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { lockFileOf, lockRecord, RecordLockedError } from "../../provider/cli/record-lock";

let folder: string;
let record: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "member-email-lock-"));
  record = join(folder, "reminders.json");
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Short waits, so that a test of a held lock takes a fraction of a second. */
const quick = { waitMs: 300, staleMs: 60_000, pollMs: 20 };
const holder = (pid: number, host = hostname()) => JSON.stringify({ pid, host, since: "2026-12-01T01:00:00.000Z" });
/** Makes the lock file look `seconds` old. */
const age = (seconds: number) => {
  const then = new Date(Date.now() - seconds * 1000);
  utimesSync(lockFileOf(record), then, then);
};

test("the lock is a file beside the record naming this run, deleted on release", async () => {
  const release = await lockRecord(record, undefined, quick);
  expect(lockFileOf(record)).toBe(`${record}.lock`);
  expect(JSON.parse(readFileSync(lockFileOf(record), "utf8"))).toEqual({
    pid: process.pid,
    host: hostname(),
    since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
  });
  release();
  expect(existsSync(lockFileOf(record))).toBe(false);
  // Released twice (an error after the release): nothing to do.
  release();
});

test("a second run waits while the first holds the lock, says for whom once, and takes it once released", async () => {
  const releaseFirst = await lockRecord(record, undefined, quick);
  const { since } = JSON.parse(readFileSync(lockFileOf(record), "utf8")) as { since: string };
  const heard: string[] = [];
  const second = lockRecord(record, (message) => heard.push(message), { ...quick, waitMs: 5000 });
  setTimeout(releaseFirst, 150);
  const releaseSecond = await second;
  expect(heard).toEqual([
    `Waiting for the remind run of process ${process.pid} on ${hostname()} (since ${since}) to finish with the ` +
      `reminder record ${record} (lock file ${record}.lock).`,
  ]);
  releaseSecond();
});

test("a run that waited longer than the wait gives up, naming the holder and the lock file to delete", async () => {
  writeFileSync(lockFileOf(record), holder(process.pid));
  const started = Date.now();
  await expect(lockRecord(record, undefined, quick)).rejects.toThrow(RecordLockedError);
  expect(Date.now() - started).toBeGreaterThanOrEqual(quick.waitMs);
  await expect(lockRecord(record, undefined, quick)).rejects.toThrow(
    `The reminder record ${record} is held by the remind run of process ${process.pid} on ${hostname()} ` +
      `(since 2026-12-01T01:00:00.000Z) (lock file ${record}.lock), still after 0 s: a run of remind on the same ` +
      `record is still going. If none is, delete ${record}.lock and run again.`,
  );
  // The holder's lock is left alone.
  expect(readFileSync(lockFileOf(record), "utf8")).toBe(holder(process.pid));
});

test("the lock of a process of this host that has exited is stale: taken over at once", async () => {
  // No process has this pid: the highest pid Linux allows is 4194304.
  writeFileSync(lockFileOf(record), holder(4_194_305));
  const heard: string[] = [];
  const release = await lockRecord(record, (message) => heard.push(message), quick);
  expect(heard).toEqual([]);
  expect(JSON.parse(readFileSync(lockFileOf(record), "utf8"))).toMatchObject({ pid: process.pid });
  release();
});

test("another host's lock is waited for until it is older than the stale age, then taken over", async () => {
  writeFileSync(lockFileOf(record), holder(4_194_305, `not-${hostname()}`));
  await expect(lockRecord(record, undefined, quick)).rejects.toThrow(
    /held by the remind run of process 4194305 on not-/,
  );
  age(61);
  const release = await lockRecord(record, undefined, quick);
  release();
  expect(existsSync(lockFileOf(record))).toBe(false);
});

test("a lock whose run is alive is stale all the same past the stale age", async () => {
  writeFileSync(lockFileOf(record), holder(process.pid));
  age(61);
  (await lockRecord(record, undefined, quick))();
});

test("a lock file not written yet is another run's for 30 s, then stale", async () => {
  for (const text of ["", "{", JSON.stringify({ pid: "1", host: hostname(), since: "x" })]) {
    writeFileSync(lockFileOf(record), text);
    age(20);
    await expect(lockRecord(record, undefined, quick)).rejects.toThrow(/is held by another run/);
    age(31);
    (await lockRecord(record, undefined, quick))();
  }
});

test("a run whose lock was taken over as stale leaves the new holder's lock in place on release", async () => {
  const release = await lockRecord(record, undefined, quick);
  writeFileSync(lockFileOf(record), holder(1));
  release();
  expect(readFileSync(lockFileOf(record), "utf8")).toBe(holder(1));
});

test("a record in a folder that does not exist cannot be locked, and says why", async () => {
  await expect(lockRecord(join(folder, "missing", "reminders.json"), undefined, quick)).rejects.toThrow(/ENOENT/);
});
