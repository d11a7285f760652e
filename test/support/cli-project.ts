/**
 * Runs the `pulumi` binary the way a user types it: a child process in a project folder, a local file backend,
 * a passphrase, and the CLI's own folder on PATH so that it finds the Node.js language host and the
 * dynamic-provider shim that scripts/ensure-pulumi places beside it. No Automation API.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Emulator, EmulatorOptions } from "tencentcloud-organization-emulator";
import { startEmulator, type Emulator as RunningEmulator } from "tencentcloud-organization-emulator";
import { ensurePulumiCli, repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "./build";

/** What a finished command printed, and how it exited. */
export interface CommandResult {
  /** The exit code; 0 is success. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together: everything a user sees in the terminal. */
  readonly output: string;
}

/** Runs a command to its end without blocking the event loop (the emulator answers from this process). */
export function run(
  file: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : error.code;
      if (typeof code !== "number") {
        reject(new Error(`${basename(file)} ${args.join(" ")} could not run: ${error?.message}`));
        return;
      }
      resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
    });
  });
}

/** A project folder with its own local backend and Pulumi home, driven through the `pulumi` binary. */
export interface CliProject {
  /** The project folder (holds Pulumi.yaml). */
  readonly dir: string;
  /** The stack every command names with `--stack`. */
  readonly stackName: string;
  /** Runs `pulumi <args> --stack <stack> --non-interactive` in the project folder; never throws on a failed exit. */
  pulumi(args: string[], env?: Readonly<Record<string, string>>): Promise<CommandResult>;
  /** Like `pulumi`, but fails with the command's output when it exits non-zero. */
  pulumiOk(args: string[], env?: Readonly<Record<string, string>>): Promise<CommandResult>;
  /** Runs a bash script in the project folder, with the environment `pulumi` gets and the stack selected. */
  shell(script: string): Promise<CommandResult>;
  /** Removes the stack (and the stack's config file it wrote), the backend and the Pulumi home. */
  dispose(): Promise<void>;
}

const passphrase = "cli-test-passphrase";
let counter = 0;

/** The environment a user's shell would give the CLI: no stray Tencent Cloud or Pulumi settings from this one. */
function userEnvironment(home: string, stateDir: string, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("TENCENTCLOUD_") && !name.startsWith("PULUMI_")),
  );
  return {
    ...inherited,
    // The CLI's folder first: pulumi-language-nodejs and pulumi-resource-pulumi-nodejs live there when
    // scripts/ensure-pulumi built the CLI. Then the Node.js running the tests, so the programs run on it too.
    PATH: [dirname(ensurePulumiCli()), dirname(process.execPath), process.env.PATH ?? ""].join(":"),
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    ...extra,
  };
}

/**
 * A stack, made with `pulumi stack init`, of the project in `dir`. The backend and the Pulumi home are
 * temporary folders; `dir` is left as it was found, apart from the stack's config file until `dispose`.
 */
