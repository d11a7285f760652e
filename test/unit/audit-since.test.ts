import type { Finding } from "../../provider/cli/audit";
import type { Audit } from "../../provider/cli/audit";
import { allNew, compareFindings, keepUnreadFindings, readPreviousReport } from "../../provider/cli/audit-since";

const finding = (kind: Finding["kind"], memberUin: number): Finding => ({
  kind,
  memberUin,
  name: `member-${memberUin}`,
  declared: false,
});

test("a finding is the same finding when kind and member match; another kind of the same member is new", () => {
  const previous = readPreviousReport(
    JSON.stringify({
      findings: [finding("expiring", 1), finding("unbound", 2), finding("undeclared", 3)],
      summary: { at: "2026-12-01T09:00:00.000Z" },
    }),
  );
  const comparison = compareFindings([finding("expired", 1), finding("unbound", 2)], previous);
  expect(comparison.fresh).toEqual([finding("expired", 1)]);
  expect(comparison.still).toEqual([finding("unbound", 2)]);
  expect(comparison.resolved.map(({ kind, memberUin }) => `${kind} ${memberUin}`)).toEqual([
    "undeclared 3",
    "expiring 1",
  ]);
  expect(comparison.previousAt).toBe("2026-12-01T09:00:00.000Z");
});

test("a previous report is read for kind, member and name only; a kind this version does not know is ignored", () => {
  const read = readPreviousReport(
    JSON.stringify({
      findings: [
        { kind: "someFutureKind", memberUin: 1 },
        { kind: "gone", memberUin: 2 },
      ],
    }),
  );
  expect(read).toEqual({ findings: [{ kind: "gone", memberUin: 2, name: "" }] });
});

test.each([
  ["not json", /is not JSON/],
  ["[]", /has no "findings" list/],
  [JSON.stringify({ findings: [{ kind: "gone" }] }), /Finding 1 of the previous report has no "kind" and "memberUin"/],
])("a previous report %s is refused with what to give instead", (text, message) => {
  expect(() => readPreviousReport(text)).toThrow(message);
});

describe("a member that could not be read today", () => {
  const audit = (findings: Finding[]): Audit => ({ members: 9, declared: 3, bound: 5, described: 4, findings });
  const unreadable: Finding = { kind: "unreadable", memberUin: 4, name: "today's name", declared: true, code: "X" };
  const previous = {
    findings: [
      { kind: "offDomain", memberUin: 4, name: "old" },
      { kind: "failed", memberUin: 4, name: "old" },
      { kind: "expiring", memberUin: 4, name: "old" },
      { kind: "expired", memberUin: 4, name: "old" },
      // Told by the listing and the stack, which the audit still has: not kept.
      { kind: "undeclared", memberUin: 4, name: "old" },
      { kind: "unbound", memberUin: 4, name: "old" },
      { kind: "unreadable", memberUin: 4, name: "old" },
      // Another member, read today: its findings are today's alone.
      { kind: "failed", memberUin: 2, name: "two" },
    ] as const,
  };

  test("keeps the previous findings only Describe could tell, marked not read today, in the report's order", () => {
    const kept = keepUnreadFindings(audit([finding("failed", 1), unreadable, finding("unbound", 9)]), previous);
    expect(kept.findings.map(({ kind, memberUin }) => `${kind} ${memberUin}`)).toEqual([
      "unreadable 4",
      "failed 1",
      "failed 4",
      "expired 4",
      "expiring 4",
      "unbound 9",
      "offDomain 4",
    ]);
    expect(kept.findings.find((f) => f.kind === "failed" && f.memberUin === 4)).toEqual({
      kind: "failed",
      memberUin: 4,
      name: "today's name",
      declared: true,
      notReadToday: true,
    });
    expect(kept).toMatchObject({ members: 9, declared: 3, bound: 5, described: 4 });
    // Compared with the previous report, they are still there, not resolved.
    const comparison = compareFindings(kept.findings, previous);
    expect(comparison.still.map(({ kind }) => kind)).toEqual([
      "unreadable",
      "failed",
      "expired",
      "expiring",
      "offDomain",
    ]);
    expect(comparison.resolved.map(({ kind, memberUin }) => `${kind} ${memberUin}`)).toEqual([
      "undeclared 4",
      "failed 2",
      "unbound 4",
    ]);
  });

  test("adds nothing a finding of today already says, and changes nothing without an unreadable member or a previous report", () => {
    const today = audit([{ ...unreadable, kind: "failed", code: undefined }, unreadable]);
    expect(keepUnreadFindings(today, { findings: [{ kind: "failed", memberUin: 4, name: "old" }] })).toBe(today);
    const readable = audit([finding("failed", 1)]);
    expect(keepUnreadFindings(readable, previous)).toBe(readable);
    expect(keepUnreadFindings(today, undefined)).toBe(today);
  });
});

test("each unreadable member keeps its previous findings once, in member order; a member read today keeps none", () => {
  const unreadable = (memberUin: number): Finding => ({ ...finding("unreadable", memberUin), code: "X" });
  const previous = {
    findings: [
      { kind: "failed", memberUin: 9, name: "" },
      { kind: "failed", memberUin: 9, name: "" },
      { kind: "failed", memberUin: 3, name: "" },
      { kind: "failed", memberUin: 5, name: "" },
    ] as const,
  };
  const audit = { members: 3, declared: 0, bound: 3, described: 3 };
  const kept = keepUnreadFindings(
    { ...audit, findings: [unreadable(3), finding("undeclared", 5), unreadable(9)] },
    previous,
  );
  expect(kept.findings.map(({ kind, memberUin }) => `${kind} ${memberUin}`)).toEqual([
    "unreadable 3",
    "unreadable 9",
    "undeclared 5",
    "failed 3",
    "failed 9",
  ]);
});

test("a previous report's finding needs a kind, a whole member uin and an object; its name and at are optional", () => {
  for (const bad of [
    5,
    { kind: "gone", memberUin: "1" },
    { kind: 1, memberUin: 1 },
    { kind: "gone", memberUin: 1.5 },
  ]) {
    expect(() => readPreviousReport(JSON.stringify({ findings: [bad] }))).toThrow(/Finding 1 of the previous report/);
  }
  const read = readPreviousReport(
    JSON.stringify({ findings: [{ kind: "gone", memberUin: 1, name: 7 }], summary: { at: 5 } }),
  );
  expect(read).toStrictEqual({ findings: [{ kind: "gone", memberUin: 1, name: "" }] });
  expect(Object.keys(compareFindings([], read))).toEqual(["fresh", "still", "resolved"]);
  expect(allNew([finding("gone", 1)])).toStrictEqual({ fresh: [finding("gone", 1)], still: [], resolved: [] });
});

test("a previous report saved with a UTF-8 byte-order mark is the same report", () => {
  const report = JSON.stringify({ findings: [finding("gone", 2)], summary: { at: "2026-12-01T09:00:00.000Z" } });
  expect(readPreviousReport(`\uFEFF${report}`)).toEqual(readPreviousReport(report));
  expect(readPreviousReport(`\uFEFF${report}`).findings).toHaveLength(1);
});
