import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator, type EmulatorRequestLogEntry } from "tencentcloud-organization-emulator";
import { OrganizationApi } from "../../provider/api/client";
import { resolveSettings } from "../../provider/api/settings";
import { auditOrganization } from "../../provider/cli/audit";
import { main } from "../../provider/cli/cli";
import { type CommandLineRun, runCommandLine } from "../support/command-line";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient } from "../support/organization-client";

const uin = (n: number): number => 100000000000 + n;
const DAY_MS = 24 * 60 * 60 * 1000;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await emulatorForProvider({
    // Tencent Cloud may answer emails masked: the audit still sees their domain.
    maskEmails: true,
    members: [1, 2, 3, 4, 5, 6].map((n) => ({
      uin: uin(n),
      type: n === 6 ? ("Invite" as const) : ("Create" as const),
    })),
  });
  const client = organizationClient(emulator);
  for (const [n, email] of [
    [1, "ana@example.com"],
    [2, "bo@example.com"],
    [3, "chen@elsewhere.net"],
  ] as const) {
    await client.AddOrganizationMemberEmail({
      MemberUin: uin(n),
      Email: email,
      CountryCode: "86",
      Phone: `1380013800${n}`,
    });
  }
  emulator.activate(uin(2));
});
afterAll(async () => {
  await emulator.stop();
});

const api = () => new OrganizationApi(resolveSettings(undefined), { retrying: () => undefined });

test("the audit finds every kind an organization can show, against masked emails and a member who left", async () => {
  const audit = await auditOrganization(api(), {
    declared: [{ memberUin: uin(1) }, { memberUin: uin(2) }, { memberUin: uin(4), bindId: 9 }, { memberUin: 999 }],
    expiryWarningDays: 3,
    allowedDomains: ["example.com"],
    // Two days before the links sent now expire.
    at: new Date(emulator.now().getTime() + 13 * DAY_MS),
  });
  expect(audit.findings.map(({ kind, memberUin, name }) => `${kind} ${memberUin} ${name}`)).toEqual([
    `undeclared ${uin(3)} member-${uin(3)}`,
    `gone 999 `,
    `gone ${uin(4)} member-${uin(4)}`,
    `expiring ${uin(1)} member-${uin(1)}`,
    `expiring ${uin(3)} member-${uin(3)}`,
    `invited ${uin(6)} member-${uin(6)}`,
    `unbound ${uin(5)} member-${uin(5)}`,
    `offDomain ${uin(3)} member-${uin(3)}`,
  ]);
  expect(audit.findings.find((finding) => finding.kind === "offDomain")?.maskedEmail).toBe("c***@elsewhere.net");
  expect(audit).toMatchObject({ members: 6, declared: 4, bound: 3, described: 3 });
});

test("a link is expired, not expiring, once its 15 days are past at the audit's moment", async () => {
  const audit = await auditOrganization(api(), {
    declared: [{ memberUin: uin(1) }, { memberUin: uin(2) }, { memberUin: uin(3) }],
    expiryWarningDays: 3,
    at: new Date(emulator.now().getTime() + 15 * DAY_MS + 60_000),
  });
  expect(audit.findings.filter((finding) => finding.kind !== "unbound" && finding.kind !== "invited")).toEqual([
    expect.objectContaining({ kind: "expired", memberUin: uin(1), linkExpiresAt: expect.any(String) }),
    expect.objectContaining({ kind: "expired", memberUin: uin(3) }),
  ]);
  // Without a domain policy, the declared active binding needs no describe.
  expect(audit.described).toBe(2);
});

const DESCRIBE = "DescribeOrganizationMemberEmailBind";

/** The Describe requests for `memberUin` the emulator logged after `sequence`. */
function describesOf(
  memberUin: number,
  after: number,
  log: readonly EmulatorRequestLogEntry[] = emulator.requestLog(),
) {
  return log.filter((entry) => entry.sequence > after && entry.action === DESCRIBE && entry.memberUin === memberUin);
}

/** The sequence of the emulator's last logged request, so a test reads only its own requests. */
const lastSequence = (): number => emulator.requestLog().at(-1)?.sequence ?? 0;

