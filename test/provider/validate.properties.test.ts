import fc from "fast-check";
import type { Emulator } from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { emulatorForProvider } from "../support/emulator";
import { nearlyRightInputs, programInputs } from "../support/hostile-inputs";

/** Generated programs per run; the share that check accepts is created in the emulator. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;
const firstMember = 100000000001;
const lastMember = 100000002000;

let emulator: Emulator;
beforeAll(async () => {
  // Every accepted program binds a member of its own: no rate limit, no daily quota, no per-phone limit
  // gets in the way, so a refusal can only come from the values themselves.
  emulator = await emulatorForProvider({
    rateLimitPerSecond: Infinity,
    dailyBindQuota: 1_000_000,
    maxMembersPerPhone: 1_000_000,
  });
  process.env.TENCENTCLOUD_ORGANIZATION_RATE_LIMIT = "1000";
});
afterAll(async () => {
  await emulator.stop();
});

/** Mostly programs that are right or nearly so, sometimes hostile ones. */
const programs = fc.oneof({ weight: 4, arbitrary: nearlyRightInputs }, { weight: 1, arbitrary: programInputs });

describe("whatever check accepts, the API accepts", () => {
  test("a generated program that passes check is created, read back and previewed without a change", async () => {
    let nextMember = firstMember;
    const usedEmails = new Set<string>();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(programs, async (generated) => {
        const { failures } = await provider.check({}, generated);
        if ((failures ?? []).length > 0) return;
        // Each accepted program gets a member of its own and an email no other member has, as
        // bindings in one organization must; everything else is the generated value.
        const email = String(generated.email);
        fc.pre(!usedEmails.has(email.toLowerCase()) && nextMember <= lastMember);
        usedEmails.add(email.toLowerCase());
        const inputs: Record<string, unknown> = { ...generated, memberUin: nextMember++ };
        expect((await provider.check({}, inputs)).failures).toEqual([]);
        accepted += 1;

        const created = await provider.create(inputs);
        const stored = emulator.bindings().find((binding) => binding.memberUin === inputs.memberUin);
        expect(stored).toMatchObject({ email: inputs.email, countryCode: inputs.countryCode, phone: inputs.phone });

        const read = await provider.read(created.id, created.outs);
        const preview = await provider.diff(created.id, read.props, inputs);
        expect(preview.changes).toBe(false);
      }),
      { numRuns: RUNS },
    );
    // The generators aim at the limits from both sides; a run must also exercise the acceptances.
    expect(accepted).toBeGreaterThan(RUNS / 6);
  });
});
