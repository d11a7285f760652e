import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readReminderRecord, writeReminderRecord } from "../../provider/cli/reminder-record";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "member-email-record-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const sentAt = (iso: string) => ({ sentAt: new Date(iso) });

test("a first run starts an empty record; the next reads this run's sends, at the time each was made, and the earlier ones", () => {
  const file = join(folder, "reminders.json");
  expect(readReminderRecord(file).size).toBe(0);
  const earlier = new Map([
    [7, { memberUin: 1, ...sentAt("2026-11-20T01:00:00Z") }],
    [9, { memberUin: 3, ...sentAt("2026-11-22T01:00:00Z") }],
  ]);
  writeReminderRecord(file, earlier, {
    members: 4,
    dryRun: false,
    sent: [{ memberUin: 1, name: "a", bindId: 7, sentAt: "2026-12-01T01:17:05.000Z" }],
    refused: [],
    skipped: [{ memberUin: 3, name: "c", bindId: 9, reason: "notDue" }],
  });
  expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
    version: 2,
    sent: {
      "7": { memberUin: 1, at: "2026-12-01T01:17:05.000Z" },
      "9": { memberUin: 3, at: "2026-11-22T01:00:00.000Z" },
    },
  });
  expect(readReminderRecord(file)).toEqual(
    new Map([
      [7, { memberUin: 1, ...sentAt("2026-12-01T01:17:05Z") }],
      [9, { memberUin: 3, ...sentAt("2026-11-22T01:00:00Z") }],
    ]),
  );
});

test("the record forgets every binding that no longer waits, and keeps those the run could not judge", () => {
  const file = join(folder, "reminders.json");
  const time = "2026-11-20T01:00:00.000Z";
  const member = (uin: number, bindId: number) => [bindId, { memberUin: uin, ...sentAt(time) }] as const;
  const previous = new Map([
    member(1, 11), // listed active since: the listing's skip carries no BindId
    member(2, 12), // listed failed since
    member(3, 13), // described active since
    member(4, 14), // bound again: a new binding, 24, is the one waiting
    member(5, 15), // gone from the organization: in no list
    member(6, 16), // could not be read today
    member(7, 17), // waiting, outside the team file the run was limited to
    member(8, 18), // waiting, not yet due
    member(9, 19), // refused today: still waiting
  ]);
  writeReminderRecord(file, previous, {
    members: 9,
    dryRun: false,
    sent: [],
    refused: [{ memberUin: 9, name: "i", bindId: 19, code: "LimitExceeded.SendEmailLimit" }],
    skipped: [
      { memberUin: 1, name: "a", reason: "active" },
      { memberUin: 2, name: "b", reason: "failed" },
      { memberUin: 3, name: "c", bindId: 13, reason: "active" },
      { memberUin: 4, name: "d", bindId: 24, reason: "notDue" },
      { memberUin: 6, name: "f", reason: "unreadable", code: "InternalError" },
      { memberUin: 7, name: "g", reason: "undeclared" },
      { memberUin: 8, name: "h", bindId: 18, reason: "notDue" },
    ],
  });
  expect(Object.keys((JSON.parse(readFileSync(file, "utf8")) as { sent: object }).sent)).toEqual([
    "16",
    "17",
    "18",
    "19",
  ]);
});

test("a version 1 record (times alone) is read, and its entries are kept while their bindings are seen waiting", () => {
  const file = join(folder, "reminders.json");
  writeFileSync(
    file,
    JSON.stringify({ version: 1, sent: { "7": "2026-11-20T01:00:00Z", "8": "2026-11-21T01:00:00Z" } }),
  );
  const previous = readReminderRecord(file);
  expect(previous).toEqual(
    new Map([
      [7, sentAt("2026-11-20T01:00:00Z")],
      [8, sentAt("2026-11-21T01:00:00Z")],
    ]),
  );
  writeReminderRecord(file, previous, {
    members: 2,
    dryRun: false,
    sent: [],
    refused: [],
    skipped: [
      { memberUin: 1, name: "a", bindId: 7, reason: "notDue" },
      { memberUin: 2, name: "b", reason: "active" },
    ],
  });
  expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
    version: 2,
    sent: { "7": { at: "2026-11-20T01:00:00.000Z" } },
  });
});

test("entries that are not a BindId and a time are left out", () => {
  const file = join(folder, "reminders.json");
  writeFileSync(
    file,
    JSON.stringify({
      version: 2,
      sent: {
        "0": "2026-11-20T01:00:00Z",
        x: "2026-11-20T01:00:00Z",
        "5": "not a time",
        "6": { memberUin: "1", at: "2026-11-20T01:00:00Z" },
        "7": 7,
        x8: "2026-11-20T01:00:00Z",
        "8x": "2026-11-20T01:00:00Z",
        "9": { memberUin: 1.5, at: "2026-11-20T01:00:00Z" },
        "10": ["2026-11-20T01:00:00Z"],
      },
    }),
  );
  expect(readReminderRecord(file)).toStrictEqual(
    new Map([
      [6, sentAt("2026-11-20T01:00:00Z")],
      [9, sentAt("2026-11-20T01:00:00Z")],
    ]),
  );
});

test("a file remind did not write is refused, with what to do; one that cannot be read names its code", () => {
  const file = join(folder, "stack.json");
  writeFileSync(file, JSON.stringify({ deployment: {} }));
  expect(() => readReminderRecord(file)).toThrow(/is not one remind --record wrote.*delete it to start a new record/);
  writeFileSync(file, "{");
  expect(() => readReminderRecord(file)).toThrow(/is not one remind --record wrote/);
  writeFileSync(file, JSON.stringify({ sent: [] }));
  expect(() => readReminderRecord(file)).toThrow(/is not one remind --record wrote/);
  expect(() => readReminderRecord(folder)).toThrow(/Could not read the reminder record .* \(EISDIR\)/);
  expect(() => readReminderRecord(folder)).toThrow(expect.objectContaining({ name: "ReminderRecordError" }));
});
