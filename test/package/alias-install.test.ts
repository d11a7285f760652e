import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const packageName = "pulumi-tencentcloud-member-email";

function npm(args: readonly string[], cwd: string): string {
  return execFileSync("npm", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** The provider text every binding carries in its state (the repository's build of the same source as the tarball). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build, as the packed package holds it
const { serializedProvider } = require(join(root, "dist/provider/resource/provider.js")) as {
  serializedProvider: string;
};

/**
 * What the engine's dynamic provider host does with a stack's provider: it evaluates the provider's text with
 * `require-from-string` in the project folder and calls it. Both texts: the one a binding carries, and the SDK's
 * serialization of `memberEmailProvider` (what a program that passes it to its own dynamic resource stores).
 * Prints one line for each.
 */
const engineLikeCheck = `
  const pulumi = require("@pulumi/pulumi");
  const requireFromString = require("require-from-string");
  const { memberEmailProvider } = require("my-bindings");
  (async () => {
    const sdkText = (await pulumi.runtime.serializeFunction(() => memberEmailProvider)).text;
    for (const text of [${JSON.stringify(serializedProvider)}, sdkText]) {
      try {
        const provider = requireFromString(text).handler();
        await provider.check({}, { memberUin: 100000000001, email: "alice@example.com", countryCode: "86" });
        console.log("loaded");
      } catch (error) {
        console.log(error.message);
      }
    }
  })();`;

describe("installing the package under an npm alias", () => {
  let folder: string;
  let project: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "member-email-alias-"));
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", folder], root)) as [{ filename: string }];
    const tarball = join(folder, packed[0].filename);
    project = join(folder, "project");
    mkdirSync(project);
    const pulumiVersion = (
      JSON.parse(readFileSync(join(root, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string }
    ).version;
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "bindings", dependencies: {} }, null, 2));
    npm(
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        `@pulumi/pulumi@${pulumiVersion}`,
        `my-bindings@file:${tarball}`,
      ],
      project,
    );
  }, 300_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test("the provider the engine runs says it cannot load the package by name, from where, and how to install it", () => {
    const run = spawnSync(process.execPath, ["-e", engineLikeCheck], { cwd: project, encoding: "utf8" });
    expect(run.status).toBe(0);
    const message =
      `${packageName} cannot be loaded by its name from ${project}: install it there under that name ` +
      `(npm install ${packageName}); an npm alias, a pnpm install as another package's dependency, or a bundle ` +
      "cannot be loaded.";
    expect(run.stdout.trim().split("\n")).toEqual([message, message]);
  });
});
