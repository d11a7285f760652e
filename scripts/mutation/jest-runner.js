/**
 * The jest runner of the mutation run (jest.mutation.config.js): jest's own, which, while Stryker tests a mutant,
 * leaves out the test files none of whose tests can match the run's test name pattern, runs the others fastest
 * first, and stops at the first file that fails.
 *
 * Why: for each mutant Stryker runs only the tests that cover it, by name (`--testNamePattern`), but jest loads
 * every test file of the suite to learn its tests' names, and loading a file often costs more than running its
 * tests; and Stryker turns jest's bail off, so a mutant the first file kills would still run every other file. A
 * mutant in code that runs as a module loads has no pattern: it runs the whole suite, which is where stopping at
 * the first failure saves the most.
 *
 * The runner lives as long as Stryker's test process, so it learns each file's test names and run time the first
 * time the file runs (the initial test run, which runs every file to the end, runs them all); a file it has not
 * seen yet is never left out. Stryker names the mutant under test in __STRYKER_ACTIVE_MUTANT__; without it (the
 * initial test run, or jest run by hand with this configuration) every file runs as jest runs it.
 */
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { default: TestRunner } = require(require.resolve("jest-runner", { paths: [require.resolve("jest")] }));

/**
 * What the test processes of this sandbox have seen of each test file, by its path: its tests' full names and its
 * last run time. Kept in a file of the sandbox too, since Stryker replaces a test process after a mutant that timed
 * out, and the new one would otherwise load every file again to learn it.
 */
let seen;

/** The file the sandbox's test processes share what they have seen in. */
function seenFile(globalConfig) {
  return join(globalConfig.rootDir, ".mutation-test-files.json");
}

function loadSeen(globalConfig) {
  if (seen !== undefined) return;
  try {
    seen = new Map(JSON.parse(readFileSync(seenFile(globalConfig), "utf8")));
  } catch {
    seen = new Map();
  }
}

function saveSeen(globalConfig) {
  // Only in Stryker's test processes, whose root is a sandbox: jest run by hand leaves nothing behind.
  if (process.env.STRYKER_MUTATOR_WORKER === undefined) return;
  // Written whole and renamed into place: another test process may be reading it.
  const temporary = `${seenFile(globalConfig)}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify([...seen]));
  renameSync(temporary, seenFile(globalConfig));
}

class MutantRunner extends TestRunner {
  /** The files of this run that failed: a test failed, or the file could not run. */
  #failed = new Set();

  constructor(globalConfig, context) {
    super(globalConfig, context);
    loadSeen(globalConfig);
    this.on("test-file-success", ([test, result]) => {
      const known = seen.has(test.path);
      seen.set(test.path, {
        names: result.testResults.map((testResult) => testResult.fullName),
        milliseconds: result.perfStats.runtime,
      });
      if (!known) saveSeen(globalConfig);
      if (result.numFailingTests > 0 || result.testExecError !== undefined) this.#failed.add(test.path);
    });
    this.on("test-file-failure", ([test]) => this.#failed.add(test.path));
  }

  async runTests(tests, watcher, options) {
    if (process.env.__STRYKER_ACTIVE_MUTANT__ === undefined || !options.serial) {
      return super.runTests(tests, watcher, options);
    }
    const pattern = this._globalConfig.testNamePattern;
    // As jest-circus matches the pattern: against a test's full name, ignoring case.
    const matches = pattern ? new RegExp(pattern, "i") : undefined;
    const covering = tests.filter((test) => {
      const names = seen.get(test.path)?.names;
      return matches === undefined || names === undefined || names.some((name) => matches.test(name));
    });
    const runTime = (test) => seen.get(test.path)?.milliseconds ?? 0;
    for (const test of covering.sort((a, b) => runTime(a) - runTime(b))) {
      await super.runTests([test], watcher, options);
      if (this.#failed.has(test.path)) return;
    }
  }
}

module.exports = MutantRunner;
