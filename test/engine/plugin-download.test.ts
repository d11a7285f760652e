/**
 * The engine fetches the plugin by itself, as it does for a Go, Python or YAML user of a release: a local HTTPS
 * server holds the linux-amd64 archive of `npm run package:plugin` in the layout of the project's GitHub release
 * downloads (`<org>/<repo>/releases/download/v<version>/<archive>`) and answers the GitHub API calls the engine's
 * `github://` source makes, and the CLI's own `PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES` sends the download the
 * schema's `pluginDownloadURL` names there (the machine has no network to GitHub): to the same `github://` source
 * at the local host, or to the download path, as a mirror. Every scenario starts from an empty PULUMI_HOME, with
 * automatic plugin acquisition on, no `plugins:` path, no `pulumi plugin install` and nothing named like the
 * plugin on PATH.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { ensurePulumiCli, repositoryRoot } from "../../scripts/engine";
import { readExecutableFormat } from "../../scripts/executable-format";
import { PLUGIN_DOWNLOAD_URL } from "../../provider/plugin/schema";
import { cliProject, emulatorEnvironment, run, type CliProject } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";
import { pathWithoutNode, pluginTarball, pluginVersion } from "../support/plugin-tarball";
import { startReleaseServer, type ReleaseServer } from "../support/release-server";
import { assertYamlHost } from "../support/yaml-project";

jest.setTimeout(600_000);

// release-files.js is the release's list of names, plain JavaScript shared with the release build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PLUGIN_EXECUTABLE, pluginArchiveName } = require("../../scripts/release-files.js") as {
  PLUGIN_EXECUTABLE: string;
  pluginArchiveName: (version: string, platform: string) => string;
};

/** The archive the engine asks for on this machine. */
const archive = pluginArchiveName(pluginVersion, "linux-amd64");
/** The organization and repository of the schema's `github://api.github.com/<org>/<repo>`. */
const [, organization, repository] =
  /^github:\/\/api\.github\.com\/([^/]+)\/([^/]+)$/.exec(PLUGIN_DOWNLOAD_URL) ??
  (() => {
    throw new Error(`The schema's pluginDownloadURL ${PLUGIN_DOWNLOAD_URL} is no github://api.github.com/<org>/<repo>`);
  })();
/** Where GitHub serves the archive of release v<version>, as a path. */
const archivePath = `/${organization}/${repository}/releases/download/v${pluginVersion}/${archive}`;
/** The GitHub API call that lists release v<version>'s assets. */
const releasePath = `/repos/${organization}/${repository}/releases/tags/v${pluginVersion}`;
/** Where the engine installs the downloaded plugin, under a PULUMI_HOME. */
const installedPlugin = (home: string) =>
  join(home, "plugins", `resource-tencentcloud-member-email-v${pluginVersion}`, PLUGIN_EXECUTABLE);

/** The CLI's override (`<regexp>=<URL>`) that sends a download from the schema's URL to `url` instead. */
function downloadOverride(url: string): string {
  return `^${PLUGIN_DOWNLOAD_URL.replaceAll(".", "\\.")}$=${url}`;
}

/** The schema's URL with the local server as GitHub's API host: the engine's own GitHub release lookup. */
const githubAt = (server: ReleaseServer) => `github://${server.host}/${organization}/${repository}`;

/** A mirror of the releases at `base`, in their download layout: the engine fills `${VERSION}`, adds the archive. */
const mirrorAt = (base: string) => `${base}/${organization}/${repository}/releases/download/v\${VERSION}`;

/** The requests of a download through the GitHub API: the release by its tag, its asset, the redirected download. */
const githubDownload = [
  { method: "GET", path: releasePath, status: 200 },
  {
    method: "GET",
    path: expect.stringMatching(new RegExp(`^/repos/${organization}/${repository}/releases/assets/\\d+$`)),
    status: 302,
  },
  { method: "GET", path: archivePath, status: 200 },
];

/** Throws when a `PATH` finds anything named like the plugin: the engine must download it, not find it. */
async function assertNoPluginOn(path: string): Promise<void> {
  const lookup = await run("/bin/sh", ["-c", `command -v ${PLUGIN_EXECUTABLE}`], {
    cwd: repositoryRoot,
    env: { PATH: path },
  });
  if (lookup.code === 0) throw new Error(`The PATH ${path} finds ${lookup.stdout.trim()}.`);
}