describe("a member whose Describe fails", () => {
  let folder: string;
  let teamFile: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "member-email-audit-faults-"));
    teamFile = join(folder, "team.yaml");
    writeFileSync(teamFile, `members:\n${[1, 2, 3].map((n) => `  - memberUin: ${uin(n)}\n`).join("")}`);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Runs the command line in this process against the shared emulator; answers its status and output. */
  const run = (args: string[]): Promise<CommandLineRun> => runCommandLine(["audit", "--team-file", teamFile, ...args]);

  test("with FailedOperation.BindEmailLinkExpired is an expired finding with that code and RequestId", async () => {
    const after = lastSequence();
    emulator.planFault({
      action: DESCRIBE,
      kind: "error",
      code: "FailedOperation.BindEmailLinkExpired",
      memberUin: uin(1),
    });
    const audit = await auditOrganization(api(), {
      declared: [{ memberUin: uin(1) }, { memberUin: uin(2) }, { memberUin: uin(3) }],
      expiryWarningDays: 3,
      allowedDomains: ["example.com"],
      at: emulator.now(),
    });
    const [refused] = describesOf(uin(1), after);
    expect(refused.errorCode).toBe("FailedOperation.BindEmailLinkExpired");
    // Not a transient code: one attempt, and the other members described as usual.
    expect(describesOf(uin(1), after)).toHaveLength(1);
    expect(describesOf(uin(3), after).map((entry) => entry.errorCode)).toEqual([undefined]);
    expect(audit.findings.map(({ kind, memberUin }) => `${kind} ${memberUin}`)).toEqual([
      `expired ${uin(1)}`,
      `invited ${uin(6)}`,
      `unbound ${uin(4)}`,
      `unbound ${uin(5)}`,
      `offDomain ${uin(3)}`,
    ]);
    expect(audit.findings[0]).toEqual({
      kind: "expired",
      memberUin: uin(1),
      name: `member-${uin(1)}`,
      declared: true,
      code: "FailedOperation.BindEmailLinkExpired",
      requestId: refused.requestId,
    });
  });

  test("with an error about nothing but the call is unreadable: the Markdown report has every finding, then exit 3", async () => {
    const after = lastSequence();
    emulator.planFault({
      action: DESCRIBE,
      kind: "error",
      code: "AuthFailure.UnauthorizedOperation",
      memberUin: uin(3),
    });
    const result = await run(["--allowed-domains", "example.com", "--at", emulator.now().toISOString()]);
    const [refused] = describesOf(uin(3), after);
    expect(refused.errorCode).toBe("AuthFailure.UnauthorizedOperation");
    expect(describesOf(uin(3), after)).toHaveLength(1);

    expect(result.status).toBe(3);
    expect(result.stdout).toContain("**4 findings**: 1 unreadable, 1 invited, 2 unbound.");
    expect(result.stdout).toContain(
      "### Members the audit could not read (`unreadable`, 1)\n\n" +
        "Describing these failed after every retry, with an error that says nothing about their binding",
    );
    expect(result.stdout).toContain(
      `| ${uin(3)} | \`member-${uin(3)}\` | \`AuthFailure.UnauthorizedOperation\` | \`${refused.requestId}\` |`,
    );
    expect(result.stderr).toContain(
      `Could not describe member ${uin(3)}: DescribeOrganizationMemberEmailBind for member ${uin(3)} failed with ` +
        "AuthFailure.UnauthorizedOperation",
    );
    expect(result.stderr).toMatch(
      /could not read 1 member \(the "unreadable" findings\): the report is incomplete\.\n$/,
    );
  });

  test("with a binding-state code exits as --fail-on says: 1 when its kind is one of them", async () => {
    const after = lastSequence();
    emulator.planFault({
      action: DESCRIBE,
      kind: "error",
      code: "FailedOperation.BindEmailLinkExpired",
      memberUin: uin(1),
    });
    const result = await run(["--json", "--fail-on", "expired", "--at", emulator.now().toISOString()]);
    expect(describesOf(uin(1), after).map((entry) => entry.errorCode)).toEqual([
      "FailedOperation.BindEmailLinkExpired",
    ]);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { kind: string; memberUin: number; code?: string }[] };
    expect(report.findings.filter((finding) => finding.kind === "expired")).toEqual([
      expect.objectContaining({ memberUin: uin(1), code: "FailedOperation.BindEmailLinkExpired" }),
    ]);
    expect(result.stderr).toContain("Failing on: expired.");
  });

  test("makes the JSON report too, and exits 3 even when no --fail-on kind is found", async () => {
    const after = lastSequence();
    emulator.planFault({ action: DESCRIBE, kind: "error", code: "ResourceNotFound.UserNotExist", memberUin: uin(1) });
    const result = await run(["--json", "--fail-on", "failed", "--at", emulator.now().toISOString()]);
    const [refused] = describesOf(uin(1), after);
    expect(refused.errorCode).toBe("ResourceNotFound.UserNotExist");
    expect(result.status).toBe(3);
    const report = JSON.parse(result.stdout) as { findings: unknown[]; summary: { byKind: Record<string, number> } };
    expect(report.findings).toContainEqual({
      kind: "unreadable",
      memberUin: uin(1),
      name: `member-${uin(1)}`,
      declared: true,
      code: "ResourceNotFound.UserNotExist",
      requestId: refused.requestId,
    });
    expect(report.summary.byKind).toMatchObject({ unreadable: 1, failed: 0, unbound: 2, invited: 1 });
  });

  test("with a transient code past the retry budget is unreadable after the retries, with the last answer's code", async () => {
    const other = await startEmulator({ members: [uin(1)] });
    try {
      await organizationClient(other).AddOrganizationMemberEmail({
        MemberUin: uin(1),
        Email: "ana@example.com",
        CountryCode: "86",
        Phone: "13800138001",
      });
      other.planFault({ action: DESCRIBE, kind: "error", code: "InternalError", memberUin: uin(1), times: 1000 });
      const settings = resolveSettings(undefined, {
        TENCENTCLOUD_ORGANIZATION_ENDPOINT: other.url,
        TENCENTCLOUD_SECRET_ID: other.secretId,
        TENCENTCLOUD_SECRET_KEY: other.secretKey,
        TENCENTCLOUD_ORGANIZATION_RETRY_BUDGET: "1",
      });
      const progress: string[] = [];
      const audit = await auditOrganization(
        new OrganizationApi(settings, { retrying: () => undefined }),
        { declared: [{ memberUin: uin(1) }], expiryWarningDays: 3, at: other.now() },
        (message) => progress.push(message),
      );
      const attempts = describesOf(uin(1), 0, other.requestLog());
      expect(attempts.length).toBeGreaterThan(1);
      expect(new Set(attempts.map((entry) => entry.errorCode))).toEqual(new Set(["InternalError"]));
      expect(audit.findings).toEqual([
        {
          kind: "unreadable",
          memberUin: uin(1),
          name: `member-${uin(1)}`,
          declared: true,
          code: "InternalError",
          requestId: attempts.at(-1)?.requestId,
        },
      ]);
      expect(progress).toContainEqual(
        expect.stringMatching(new RegExp(`^Could not describe member ${uin(1)}: .* after ${attempts.length} attempts`)),
      );
    } finally {
      await other.stop();
    }
  });
});

describe("the audit's --at", () => {
  test("reads a moment with an offset in its zone, and the report says it in UTC", async () => {
    const folder = mkdtempSync(join(tmpdir(), "member-email-audit-at-"));
    try {
      const teamFile = join(folder, "team.yaml");
      writeFileSync(teamFile, `members:\n  - memberUin: ${uin(1)}\n`);
      let stdout = "";
      const status = await main(["audit", "--team-file", teamFile, "--at", "2026-12-01T17:00:00+08:00"], {
        stdout: (text) => void (stdout += text),
        stderr: () => undefined,
      });
      expect(status).toBe(0);
      expect(stdout).toContain("(as of 2026-12-01 09:00 UTC;");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
