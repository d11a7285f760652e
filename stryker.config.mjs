// @ts-check
/**
 * Mutation testing of provider/: `npm run mutation` (scripts/mutation/run.js) runs Stryker once per folder, with
 * MUTATION_FOLDER naming it, so that each folder's mutants run against that folder's fast suite only
 * (jest.mutation.config.js). Each mutant runs only the tests that cover it.
 */
const folder = process.env.MUTATION_FOLDER;
const report = `reports/mutation/${folder ?? "provider"}`;

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  testRunner: "jest",
  jest: { projectType: "custom", configFile: "jest.mutation.config.js", enableFindRelatedTests: false },
  mutate: [folder === undefined ? "provider/**/*.ts" : `provider/${folder}/**/*.ts`],
  coverageAnalysis: "perTest",
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: `${report}.json` },
  htmlReporter: { fileName: `${report}.html` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  tempDirName: ".stryker-tmp",
  // What the tests need of the worktree, without builds, local state or earlier reports.
  ignorePatterns: ["dist", "reports", ".pulumi", ".pulumi-state", ".emulator-data", ".bench-state", "coverage"],
  thresholds: { high: 85, low: 70, break: null },
};