/** The Pulumi YAML program of a release's user: one binding, the plugin's version and the release's URL named. */
function yamlProgram(name: string): string {
  return [
    `name: ${name}`,
    "runtime: yaml",
    "config:",
    "  email: { type: string, secret: true }",
    "  phone: { type: string, secret: true }",
    "resources:",
    "  alice:",
    "    type: tencentcloud-member-email:index:OrganizationMemberEmail",
    "    properties:",
    "      memberUin: 100000000001",
    "      email: ${email}",
    '      countryCode: "86"',
    "      phone: ${phone}",
    "    options:",
    `      version: ${pluginVersion}`,
    `      pluginDownloadURL: ${PLUGIN_DOWNLOAD_URL}`,
    "outputs:",
    "  bindStatus: ${alice.bindStatus}",
    "",
  ].join("\n");
}

const alice = { memberUin: 100000000001, email: "alice.download@example.com", phone: "13800138021" };
/** The Go run's member: another one, since the YAML run's destroy leaves alice's binding at Tencent Cloud. */
const bob = { memberUin: 100000000002, email: "bob.download.go@example.com", phone: "13800138022" };

let server: ReleaseServer;
let emulator: Emulator;
let scratch: string;
let yamlPath: string;
beforeAll(async () => {
  ensurePulumiCli();
  assertYamlHost();
  // The CLI's folder alone: the CLI and its language hosts; the plugin is no Node.js program to its users.
  yamlPath = await pathWithoutNode();
  await assertNoPluginOn(yamlPath);
  const tarball = await pluginTarball();
  scratch = mkdtempSync(join(tmpdir(), "member-email-download-"));
  const releases = join(scratch, "releases");
  mkdirSync(dirname(join(releases, archivePath)), { recursive: true });
  copyFileSync(tarball, join(releases, archivePath));
  server = await startReleaseServer(releases, scratch);
  emulator = await startEmulator();
}, 300_000);
afterAll(async () => {
  await server?.stop();
  await emulator?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** A YAML project of its own, with an empty PULUMI_HOME, whose downloads go where `override` says. */
async function yamlProjectWith(name: string, override: string): Promise<{ home: string; project: CliProject }> {
  const home = join(scratch, `${name}-home`);
  const dir = join(scratch, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "Pulumi.yaml"), yamlProgram(`member-email-${name}`));
  const project = await cliProject(dir, {
    ...emulatorEnvironment(emulator),
    PATH: yamlPath,
    PULUMI_HOME: home,
    PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: downloadOverride(override),
    SSL_CERT_FILE: server.certificateFile,
  });
  await project.pulumiOk(["config", "set", "--secret", "email", alice.email]);
  await project.pulumiOk(["config", "set", "--secret", "phone", alice.phone]);
  return { home, project };
}

describe("a Pulumi YAML program naming the release's pluginDownloadURL, from an empty PULUMI_HOME", () => {
  let home: string;
  let project: CliProject;
  beforeAll(async () => {
    ({ home, project } = await yamlProjectWith("yaml", githubAt(server)));
  }, 120_000);
  afterAll(async () => {
    await project?.dispose();
  });

  test("pulumi up finds the release on GitHub's API, downloads its archive into PULUMI_HOME, then creates the binding", async () => {
    expect(existsSync(installedPlugin(home))).toBe(false);
    const before = server.requests.length;
    const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect(up.stdout).toMatch(/\+ 2 created/);
    expect(server.requests.slice(before)).toEqual(githubDownload);
    // The archive's executable, unpacked where the engine keeps its plugins: an ELF file.
    expect(readExecutableFormat(installedPlugin(home))).toMatchObject({ format: "ELF", arch: "amd64" });
    const remote = await organizationClient(emulator).DescribeOrganizationMemberEmailBind({
      MemberUin: alice.memberUin,
    });
    expect(remote).toMatchObject({ Email: alice.email, BindStatus: "Valid" });
  });

  test("pulumi preview --expect-no-changes passes with the plugin it downloaded, and downloads nothing more", async () => {
    const before = server.requests.length;
    const preview = await project.pulumi(["preview", "--expect-no-changes"]);
    expect(preview).toMatchObject({ code: 0 });
    expect(server.requests.slice(before)).toEqual([]);
  });

  test("pulumi destroy removes the binding from the stack", async () => {
    const destroy = await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
    expect(destroy.stdout).toMatch(/- 2 deleted/);
  });
});

test("a mirror named by PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES serves the archive by its download path", async () => {
  const { home, project } = await yamlProjectWith("mirror", mirrorAt(server.url));
  try {
    const before = server.requests.length;
    const preview = await project.pulumi(["preview"]);
    expect({ code: preview.code, output: preview.code === 0 ? "" : preview.output }).toEqual({ code: 0, output: "" });
    expect(preview.stdout).toMatch(/\+ 2 to create/);
    expect(server.requests.slice(before)).toEqual([{ method: "GET", path: archivePath, status: 200 }]);
    expect(readExecutableFormat(installedPlugin(home))).toMatchObject({ format: "ELF", arch: "amd64" });
  } finally {
    await project.dispose();
  }
});

test("an archive missing from the release fails the preview with the engine's own 404 message", async () => {
  // A mirror without the archive: the same layout, under a base that holds nothing.
  const { home, project } = await yamlProjectWith("missing", mirrorAt(`${server.url}/empty`));
  try {
    const before = server.requests.length;
    const preview = await project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    const missingPath = `/empty${archivePath}`;
    // The engine's words, with the command that installs the plugin by hand:
    //   Could not automatically download and install resource plugin 'pulumi-resource-tencentcloud-member-email' at
    //   version v0.1.0, install the plugin using `pulumi plugin install resource tencentcloud-member-email v0.1.0
    //   --server github://api.github.com/...`: ... 404 HTTP error fetching plugin from http://127.0.0.1:PORT/...
    expect(preview.output).toContain(
      `Could not automatically download and install resource plugin '${PLUGIN_EXECUTABLE}' at version ` +
        `v${pluginVersion}, install the plugin using \`pulumi plugin install resource tencentcloud-member-email ` +
        `v${pluginVersion} --server ${PLUGIN_DOWNLOAD_URL}\``,
    );
    expect(preview.output).toContain(`404 HTTP error fetching plugin from ${server.url}${missingPath}`);
    const asked = server.requests.slice(before);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((request) => request.path === missingPath && request.status === 404)).toBe(true);
    expect(existsSync(installedPlugin(home))).toBe(false);
  } finally {
    await project.dispose();
  }
});

