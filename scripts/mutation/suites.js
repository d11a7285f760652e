/**
 * The fast suite of each folder of provider/, as `npm run mutation` runs it against the folder's mutants: the unit
 * tests of its functions, and those of the provider's suites whose emulator runs in the test's own process and
 * answers in milliseconds; for the shared limiter, the test that calls it directly against a redis-server it starts
 * once (a few seconds). Left out: what starts a Pulumi CLI, a process per test or a timed fault (test/engine,
 * test/package, test/redis/shared-limiter.test.ts, test/provider/audit.test.ts and faults.test.ts), which would cost
 * minutes per mutant.
 */
module.exports = {
  resource: [
    "test/unit/validate.test.ts",
    "test/unit/validate.properties.test.ts",
    "test/unit/mask.test.ts",
    "test/unit/binding-rules.test.ts",
    "test/unit/construction.test.ts",
    "test/unit/email-domains.test.ts",
    "test/unit/lifecycle.test.ts",
    "test/unit/messages.test.ts",
    "test/unit/resource.test.ts",
    "test/unit/provider.test.ts",
    "test/provider/lifecycle.test.ts",
    "test/provider/messages.test.ts",
    "test/provider/rules.test.ts",
    "test/provider/email-domains.test.ts",
    "test/provider/lost-answers.test.ts",
  ],
  api: [
    "test/unit/errors.test.ts",
    "test/unit/adaptive-rate.test.ts",
    "test/unit/retry-attempts.test.ts",
    "test/unit/retry-policy.test.ts",
    "test/unit/start-window.test.ts",
    "test/unit/credential-settings.test.ts",
    "test/unit/settings.test.ts",
    "test/unit/messages.test.ts",
    "test/unit/plugin-config.test.ts",
    "test/provider/client.test.ts",
    "test/provider/client-answers.test.ts",
    "test/provider/credentials.test.ts",
    "test/provider/credential-answers.test.ts",
    "test/provider/lifecycle.test.ts",
    "test/provider/messages.test.ts",
    "test/provider/rules.test.ts",
    "test/redis/shared-limiter.direct.test.ts",
  ],
  plugin: [
    "test/unit/plugin.test.ts",
    "test/unit/plugin-config.test.ts",
    "test/unit/schema.test.ts",
    "test/unit/reminder-cadence.test.ts",
  ],
  cli: [
    "test/unit/audit-command.test.ts",
    "test/unit/audit-report.test.ts",
    "test/unit/cli.test.ts",
    "test/unit/declared.test.ts",
    "test/unit/import-file.test.ts",
    "test/unit/team-file.test.ts",
    "test/unit/notify.test.ts",
    "test/unit/audit-since.test.ts",
    "test/unit/reminder-record.test.ts",
    "test/provider/notify.test.ts",
    "test/provider/remind.test.ts",
    "test/provider/audit-since.test.ts",
    "test/unit/progress.test.ts",
    "test/provider/audit-ignore.test.ts",
    "test/provider/discover.test.ts",
  ],
};
