/**
 * The advice on how often to change the `activationReminder` token, wherever a user reads it. An activation link
 * expires ACTIVATION_LINK_DAYS (15) after it was last sent, so a token changed once a month lets links expire, and
 * bindings fail, between two reminders: every text must advise a weekly token.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageSchema, RESOURCE_TOKEN } from "../../provider/plugin/schema";
import { ACTIVATION_LINK_DAYS } from "../../provider/resource/binding-rules";
import { documentationPages, readRepositoryFile } from "../support/markdown";

const root = join(__dirname, "..", "..");

/** The activationReminder description as the plugin's schema serves it (what YAML programs and SDKs show). */
function schemaDescription(): string {
  const schema = JSON.parse(packageSchema("0.0.0")) as {
    resources: Record<string, { inputProperties: Record<string, { description: string }> }>;
  };
  return schema.resources[RESOURCE_TOKEN].inputProperties.activationReminder.description;
}

const texts: readonly (readonly [string, () => string])[] = [
  [
    "docs/commands.md (bringing an organization under management)",
    () => readFileSync(join(root, "docs", "commands.md"), "utf8"),
  ],
  ["examples/from-file/index.ts", () => readFileSync(join(root, "examples/from-file/index.ts"), "utf8")],
  ["examples/from-file/program.ts", () => readFileSync(join(root, "examples/from-file/program.ts"), "utf8")],
  [
    "provider/resource/resource.ts (the argument's TSDoc)",
    () => readFileSync(join(root, "provider/resource/resource.ts"), "utf8"),
  ],
  ["the plugin schema's description", schemaDescription],
];

test("a link lasts less than a month: the weekly advice is what keeps a waiting binding alive", () => {
  expect(ACTIVATION_LINK_DAYS).toBeLessThan(28);
  expect(ACTIVATION_LINK_DAYS).toBeGreaterThan(7);
});

/** Advice to change the token once a month, in any of the ways a text could give it. */
const monthlyAdvice = /once a month|monthly (CI )?job|date \+%Y-%m|"20\d\d-\d\d"|activationReminder 20\d\d-\d\d\b/;

test.each(texts)("%s advises changing the activationReminder token every week, never once a month", (_name, read) => {
  const text = read();
  expect(text).toMatch(/every week|weekly/);
  expect(text).toMatch(/2026-W49|%G-W%V/);
  expect(text).not.toMatch(monthlyAdvice);
});

test.each(documentationPages())("%s never advises a monthly activationReminder token", (page) => {
  expect(readRepositoryFile(page)).not.toMatch(monthlyAdvice);
});
