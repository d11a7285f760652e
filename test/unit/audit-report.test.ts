import type { Audit, Finding } from "../../provider/cli/audit";
import { linkExpiry } from "../../provider/cli/audit";
import { auditJson, auditMarkdown, FOLD_AFTER_ROWS } from "../../provider/cli/audit-report";

const context = {
  source: "stack state",
  expiryWarningDays: 3,
  allowedDomains: ["example.com"],
  at: new Date("2026-12-01T09:00:00Z"),
};
const member = (memberUin: number, name = `member-${memberUin}`) => ({ memberUin, name, declared: false });
const findings: Finding[] = [
  { kind: "undeclared", ...member(1), bindStatus: "Valid", bindId: 11, maskedEmail: "a***@example.com" },
  { kind: "gone", ...member(2), declared: true, bindId: 12 },
  {
    kind: "failed",
    ...member(3, "Ops | <script>"),
    declared: true,
    bindId: 13,
    maskedEmail: "c***@example.com",
    description: "The link expired.",
  },
  {
    kind: "expiring",
    ...member(4),
    declared: true,
    bindId: 14,
    maskedEmail: "d***@example.com",
    linkExpiresAt: "2026-12-02T10:00:00.000Z",
  },
  { kind: "invited", ...member(5) },
  { kind: "offDomain", ...member(1), bindStatus: "Valid", bindId: 11, maskedEmail: "a***@other.org" },
];
const audit: Audit = { members: 6, declared: 3, bound: 3, described: 3, findings };

