/**
 * The plugin for teams without Node.js: the single executable of `npm run package:plugin`, installed with
 * `pulumi plugin install resource tencentcloud-member-email <version> -f <tarball>` into a Pulumi home of its
 * own, serves examples/yaml (without its `plugins:` path, so the engine takes the installed plugin) with a
 * PATH that holds the Pulumi CLI and its language hosts and no `node`. The tests run in order on one stack.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { ensurePulumiCli, repositoryRoot } from "../../scripts/engine";
import { readExecutableFormat } from "../../scripts/executable-format";
import { cliProject, run, type CliProject } from "../support/cli-project";
import { organizationClient } from "../support/organization-client";
import { assertYamlHost } from "../support/yaml-project";
import { pathWithoutNode, pluginTarball, pluginVersion } from "../support/plugin-tarball";

jest.setTimeout(180_000);

const alice = { memberUin: 100000000001, email: "alice.binary@example.com", phone: "13800138011" };
const bob = { memberUin: 100000000002, email: "bob.binary@example.com", phone: "13800138012" };

let tarball: string;
let emulator: Emulator;
let scratch: string;
let home: string;
let projectDir: string;
let environment: Record<string, string>;
let project: CliProject;
beforeAll(async () => {
  ensurePulumiCli();
  assertYamlHost();
  tarball = await pluginTarball();
  environment = { PATH: await pathWithoutNode() };
  emulator = await startEmulator();
  scratch = mkdtempSync(join(tmpdir(), "member-email-binary-"));
  home = join(scratch, "pulumi-home");
  projectDir = join(scratch, "project");
  // The example as a team without Node.js writes it: no path to a plugin, which the engine then finds installed.
  const example = parseDocument(readFileSync(join(repositoryRoot, "examples", "yaml", "Pulumi.yaml"), "utf8"));
  example.delete("plugins");
  mkdirSync(projectDir);
  writeFileSync(join(projectDir, "Pulumi.yaml"), example.toString());
  project = await cliProject(projectDir, { ...environment, PULUMI_HOME: home });
  const settings: [string, string, boolean][] = [
    ["tencentcloud-member-email:organizationEndpoint", emulator.url, false],
    ["tencentcloud-member-email:secretId", emulator.secretId, true],
    ["tencentcloud-member-email:secretKey", emulator.secretKey, true],
    ["aliceEmail", alice.email, true],
    ["alicePhone", alice.phone, true],
    ["bobEmail", bob.email, true],
    ["bobPhone", bob.phone, true],
  ];
  for (const [key, value, secret] of settings) {
    await project.pulumiOk(["config", "set", ...(secret ? ["--secret"] : []), key, value]);
  }
}, 300_000);
afterAll(async () => {
  await project?.dispose();
  await emulator?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test("pulumi plugin install takes the tarball, and installs an executable rather than a Node.js script", async () => {
  const args = ["plugin", "install", "resource", "tencentcloud-member-email", pluginVersion, "-f", tarball];
  const installed = await run(ensurePulumiCli(), [...args, "--non-interactive"], {
    cwd: projectDir,
    env: { ...process.env, ...environment, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  expect(installed).toMatchObject({ code: 0 });
  const executable = join(
    home,
    "plugins",
    `resource-tencentcloud-member-email-v${pluginVersion}`,
    "pulumi-resource-tencentcloud-member-email",
  );
  // An ELF executable, where the npm package's plugin is a `#!/usr/bin/env node` script.
  expect(readExecutableFormat(executable)).toMatchObject({ format: "ELF", arch: "amd64" });
});

test("pulumi up, with no node on PATH, creates the two bindings through the installed plugin", async () => {
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 3 created/);
  const client = organizationClient(emulator);
  for (const member of [alice, bob]) {
    const remote = await client.DescribeOrganizationMemberEmailBind({ MemberUin: member.memberUin });
    expect(remote).toMatchObject({ Email: member.email, BindStatus: "Valid" });
  }
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(2);
});

test("the stack's state holds no email, phone or key in plain text", async () => {
  const exported = (await project.pulumiOk(["stack", "export"])).stdout;
  expect(exported).toContain("tencentcloud-member-email:index:OrganizationMemberEmail");
  for (const plain of [alice.email, alice.phone, bob.email, bob.phone, emulator.secretId, emulator.secretKey]) {
    expect(exported).not.toContain(plain);
  }
});

test("pulumi preview --expect-no-changes passes, and asks Tencent Cloud nothing", async () => {
  const before = emulator.requestCount();
  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview).toMatchObject({ code: 0 });
  expect(emulator.requestCount()).toBe(before);
});

test("a NODE_OPTIONS meant for the team's Node.js programs does not reach the plugin", async () => {
  // Node.js would stop at start on this missing module; the plugin is no Node.js program to its users.
  const preview = await project.pulumi(["preview", "--expect-no-changes"], {
    NODE_OPTIONS: `--require ${join(scratch, "missing-hook.js")}`,
  });
  expect(preview).toMatchObject({ code: 0 });
});

test("pulumi destroy removes the bindings from the stack and warns that they stay at Tencent Cloud", async () => {
  const destroy = await project.pulumiOk(["destroy", "--yes", "--skip-preview"]);
  expect(destroy.stdout).toMatch(/- 3 deleted/);
  for (const member of [alice, bob]) {
    expect(destroy.output).toContain(
      `OrganizationMemberEmail for member ${member.memberUin} was removed from the stack only: Tencent Cloud`,
    );
  }
  const remote = await organizationClient(emulator).DescribeOrganizationMemberEmailBind({ MemberUin: alice.memberUin });
  expect(remote).toMatchObject({ Email: alice.email });
});

test("npm pack leaves the executable and its tarball out of the package users install", async () => {
  const packed = await run("npm", ["pack", "--dry-run", "--json"], { cwd: repositoryRoot, env: process.env });
  expect(packed).toMatchObject({ code: 0 });
  const [{ files }] = JSON.parse(packed.stdout) as [{ files: { path: string }[] }];
  expect(files.map((file) => file.path)).toContain("dist/provider/plugin/server.js");
  expect(files.filter((file) => file.path.startsWith("dist/plugin/"))).toEqual([]);
});
