import fc from "fast-check";
import { type Audit, FINDING_KINDS, type Finding, type FindingKind } from "../../provider/cli/audit";
import { auditMarkdown, MIN_MAX_MARKDOWN_BYTES } from "../../provider/cli/audit-report";
import type { Comparison, PreviousFinding } from "../../provider/cli/audit-since";

/** Generated reports per property: each is written and read back in milliseconds. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

/**
 * How the properties run: shrinking a counterexample of hundreds of findings could take minutes, so a failure is
 * reported with what shrinking reached within a few seconds; a mutation run (MUTATION_FOLDER set) needs the
 * verdict alone, and does not shrink.
 */
const RUN_OPTIONS = {
  numRuns: RUNS,
  interruptAfterTimeLimit: 20_000,
  markInterruptAsFailure: true,
  endOnFailure: process.env.MUTATION_FOLDER !== undefined,
};

/** Text from outside: names, statuses, reasons; any code point, line breaks, backticks and pipes included. */
const outsideText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength, size: "max" }),
    fc.string({ unit: fc.constantFrom("`", "|", "@", "<", "\n", "a", "é", "🙂", " "), maxLength, size: "max" }),
  );

const finding: fc.Arbitrary<Finding> = fc.record(
  {
    kind: fc.constantFrom(...FINDING_KINDS),
    memberUin: fc.integer({ min: 1, max: 999_999_999_999 }),
    name: outsideText(120),
    declared: fc.boolean(),
    bindStatus: outsideText(20),
    bindId: fc.nat(),
    maskedEmail: outsideText(60),
    description: outsideText(200),
    code: outsideText(60),
    requestId: outsideText(40),
  },
  { requiredKeys: ["kind", "memberUin", "name", "declared"] },
);

const previousFinding: fc.Arbitrary<PreviousFinding> = fc.record({
  kind: fc.constantFrom(...FINDING_KINDS),
  memberUin: fc.integer({ min: 1, max: 999_999_999_999 }),
  name: outsideText(120),
});

