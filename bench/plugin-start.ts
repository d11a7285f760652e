/**
 * `npm run bench:plugin-start`: how long the native plugin takes from its start until it serves, as the
 * Pulumi CLI sees it: the CLI starts `pulumi-resource-tencentcloud-member-email <engine address>` and waits
 * for the port it prints on stdout. Times the npm package's script (on the Node.js running the benchmark)
 * and the single executable of `npm run package:plugin` when it has been built, `--runs` times each (10 by
 * default), one start at a time and taking turns, and prints the median, fastest and slowest in
 * milliseconds. Target: well under a second.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { repositoryRoot } from "../scripts/engine";
import { median } from "./support";

/** A plugin executable to time, and what the report calls it. */
interface Plugin {
  /** What the report calls it. */
  readonly label: string;
  /** The executable the CLI would start. */
  readonly path: string;
}

const EXECUTABLE_NAME = "pulumi-resource-tencentcloud-member-email";

/** The npm package's plugin, a Node.js script: what a project's `plugins:` path points at. */
const SCRIPT: Plugin = {
  label: `script plugin (bin/, Node.js ${process.versions.node})`,
  path: join(repositoryRoot, "bin", EXECUTABLE_NAME),
};

/** The single executable `npm run package:plugin` leaves beside its tarball. */
const EXECUTABLE: Plugin = {
  label: "single executable (npm run package:plugin)",
  path: join(repositoryRoot, "dist", "plugin", "linux-amd64", EXECUTABLE_NAME),
};

/** Starts the plugin once; answers the milliseconds until it printed its port, then stops it. */
function startOnce(plugin: Plugin): Promise<number> {
  const startedAt = performance.now();
  // Nothing listens at the engine address: the plugin only dials it to send a log message. The script runs
  // on the Node.js running the benchmark, found first on PATH.
  const env = { ...process.env, PATH: [dirname(process.execPath), process.env.PATH ?? ""].join(":") };
  const child = spawn(plugin.path, ["127.0.0.1:9"], { env, stdio: ["ignore", "pipe", "pipe"] });
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
  const plugins = existsSync(EXECUTABLE.path) ? [SCRIPT, EXECUTABLE] : [SCRIPT];
  const times = new Map<Plugin, number[]>(plugins.map((plugin) => [plugin, []]));
  // Taking turns: other load on the machine slows both alike.
  for (let run = 0; run < runs; run++) {
    for (const plugin of plugins) times.get(plugin)?.push(await startOnce(plugin));
  }
  const format = (ms: number): string => `${ms.toFixed(0)} ms`;
  for (const [plugin, measured] of times) {
    process.stdout.write(
      `${plugin.label}: start (spawn to serving), ${runs} runs: median ${format(median(measured))}, ` +
        `fastest ${format(Math.min(...measured))}, slowest ${format(Math.max(...measured))}\n`,
    );
  }
  if (!plugins.includes(EXECUTABLE)) {
    process.stdout.write(`${EXECUTABLE.label}: not built; \`npm run package:plugin\` builds it\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
