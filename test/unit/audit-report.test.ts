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
  test("in Markdown has a summary line and one table per kind of finding, names escaped", () => {
    expect(auditMarkdown(audit, context)).toMatchInlineSnapshot(`
"## Tencent Cloud organization audit

**6 findings**: 1 undeclared, 1 gone, 1 failed, 1 expiring, 1 invited, 1 offDomain. 6 members, 3 bound, 3 declared in the stack state (as of 2026-12-01 09:00 UTC; links expiring within 3 days; allowed domains example.com).

### Bindings declared nowhere (\`undeclared\`, 1)

Bound in the organization but in no stack: adopt them (\`discover --out\`, then \`pulumi up\`).

| Member | Name | Status | BindId | Email |
| --- | --- | --- | --- | --- |
| 1 | member-1 | Valid | 11 | a\\*\\*\\*@example.com |

### Declared bindings that are gone (\`gone\`, 1)

The stack declares them, but the member has no binding or left the organization: \`pulumi refresh\`.

| Member | Name | BindId |
| --- | --- | --- |
| 2 | member-2 | 12 |

### Failed bindings (\`failed\`, 1)

Tencent Cloud gave up on these: bind a new email (an email that failed cannot be bound again).

| Member | Name | BindId | Email | Why |
| --- | --- | --- | --- | --- |
| 3 | Ops \\| &lt;script&gt; | 13 | c\\*\\*\\*@example.com | The link expired. |

### Activation links about to expire (\`expiring\`, 1)

Remind the member (a new \`activationReminder\` token, then \`pulumi up\`) before the link expires.

| Member | Name | BindId | Email | Link expires (UTC) |
| --- | --- | --- | --- | --- |
| 4 | member-4 | 14 | d\\*\\*\\*@example.com | 2026-12-02 10:00 |

### Invited members (\`invited\`, 1)

Tencent Cloud binds security information for created members only: these can never be bound.

| Member | Name | Declared |
| --- | --- | --- |
| 5 | member-5 | no |

### Emails outside the allowed domains (\`offDomain\`, 1)

Change each to an address at an allowed domain (\`allowEmailUpdate: true\`, phone declared).

| Member | Name | Status | BindId | Email |
| --- | --- | --- | --- | --- |
| 1 | member-1 | Valid | 11 | a\\*\\*\\*@other.org |
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
      byKind: { undeclared: 1, gone: 1, failed: 1, expired: 0, expiring: 1, invited: 1, unbound: 0, offDomain: 1 },
      at: "2026-12-01T09:00:00.000Z",
    });
  });
});

describe("an activation link", () => {
  test("expires 15 days after the ApplyTime, read as UTC", () => {
    expect(linkExpiry("2026-11-16 09:30:00")?.toISOString()).toBe("2026-12-01T09:30:00.000Z");
    expect(linkExpiry("")).toBeUndefined();
  });
});
