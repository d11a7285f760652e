import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readReminderRecord, writeReminderRecord } from "../../provider/cli/reminder-record";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "member-email-record-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

test("a first run starts an empty record; the next reads this run's sends and keeps the earlier ones", () => {
  const file = join(folder, "reminders.json");
  expect(readReminderRecord(file).size).toBe(0);
  const earlier = new Map([
    [7, new Date("2026-11-20T01:00:00Z")],
    [8, new Date("2026-11-21T01:00:00Z")],
    [9, new Date("2026-11-22T01:00:00Z")],
  ]);
  const at = new Date("2026-12-01T01:17:00Z");
  writeReminderRecord(
    file,
    earlier,
    {
      members: 4,
      dryRun: false,
      sent: [{ memberUin: 1, name: "a", bindId: 7 }],
      refused: [],
      // 8 was activated since: its entry is dropped; 9 still waits.
      skipped: [
        { memberUin: 2, name: "b", bindId: 8, reason: "active" },
        { memberUin: 3, name: "c", bindId: 9, reason: "notDue" },
      ],
    },
    at,
  );
  expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
    version: 1,
    sent: { "7": "2026-12-01T01:17:00.000Z", "9": "2026-11-22T01:00:00.000Z" },
  });
  expect(readReminderRecord(file)).toEqual(
    new Map([
      [7, at],
      [9, new Date("2026-11-22T01:00:00Z")],
    ]),
  );
});

test("a file remind did not write is refused, with what to do", () => {
  const file = join(folder, "stack.json");
  writeFileSync(file, JSON.stringify({ deployment: {} }));
  expect(() => readReminderRecord(file)).toThrow(/is not one remind --record wrote.*delete it to start a new record/);
});
