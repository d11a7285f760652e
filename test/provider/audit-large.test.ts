import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { main } from "../../provider/cli/cli";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient } from "../support/organization-client";

const uin = (n: number): number => 100000000000 + n;
const DESCRIBE = "DescribeOrganizationMemberEmailBind";
const MEMBERS = 2000;
/** Invited members: 1991 to 2000. */
const INVITED_FROM = 1991;

let emulator: Emulator;
let folder: string;
let teamFile: string;

beforeAll(async () => {
  emulator = await emulatorForProvider({
    members: Array.from({ length: MEMBERS }, (_, index) => ({
      uin: uin(index + 1),
      type: index + 1 >= INVITED_FROM ? ("Invite" as const) : ("Create" as const),
    })),
    // The test is about the report's size, not pacing: the client and the emulator run as fast as they can.
    rateLimitPerSecond: Number.POSITIVE_INFINITY,
  });
  process.env.TENCENTCLOUD_ORGANIZATION_RATE_LIMIT = "1000";
  const client = organizationClient(emulator);
  // 1 to 30 bound: 1 to 20 declared, 21 to 30 declared nowhere; 1 to 5 at another domain.
  for (let n = 1; n <= 30; n += 1) {
    await client.AddOrganizationMemberEmail({
      MemberUin: uin(n),
      Email: n <= 5 ? `m${n}@elsewhere.net` : `m${n}@example.com`,
      CountryCode: "86",
      Phone: `138${String(n).padStart(8, "0")}`,
    });
  }
  for (const n of [6, 7]) emulator.fail(uin(n));
  for (const n of [8, 9]) emulator.activate(uin(n));
  // Describe answers 10 as expired and 11 with an error that says nothing of its binding.
  emulator.planFault({
    action: DESCRIBE,
    kind: "error",
    code: "FailedOperation.BindEmailLinkExpired",
    memberUin: uin(10),
  });
  emulator.planFault({ action: DESCRIBE, kind: "error", code: "InvalidParameter", memberUin: uin(11) });
  folder = mkdtempSync(join(tmpdir(), "member-email-audit-large-"));
  teamFile = join(folder, "team.yaml");
  // Declared: 1 to 20, and one member who left the organization (gone).
  const declared = [...Array.from({ length: 20 }, (_, index) => uin(index + 1)), 999];
  writeFileSync(teamFile, `members:\n${declared.map((u) => `  - memberUin: ${u}\n`).join("")}`);
}, 60_000);
afterAll(async () => {
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});

async function audit(args: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = "";
  const status = await main(
    [
      "audit",
      "--team-file",
      teamFile,
      "--allowed-domains",
      "example.com",
      // Every waiting link is within its 15 days: expiring.
      "--expiry-warning-days",
      "15",
      "--at",
      emulator.now().toISOString(),
      ...args,
    ],
    { stdout: (text) => void (stdout += text), stderr: () => undefined },
  );
  return { status, stdout };
}

test("the audit of 2,000 members with every kind of finding keeps its Markdown under 60,000 bytes", async () => {
  const json = await audit(["--json"]);
  // The unreadable member makes the status 3, after the report.
  expect(json.status).toBe(3);
  const report = JSON.parse(json.stdout) as { findings: unknown[]; summary: { byKind: Record<string, number> } };
  const { byKind } = report.summary;
  // Every kind but otherOrganization, which needs a stack recording a second organization
  // (test/provider/audit-organizations.test.ts).
  expect(Object.entries(byKind).filter(([, count]) => count === 0)).toEqual([["otherOrganization", 0]]);
  // --json lists them all: 1,960 created members unbound among them.
  expect(byKind.unbound).toBe(MEMBERS - 30 - (MEMBERS - INVITED_FROM + 1));
  expect(report.findings).toHaveLength(Object.values(byKind).reduce((sum, count) => sum + count, 0));

  emulator.planFault({
    action: DESCRIBE,
    kind: "error",
    code: "FailedOperation.BindEmailLinkExpired",
    memberUin: uin(10),
  });
  emulator.planFault({ action: DESCRIBE, kind: "error", code: "InvalidParameter", memberUin: uin(11) });
  const { stdout: markdown } = await audit([]);
  const size = Buffer.byteLength(markdown, "utf8");
  expect(size).toBeLessThan(60_000);
  expect(size).toBeGreaterThan(55_000);
  // Every kind but unbound fits whole; the rows left out are counted, and the line says where the rest is.
  const shown = (markdown.match(/^\| \d+ \|/gm) ?? []).length;
  const leftOut = report.findings.length - shown;
  expect(leftOut).toBeGreaterThan(0);
  expect(markdown).toContain(
    `**${leftOut} rows left out** to keep this report under 60,000 bytes (${leftOut} unbound)`,
  );
  expect(markdown).toMatch(/the whole report is the audit's JSON \(`--json`\)/);
  for (const kind of Object.keys(byKind).filter((kind) => byKind[kind] > 0)) {
    expect(markdown).toContain(`(\`${kind}\`, ${byKind[kind]})`);
  }
  // Under a smaller limit the same report still fits, with more left out.
  const small = (await audit(["--max-markdown-bytes", "5000"])).stdout;
  expect(Buffer.byteLength(small, "utf8")).toBeLessThanOrEqual(5000);
  expect(small).toMatch(/rows left out\*\* to keep this report under 5,000 bytes/);
}, 60_000);

test("with 150 allowed domains and --max-markdown-bytes 2000 the Markdown stays within 2,000 bytes and counts what it left out", async () => {
  const domains = ["example.com", ...Array.from({ length: 149 }, (_, index) => `branch-${index}.example.org`)];
  const { stdout: markdown } = await audit(["--allowed-domains", domains.join(","), "--max-markdown-bytes", "2000"]);
  expect(Buffer.byteLength(markdown, "utf8")).toBeLessThanOrEqual(2000);
  const more = Number(/allowed domains `example\.com`.* and (\d+) more\)/.exec(markdown)?.[1]);
  const listed = (markdown.split("\n")[2].match(/`[a-z0-9.-]+\.(com|org)`/g) ?? []).length;
  expect(listed).toBeGreaterThan(0);
  expect(listed + more).toBe(domains.length);
  const shown = (markdown.match(/^\| \d+ \|/gm) ?? []).length;
  const total = Number(/^\*\*(\d+) findings\*\*/m.exec(markdown)?.[1]);
  expect(markdown).toContain(`**${total - shown} rows left out** to keep this report under 2,000 bytes (`);
}, 60_000);
