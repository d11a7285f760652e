import type { Emulator } from "tencentcloud-organization-emulator";
import { OrganizationApi } from "../../provider/api/client";
import { resolveSettings } from "../../provider/api/settings";
import { auditOrganization } from "../../provider/cli/audit";
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
