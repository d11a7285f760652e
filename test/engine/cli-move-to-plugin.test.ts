/**
 * Moving a TypeScript stack's binding from the dynamic resource to the native plugin's, as docs/plugin.md says:
 * `pulumi state delete` of the dynamic resource, then `pulumi import` of the native one, in a project made
 * like `pulumi new typescript` that installed the packed package (whose npm `bin` holds the plugin), and the
 * generated Node.js SDK for the native resource's class.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ensurePulumiCli, repositoryRoot } from "../../scripts/engine";
import { packNodejsSdk } from "../../scripts/pack-nodejs-sdk";
import { run, userProjectSuite } from "../support/cli-project";
import { node24BinDir } from "../support/node24";
import { typescriptProject } from "../support/user-projects";

jest.setTimeout(300_000);

const TOKEN = "tencentcloud-member-email:index:OrganizationMemberEmail";
const member = { memberUin: 100000000901, email: "faye901@example.com", phone: "13900000901" };
const suite = userProjectSuite(typescriptProject, member);

/** The program after the move: the same binding, declared with the generated Node.js SDK's class (examples/move-to-plugin). */
const nativeProgram = readFileSync(join(repositoryRoot, "examples", "move-to-plugin", "index.ts"), "utf8");

let sdkTarball: string;
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "member-email-move-"));
  sdkTarball = packNodejsSdk(scratch);
}, 300_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test("state delete then pulumi import moves the binding to the plugin with no second Add, then no change", async () => {
  const { project, emulator } = suite;
  await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
  const bindId = (await project.pulumiOk(["stack", "output", "bindId"])).stdout.trim();

  const dynamicUrn = `urn:pulumi:${project.stackName}::member-email-ts::pulumi-nodejs:dynamic/tencentcloud:OrganizationMemberEmail::member`;
  await project.pulumiOk(["state", "delete", dynamicUrn, "--yes"]);
  // The project now finds the plugin where npm put the package's bin, and declares the native resource.
  const pulumiYaml = readFileSync(join(project.dir, "Pulumi.yaml"), "utf8");
  writeFileSync(
    join(project.dir, "Pulumi.yaml"),
    `${pulumiYaml}plugins:\n  providers:\n    - name: tencentcloud-member-email\n      path: ./node_modules/.bin\n`,
  );
  writeFileSync(join(project.dir, "index.ts"), nativeProgram);
  // The generated SDK, as `npm run sdk:nodejs` packs it, and the @pulumi/pulumi it needs (3.269 or newer, which
  // wants Node.js 22 or newer): from here the project runs on Node.js 24, as users' projects do.
  const node24 = { PATH: [dirname(ensurePulumiCli()), node24BinDir(), process.env.PATH ?? ""].join(":") };
  const installArgs = ["install", "--prefer-offline", "--no-audit", "--no-fund", sdkTarball, "@pulumi/pulumi@^3.269.0"];
  const installed = await run("npm", installArgs, { cwd: project.dir, env: process.env });
  expect(installed.code === 0 ? "" : installed.output).toBe("");

  const args = ["import", TOKEN, "member", String(member.memberUin), "--yes", "--protect=false"];
  // The Node.js language host built here (sdk v3.68) cannot generate code ("GenerateProgram not implemented").
  const imported = await project.pulumi([...args, "--generate-code=false"], node24);
  expect(imported).toMatchObject({ code: 0 });
  const preview = await project.pulumi(["preview", "--expect-no-changes", "--diff"], node24);
  expect(preview.code === 0 ? "" : preview.output).toBe("");
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"], node24);
  expect(up.stdout).not.toMatch(/created|replaced/);
  expect((await project.pulumiOk(["stack", "output", "bindId"], node24)).stdout.trim()).toBe(bindId);
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(1);
  expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(0);
});
