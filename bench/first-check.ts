/**
 * `node dist/bench/first-check.js [runs] [module]`: how long the provider process takes to answer its
 * first `check`, from loading the lifecycle module to the answer, measured in fresh Node.js processes
 * the way the engine's dynamic-provider host starts one: `@pulumi/pulumi` is already loaded, the
 * provider's modules are not. `module` is the lifecycle to load (by default the package's own, as the
 * serialized provider names it; the path of another build's `lifecycle.js` compares two versions).
 * Prints the median and every run, in milliseconds.
 */
import { execFileSync } from "node:child_process";
import { repositoryRoot } from "../scripts/engine";
import { median } from "./support";

/** What each fresh process runs: the host's SDK first, then the clock around the first load and check of argv[1]. */
const SCRIPT = `
require("@pulumi/pulumi");
const started = performance.now();
const lifecycle = require(process.argv[1]);
const loaded = performance.now();
lifecycle
  .check({}, { memberUin: 100000000001, email: "user@example.com", countryCode: "86", phone: "13800138000" })
  .then((result) => {
    if (result.failures.length > 0) throw new Error("check failed: " + JSON.stringify(result.failures));
    process.stdout.write(JSON.stringify({ load: loaded - started, check: performance.now() - loaded }));
  });
`;

/** One fresh process's figures, in milliseconds. */
interface FirstCheck {
  /** Loading the lifecycle module and what it imports. */
  readonly load: number;
  /** The first check call, including any module it loads on the way. */
  readonly check: number;
}

function firstCheck(module: string): FirstCheck {
  const out = execFileSync(process.execPath, ["-e", SCRIPT, module], { cwd: repositoryRoot, encoding: "utf8" });
  return JSON.parse(out) as FirstCheck;
}

function main(runs: number, module: string): void {
  firstCheck(module); // Warms the file cache, so the first run does not measure the disk.
  const results = Array.from({ length: runs }, () => firstCheck(module));
  const totals = results.map((result) => result.load + result.check);
  const format = (values: readonly number[]): string => values.map((value) => value.toFixed(0)).join(", ");
  process.stdout.write(
    `first check (load + check), median of ${runs} fresh processes: ${median(totals).toFixed(0)} ms ` +
      `(load ${median(results.map((result) => result.load)).toFixed(0)} ms, check ${median(results.map((result) => result.check)).toFixed(0)} ms)\n` +
      `each run, ms: ${format(totals)}\n`,
  );
}

main(Number(process.argv[2] ?? 9), process.argv[3] ?? "pulumi-tencentcloud-member-email/internal/lifecycle");
