/**
 * `npm run sdk:nodejs`: builds the generated Node.js SDK (sdk/nodejs: TypeScript sources, as Pulumi's generator
 * writes them) into the npm tarball a project installs, as Pulumi's own SDKs are built: `npm install` and `tsc`
 * into bin/, package.json and README.md beside the output, `npm pack` of bin/. Writes
 * dist/sdk/tencentcloud-member-email-sdk-<version>.tgz unless given another folder.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { repositoryRoot } from "./engine";

/** Runs a command to its end; throws with its output when it fails. Answers its standard output. */
export function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.error !== undefined) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

/** Builds sdk/nodejs and packs it into `folder`; answers the tarball's path. */
export function packNodejsSdk(folder: string): string {
  const scratch = mkdtempSync(join(tmpdir(), "member-email-nodejs-sdk-"));
  try {
    const sources = join(scratch, "nodejs");
    cpSync(join(repositoryRoot, "sdk", "nodejs"), sources, { recursive: true });
    // The SDK's own dependencies and TypeScript, as its package.json names them (npm's cache serves them offline).
    run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"], sources);
    run("npm", ["run", "build"], sources);
    for (const file of ["package.json", "README.md"]) cpSync(join(sources, file), join(sources, "bin", file));
    mkdirSync(folder, { recursive: true });
    const packed = JSON.parse(
      run("npm", ["pack", "--json", "--pack-destination", resolve(folder)], join(sources, "bin")),
    );
    return join(resolve(folder), (packed as [{ filename: string }])[0].filename);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    const tarball = packNodejsSdk(process.argv[2] ?? join(repositoryRoot, "dist", "sdk"));
    console.log(`The Node.js SDK: ${tarball}\nInstall it in a project with: npm install ${tarball}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
