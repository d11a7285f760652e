/**
 * `audit --remind-report FILE`: what it reads of the report `remind --json` wrote, what it refuses, and how the
 * reminders join the audit's notice (the sweep's one chat message).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Notice, noticeBody } from "../../provider/cli/notify";
import { readRemindReport, withReminders } from "../../provider/cli/remind-report";

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "member-email-remind-report-"));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let files = 0;
/** A file holding `text`; its path. */
function file(text: string): string {
  files += 1;
  const path = join(folder, `remind-${files}.json`);
  writeFileSync(path, text);
  return path;
}

const ana = { memberUin: 100000000001, name: "Ana" };
const bo = { memberUin: 100000000002, name: "Bo" };
const report = (fields: Record<string, unknown>) =>
  JSON.stringify({ members: 3, sent: [], refused: [], skipped: [], dryRun: false, ...fields });

const auditNotice: Notice = {
  command: "audit",
  title: "Tencent Cloud organization audit: 1 new finding",
  lines: ["3 members, 2 bound: 1 failed."],
  members: [{ memberUin: 100000000003, name: "Chen", label: "new failed" }],
  figures: { findings: 1 },
};

test("a report is read down to the members sent to and refused, uin and name only", () => {
  const path = file(
    report({
      sent: [{ ...ana, bindId: 41, linkExpiresAt: "2026-12-08T00:00:00.000Z" }],
      refused: [{ ...bo, code: "LimitExceeded.SendEmailLimit", requestId: "r-1" }],
    }),
  );
  expect(readRemindReport(path)).toEqual({ written: true, dryRun: false, sent: [ana], refused: [bo] });
  expect(readRemindReport(file(report({ dryRun: true })))).toEqual({
    written: true,
    dryRun: true,
    sent: [],
    refused: [],
  });
});

test.each(["", "\n", "  \n\t"])("an empty file (%j) is a remind that could not run", (text) => {
  expect(readRemindReport(file(text))).toEqual({ written: false });
});

test.each([
  ["{", "is not JSON"],
  ["[]", "is not a JSON object"],
  ["null", "is not a JSON object"],
  ['"sent"', "is not a JSON object"],
  [JSON.stringify({ refused: [] }), 'has no "sent" list'],
  [JSON.stringify({ sent: [] }), 'has no "refused" list'],
  [JSON.stringify({ sent: {}, refused: [] }), 'has no "sent" list'],
  [report({ sent: [null] }), 'has a "sent" entry without a memberUin and a name'],
  [report({ sent: [[ana]] }), 'has a "sent" entry without a memberUin and a name'],
  [report({ sent: [{ name: "Ana" }] }), 'has a "sent" entry without a memberUin and a name'],
  [report({ sent: [{ memberUin: "100000000001", name: "Ana" }] }), 'has a "sent" entry without a memberUin and a name'],
  [report({ refused: [{ memberUin: 100000000001 }] }), 'has a "refused" entry without a memberUin and a name'],
])("%s is refused: %s", (text, problem) => {
  const path = file(text);
  expect(() => readRemindReport(path)).toThrow(
    `--remind-report ${path} ${problem}: give the JSON \`remind --json\` printed (empty when it failed).`,
  );
});

test("a report that cannot be read is named with the system's code, not its content", () => {
  expect(() => readRemindReport(join(folder, "missing.json"))).toThrow(
    `Could not read the remind report ${join(folder, "missing.json")} (ENOENT).`,
  );
  expect(() => readRemindReport(folder)).toThrow(`Could not read the remind report ${folder} (EISDIR).`);
});

test("the audit's notice counts the reminders, names refused ones after its findings, then those reminded", () => {
  const notice = withReminders(auditNotice, { written: true, dryRun: false, sent: [ana], refused: [bo] });
  expect(notice).toEqual({
    command: "audit",
    title: "Tencent Cloud organization audit: 1 new finding; 1 reminder sent, 1 refused",
    lines: ["3 members, 2 bound: 1 failed.", "Reminders: 1 sent, 1 refused."],
    members: [
      { memberUin: 100000000003, name: "Chen", label: "new failed" },
      { ...bo, label: "reminder refused" },
      { ...ana, label: "reminded" },
    ],
    figures: { findings: 1, reminders: { reported: true, dryRun: false, sent: 1, refused: 1 } },
  });
  expect(withReminders(auditNotice, { written: true, dryRun: false, sent: [ana, bo], refused: [] }).title).toBe(
    "Tencent Cloud organization audit: 1 new finding; 2 reminders sent",
  );
});

test("a dry run's reminders are due, not sent", () => {
  const notice = withReminders(auditNotice, { written: true, dryRun: true, sent: [ana], refused: [] });
  expect(notice.title).toBe("Tencent Cloud organization audit: 1 new finding; 1 reminder due");
  expect(notice.lines).toContain("Reminders: 1 due, 0 refused.");
  expect(notice.members.at(-1)).toEqual({ ...ana, label: "reminder due" });
  expect(notice.figures).toEqual({ findings: 1, reminders: { reported: true, dryRun: true, sent: 1, refused: 0 } });
});

test("a remind that wrote nothing is said in the notice, whose findings stand", () => {
  const notice = withReminders(auditNotice, { written: false });
  expect(notice).toEqual({
    ...auditNotice,
    title: "Tencent Cloud organization audit: 1 new finding; reminders not sent",
    lines: [
      "3 members, 2 bound: 1 failed.",
      "Reminders: remind wrote no report (it could not run: see the run's log).",
    ],
    figures: { findings: 1, reminders: { reported: false } },
  });
  expect(noticeBody(notice, "generic")).toMatchObject({ figures: { reminders: { reported: false } } });
});
