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
    expect(folded).toContain(`<details><summary>${FOLD_AFTER_ROWS + 1} members</summary>`);
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
    expect(Buffer.byteLength(newTable)).toBeLessThanOrEqual(10_000);
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
