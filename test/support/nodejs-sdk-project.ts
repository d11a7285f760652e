/**
 * A user project moved from the dynamic resource to a program of the generated Node.js SDK, as
 * examples/move-to-plugin shows: the SDK's tarball installed (with the newer `@pulumi/pulumi` it wants), its
 * program in index.ts, and the plugin that npm put in node_modules/.bin named in Pulumi.yaml.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ensurePulumiCli, repositoryRoot } from "../../scripts/engine";
import { packNodejsSdk } from "../../scripts/pack-nodejs-sdk";
import { run, type CliProject } from "./cli-project";
import { node24BinDir } from "./node24";

/**
 * Moves `project` (an installed TypeScript project) to the generated Node.js SDK's program; answers the
 * environment its `pulumi` commands need from then on: Node.js 24 first on PATH, since the SDK wants
 * `@pulumi/pulumi` 3.269 or newer, which wants Node.js 22 or newer.
 */
export async function useGeneratedNodejsSdk(project: CliProject): Promise<Record<string, string>> {
  const scratch = mkdtempSync(join(tmpdir(), "member-email-nodejs-sdk-project-"));
  try {
    const sdkTarball = packNodejsSdk(scratch);
    const pulumiYaml = readFileSync(join(project.dir, "Pulumi.yaml"), "utf8");
    writeFileSync(
      join(project.dir, "Pulumi.yaml"),
      `${pulumiYaml}plugins:\n  providers:\n    - name: tencentcloud-member-email\n      path: ./node_modules/.bin\n`,
    );
    writeFileSync(
      join(project.dir, "index.ts"),
      readFileSync(join(repositoryRoot, "examples", "move-to-plugin", "index.ts"), "utf8"),
    );
    const args = ["install", "--prefer-offline", "--no-audit", "--no-fund", sdkTarball, "@pulumi/pulumi@^3.269.0"];
    const installed = await run("npm", args, { cwd: project.dir, env: process.env });
    if (installed.code !== 0) throw new Error(`npm install failed:\n${installed.output}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return { PATH: [dirname(ensurePulumiCli()), node24BinDir(), process.env.PATH ?? ""].join(":") };
}
