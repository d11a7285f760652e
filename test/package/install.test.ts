import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const packageName = "pulumi-tencentcloud-member-email";
/** What installing the provider may add, on disk, to a project that already has @pulumi/pulumi: 25 MB. */
const maxAddedBytes = 25 * 1024 * 1024;

/** What `du -s` counts under `path`: the blocks every file and folder takes, symlinks as links. */
function diskBytes(path: string): number {
  const stat = lstatSync(path);
  const own = stat.blocks * 512;
  if (!stat.isDirectory()) return own;
  return readdirSync(path).reduce((total, entry) => total + diskBytes(join(path, entry)), own);
}

/** What `du -s --apparent-size` counts: the bytes of every file's content. */
function contentBytes(path: string): number {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, entry) => total + contentBytes(join(path, entry)), 0);
}

/** The packages of a project's lockfile, by path. */
function lockedPackages(project: string): Record<string, { hasInstallScript?: boolean }> {
  const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };
  return lock.packages;
}

function npm(args: readonly string[], cwd: string): string {
  return execFileSync("npm", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function node(script: string, cwd: string): string {
  return execFileSync(process.execPath, ["-e", script], { cwd, encoding: "utf8" }).trim();
}

describe("installing the published package into a TypeScript Pulumi project", () => {
  let folder: string;
  let project: string;
  let tarball: string;
  let baselineBytes: number;
  let baselineContentBytes: number;
  let baselinePackages: Set<string>;
  let packedFiles: string[];

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "member-email-install-"));
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", folder], root)) as [
      { filename: string; files: { path: string }[] },
    ];
    tarball = join(folder, packed[0].filename);
    packedFiles = packed[0].files.map((file) => file.path);

    // The project `pulumi new typescript` makes, before the provider is added.
    project = join(folder, "project");
    execFileSync("mkdir", [project]);
    const pulumiVersion = (
      JSON.parse(readFileSync(join(root, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
        version: string;
      }
    ).version;
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "bindings", main: "index.ts", devDependencies: {}, dependencies: {} }, null, 2),
    );
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", `@pulumi/pulumi@${pulumiVersion}`], project);
    npm(
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--save-dev", "typescript@~5.9", "@types/node@^20"],
      project,
    );
    baselineBytes = diskBytes(join(project, "node_modules"));
    baselineContentBytes = contentBytes(join(project, "node_modules"));
    baselinePackages = new Set(Object.keys(lockedPackages(project)));
    npm(["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], project);
  }, 300_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test("ships the provider alone: no emulator code in the package", () => {
    expect(packedFiles.filter((file) => /emulator/i.test(file))).toEqual([]);
    expect(packedFiles).toContain("dist/provider/index.js");
    expect(
      packedFiles.every(
        (file) =>
          file.startsWith("dist/provider/") ||
          /^(README\.md|package\.json|LICENSE|bin\/pulumi-resource-tencentcloud-member-email)$/.test(file),
      ),
    ).toBe(true);
  });

  test("brings neither better-sqlite3, nor the full Tencent Cloud SDK, nor the emulator into the project", () => {
    const modules = join(project, "node_modules");
    expect(existsSync(join(modules, "better-sqlite3"))).toBe(false);
    expect(existsSync(join(modules, "tencentcloud-sdk-nodejs"))).toBe(false);
    expect(existsSync(join(modules, "tencentcloud-organization-emulator"))).toBe(false);
    expect(existsSync(join(modules, "tencentcloud-sdk-nodejs-common"))).toBe(true);
  });

  test("adds at most 25 MB to node_modules, counted on disk as du -s counts it", () => {
    const added = diskBytes(join(project, "node_modules")) - baselineBytes;
    const content = contentBytes(join(project, "node_modules")) - baselineContentBytes;
    // Printed so the figures of docs/installation-configuration.md can be checked against a run.
    const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
    console.info(
      `the provider adds ${mb(added)} MB on disk (${mb(content)} MB of file contents) to a project with @pulumi/pulumi`,
    );
    expect(added).toBeLessThanOrEqual(maxAddedBytes);
  });

  test("brings no package with an install script", () => {
    const added = Object.entries(lockedPackages(project)).filter(([path]) => !baselinePackages.has(path));
    expect(added.map(([path]) => path)).toContain(`node_modules/${packageName}`);
    expect(added.filter(([, entry]) => entry.hasInstallScript === true).map(([path]) => path)).toEqual([]);
  });

  test("is what require() loads, with the resource and the provider, and without SQLite or the emulator", () => {
    const script = `
      const lib = require("${packageName}");
      const loaded = Object.keys(require.cache).filter((file) => /better-sqlite3|emulator|sqlite/.test(file));
      console.log(JSON.stringify({
        path: require.resolve("${packageName}"),
        resource: typeof lib.OrganizationMemberEmail,
        provider: Object.keys(lib.memberEmailProvider).sort(),
        loaded,
      }));`;
    expect(JSON.parse(node(script, project))).toEqual({
      path: join(project, "node_modules", packageName, "dist", "provider", "index.js"),
      resource: "function",
      provider: ["check", "configure", "create", "delete", "diff", "read", "update"],
      loaded: [],
    });
  });

  test("still answers the implementation's earlier subpath, which stacks written by 0.1.0 load", () => {
    const script = `
      const earlier = require("${packageName}/lifecycle");
      console.log(JSON.stringify(earlier === require("${packageName}/internal/lifecycle") && typeof earlier.delete));`;
    expect(JSON.parse(node(script, project))).toBe("function");
  });

  test("installs the discover command, which npx runs from the project", () => {
    const help = spawnSync("npx", ["--no-install", packageName, "discover", "--help"], {
      cwd: project,
      encoding: "utf8",
    });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(
      /^Usage: pulumi-tencentcloud-member-email discover \[--json\] \[--show-emails\] \[--out FILE\] \[--import-file FILE\]/,
    );
  });

  test("installs the native plugin where a Pulumi.yaml `plugins:` path finds it, and it starts serving", async () => {
    const plugin = join(project, "node_modules", ".bin", "pulumi-resource-tencentcloud-member-email");
    // Started as the CLI starts it, with an engine address; it prints the port it serves on.
    const child = spawn(plugin, ["127.0.0.1:9"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString("utf8")));
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString("utf8");
        if (/^\d+\s*$/.test(stdout)) resolve(stdout.trim());
      });
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) without serving: ${stderr}`)));
    }).finally(() => child.kill());
    expect(Number(port)).toBeGreaterThan(0);
  });

  test("checks inputs from the installed copy before any API call", () => {
    const script = `
      require("${packageName}").memberEmailProvider
        .check({}, { memberUin: 100000000001, email: "a@example.com", countryCode: "86", phone: "12" })
        .then((result) => console.log(JSON.stringify(result.failures.map((failure) => failure.property))));`;
    expect(JSON.parse(node(script, project))).toEqual(["phone"]);
  });
});
