/**
 * `npm run bench:plugin-start`: how long the native plugin takes from its start until it serves, as the
 * Pulumi CLI sees it: the CLI starts `pulumi-resource-tencentcloud-member-email <engine address>` and waits
 * for the port it prints on stdout. Runs it `--runs` times (10 by default), one at a time, and prints the
 * median, fastest and slowest in milliseconds. Target: well under a second.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repositoryRoot } from "../scripts/engine";
import { median } from "./support";

/** The plugin executable a project's `plugins:` path points at. */
const PLUGIN = join(repositoryRoot, "bin", "pulumi-resource-tencentcloud-member-email");

/** Starts the plugin once; answers the milliseconds until it printed its port, then stops it. */
function startOnce(): Promise<number> {
  const startedAt = performance.now();
  // Nothing listens at the engine address: the plugin only dials it to send a log message.
  const child = spawn(PLUGIN, ["127.0.0.1:9"], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString("utf8")));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if (/^\d+\s*$/m.test(stdout)) {
        const elapsed = performance.now() - startedAt;
        child.kill();
        resolve(elapsed);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!/^\d+\s*$/m.test(stdout)) reject(new Error(`The plugin exited (${code}) before serving: ${stderr}`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: "string", default: "10" } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of runs, such as 10.`);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(await startOnce());
  const format = (ms: number): string => `${ms.toFixed(0)} ms`;
  process.stdout.write(
    `plugin start (spawn to serving), ${runs} runs: median ${format(median(times))}, ` +
      `fastest ${format(Math.min(...times))}, slowest ${format(Math.max(...times))}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
