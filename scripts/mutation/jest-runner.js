/**
 * The jest runner of the mutation run (jest.mutation.config.js): jest's own, which skips the test files none of whose
 * tests can match the run's test name pattern.
 *
 * Why: for each mutant, Stryker runs only the tests that cover it, by name (`--testNamePattern`), but jest still loads
 * every test file of the suite to learn its tests' names, and loading a file costs more than running its tests. The
 * runner lives as long as Stryker's test process, so it learns each file's test names the first time the file runs
 * (the initial test run runs them all), and from then on leaves out a file whose names cannot match. A file it has not
 * seen yet runs, and a run without a pattern (a mutant in code that runs when a module loads) runs every file.
 */
const { default: TestRunner } = require(require.resolve("jest-runner", { paths: [require.resolve("jest")] }));

/** The full names of each test file's tests, by the file's path, as far as this process has run them. */
const testNamesByFile = new Map();

class CoveringFilesRunner extends TestRunner {
  constructor(globalConfig, context) {
    super(globalConfig, context);
    this.on("test-file-success", ([test, result]) => {
      testNamesByFile.set(
        test.path,
        result.testResults.map((testResult) => testResult.fullName),
      );
    });
  }

  async runTests(tests, watcher, options) {
    const pattern = this._globalConfig.testNamePattern;
    if (!pattern) return super.runTests(tests, watcher, options);
    // As jest matches the pattern against a test's full name (jest-circus: case-insensitive).
    const matches = new RegExp(pattern, "i");
    const covering = tests.filter((test) => {
      const names = testNamesByFile.get(test.path);
      return names === undefined || names.some((name) => matches.test(name));
    });
    return super.runTests(covering, watcher, options);
  }
}

module.exports = CoveringFilesRunner;