test("the Go example through the Automation API downloads the plugin its SDK names, then up, preview with no changes and destroy pass", async () => {
  const go = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" });
  if (go.error !== undefined || go.status !== 0) {
    throw new Error(`The Go engine test needs Go 1.25 or newer on PATH (${go.error?.message ?? go.stderr}).`);
  }
  const home = join(scratch, "go-home");
  const state = join(scratch, "go-state");
  mkdirSync(state);
  // The CLI's folder, Go's, and the system's (gcc, for the build cache the Go example test filled): none holds
  // the plugin.
  const path = [dirname(ensurePulumiCli()), join(go.stdout.trim(), "bin"), "/usr/bin", "/bin"].join(":");
  await assertNoPluginOn(path);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith("TENCENTCLOUD_") && !name.startsWith("PULUMI_") && !name.startsWith("GO_EXAMPLE_"),
    ),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    ...emulatorEnvironment(emulator),
    PATH: path,
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: "go-download-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: downloadOverride(githubAt(server)),
    SSL_CERT_FILE: server.certificateFile,
    GO_EXAMPLE_STATE_DIR: state,
    GO_EXAMPLE_MEMBER_UIN: String(bob.memberUin),
    GO_EXAMPLE_EMAIL: bob.email,
    GO_EXAMPLE_PHONE: bob.phone,
  };
  const before = server.requests.length;
  const addsBefore = emulator.requestCount("AddOrganizationMemberEmail");
  const result = await new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn("go", ["test", "-count=1", "-v", "-run", "^TestDownloadedPlugin$", "."], {
      cwd: join(repositoryRoot, "examples", "go"),
      env,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
  const passed = [...result.output.matchAll(/--- PASS: TestDownloadedPlugin\/(\S+)/g)].map((match) => match[1]);
  expect({ code: result.code, passed, tail: result.code === 0 ? "" : result.output.slice(-6000) }).toEqual({
    code: 0,
    passed: [
      "up_downloads_the_plugin_and_creates_the_binding",
      "preview_shows_no_changes",
      "destroy_removes_the_binding_from_the_stack",
    ],
    tail: "",
  });
  expect(server.requests.slice(before)).toEqual(githubDownload);
  expect(readExecutableFormat(installedPlugin(home))).toMatchObject({ format: "ELF", arch: "amd64" });
  expect(emulator.requestCount("AddOrganizationMemberEmail") - addsBefore).toBe(1);
  const remote = await organizationClient(emulator).DescribeOrganizationMemberEmailBind({ MemberUin: bob.memberUin });
  expect(remote).toMatchObject({ Email: bob.email });
});
