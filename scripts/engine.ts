/**
 * Runs Pulumi programs of this repository under the real engine: the pinned CLI from
 * scripts/ensure-pulumi, a local file backend, a passphrase secrets provider, and the Automation API's
 * inline programs (they need no Node.js language host).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";

/** The repository's root: the folder of the package.json named pulumi-tencentcloud-member-email. */
export const repositoryRoot: string = findRoot(__dirname);

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "pulumi-tencentcloud-member-email")
      return dir;
    if (dirname(dir) === dir) throw new Error(`No pulumi-tencentcloud-member-email package.json above ${start}.`);
  }
}

let cliPath: string | undefined;

/**
 * The path of the Pulumi CLI: `PULUMI_CLI` if set, else what scripts/ensure-pulumi finds or builds. Throws
 * an error that says how to get the CLI when neither works.
 */
export function ensurePulumiCli(): string {
  if (cliPath) return cliPath;
  if (process.env.PULUMI_CLI) return (cliPath = process.env.PULUMI_CLI);
  // A test run's global setup already tried, and says why it failed.
  if (process.env.PULUMI_CLI_PROBLEM) throw new Error(process.env.PULUMI_CLI_PROBLEM);
  try {
    const out = execFileSync(join(repositoryRoot, "scripts", "ensure-pulumi"), {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    cliPath = out.trim().split("\n").pop();
  } catch (error) {
    throw new Error(
      "The Pulumi CLI is missing and scripts/ensure-pulumi could not provide it. Install Pulumi 3.274.1 or newer " +
        "and put `pulumi` on PATH, or install Go and run `scripts/ensure-pulumi` (it builds the pinned CLI from the " +
        `Go module proxy, about 6 minutes the first time). Cause: ${(error as Error).message}`,
    );
  }
  if (!cliPath || !existsSync(cliPath))
    throw new Error(`scripts/ensure-pulumi printed no usable path (got "${cliPath}").`);
  return cliPath;
}

let pulumiCommand: Promise<PulumiCommand> | undefined;

/** The Automation API's handle on the CLI; made once, since making it runs `pulumi version`. */
function pulumiCommandOnce(): Promise<PulumiCommand> {
  pulumiCommand ??= PulumiCommand.get({ root: dirname(dirname(ensurePulumiCli())), skipVersionCheck: true });
  return pulumiCommand;
}

/** Where a program runs and keeps its state. */
export interface EngineProjectOptions {
  /** The project folder: holds Pulumi.yaml (written when absent) and stack config files. */
  readonly dir: string;
  /** The local backend's folder (a `file://` backend). */
  readonly stateDir: string;
  /** The passphrase of the stack's secrets provider. */
  readonly passphrase: string;
  /** The stack's name. */
  readonly stackName: string;
  /** The program, run inline by the Automation API. */
  readonly program: PulumiFn;
  /** The project's name; the root Pulumi.yaml's `member-email` by default. */
  readonly projectName?: string;
  /** Extra environment variables for the CLI and the provider process. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The environment every engine run gets: CLI and dynamic-provider plugin on PATH, local backend, passphrase. */
export function engineEnvironment(
  options: Pick<EngineProjectOptions, "stateDir" | "passphrase" | "env">,
): Record<string, string> {
  const pulumiSdkDir = dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [repositoryRoot] }));
  return {
    // The engine starts dynamic providers through the pulumi-resource-pulumi-nodejs script of @pulumi/pulumi.
    PATH: [pulumiSdkDir, dirname(ensurePulumiCli()), process.env.PATH ?? ""].join(":"),
    PULUMI_BACKEND_URL: `file://${options.stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    ...options.env,
  };
}

/**
 * Creates (or selects) a stack whose program runs inline, in a project folder where the package resolves
 * by name, as it does for users.
 */
export async function engineStack(options: EngineProjectOptions): Promise<Stack> {
  mkdirSync(options.stateDir, { recursive: true });
  mkdirSync(options.dir, { recursive: true });
  const projectName = options.projectName ?? "member-email";
  if (!existsSync(join(options.dir, "Pulumi.yaml"))) {
    writeFileSync(join(options.dir, "Pulumi.yaml"), `name: ${projectName}\nruntime: nodejs\n`);
  }
  // The provider process starts in the project folder and loads the package (and @pulumi/pulumi) from there.
  if (!existsSync(join(options.dir, "node_modules")))
    symlinkSync(join(repositoryRoot, "node_modules"), join(options.dir, "node_modules"));
  const pulumiCommand = await pulumiCommandOnce();
  const envVars = engineEnvironment(options);
  return LocalWorkspace.createOrSelectStack(
    { stackName: options.stackName, projectName, program: options.program },
    { workDir: options.dir, pulumiCommand, envVars },
  );
}

/** Runs the CLI itself (for commands the Automation API lacks) in a project folder; answers stdout. */
export function runPulumi(
  args: string[],
  options: Pick<EngineProjectOptions, "dir" | "stateDir" | "passphrase" | "env">,
): string {
  return execFileSync(ensurePulumiCli(), [...args, "--non-interactive"], {
    cwd: options.dir,
    encoding: "utf8",
    env: { ...process.env, ...engineEnvironment(options) },
    maxBuffer: 64 * 1024 * 1024,
  });
}