/** A report's parts, each of a random size: findings, allowed domains, a comparison, and the limit. */
const reportParts = fc
  .record({
    findings: fc.array(finding, { maxLength: 150, size: "max" }),
    domains: fc.option(fc.array(fc.domain(), { maxLength: 120, size: "max" }), { nil: undefined }),
    resolved: fc.array(previousFinding, { maxLength: 150, size: "max" }),
    freshShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    previousAt: fc.option(
      fc.oneof(
        outsideText(80),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      {
        nil: undefined,
      },
    ),
    maxBytes: fc.oneof(
      fc.integer({ min: MIN_MAX_MARKDOWN_BYTES, max: 4_000 }),
      fc.integer({ min: MIN_MAX_MARKDOWN_BYTES, max: 30_000 }),
    ),
    figures: fc.tuple(fc.nat(), fc.nat(), fc.nat()),
  })
  .map(({ findings, domains, resolved, freshShare, previousAt, maxBytes, figures }) => {
    const audit: Audit = {
      members: figures[0],
      declared: figures[1],
      bound: figures[2],
      described: figures[2],
      findings,
    };
    // Without a share, there is no previous report: no comparison at all.
    const comparison: Comparison | undefined =
      freshShare === undefined
        ? undefined
        : {
            fresh: findings.slice(0, Math.round(findings.length * freshShare)),
            still: findings.slice(Math.round(findings.length * freshShare)),
            resolved,
            ...(previousAt === undefined ? {} : { previousAt }),
          };
    return { audit, domains, comparison, maxBytes };
  });

/** The rows each part of a Markdown report shows, by the part's name (`new`, `resolved`, or a kind). */
function shownRows(markdown: string): Map<string, number> {
  const shown = new Map<string, number>();
  let part: string | undefined;
  for (const line of markdown.split("\n")) {
    const heading = /^### New since the previous report \(\d+\)$/.test(line)
      ? "new"
      : /^### Resolved since the previous report \(\d+\)$/.test(line)
        ? "resolved"
        : /^### .* \(`(\w+)`, \d+\)$/.exec(line)?.[1];
    if (heading !== undefined) {
      part = heading;
      shown.set(part, 0);
    } else if (part !== undefined && /^\| (`\w+` \| )?\d+ \|/.test(line)) {
      shown.set(part, (shown.get(part) ?? 0) + 1);
    }
  }
  return shown;
}

/** What the report's last line says it left out, by part; empty when it says nothing was. */
function saidLeftOut(markdown: string): { total?: number; parts: Map<string, number> } {
  const lines = markdown.split("\n").filter((line) => /^\*\*.*left out\*\*/.test(line));
  expect(lines.length).toBeLessThanOrEqual(1);
  if (lines.length === 0) return { parts: new Map() };
  const match = /^\*\*(\d+) rows? left out\*\* to keep this report under [\d,]+ bytes \((.+)\): the whole report/.exec(
    lines[0],
  );
  expect(match).not.toBeNull();
  const parts = new Map<string, number>();
  for (const part of (match?.[2] ?? "").split(", ")) {
    const [, count, name] = /^(\d+) (?:of the )?(\w+)$/.exec(part) ?? [];
    parts.set(name, Number(count));
  }
  return { total: Number(match?.[1]), parts };
}

describe("the Markdown report, whatever the size of each part", () => {
  test("stays within --max-markdown-bytes", () => {
    fc.assert(
      fc.property(reportParts, ({ audit, domains, comparison, maxBytes }) => {
        const markdown = auditMarkdown(
          audit,
          { source: "stack state", expiryWarningDays: 3, allowedDomains: domains, at: new Date(0) },
          { comparison, maxBytes },
        );
        expect(Buffer.byteLength(markdown, "utf8")).toBeLessThanOrEqual(maxBytes);
      }),
      RUN_OPTIONS,
    );
  });

  test("says how many rows of each part it left out, and says nothing when it left none out", () => {
    fc.assert(
      fc.property(reportParts, ({ audit, domains, comparison, maxBytes }) => {
        const markdown = auditMarkdown(
          audit,
          { source: "stack state", expiryWarningDays: 3, allowedDomains: domains, at: new Date(0) },
          { comparison, maxBytes },
        );
        const totals = new Map<string, number>();
        const count = (part: string, rows: number) => rows > 0 && totals.set(part, rows);
        count("new", comparison?.fresh.length ?? 0);
        count("resolved", comparison?.resolved.length ?? 0);
        for (const kind of FINDING_KINDS) {
          count(kind, audit.findings.filter((f) => f.kind === (kind as FindingKind)).length);
        }
        const shown = shownRows(markdown);
        const expected = new Map(
          [...totals]
            .map(([part, rows]): [string, number] => [part, rows - (shown.get(part) ?? 0)])
            .filter(([, leftOut]) => leftOut > 0),
        );
        const said = saidLeftOut(markdown);
        expect(said.parts).toEqual(expected);
        // A report that fits is whole: nothing is left out to keep room for a line that is not needed.
        const whole = auditMarkdown(
          audit,
          { source: "stack state", expiryWarningDays: 3, allowedDomains: domains, at: new Date(0) },
          { comparison, maxBytes: Number.MAX_SAFE_INTEGER },
        );
        if (Buffer.byteLength(whole, "utf8") <= maxBytes) expect(markdown).toBe(whole);
        if (expected.size > 0) expect(said.total).toBe([...expected.values()].reduce((a, b) => a + b, 0));
      }),
      RUN_OPTIONS,
    );
  });

  test("lists the first allowed domains and counts the ones it leaves out", () => {
    fc.assert(
      fc.property(reportParts, ({ audit, domains, comparison, maxBytes }) => {
        fc.pre(domains !== undefined && domains.length > 0);
        const all = domains ?? [];
        const markdown = auditMarkdown(
          audit,
          { source: "stack state", expiryWarningDays: 3, allowedDomains: all, at: new Date(0) },
          { comparison, maxBytes },
        );
        const summary = markdown.split("\n")[2];
        const listed = /allowed domains ((?:`[^`]+`(?:, )?)*)/.exec(summary)?.[1] ?? "";
        const names = [...listed.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
        expect(names).toEqual(all.slice(0, names.length));
        const more = all.length - names.length;
        if (names.length === 0)
          expect(summary).toContain(`${more} allowed domain${more === 1 ? "" : "s"} (too many to list here)`);
        else if (more > 0) expect(summary).toContain(`\` and ${more} more`);
        else expect(summary).not.toMatch(/ more|too many/);
      }),
      RUN_OPTIONS,
    );
  });
});
