import { readFileSync } from "node:fs";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";
import { engineSuite, exportedState } from "../support/engine";

jest.setTimeout(180_000);
const suite = engineSuite();

/** The 1-based line of this file that constructs the binding, found by reading the file rather than written down. */
function constructingLine(): number {
  const lines = readFileSync(__filename, "utf8").split("\n");
  const index = lines.findIndex((line) => /^\s+new OrganizationMemberEmail\("positioned"/.test(line));
  if (index < 0) throw new Error(`${__filename} no longer constructs the "positioned" binding`);
  return index + 1;
}

test("the state's sourcePosition of a binding names the program line that constructed it", async () => {
  const test = await suite.stack(async () => {
    new OrganizationMemberEmail("positioned", {
      memberUin: 100000000401,
      email: "positioned@example.com",
      countryCode: "86",
      phone: "13900000401",
    });
  });
  await test.stack.up();
  const resources = JSON.parse(exportedState(test)).deployment.resources as {
    type: string;
    sourcePosition?: string;
  }[];
  const binding = resources.find((resource) => resource.type.endsWith(":OrganizationMemberEmail"));
  // The engine records `project:///<path from the project>#line,column` or `file:///<absolute path>#line,column`.
  expect(binding?.sourcePosition).toMatch(
    new RegExp(`/test/engine/source-position\\.test\\.ts#${constructingLine()},\\d+$`),
  );
});
