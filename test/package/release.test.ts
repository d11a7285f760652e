/**
 * `npm run release` as a maintainer runs it (the built command, node dist/scripts/release.js), once for the
 * whole suite, into a scratch folder, then once more into the same folder: exactly the files
 * scripts/release-files.js lists, every checksum right, each plugin archive laid out as `pulumi plugin
 * install` takes it, the Python SDK's README inside its sdist and wheel, the linux-arm64 plugin serving its
 * schema under qemu, and the darwin and windows executables passing the checks of their headers.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readExecutableFormat } from "../../scripts/executable-format";
import { nodeBinary } from "../../scripts/node-binaries";
import { provePlatform } from "../../scripts/plugin-proofs";
import { PLUGIN_PLATFORMS, pluginArchiveName, releaseFileNames } from "../../scripts/release-files";
import { assertBuildIsCurrent } from "../support/build";

const root = join(__dirname, "..", "..");
const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
const schemaOf = { name: "tencentcloud-member-email", version };

/** Runs a command to its end; answers its output, or throws with it when it fails. */
function run(file: string, args: string[], cwd = root): string {
  const result = spawnSync(file, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${file} ${args.join(" ")} failed (${result.status ?? result.error}):\n${result.stdout}${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The release command, built: fails when the build is older than the scripts it is made of. */
function releaseCommand(): string {
  assertBuildIsCurrent();
  const built = join(root, "dist", "scripts", "release.js");
  const sources = ["release.ts", "plugin-proofs.ts", "executable-format.ts", "package-plugin.js", "node-binaries.js"];
  const stale = sources.filter(
    (file) =>
      statSync(join(root, "scripts", file)).mtimeMs > (statSync(built, { throwIfNoEntry: false })?.mtimeMs ?? 0),
  );
  if (stale.length > 0) {
    throw new Error(
      `dist/scripts/release.js is older than scripts/${stale.join(", scripts/")}: run npm run build first.`,
    );
  }
  return built;
}

let scratch: string;
let folder: string;
let firstOutput: string;
let firstFiles: string[];
let secondOutput: string;
/** Each platform's executable, unpacked from its archive. */
const executables: Record<string, string> = {};

beforeAll(() => {
  const command = releaseCommand();
  scratch = mkdtempSync(join(tmpdir(), "member-email-release-test-"));
  folder = join(scratch, "release");
  firstOutput = run(process.execPath, [command, folder]);
  firstFiles = run("ls", [folder]).trim().split("\n").sort();
  for (const platform of PLUGIN_PLATFORMS) {
    const into = join(scratch, "unpacked", platform);
    mkdirSync(into, { recursive: true });
    run("tar", ["-xzf", join(folder, pluginArchiveName(version, platform)), "-C", into]);
    const name = `pulumi-resource-tencentcloud-member-email${platform.startsWith("windows-") ? ".exe" : ""}`;
    executables[platform] = join(into, name);
  }
  // The second run finds the first's files and a stray one: it must leave exactly the listed files again.
  writeFileSync(join(folder, "left-over.tgz"), "from an older build");
  secondOutput = run(process.execPath, [command, folder]);
}, 900_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("the release writes exactly the files scripts/release-files.js lists, and prints each", () => {
  expect(firstFiles).toEqual(releaseFileNames(version));
  for (const name of firstFiles) expect(firstOutput).toContain(`  ${name} (`);
});

test("a second run into the same folder writes the same file names, the stray one gone", () => {
  expect(run("ls", [folder]).trim().split("\n").sort()).toEqual(firstFiles);
  expect(secondOutput).toContain(`Release ${version} in ${folder}:`);
  // Nothing the archives are made of changed between the runs: the second keeps each one the first built.
  expect(secondOutput.match(/: unchanged since the last build/g)).toHaveLength(PLUGIN_PLATFORMS.length);
});

test("checksums.txt holds the SHA-256 of every other file, and sha256sum -c agrees", () => {
  const lines = readFileSync(join(folder, "checksums.txt"), "utf8").trim().split("\n");
  expect(lines.map((line) => line.split("  ")[1])).toEqual(firstFiles.filter((name) => name !== "checksums.txt"));
  for (const line of lines) expect(line).toMatch(/^[0-9a-f]{64} {2}\S+$/);
  const checked = run("sha256sum", ["--check", "--strict", "checksums.txt"], folder);
  expect(checked.match(/: OK$/gm)).toHaveLength(releaseFileNames(version).length - 1);
});

test.each(PLUGIN_PLATFORMS)(
  "the %s archive holds the executable at its root, with the README and notices",
  (platform) => {
    const listing = run("tar", ["-tzvf", join(folder, pluginArchiveName(version, platform))])
      .trim()
      .split("\n");
    const name = `pulumi-resource-tencentcloud-member-email${platform.startsWith("windows-") ? ".exe" : ""}`;
    expect(listing.map((line) => line.split(/\s+/).pop()).sort()).toEqual(
      [name, "README.md", "THIRD-PARTY-NOTICES"].sort(),
    );
    expect(listing.find((line) => line.endsWith(` ${name}`))).toMatch(/^-rwxr-xr-x /);
  },
);

test("linux-amd64 runs here and linux-arm64 under qemu-aarch64-static, each serving its schema", async () => {
  for (const platform of ["linux-amd64", "linux-arm64"]) {
    const proof = await provePlatform(platform, executables[platform], schemaOf);
    expect({ platform, how: proof.how, summary: proof.summary }).toEqual({
      platform,
      how: "ran",
      summary: expect.stringMatching(
        new RegExp(`GetSchema answered tencentcloud-member-email ${version.replace(/\./g, "\\.")} \\d+ ms`),
      ),
    });
  }
  expect(firstOutput).toMatch(/plugin linux-arm64 .*ran under qemu-aarch64-static: GetSchema answered/);
}, 300_000);

test("the darwin and windows executables are their platform's format and architecture, blob inside, fuse flipped", () => {
  expect(readExecutableFormat(executables["darwin-amd64"])).toEqual({
    format: "Mach-O",
    arch: "amd64",
    seaBlob: true,
    fuseFlipped: true,
    codeSignature: false,
  });
  // postject drops Node.js's signature and nothing here can sign: docs/release-artifacts.md says what a maintainer runs.
  expect(readExecutableFormat(executables["darwin-arm64"])).toEqual({
    format: "Mach-O",
    arch: "arm64",
    seaBlob: true,
    fuseFlipped: true,
    codeSignature: false,
  });
  expect(readExecutableFormat(executables["windows-amd64"])).toEqual({
    format: "PE",
    arch: "amd64",
    seaBlob: true,
    fuseFlipped: true,
  });
});

test("the header checks refuse Node.js's own binaries, which hold no blob, and a wrong architecture", async () => {
  await expect(provePlatform("windows-amd64", nodeBinary("windows-amd64").binary, schemaOf)).rejects.toThrow(
    /the application blob is not where Node\.js looks; the single-executable fuse is not flipped/,
  );
  await expect(provePlatform("darwin-arm64", nodeBinary("darwin-arm64").binary, schemaOf)).rejects.toThrow(
    /the application blob is not where Node\.js looks/,
  );
  await expect(provePlatform("darwin-amd64", executables["darwin-arm64"], schemaOf)).rejects.toThrow(
    /it is Mach-O arm64, not Mach-O amd64/,
  );
});

test("the Python sdist and wheel carry the README pyproject.toml names", () => {
  const readme = readFileSync(join(root, "sdk", "python", "README.md"), "utf8").trim();
  const sdist = join(folder, `pulumi_tencentcloud_member_email-${version}.tar.gz`);
  expect(run("tar", ["-xzOf", sdist, `pulumi_tencentcloud_member_email-${version}/README.md`]).trim()).toBe(readme);
  const wheel = join(folder, `pulumi_tencentcloud_member_email-${version}-py3-none-any.whl`);
  const metadata = run("unzip", ["-p", wheel, `pulumi_tencentcloud_member_email-${version}.dist-info/METADATA`]);
  expect(metadata).toContain(`Version: ${version}`);
  expect(metadata).toContain(readme);
  expect(run("unzip", ["-Z1", wheel])).toContain("pulumi_tencentcloud_member_email/pulumi-plugin.json");
});

test("the npm tarballs are the provider, the emulator and the Node.js SDK at the package's version", () => {
  const manifest = (file: string) =>
    JSON.parse(run("tar", ["-xzOf", join(folder, file), "package/package.json"])) as { name: string; version: string };
  expect(manifest(`pulumi-tencentcloud-member-email-${version}.tgz`)).toMatchObject({
    name: "pulumi-tencentcloud-member-email",
    version,
  });
  expect(manifest(`tencentcloud-organization-emulator-${version}.tgz`)).toMatchObject({
    name: "tencentcloud-organization-emulator",
    version,
  });
  expect(manifest(`tencentcloud-member-email-sdk-${version}.tgz`)).toMatchObject({ version });
  expect(run("tar", ["-tzf", join(folder, `pulumi-tencentcloud-member-email-${version}.tgz`)])).toContain(
    "package/dist/provider/index.js",
  );
});

test("THIRD-PARTY-NOTICES.txt names each platform's Node.js and the packages the plugin bundles", () => {
  const notices = readFileSync(join(folder, "THIRD-PARTY-NOTICES.txt"), "utf8");
  for (const platform of PLUGIN_PLATFORMS) {
    expect(notices).toContain(`Node.js ${nodeBinary(platform).version}, in the ${platform} executable (MIT)`);
  }
  expect(notices).toMatch(/^@grpc\/grpc-js \S+ \(Apache-2\.0\)$/m);
  expect(notices).toMatch(/^@pulumi\/pulumi \S+ \(Apache-2\.0\)$/m);
});
