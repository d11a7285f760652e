/**
 * The jest configuration of `npm run mutation` (stryker.config.mjs): the fast suite of the folder MUTATION_FOLDER
 * names (scripts/mutation/suites.js), or, without it, the fast suites of every folder together.
 * @type {import("jest").Config}
 */
const base = require("./jest.config.js");
const suites = require("./scripts/mutation/suites.js");

const folder = process.env.MUTATION_FOLDER;
if (folder !== undefined && !(folder in suites)) {
  throw new Error(`MUTATION_FOLDER=${folder}: expected one of ${Object.keys(suites).join(", ")}`);
}
const files = [...new Set(folder === undefined ? Object.values(suites).flat() : suites[folder])];

module.exports = {
  // Skips the rest of a file's tests once one has failed: see jest-environment.js.
  // A path of its own (not <rootDir>): Stryker requires the environment by this name to wrap it in its own.
  testEnvironment: require("node:path").join(__dirname, "scripts", "mutation", "jest-environment.js"),
  rootDir: __dirname,
  roots: ["<rootDir>/test"],
  testMatch: files.map((file) => `<rootDir>/${file}`),
  // Transpiled only: Stryker marks the files it instruments @ts-nocheck, and `npm test` type-checks the sources.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", isolatedModules: true }] },
  // The SDK loaded in full only when a test or the code reads more than its log: see lazy-pulumi.js.
  moduleNameMapper: { ...base.moduleNameMapper, "^@pulumi/pulumi$": "<rootDir>/scripts/mutation/lazy-pulumi.js" },
  // Skips the test files that cover no mutant: see jest-runner.js.
  runner: "<rootDir>/scripts/mutation/jest-runner.js",
  testTimeout: base.testTimeout,
};
