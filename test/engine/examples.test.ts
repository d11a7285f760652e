import { join } from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { fromFileProgram } from "../../examples/from-file/program";
import { importExistingProgram } from "../../examples/import-existing/program";
import { sdkClient } from "../support/emulator";
import { testStack, type TestStack } from "../support/engine";

jest.setTimeout(180_000);

let emulator: Emulator;
let stacks: TestStack[] = [];
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
afterEach(() => {
  for (const stack of stacks) stack.dispose();
  stacks = [];
});

test("from-file binds every member listed in the team file, and a second run changes nothing", async () => {
  const test = await testStack(async () => fromFileProgram(join(__dirname, "..", "..", "examples", "from-file", "team.yaml")), emulator);
  stacks.push(test);
  const up = await test.stack.up();
  expect(up.summary.resourceChanges).toEqual({ create: 6 });
  const bindIds = up.outputs.bindIds.value as Record<string, number>;
  const bindings = emulator.bindings().filter((b) => String(b.memberUin) in bindIds);
  expect(bindings).toHaveLength(5);
  for (const binding of bindings) expect(bindIds[String(binding.memberUin)]).toBe(binding.bindId);
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 6 });
});

test("import-existing adopts a binding created directly through the SDK, and then shows no diff", async () => {
  const member = { memberUin: 100000000401, email: "existing401@example.com", phone: "13600000401" };
  const made = await sdkClient(emulator).AddOrganizationMemberEmail({
    MemberUin: member.memberUin,
    Email: member.email,
    CountryCode: "86",
    Phone: member.phone,
  });
  const test = await testStack(async () => importExistingProgram(), emulator);
  stacks.push(test);
  await test.set(member);
  const up = await test.stack.up();
  expect(up.stdout).toMatch(
    new RegExp(`Member ${member.memberUin} already had this email bound \\(BindId ${made.BindId}\\); the existing binding was adopted`),
  );
  expect(up.outputs.bindId.value).toBe(made.BindId);
  expect(emulator.bindings().filter((b) => b.memberUin === member.memberUin)).toHaveLength(1);
  expect((await test.stack.preview()).changeSummary).toEqual({ same: 2 });
  const refresh = await test.stack.refresh();
  expect(refresh.summary.resourceChanges).toEqual({ same: 2 });
});
