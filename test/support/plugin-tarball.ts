/**
 * The single-executable plugin as users without Node.js get it: the tarball `npm run package:plugin` writes,
 * and a PATH on which the Pulumi CLI runs with no `node` to find.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ensurePulumiCli, repositoryRoot } from "../../scripts/engine";
import { run } from "./cli-project";

/** The package's version: the plugin's, and the one in the tarball's name. */
export const pluginVersion: string = (
  JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as { version: string }
).version;

/** Where `npm run package:plugin` writes the linux-amd64 tarball. */
export const pluginTarballPath = join(
  repositoryRoot,
  "dist",
  "plugin",
  `pulumi-resource-tencentcloud-member-email-v${pluginVersion}-linux-amd64.tar.gz`,
);

/** What the executable is made of: every provider source, its main module, the script, and the installed packages. */
function inputs(): string[] {
  const sources = readdirSync(join(repositoryRoot, "provider"), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(repositoryRoot, "provider", file));
  const others = [
    "scripts/plugin-executable.ts",
    "scripts/package-plugin.js",
    "scripts/node-binaries.js",
    "scripts/release-files.js",
    "package.json",
    "package-lock.json",
    // npm rewrites it on every install, so a `npm install --no-save` of another @pulumi/pulumi counts too.
    "node_modules/.package-lock.json",
  ].map((file) => join(repositoryRoot, file));
  return [...sources, ...others.filter((file) => existsSync(file))];
}

/** Makes the tarball with `npm run package:plugin` unless one newer than everything it is made of is there. */
async function makeTarball(): Promise<string> {
  if (existsSync(pluginTarballPath)) {
    const made = statSync(pluginTarballPath).mtimeMs;
    if (inputs().every((file) => statSync(file).mtimeMs < made)) return pluginTarballPath;
  }
  const packaged = await run("npm", ["run", "package:plugin"], { cwd: repositoryRoot, env: process.env });
  if (packaged.code !== 0) throw new Error(`npm run package:plugin failed:\n${packaged.output}`);
  return pluginTarballPath;
}

/**
 * The tarball, made by `npm run package:plugin` unless one newer than everything it is made of is there.
 * Fails with the script's output (which says how to get Node.js 24 when it is missing) when it fails. In a jest
 * run, the first test file to ask makes it and the others wait for it: two scripts writing dist/plugin/ at once
 * would remove each other's files.
 */
export async function pluginTarball(): Promise<string> {
  const runDir = process.env.MEMBER_EMAIL_TEST_RUN_DIR;
  if (!runDir) return makeTarball();
  const outcome = join(runDir, "plugin-tarball.json");
  try {
    // mkdir is atomic: one file makes the tarball, and writes the outcome the others read.
    mkdirSync(join(runDir, "plugin-tarball.lock"));
  } catch {
    for (let waited = 0; !existsSync(outcome); waited += 500) {
      if (waited > 600_000) throw new Error(`No plugin tarball was made within 10 minutes (no ${outcome}).`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const { error } = JSON.parse(readFileSync(outcome, "utf8")) as { error?: string };
    if (error !== undefined) throw new Error(error);
    return pluginTarballPath;
  }
  try {
    await makeTarball();
    writeFileSync(outcome, "{}");
    return pluginTarballPath;
  } catch (error) {
    writeFileSync(outcome, JSON.stringify({ error: (error as Error).message }));
    throw error;
  }
}

/**
 * A PATH with the Pulumi CLI's folder alone (the CLI and its language hosts), checked to hold no `node`: what
 * a Go or YAML team's machine without Node.js gives the CLI. Throws when a `node` is found on it.
 */
export async function pathWithoutNode(): Promise<string> {
  const path = dirname(ensurePulumiCli());
  // The shell's own lookup, as the CLI and the plugins it starts would make it.
  const lookup = await run("/bin/sh", ["-c", "command -v node"], { cwd: repositoryRoot, env: { PATH: path } });
  if (lookup.code === 0) {
    throw new Error(
      `The PATH ${path} finds a node (${lookup.stdout.trim()}): the test of the plugin without Node.js needs the ` +
        "folder of the Pulumi CLI and its language hosts alone (scripts/ensure-pulumi makes one).",
    );
  }
  return path;
}
