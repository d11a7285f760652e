import { join } from "node:path";
import { fromFileProgram } from "../../examples/from-file/program";
import { importExistingProgram } from "../../examples/import-existing/program";
import { organizationClient } from "../support/organization-client";
import { engineSuite } from "../support/engine";

jest.setTimeout(180_000);
const suite = engineSuite();

test("from-file binds every member listed in the team file, and a second run changes nothing", async () => {
  const test = await suite.stack(async () =>
    fromFileProgram(join(__dirname, "..", "..", "examples", "from-file", "team.yaml")),
  );
  const up = await test.stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 6 });
  const bindIds = up.outputs.bindIds.value as Record<string, number>;
  const bindings = suite
    .emulator()
    .bindings()
    .filter((b) => String(b.memberUin) in bindIds);
  expect(bindings).toHaveLength(5);
  for (const binding of bindings) expect(bindIds[String(binding.memberUin)]).toBe(binding.bindId);
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 6 });
});

test("import-existing adopts a binding created directly through the SDK, and then shows no diff", async () => {
  const member = { memberUin: 100000000401, email: "existing401@example.com", phone: "13600000401" };
  const made = await organizationClient(suite.emulator()).AddOrganizationMemberEmail({
    MemberUin: member.memberUin,
    Email: member.email,
    CountryCode: "86",
    Phone: member.phone,
  });
  const test = await suite.stack(async () => importExistingProgram());
  await test.set(member);
  const up = await test.stack.up();
  expect(up.stdout).toMatch(
    new RegExp(
      `Member ${member.memberUin} already had this email bound \\(BindId ${made.BindId}\\); the existing binding was adopted`,
    ),
  );
  expect(up.outputs.bindId.value).toBe(made.BindId);
  expect(
    suite
      .emulator()
      .bindings()
      .filter((b) => b.memberUin === member.memberUin),
  ).toHaveLength(1);
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
  const refresh = await test.stack.refresh();
  expect(refresh.summary.resourceChanges).toEqual({ same: 2 });
});
