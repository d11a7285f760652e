/**
 * `npm run release`: everything a release publishes, built from the repository into dist/release/ (or the
 * folder given), exactly the files scripts/release-files.js lists for the package.json version:
 *
 * - the npm tarballs: the provider package (`npm pack`), the emulator package, the Node.js SDK (scripts/pack-nodejs-sdk.ts);
 * - the Python SDK's sdist and wheel (Debian's python3-build, `--no-isolation`, from a copy of sdk/python);
 * - the plugin's tarball for each platform (scripts/package-plugin.js), each proven (scripts/plugin-proofs.ts):
 *   linux-amd64 and linux-arm64 (under qemu) serve their schema, the others' headers are checked;
 * - THIRD-PARTY-NOTICES.txt (what the plugin's executables hold of others' code) and checksums.txt (SHA-256
 *   of every other file, in `sha256sum` format).
 *
 * It prints what it made, and fails, naming them, when a listed file is missing or an unlisted one is there.
 *
 *   npm run release                  into dist/release/
 *   npm run release -- <folder>      into <folder>
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { repositoryRoot } from "./engine";
import { packagePlugin } from "./package-plugin";
import { packNodejsSdk, run } from "./pack-nodejs-sdk";
import { provePlatform, type PlatformProof } from "./plugin-proofs";
import { PLUGIN_PLATFORMS, releaseFileNames } from "./release-files";

/** Debian's Python, which has python3-build, python3-setuptools and python3-wheel (a pyenv python3 may not). */
const debianPython = "/usr/bin/python3";

/** What a release made: its folder, its files (sorted), and how each platform's plugin was proven. */
export interface Release {
  readonly folder: string;
  readonly version: string;
  readonly files: string[];
  readonly proofs: PlatformProof[];
}

/** `npm pack` of the root package or one of its workspaces into `folder`; answers the tarball's name. */
function npmPack(folder: string, workspace?: string): string {
  const args = ["pack", "--json", "--pack-destination", folder, ...(workspace ? ["--workspace", workspace] : [])];
  const packed = JSON.parse(run("npm", args, repositoryRoot)) as unknown;
  if (!Array.isArray(packed) || packed.length !== 1 || typeof packed[0]?.filename !== "string") {
    throw new Error(`npm ${args.join(" ")} answered no one tarball: ${JSON.stringify(packed)}`);
  }
  return packed[0].filename as string;
}

/**
 * The Python SDK's sdist and wheel into `folder`, built from a copy of sdk/python (the build writes its
 * egg-info beside the sources, which must stay as generated).
 */
function buildPythonSdk(folder: string): void {
  const probe = spawnSync(debianPython, ["-m", "build", "--version"], { encoding: "utf8" });
  if (probe.status !== 0) {
    throw new Error(
      `The Python SDK is built with ${debianPython} -m build --no-isolation, which is missing here ` +
        `(${(probe.stderr || probe.error?.message || "").trim()}). Install it (Debian):\n` +
        "  apt-get update && apt-get install -y python3-build python3-setuptools python3-wheel",
    );
  }
  const scratch = mkdtempSync(join(tmpdir(), "member-email-python-sdk-"));
  try {
    cpSync(join(repositoryRoot, "sdk", "python"), scratch, { recursive: true });
    run(debianPython, ["-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", folder], scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** `sha256sum`'s lines for `names` in `folder`: the hash, two spaces, the name. */
function checksums(folder: string, names: string[]): string {
  return names
    .map(
      (name) =>
        `${createHash("sha256")
          .update(readFileSync(join(folder, name)))
          .digest("hex")}  ${name}\n`,
    )
    .join("");
}

/**
 * Answers the files in `folder` (sorted) when they are exactly releaseFileNames(version).
 * @throws naming each listed file that is missing and each file that is not listed.
 */
export function assertReleaseFiles(folder: string, version: string): string[] {
  const files = readdirSync(folder).sort();
  const expected = releaseFileNames(version);
  const missing = expected.filter((name) => !files.includes(name));
  const extra = files.filter((name) => !expected.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `The release in ${folder} differs from scripts/release-files.js:` +
        (missing.length > 0 ? `\n  missing: ${missing.join(", ")}` : "") +
        (extra.length > 0 ? `\n  not listed: ${extra.join(", ")}` : ""),
    );
  }
  return files;
}

/**
 * Builds the release into `folder` (emptied first); needs `npm run build` done (the provider package packs
 * dist/provider). Logs each step's result through `log`.
 * @throws when a step fails, a plugin fails its proof, or the files differ from releaseFileNames.
 */
export async function buildRelease(folder: string, log: (line: string) => void = () => undefined): Promise<Release> {
  const version = (JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as { version: string })
    .version;
  const out = resolve(folder);
  // The executables and their build beside the release, not in it: only what is published goes into `out`.
  // Kept from one run to the next: a platform whose inputs did not change is not built again.
  const pluginWork = `${out}.plugin`;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });

  log(`npm package: ${npmPack(out)}`);
  log(`npm package: ${npmPack(out, "tencentcloud-organization-emulator")}`);
  log(`npm package: ${basename(packNodejsSdk(out))}`);
  buildPythonSdk(out);
  log("Python SDK: sdist and wheel");

  const plugin = await packagePlugin({ platforms: PLUGIN_PLATFORMS, outDir: pluginWork, log });
  const proofs: PlatformProof[] = [];
  for (const built of plugin.archives) {
    const proof = await provePlatform(built.platform, built.executable, { name: "tencentcloud-member-email", version });
    proofs.push(proof);
    log(`plugin ${built.platform} (Node.js ${built.nodeVersion}): ${proof.summary}`);
    copyFileSync(built.archive, join(out, basename(built.archive)));
  }
  writeFileSync(
    join(out, "THIRD-PARTY-NOTICES.txt"),
    "The npm packages and the Python SDK of this release hold this project's code only (their dependencies are " +
      "installed by npm and pip, under their own licences). The plugin's archives hold a single executable each, " +
      "made of Node.js and the npm packages below:\n\n" +
      plugin.notices,
  );

  const made = readdirSync(out).sort();
  writeFileSync(join(out, "checksums.txt"), checksums(out, made));
  return { folder: out, version, files: assertReleaseFiles(out, version), proofs };
}

/** @param bytes a size in bytes, as MiB with one decimal. */
const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

if (require.main === module) {
  const folder = process.argv[2] ?? join(repositoryRoot, "dist", "release");
  buildRelease(folder, (line) => console.log(line))
    .then((release) => {
      console.log(`\nRelease ${release.version} in ${release.folder}:`);
      for (const name of release.files) {
        console.log(`  ${name} (${megabytes(statSync(join(release.folder, name)).size)})`);
      }
      const checked = release.proofs.filter((proof) => proof.how === "checked").map((proof) => proof.platform);
      console.log(
        `Plugins run here: ${release.proofs
          .filter((proof) => proof.how === "ran")
          .map((proof) => proof.platform)
          .join(", ")}; ` +
          `checked by their headers only: ${checked.join(", ")} (see docs/release-artifacts.md for what a maintainer checks by hand).`,
      );
      const unsigned = release.proofs.filter(
        (proof) => proof.format.codeSignature === false && proof.format.arch === "arm64",
      );
      for (const proof of unsigned) {
        console.log(
          `The ${proof.platform} executable is not code-signed: macOS on Apple silicon runs it only once signed ` +
            "(codesign --sign - on a Mac, docs/release-artifacts.md).",
        );
      }
    })
    .catch((error: unknown) => {
      console.error(`npm run release: ${(error as Error).message}`);
      process.exit(1);
    });
}