export async function cliProject(dir: string, env: Readonly<Record<string, string>> = {}): Promise<CliProject> {
  const scratch = mkdtempSync(join(tmpdir(), "member-email-cli-"));
  const stateDir = join(scratch, "state");
  const home = join(scratch, "home");
  mkdirSync(stateDir);
  mkdirSync(home);
  const stackName = `cli${process.pid}x${counter++}`;
  const pulumi = (args: string[], more: Readonly<Record<string, string>> = {}) =>
    run(ensurePulumiCli(), [...args, "--stack", stackName, "--non-interactive"], {
      cwd: dir,
      env: userEnvironment(home, stateDir, { ...env, ...more }),
    });
  const pulumiOk = async (args: string[], more: Readonly<Record<string, string>> = {}) => {
    const result = await pulumi(args, more);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    return result;
  };
  // `stack init` selects the stack too, so that commands without --stack (a user's script) act on it.
  await pulumiOk(["stack", "init"]);
  return {
    dir,
    stackName,
    pulumi,
    pulumiOk,
    shell: (script) => run("bash", ["-euc", script], { cwd: dir, env: userEnvironment(home, stateDir, env) }),
    dispose: async () => {
      // `stack rm` also deletes Pulumi.<stack>.yaml, which `stack init` wrote into the project folder.
      await pulumi(["stack", "rm", "--force", "--yes"]);
      rmSync(join(dir, `Pulumi.${stackName}.yaml`), { force: true });
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The provider's settings as environment variables, pointed at the emulator: how CI passes credentials. */
export function emulatorEnvironment(emulator: Emulator): Record<string, string> {
  return {
    TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
    TENCENTCLOUD_SECRET_ID: emulator.secretId,
    TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
  };
}

/** The role the credential tests assume, in the emulator's default account. */
export const CI_ROLE_ARN = "qcs::cam::uin/100000000000:roleName/member-email-ci";

/**
 * A GitHub Actions OIDC token as the job writes it to a file: a JWT (its signature is not checked by the
 * emulator, which trusts the exact tokens it is given). Valid for an hour from now, like GitHub's.
 */
export function oidcToken(subject = "repo:example/org-settings:pull_request"): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${part({ alg: "RS256", typ: "JWT" })}.${part({ sub: subject, aud: "sts.tencentcloudapi.com", exp })}.${part({ sig: subject })}`;
}

/**
 * The environment of the OIDC workflow (examples/github-actions/preview.yml): the role and provider id as
 * plain variables, the token in a file, no key pair; every endpoint on the emulator.
 */
export function webIdentityEnvironment(emulator: Emulator, tokenFile: string): Record<string, string> {
  return {
    TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
    TENCENTCLOUD_STS_ENDPOINT: emulator.url,
    TENCENTCLOUD_ASSUME_ROLE_ARN: CI_ROLE_ARN,
    TENCENTCLOUD_ASSUME_ROLE_PROVIDER_ID: "OIDC",
    TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME: "github-actions-preview",
    TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: tokenFile,
  };
}

/**
 * The `npm pack` tarball of this package, packed once per test run (jest's global setup names the run's
 * folder) and shared by every test file that installs it.
 */
export async function packedPackage(): Promise<string> {
  const runDir = process.env.MEMBER_EMAIL_TEST_RUN_DIR;
  if (!runDir) {
    throw new Error("MEMBER_EMAIL_TEST_RUN_DIR is not set: run the tests through jest (test/global-setup.ts).");
  }
  const tarball = join(runDir, "pulumi-tencentcloud-member-email.tgz");
  try {
    // The first file to get here packs; mkdir is atomic, so the others wait for its tarball.
    mkdirSync(join(runDir, "pack.lock"));
  } catch {
    for (let waited = 0; !existsSync(tarball); waited += 200) {
      if (waited > 120_000) throw new Error(`No tarball appeared at ${tarball} within 2 minutes.`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return tarball;
  }
  assertBuildIsCurrent();
  const packDir = mkdtempSync(join(runDir, "pack-"));
  const packArgs = ["pack", "--pack-destination", packDir, "--json"];
  const packed = await run("npm", packArgs, { cwd: repositoryRoot, env: process.env });
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.output}`);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  renameSync(join(packDir, filename), tarball);
  return tarball;
}

/** The version of a package installed at the repository's root, so a project installs what the tests ran. */
function rootVersion(name: string): string {
  const file = require.resolve(`${name}/package.json`, { paths: [repositoryRoot] });
  const manifest: unknown = JSON.parse(readFileSync(file, "utf8"));
  const version = (manifest as { version?: unknown }).version;
  if (typeof version !== "string") throw new Error(`${name}'s package.json has no version.`);
  return version;
}

/** A Node.js project as a user writes it: its files, package.json (names and fields), dev dependencies by name. */
export interface ProjectFiles {
  /** File name to text, written into the project folder. */
  readonly files: Readonly<Record<string, string>>;
  /** package.json apart from its dependencies. */
  readonly packageJson: Readonly<Record<string, unknown>>;
  /** Dev dependencies, installed at the version the repository itself has. */
  readonly devDependencies?: readonly string[];
}

/**
 * Writes a project into a new temporary folder and installs it as a user would with npm: this package's
 * tarball, and `@pulumi/pulumi` and the dev dependencies by name from the registry, at the versions
 * installed here (which npm's cache already holds, so --prefer-offline needs no network).
 */
export async function installedProject(project: ProjectFiles): Promise<string> {
  // Without the CLI the project is of no use: say so before spending time on npm.
  ensurePulumiCli();
  const tarball = await packedPackage();
  const dir = mkdtempSync(join(tmpdir(), "member-email-project-"));
  for (const [name, text] of Object.entries(project.files)) writeFileSync(join(dir, name), text);
  const devDependencies = Object.fromEntries((project.devDependencies ?? []).map((name) => [name, rootVersion(name)]));
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ ...project.packageJson, devDependencies }, null, 2)}\n`);
  const pulumiSdk = `@pulumi/pulumi@${rootVersion("@pulumi/pulumi")}`;
  const args = ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, pulumiSdk];
  const installed = await run("npm", args, { cwd: dir, env: process.env });
  if (installed.code !== 0) throw new Error(`npm ${args.join(" ")} failed in ${dir}:\n${installed.output}`);
  return dir;
}

/** The member a user-project suite binds, set in its stack config as the user projects read it. */
export interface ProjectMember {
  readonly memberUin: number;
  readonly email: string;
  readonly phone: string;
}

/** What a user-project suite's tests use; set before the first test runs. */
export interface UserProjectSuite {
  /** The emulator the project's stack talks to. */
  emulator: RunningEmulator;
  /** The installed project, its stack configured for the member. */
  project: CliProject;
}

/** How a user-project suite's emulator starts and what environment its `pulumi` commands get. */
export interface UserProjectSuiteOptions {
  /** The emulator's options; absent: its defaults. */
  readonly emulator?: EmulatorOptions;
  /** The credentials and endpoints in the environment; absent: the emulator's key pair ({@link emulatorEnvironment}). */
  readonly environment?: (emulator: Emulator) => Record<string, string>;
}

/**
 * Registers the hooks of a suite on one user project: an emulator, the project installed with the packed
 * package (credentials from the environment only), its stack configured for `member` with email and phone
 * as secrets; everything is removed after the suite.
 */
export function userProjectSuite(
  files: ProjectFiles,
  member: ProjectMember,
  options: UserProjectSuiteOptions = {},
): UserProjectSuite {
  const suite = {} as UserProjectSuite;
  beforeAll(async () => {
    suite.emulator = await startEmulator(options.emulator);
    const dir = await installedProject(files);
    suite.project = await cliProject(dir, (options.environment ?? emulatorEnvironment)(suite.emulator));
    await suite.project.pulumiOk(["config", "set", "memberUin", String(member.memberUin)]);
    await suite.project.pulumiOk(["config", "set", "--secret", "email", member.email]);
    await suite.project.pulumiOk(["config", "set", "--secret", "phone", member.phone]);
  }, 300_000);
  afterAll(async () => {
    await suite.project?.dispose();
    if (suite.project) rmSync(suite.project.dir, { recursive: true, force: true });
    await suite.emulator?.stop();
  });
  return suite;
}