describe("the audit report", () => {
  test("in Markdown has a summary line and one table per kind of finding, texts from outside as code spans", () => {
    expect(auditMarkdown(audit, context)).toMatchInlineSnapshot(`
"## Tencent Cloud organization audit

**6 findings**: 1 undeclared, 1 gone, 1 failed, 1 expiring, 1 invited, 1 offDomain. 6 members, 3 bound, 3 declared in the stack state (as of 2026-12-01 09:00 UTC; links expiring within 3 days; allowed domains \`example.com\`).

### Bindings declared nowhere (\`undeclared\`, 1)

Bound in the organization but in no stack: adopt them (\`discover --out\`, then \`pulumi up\`).

| Member | Name | Status | BindId | Email |
| --- | --- | --- | --- | --- |
| 1 | \`member-1\` | \`Valid\` | 11 | \`a***@example.com\` |

### Declared bindings that are gone (\`gone\`, 1)

The stack declares them, but the member has no binding or left the organization: \`pulumi refresh\`.

| Member | Name | BindId |
| --- | --- | --- |
| 2 | \`member-2\` | 12 |

### Failed bindings (\`failed\`, 1)

Tencent Cloud gave up on these: bind a new email (an email that failed cannot be bound again).

| Member | Name | BindId | Email | Why |
| --- | --- | --- | --- | --- |
| 3 | \`Ops \\| <script>\` | 13 | \`c***@example.com\` | \`The link expired.\` |

### Activation links about to expire (\`expiring\`, 1)

Remind the member (\`remind\`, run daily, or a new \`activationReminder\` token, then \`pulumi up\`) before the link expires.

| Member | Name | BindId | Email | Link expires (UTC) |
| --- | --- | --- | --- | --- |
| 4 | \`member-4\` | 14 | \`d***@example.com\` | 2026-12-02 10:00 |

### Invited members (\`invited\`, 1)

Tencent Cloud binds security information for created members only: these can never be bound.

| Member | Name | Declared |
| --- | --- | --- |
| 5 | \`member-5\` | no |

### Emails outside the allowed domains (\`offDomain\`, 1)

Change each to an address at an allowed domain (\`allowEmailUpdate: true\`, phone declared).

| Member | Name | Status | BindId | Email |
| --- | --- | --- | --- | --- |
| 1 | \`member-1\` | \`Valid\` | 11 | \`a***@other.org\` |
"
`);
  });

  test(`folds a table of more than ${FOLD_AFTER_ROWS} rows, and says so when nothing is found`, () => {
    const many = Array.from(
      { length: FOLD_AFTER_ROWS + 1 },
      (_, index): Finding => ({ kind: "unbound", ...member(index + 1) }),
    );
    const folded = auditMarkdown({ ...audit, findings: many }, context);
    expect(folded).toMatch(
      new RegExp(
        `\\(\`unbound\`, ${FOLD_AFTER_ROWS + 1}\\)\n\n.*\n\n<details><summary>${FOLD_AFTER_ROWS + 1} members</summary>\n\n` +
          `\\| Member \\| Name \\|\n\\| --- \\| --- \\|\n(\\| \\d+ \\| \`member-\\d+\` \\|\n){${FOLD_AFTER_ROWS + 1}}\n</details>\n$`,
      ),
    );
    expect(auditMarkdown({ ...audit, findings: many.slice(0, FOLD_AFTER_ROWS) }, context)).not.toContain("<details>");
    expect(auditMarkdown({ ...audit, findings: [] }, context)).toMatch(/^## .*\n\n\*\*No findings\.\*\* 6 members/);
  });

  test("in JSON lists the findings and counts every kind", () => {
    expect(auditJson(audit, context).summary).toEqual({
      members: 6,
      declared: 3,
      bound: 3,
      described: 3,
      findings: 6,
      byKind: {
        unreadable: 0,
        undeclared: 1,
        gone: 1,
        failed: 1,
        expired: 0,
        expiring: 1,
        invited: 1,
        unbound: 0,
        offDomain: 1,
        otherOrganization: 0,
      },
      at: "2026-12-01T09:00:00.000Z",
    });
  });
});

/** The Markdown outside its code spans: what GitHub renders as Markdown, mentions and links included. */
function outsideCodeSpans(markdown: string): string {
  return markdown.replace(/(`+)(?!`).*?[^`]\1(?!`)/g, "");
}

describe("text from outside in the Markdown report", () => {
  const hostile = "@org/team https://evil.example <img src=x> **bold** [x](https://evil.example) #1 www.evil.example";
  const hostileFindings: Finding[] = [
    { kind: "undeclared", ...member(7, hostile), bindStatus: "Valid", bindId: 17, maskedEmail: "@o***@evil.example" },
    {
      kind: "failed",
      ...member(8, "ends with a tick `"),
      declared: true,
      bindId: 18,
      description: "<script>alert(1)</script>\n@admin",
    },
    { kind: "unbound", ...member(9, "``double`` | pipe") },
  ];
  const markdown = auditMarkdown(
    { ...audit, findings: hostileFindings },
    { ...context, allowedDomains: ["*.example.com", "example.org"] },
  );

  test("is shown as code spans: a name cannot @-mention, autolink, inject HTML or Markdown, or break the table", () => {
    expect(markdown).toContain(`| 7 | \`${hostile}\` | \`Valid\` | 17 | \`@o***@evil.example\` |`);
    const rendered = outsideCodeSpans(markdown);
    for (const injected of ["@", "http", "www.", "<img", "<script", "**bold", "](", "#1"]) {
      expect(rendered).not.toContain(injected);
    }
  });

  test("keeps backticks, pipes and line breaks inside its cell", () => {
    expect(markdown).toContain("| 8 | `` ends with a tick ` `` | 18 |  | `<script>alert(1)</script> @admin` |");
    expect(markdown).toContain("| 9 | ``` ``double`` \\| pipe ``` |");
    for (const row of markdown.split("\n").filter((line) => /^\| [789] \|/.test(line))) {
      // Every cell is one column: unescaped pipes are exactly the table's own.
      const cells = row.split(/(?<!\\)\|/).length - 2;
      expect([2, 5]).toContain(cells);
    }
  });

  test("names the allowed domains as code spans in the summary line", () => {
    expect(markdown).toContain("allowed domains `*.example.com`, `example.org`).");
  });
});

describe("unreadable members in the report", () => {
  const unreadable: Finding = {
    kind: "unreadable",
    ...member(10),
    declared: true,
    code: "AuthFailure.UnauthorizedOperation",
    requestId: "req-10",
  };
  const expired: Finding = {
    kind: "expired",
    ...member(11),
    declared: true,
    code: "FailedOperation.BindEmailLinkExpired",
  };

  test("come first in the Markdown, with their error code and RequestId", () => {
    const markdown = auditMarkdown({ ...audit, findings: [unreadable, ...findings, expired] }, context);
    expect(markdown).toContain("**8 findings**: 1 unreadable, 1 undeclared,");
    expect(markdown.indexOf("### Members the audit could not read (`unreadable`, 1)")).toBeLessThan(
      markdown.indexOf("### Bindings declared nowhere"),
    );
    expect(markdown).toContain("| Member | Name | Error code | RequestId |");
    expect(markdown).toContain("| 10 | `member-10` | `AuthFailure.UnauthorizedOperation` | `req-10` |");
    // An expired finding read from Describe's code says so where the link's expiry would be.
    expect(markdown).toContain(
      "| 11 | `member-11` |  |  |  | `Describe answered FailedOperation.BindEmailLinkExpired` |",
    );
  });

  test("are counted in the JSON, with their code and RequestId", () => {
    const json = auditJson({ ...audit, findings: [unreadable] }, context);
    expect(json.summary.byKind.unreadable).toBe(1);
    expect(json.findings).toEqual([unreadable]);
  });
});

describe("an activation link", () => {
  test("expires 15 days after the ApplyTime, read as UTC", () => {
    expect(linkExpiry("2026-11-16 09:30:00")?.toISOString()).toBe("2026-12-01T09:30:00.000Z");
    expect(linkExpiry("")).toBeUndefined();
  });
});

describe("under --max-markdown-bytes", () => {
  const many: Finding[] = [
    ...Array.from({ length: 1500 }, (_, index) => ({ kind: "unbound" as const, ...member(1000 + index) })),
    ...Array.from({ length: 30 }, (_, index) => ({ kind: "offDomain" as const, ...member(5000 + index) })),
  ];
  const large: Audit = { members: 2000, declared: 0, bound: 30, described: 30, findings: many };

  test("every kind keeps its table, and what is new takes at most half the room", () => {
    const markdown = auditMarkdown(large, context, {
      maxBytes: 20_000,
      comparison: { fresh: many, still: [], resolved: [] },
    });
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(20_000);
    const newTable = markdown.slice(markdown.indexOf("### New since"), markdown.indexOf("### Created members"));
    expect(markdown).toContain(`### New since the previous report (${many.length})`);
    // What is new takes half the room, no more and not much less.
    expect(Buffer.byteLength(newTable)).toBeLessThanOrEqual(10_000);
    expect(Buffer.byteLength(newTable)).toBeGreaterThan(9_000);
    // The kind after the long one still shows its first rows.
    expect(markdown).toContain("### Emails outside the allowed domains (`offDomain`, 30)");
    expect(markdown).toContain("| 5000 | `member-5000` |");
    const shownRows = (markdown.match(/^\| (`\w+` \| )?\d+ \|/gm) ?? []).length;
    expect(markdown).toContain(
      `**${2 * many.length - shownRows} rows left out** to keep this report under 20,000 bytes`,
    );
  });

  test("a report that fits is whole, with no line about rows left out", () => {
    const markdown = auditMarkdown({ ...large, findings: many.slice(1490) }, context);
    expect(markdown).not.toMatch(/left out/);
    expect((markdown.match(/^\| \d+ \|/gm) ?? []).length).toBe(40);
  });
});

describe("the limit, whatever part grows", () => {
  const domains = Array.from({ length: 150 }, (_, index) => `team-${index}.example.com`);

  test("many allowed domains: the first are listed, the rest counted, and the report stays within 2,000 bytes", () => {
    const markdown = auditMarkdown(audit, { ...context, allowedDomains: domains }, { maxBytes: 2_000 });
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(2_000);
    const listed = (/allowed domains ((?:`[^`]+`(?:, )?)+) and (\d+) more\)/.exec(markdown) ?? []).slice(1);
    expect(listed).toHaveLength(2);
    const shown = listed[0].split(", ").length;
    expect(shown).toBeGreaterThan(0);
    expect(Number(listed[1])).toBe(domains.length - shown);
    expect(listed[0]).toBe(
      domains
        .slice(0, shown)
        .map((domain) => `\`${domain}\``)
        .join(", "),
    );
  });

  test("no finding today and 300 resolved: the rows shown and the rows left out add up to 300", () => {
    const resolved = Array.from({ length: 300 }, (_, index) => ({
      kind: "unbound" as const,
      memberUin: 100000000001 + index,
      name: `member-${index}`,
    }));
    const markdown = auditMarkdown({ ...audit, findings: [] }, context, {
      maxBytes: 2_000,
      comparison: { fresh: [], still: [], resolved },
    });
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(2_000);
    expect(markdown).toMatch(/^\*\*No findings\.\*\* .* 0 new, 0 still, 300 resolved\.$/m);
    const shown = (markdown.match(/^\| `unbound` \| \d+ \|/gm) ?? []).length;
    expect(shown).toBeGreaterThan(0);
    expect(markdown).toContain(
      `**${300 - shown} rows left out** to keep this report under 2,000 bytes (${300 - shown} of the resolved): ` +
        "the whole report is the audit's JSON",
    );
  });

  test("the new and the resolved are counted apart in the line about what was left out", () => {
    const many = (kind: Finding["kind"], from: number) =>
      Array.from({ length: 200 }, (_, index): Finding => ({ kind, ...member(from + index) }));
    const fresh = many("unbound", 1000);
    const resolved = many("failed", 5000);
    const markdown = auditMarkdown({ ...audit, findings: fresh }, context, {
      maxBytes: 4_000,
      comparison: { fresh, still: [], resolved },
    });
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(4_000);
    expect(markdown).toMatch(/\(\d+ of the new, \d+ of the resolved, \d+ unbound\): the whole report/);
  });
});

describe("the previous report's moment", () => {
  const compared = (previousAt: string) =>
    auditMarkdown(audit, context, { comparison: { fresh: [], still: findings, resolved: [], previousAt } });

  test("is shown to the minute when it is a moment", () => {
    expect(compared("2026-11-30T09:00:00.000Z")).toContain("Since the previous report (as of 2026-11-30 09:00 UTC):");
  });

  test("any other text from the file is a code span: it cannot mention anyone or inject HTML", () => {
    const markdown = compared("@org/security <img src=x onerror=alert(1)> **now**");
    expect(markdown).toContain("Since the previous report (as of `@org/security <img src=x onerror=alert(1`):");
    expect(outsideCodeSpans(markdown.split("\n")[2])).not.toMatch(/@|<img|\*\*now/);
  });
});

describe("the report's parts, as a reader sees them", () => {
  const unreadable: Finding = { kind: "unreadable", ...member(10), declared: true, code: "InternalError" };
  const expired: Finding = {
    kind: "expired",
    ...member(11, " Ana\r\n  Lee "),
    declared: true,
    bindId: 21,
    linkExpiresAt: "2026-11-30T08:00:00.000Z",
  };
  const unbound: Finding = { kind: "unbound", ...member(12, "") };
  const invited: Finding = { kind: "invited", ...member(13), declared: true };
  const resolved = Array.from({ length: FOLD_AFTER_ROWS + 1 }, (_, index) => ({
    kind: "gone" as const,
    memberUin: 20 + index,
    name: index === 0 ? "" : index === 1 ? "a | b" : `member-${20 + index}`,
  }));

  test("with a comparison: what is new, then what was resolved (folded when long), then every kind's table", () => {
    const noted = [unreadable, expired, invited, unbound];
    const markdown = auditMarkdown(
      { ...audit, findings: noted },
      { ...context, allowedDomains: undefined },
      {
        comparison: { fresh: [unbound], still: [unreadable, expired, invited], resolved },
      },
    );
    expect(markdown).toMatchInlineSnapshot(`
"## Tencent Cloud organization audit

**4 findings**: 1 unreadable, 1 expired, 1 invited, 1 unbound. 6 members, 3 bound, 3 declared in the stack state (as of 2026-12-01 09:00 UTC; links expiring within 3 days; no domain policy). Since the previous report: 1 new, 3 still, 11 resolved.

### New since the previous report (1)

| Kind | Member | Name |
| --- | --- | --- |
| \`unbound\` | 12 | — |

### Resolved since the previous report (11)

<details><summary>11 findings</summary>

| Kind | Member | Name |
| --- | --- | --- |
| \`gone\` | 20 | — |
| \`gone\` | 21 | \`a \\| b\` |
| \`gone\` | 22 | \`member-22\` |
| \`gone\` | 23 | \`member-23\` |
| \`gone\` | 24 | \`member-24\` |
| \`gone\` | 25 | \`member-25\` |
| \`gone\` | 26 | \`member-26\` |
| \`gone\` | 27 | \`member-27\` |
| \`gone\` | 28 | \`member-28\` |
| \`gone\` | 29 | \`member-29\` |
| \`gone\` | 30 | \`member-30\` |

</details>

### Members the audit could not read (\`unreadable\`, 1)

Describing these failed after every retry, with an error that says nothing about their binding, so the audit cannot vouch for them (exit status 3): the run's log names each error and what to do; run it again.

| Member | Name | Error code | RequestId |
| --- | --- | --- | --- |
| 10 | \`member-10\` | \`InternalError\` | — |

### Activation links expired (\`expired\`, 1)

Sent more than 15 days ago and never activated: bind the member again with a new email.

| Member | Name | BindId | Email | Link expires (UTC) | Why |
| --- | --- | --- | --- | --- | --- |
| 11 | \`Ana   Lee\` | 21 |  | 2026-11-30 08:00 |  |

### Invited members (\`invited\`, 1)

Tencent Cloud binds security information for created members only: these can never be bound.

| Member | Name | Declared |
| --- | --- | --- |
| 13 | \`member-13\` | yes |

### Created members with no binding (\`unbound\`, 1)

No security email at all, and declared nowhere: declare one.

| Member | Name |
| --- | --- |
| 12 | — |
"
`);
  });

  test("a short resolved table is not folded, and one finding is a finding", () => {
    const markdown = auditMarkdown({ ...audit, findings: [unbound] }, context, {
      comparison: { fresh: [], still: [unbound], resolved: resolved.slice(0, FOLD_AFTER_ROWS) },
    });
    expect(markdown).toContain("**1 finding**: 1 unbound.");
    expect(markdown).toContain("Since the previous report: 0 new, 1 still, 10 resolved.");
    expect(markdown).toContain(
      `### Resolved since the previous report (${FOLD_AFTER_ROWS})\n\n| Kind | Member | Name |`,
    );
    expect(markdown).not.toContain("<details>");
    expect(markdown).toMatch(/\| `gone` \| 29 \| `member-29` \|\n\n### Created members with no binding/);
  });

  test("when only allowed domains are left out, the summary counts them and no line speaks of rows", () => {
    const domains = Array.from({ length: 150 }, (_, index) => `team-${index}.example.com`);
    const one = { ...audit, findings: findings.slice(-1) };
    const markdown = auditMarkdown(one, { ...context, allowedDomains: domains }, { maxBytes: 2_000 });
    expect(markdown).toMatch(/ and \d+ more\)\./);
    expect(markdown).not.toMatch(/left out/);
    expect(markdown).toMatch(/\| 1 \| `member-1` \| `Valid` \| 11 \| `a\*\*\*@other\.org` \|\n$/);
  });

  test("when rows are left out, every allowed domain that fits is listed", () => {
    const domains = ["example.com", "example.org", "example.net"];
    const rows = Array.from({ length: 200 }, (_, index): Finding => ({ kind: "unbound", ...member(1000 + index) }));
    const markdown = auditMarkdown(
      { ...audit, findings: rows },
      { ...context, allowedDomains: domains },
      { maxBytes: 2_000 },
    );
    expect(markdown).toContain("allowed domains `example.com`, `example.org`, `example.net`).");
    expect(markdown).toMatch(/rows left out/);
  });

  test("a cell with nothing to say is empty, or a dash where a value is expected", () => {
    const bare: Finding[] = [
      { kind: "unreadable", ...member(10) },
      { kind: "undeclared", ...member(11) },
      { kind: "failed", ...member(12) },
    ];
    const markdown = auditMarkdown({ ...audit, findings: bare }, context);
    expect(markdown).toContain("| 10 | `member-10` | — | — |\n");
    expect(markdown).toContain("| 11 | `member-11` |  |  |  |\n");
    expect(markdown).toContain("| 12 | `member-12` |  |  |  |\n");
  });

  test("one row left out is one row", () => {
    // Rows longer than the line about what was left out, so that a byte less than the whole leaves one out.
    const rows = Array.from(
      { length: 40 },
      (_, index): Finding => ({
        kind: "unbound",
        ...member(1000 + index, `member ${"n".repeat(300)}`),
      }),
    );
    const whole = Buffer.byteLength(auditMarkdown({ ...audit, findings: rows }, context));
    const markdown = auditMarkdown({ ...audit, findings: rows }, context, { maxBytes: whole - 1 });
    expect(markdown).toMatch(
      /<\/details>\n\n\*\*1 row left out\*\* to keep this report under [\d,]+ bytes \(1 unbound\)/,
    );
  });

  test("a report of exactly the limit is whole", () => {
    const whole = auditMarkdown(audit, context);
    expect(auditMarkdown(audit, context, { maxBytes: Buffer.byteLength(whole) })).toBe(whole);
    expect(auditMarkdown(audit, context, { maxBytes: Buffer.byteLength(whole) - 1 })).toMatch(/left out/);
  });

  test("an allowed domain too long for the summary is counted, not listed", () => {
    // Longer than the quarter of the limit the summary may take.
    const long = Array.from({ length: 8 }, (_, index) => String(index).repeat(60)).join(".");
    const many = Array.from({ length: 3 }, (_, index) => `${index}${long}`);
    const rows = Array.from({ length: 100 }, (_, index): Finding => ({ kind: "unbound", ...member(1000 + index) }));
    const one = auditMarkdown(
      { ...audit, findings: rows },
      { ...context, allowedDomains: [long] },
      { maxBytes: 2_000 },
    );
    expect(one).toContain("; 1 allowed domain (too many to list here)).");
    const three = auditMarkdown(
      { ...audit, findings: rows },
      { ...context, allowedDomains: many },
      { maxBytes: 2_000 },
    );
    expect(three).toContain("; 3 allowed domains (too many to list here)).");
  });

  test("the JSON keeps the previous report's moment", () => {
    const json = auditJson(audit, context, {
      fresh: [],
      still: findings,
      resolved: [],
      previousAt: "2026-11-30T09:00:00Z",
    });
    expect(json.summary.previousAt).toBe("2026-11-30T09:00:00Z");
    expect(auditJson(audit, context, { fresh: [], still: findings, resolved: [] }).summary).not.toHaveProperty(
      "previousAt",
    );
  });

  test.each([
    ["x2026-11-30T09:00", "`x2026-11-30T09:00`"],
    ["2026-11-30T09:0", "`2026-11-30T09:0`"],
    ["2026-11-30T09:00", "2026-11-30 09:00 UTC"],
  ])("the previous report's moment %j is shown as %s", (previousAt, shown) => {
    const markdown = auditMarkdown(audit, context, {
      comparison: { fresh: [], still: findings, resolved: [], previousAt },
    });
    expect(markdown).toContain(`Since the previous report (as of ${shown}):`);
  });
});
