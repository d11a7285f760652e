/**
 * The test environment of the mutation run (jest.mutation.config.js): jest's Node.js environment, which, while
 * Stryker tests a mutant, skips the rest of a test file's tests once one has failed.
 *
 * Why: one failed test kills the mutant, and jest has no bail inside a file (Stryker turns its bail between files
 * off, and jest-runner.js puts it back). The emulator suites hold tens of tests that cover the same lifecycle code,
 * each a few hundred milliseconds: without this, a mutant the first of them kills still runs them all. Stryker names
 * the mutant under test in __STRYKER_ACTIVE_MUTANT__; without it (the initial test run, or jest run by hand with this
 * configuration) every test runs.
 */
const { TestEnvironment } = require(require.resolve("jest-environment-node", { paths: [require.resolve("jest")] }));

class MutantEnvironment extends TestEnvironment {
  /** Whether a test of this file has failed. */
  #failed = false;

  async handleTestEvent(event) {
    if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined) return;
    if (event.name === "test_done" && event.test.errors.length > 0) this.#failed = true;
    // jest-circus reads the mode right after test_start: a test skipped here runs no hook and no body.
    if (event.name === "test_start" && this.#failed) event.test.mode = "skip";
  }
}

module.exports = MutantEnvironment;
