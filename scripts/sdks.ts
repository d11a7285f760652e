/**
 * `npm run sdks`: writes sdk/go, sdk/nodejs and sdk/python from the package schema the plugin serves, with
 * Pulumi's own code generators (scripts/tools/sdkgen, built from the pkg/v3 the CLI is built from). The SDKs
 * are committed, as users import them; test/package/sdks.test.ts generates them again and fails on any
 * difference, so a change to the schema must come with `npm run sdks`.
 *
 *   npm run sdks                 writes sdk/
 *   npm run sdks -- <folder>     writes <folder>/go, <folder>/nodejs, <folder>/python instead
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packageSchema } from "../provider/plugin/schema";
import { repositoryRoot } from "./engine";

/** The version the SDKs are generated for: the package's, as the plugin reports it. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Writes the SDKs of the plugin's schema into `folder` (its go/, nodejs/ and python/ are replaced). Needs Go.
 * @throws when Go is missing or a generator fails, with its output.
 */
export function generateSdks(folder: string): void {
  const scratch = mkdtempSync(join(tmpdir(), "member-email-sdks-"));
  try {
    const schemaFile = join(scratch, "schema.json");
    writeFileSync(schemaFile, `${JSON.stringify(JSON.parse(packageSchema(packageVersion())), null, 2)}\n`);
    const run = spawnSync("go", ["run", "./sdkgen", "-schema", schemaFile, "-out", resolve(folder)], {
      cwd: join(repositoryRoot, "scripts", "tools"),
      encoding: "utf8",
      // -mod=readonly: go.sum pins every module; generating never rewrites it.
      env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ""} -mod=readonly`.trim() },
    });
    if (run.error !== undefined) {
      throw new Error(
        `npm run sdks needs Go (go run ./sdkgen in scripts/tools): ${run.error.message}. ` +
          "Install Go 1.26 or newer (Debian: apt-get install golang-go is too old; use the Go toolchain's tarball or GOTOOLCHAIN).",
      );
    }
    if (run.status !== 0) throw new Error(`scripts/tools/sdkgen failed (exit ${run.status}):\n${run.stderr}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const folder = process.argv[2] ?? join(repositoryRoot, "sdk");
  try {
    generateSdks(folder);
    console.log(`SDKs of tencentcloud-member-email ${packageVersion()} written to ${folder}/{go,nodejs,python}.`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
