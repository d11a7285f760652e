import type { Finding } from "../../provider/cli/audit";
import { compareFindings, readPreviousReport } from "../../provider/cli/audit-since";

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

test("a previous report saved with a UTF-8 byte-order mark is the same report", () => {
  const report = JSON.stringify({ findings: [finding("gone", 2)], summary: { at: "2026-12-01T09:00:00.000Z" } });
  expect(readPreviousReport(`\uFEFF${report}`)).toEqual(readPreviousReport(report));
  expect(readPreviousReport(`\uFEFF${report}`).findings).toHaveLength(1);
});
