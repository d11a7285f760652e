/**
 * A whole organization under a stack in one command: `discover --import-file` of 300 members with 120
 * bound, then `pulumi import --file` in a Pulumi YAML project, with the `pulumi` binary as a user types it.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";
import { bindOutsidePulumi, mixedBindings, organizationMembers } from "../support/organization-setup";
import { assertYamlHost, yamlProject } from "../support/yaml-project";

jest.setTimeout(600_000);

const MEMBERS = 300;
const BOUND = 120;
const TOKEN = "tencentcloud-member-email:index:OrganizationMemberEmail";
const members = organizationMembers(MEMBERS);
const outside = mixedBindings(members, BOUND);

let emulator: Emulator;
let bindIds: Map<number, number>;
let folder: string;
let project: CliProject | undefined;
beforeAll(async () => {
  assertBuildIsCurrent();
  assertYamlHost();
  emulator = await startEmulator({ members });
  bindIds = await bindOutsidePulumi(emulator, outside);
  folder = mkdtempSync(join(tmpdir(), "member-email-import-file-"));
});
afterAll(async () => {
  await project?.dispose();
  if (project) rmSync(project.dir, { recursive: true, force: true });
  await emulator?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs the built command line as a user's npx would, against the emulator; answers its exit status and stderr. */
function discover(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const script = join(repositoryRoot, "dist", "provider", "cli", "cli.js");
  const child = spawn(process.execPath, [script, "discover", ...args], {
    env: { PATH: process.env.PATH ?? "", ...emulatorEnvironment(emulator) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString("utf8")));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

interface ImportDocument {
  readonly resources: readonly { readonly type: string; readonly name: string; readonly id: string }[];
}

test(`discover --import-file lists the ${BOUND} bindings under unique names that are the same on every run`, async () => {
  const first = join(folder, "import.json");
  const second = join(folder, "again.json");
  for (const file of [first, second]) {
    const result = await discover(["--import-file", file]);
    expect(result.stderr).toContain(`Wrote ${BOUND} resources to ${file};`);
    expect(result.status).toBe(0);
  }
  expect(readFileSync(second, "utf8")).toBe(readFileSync(first, "utf8"));
  const document = JSON.parse(readFileSync(first, "utf8")) as ImportDocument;
  expect(document.resources.map((resource) => resource.id)).toEqual(
    outside.map((binding) => String(binding.memberUin)).sort(),
  );
  expect(new Set(document.resources.map((resource) => resource.name)).size).toBe(BOUND);
  for (const resource of document.resources) {
    expect(resource).toEqual({ type: TOKEN, name: `member-${resource.id}`, id: resource.id });
  }
});

test(`pulumi import --file brings all ${BOUND} into an empty stack with no Add or Update, then no change`, async () => {
  project = await cliProject(yamlProject("member-email-organization"), emulatorEnvironment(emulator));
  const before = {
    add: emulator.requestCount("AddOrganizationMemberEmail"),
    update: emulator.requestCount("UpdateOrganizationMemberEmailBind"),
  };
  const startedAt = performance.now();
  const file = join(folder, "import.json");
  const code = join(folder, "generated.yaml");
  const args = ["import", "--file", file, "--out", code, "--yes", "--protect=false", "--skip-preview"];
  const imported = await project.pulumi(args);
  const seconds = (performance.now() - startedAt) / 1000;
  expect(imported).toMatchObject({ code: 0 });
  expect(imported.stdout).toMatch(new RegExp(`= ${BOUND} imported`));
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(before.add);
  expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(before.update);

  const exported = JSON.parse((await project.pulumiOk(["stack", "export"])).stdout) as {
    deployment: { resources: { type: string; id?: string; outputs?: { bindId?: number } }[] };
  };
  const bindings = exported.deployment.resources.filter((resource) => resource.type === TOKEN);
  expect(bindings).toHaveLength(BOUND);
  for (const binding of bindings) expect(binding.outputs?.bindId).toBe(bindIds.get(Number(binding.id)));
  process.stderr.write(`pulumi import --file of ${BOUND} bindings: ${seconds.toFixed(1)} s\n`);

  // The declarations the YAML language host generated, as the program: nothing left to change.
  appendFileSync(join(project.dir, "Pulumi.yaml"), `\n${readFileSync(code, "utf8")}`);
  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview).toMatchObject({ code: 0 });
  expect(preview.stdout).toMatch(new RegExp(`${BOUND + 1} unchanged`));
});
