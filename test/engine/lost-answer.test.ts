/**
 * A lost answer to the Update that makes the third change Tencent Cloud allows before activation, through the
 * real engine: three `pulumi up` runs change the phone, and the emulator cuts the answer of the third Update
 * after carrying it out. Sent again blindly, that Update would be a fourth modification, refused for good.
 */
import { basicProgram } from "../../examples/basic/program";
import { engineSuite } from "../support/engine";

jest.setTimeout(300_000);
const suite = engineSuite();

test("an Update whose answer is lost after the third allowed change: up succeeds, state shows the new phone, 3 modifications", async () => {
  const memberUin = 100000000381;
  const test = await suite.stack(async () => basicProgram());
  await test.set({ memberUin, email: `user${memberUin}@example.com`, phone: "13900000381" });
  await test.stack.up();
  const emulator = suite.emulator();
  emulator.planFault({ action: "UpdateOrganizationMemberEmailBind", kind: "dropResponse", memberUin, skip: 2 });

  const phones = ["13700137001", "13700137002", "13700137003"];
  for (const phone of phones) {
    await test.set({ phone });
    const up = await test.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ update: 1 });
  }

  const exported = JSON.parse(test.cli(["stack", "export", "--show-secrets"])) as {
    deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] };
  };
  const binding = exported.deployment.resources.find((resource) => resource.type.endsWith("OrganizationMemberEmail"));
  const plain = (value: unknown): unknown =>
    typeof value === "object" && value !== null && "plaintext" in value
      ? JSON.parse(String((value as { plaintext: unknown }).plaintext))
      : value;
  expect(plain(binding?.outputs?.phone)).toBe(phones[2]);
  expect(binding?.outputs?.modificationsBeforeActivation).toBe(3);
  const remote = emulator.bindings().find((entry) => entry.memberUin === memberUin);
  expect(remote).toMatchObject({ phone: phones[2], modifications: 3 });
  // The fault happened: of the three Updates, the third was carried out and its answer cut, and none was resent.
  const updates = emulator
    .requestLog()
    .filter((entry) => entry.action === "UpdateOrganizationMemberEmailBind" && entry.memberUin === memberUin);
  expect(updates.map((entry) => entry.answeredAt !== undefined)).toEqual([true, true, false]);
  expect(updates[2].committedAt).toEqual(expect.any(Number));
  // And the stack agrees with the organization: nothing left to change.
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
});
