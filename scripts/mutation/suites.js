/**
 * The fast suite of each folder of provider/, as `npm run mutation` runs it against the folder's mutants: the test
 * files that pin the folder's behaviour with nothing but the code under test (no emulator, no Pulumi CLI, no
 * network), so that each mutant costs a second or so rather than the minutes an emulator suite takes.
 */
module.exports = {
  resource: [
    "test/unit/validate.test.ts",
    "test/unit/validate.properties.test.ts",
    "test/unit/mask.test.ts",
    "test/unit/binding-rules.test.ts",
    "test/unit/email-domains.test.ts",
    "test/unit/lifecycle.test.ts",
    "test/unit/messages.test.ts",
    "test/unit/resource.test.ts",
    "test/unit/provider.test.ts",
  ],
  api: [
    "test/unit/errors.test.ts",
    "test/unit/retry-policy.test.ts",
    "test/unit/start-window.test.ts",
    "test/unit/credential-settings.test.ts",
    "test/unit/messages.test.ts",
  ],
  plugin: ["test/unit/plugin.test.ts"],
  cli: [
    "test/unit/audit-command.test.ts",
    "test/unit/audit-report.test.ts",
    "test/unit/cli.test.ts",
    "test/unit/declared.test.ts",
    "test/unit/import-file.test.ts",
    "test/unit/team-file.test.ts",
  ],
};
