import fc from "fast-check";
import type { Emulator } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { MemberEmailApiError } from "../../provider/api/errors";
import { emulatorForProvider } from "../support/emulator";
import { nearlyRightInputs, programInputs } from "../support/hostile-inputs";
import { organizationClient } from "../support/organization-client";

/** Generated programs per run; the share that check accepts is created in the emulator. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;
const firstMember = 100000000001;
const lastMember = 100000002000;
/** Members invited into the organization, which Tencent Cloud binds no security information to. */
const invitedMembers = Array.from({ length: RUNS }, (_, index) => 100000005001 + index);

let emulator: Emulator;
beforeAll(async () => {
  // The strict emulator with its documented rules (mobile phones, invited members, address shapes). Every
  // accepted program binds a member of its own: no rate limit, no daily quota, no per-phone limit gets in
  // the way, so a refusal can only come from the values themselves.
  emulator = await emulatorForProvider({
    rateLimitPerSecond: Infinity,
    dailyBindQuota: 1_000_000,
    maxMembersPerPhone: 1_000_000,
    members: [
      ...Array.from({ length: lastMember - firstMember + 1 }, (_, index) => firstMember + index),
      ...invitedMembers.map((uin) => ({ uin, type: "Invite" as const })),
    ],
  });
  process.env.TENCENTCLOUD_ORGANIZATION_RATE_LIMIT = "1000";
});
afterAll(async () => {
  await emulator.stop();
});

/** Mostly programs that are right or nearly so, sometimes hostile ones; some declare no phone. */
const programs = fc
  .tuple(
    fc.oneof({ weight: 4, arbitrary: nearlyRightInputs }, { weight: 1, arbitrary: programInputs }),
    fc.constantFrom("with phone", "with phone", "with phone", "with phone", "without phone", "invited member"),
  )
  .map(([generated, kind]) => {
    if (kind !== "without phone") return { generated, kind };
    const { phone: _phone, ...withoutPhone } = generated;
    return { generated: withoutPhone, kind };
  });

/** A mobile phone of the emulator's demo organization, for bindings made outside the stack. */
function outsidePhone(member: number): string {
  return `139${String(member % 100000000).padStart(8, "0")}`;
}

describe("whatever check accepts, the API accepts", () => {
  test("a generated program that passes check is created (or adopted), read back and previewed without a change; an invited member is refused at once", async () => {
    let nextMember = firstMember;
    let nextInvited = 0;
    const usedEmails = new Set<string>();
    const accepted = { "with phone": 0, "without phone": 0, "invited member": 0 };
    await fc.assert(
      fc.asyncProperty(programs, async ({ generated, kind }) => {
        const { failures } = await provider.check({}, generated);
        if ((failures ?? []).length > 0) return;
        // Each accepted program gets a member of its own and an email no other member has, as
        // bindings in one organization must; everything else is the generated value.
        const email = String(generated.email);
        fc.pre(!usedEmails.has(email.toLowerCase()) && nextMember <= lastMember && nextInvited < invitedMembers.length);
        usedEmails.add(email.toLowerCase());
        const memberUin = kind === "invited member" ? invitedMembers[nextInvited++] : nextMember++;
        const inputs: Record<string, unknown> = { ...generated, memberUin };
        expect((await provider.check({}, inputs)).failures).toEqual([]);
        accepted[kind] += 1;

        if (kind === "invited member") {
          const adds = emulator.requestCount("AddOrganizationMemberEmail");
          const refusal = await provider.create(inputs).catch((error: unknown) => error);
          expect(refusal).toBeInstanceOf(MemberEmailApiError);
          expect(refusal).toMatchObject({ code: "UnsupportedOperation", attempts: 1 });
          expect(String(refusal)).toContain(
            "An invited member cannot have security information (email and phone) bound",
          );
          // Refused when it is a phone-less adoption too: there is nothing to adopt, and no Add is made.
          expect(emulator.requestCount("AddOrganizationMemberEmail") - adds).toBeLessThanOrEqual(1);
          return;
        }
        if (kind === "without phone") {
          // A phone-less program adopts the member's binding: made outside the stack, with the program's email.
          await organizationClient(emulator).AddOrganizationMemberEmail({
            MemberUin: memberUin,
            Email: email,
            CountryCode: "86",
            Phone: outsidePhone(memberUin),
          });
          inputs.countryCode = "86";
        }

        const created = await provider.create(inputs);
        const stored = emulator.bindings().find((binding) => binding.memberUin === memberUin);
        expect(stored).toMatchObject({ email: inputs.email, countryCode: inputs.countryCode });
        if (kind === "with phone") expect(stored?.phone).toBe(inputs.phone);

        const read = await provider.read(created.id, created.outs);
        const preview = await provider.diff(created.id, read.props, inputs);
        expect(preview.changes).toBe(false);
      }),
      { numRuns: RUNS },
    );
    // The generators aim at the limits from both sides; a run must also exercise the acceptances.
    expect(accepted["with phone"]).toBeGreaterThan(RUNS / 12);
    // Coverage floors, not behaviour: each kind must be exercised, with room for the generator's spread (an
    // invited-member count of exactly RUNS / 50 was seen once).
    expect(accepted["without phone"]).toBeGreaterThanOrEqual(RUNS / 100);
    expect(accepted["invited member"]).toBeGreaterThanOrEqual(RUNS / 100);
  });
});
