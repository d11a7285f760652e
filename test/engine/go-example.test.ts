/**
 * examples/go, the Go program, under the engine: `go build` of the example as a user types it, then `go test` in
 * its folder, which runs the example's program through the Automation API's inline source (no Go language host)
 * with the native plugin, against two emulators: create, `preview` with no changes, an email change refused at
 * preview, an existing binding imported, a binding of another organization under an explicit provider, the
 * state read with `pulumi stack export`, destroy. What each organization holds afterwards is checked here.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ensurePulumiCli, repositoryRoot } from "../../scripts/engine";
import { EmailChangeRefusedError } from "../../provider/api/errors";
import { assertBuildIsCurrent } from "../support/build";
import { organizationClient } from "../support/organization-client";
import { phoneOf, startTwoOrganizations, type TwoOrganizations } from "../support/two-organizations";

jest.setTimeout(900_000);

const example = join(repositoryRoot, "examples", "go");
const alice = { memberUin: 100000000001, email: "alice.go@a.example.com", phone: "13800138001" };
const carol = { memberUin: 100000000003, email: "carol.go@a.example.com" };
const dave = { memberUin: 200000000002, email: "dave.go@b.example.org" };

/** Runs a command in the example's folder; answers its exit code and output. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: example, env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => void (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

let organizations: TwoOrganizations;
let scratch: string;
beforeAll(async () => {
  assertBuildIsCurrent();
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error !== undefined) {
    throw new Error(`The Go engine test needs Go 1.25 or newer on PATH (${go.error.message}).`);
  }
  organizations = await startTwoOrganizations();
  scratch = mkdtempSync(join(tmpdir(), "member-email-go-"));
  // carol's binding exists before the program declares it: the program takes it over with the import option.
  await organizationClient(organizations.a.emulator).AddOrganizationMemberEmail({
    MemberUin: carol.memberUin,
    Email: carol.email,
    CountryCode: "86",
    Phone: phoneOf(carol.memberUin),
  });
});
afterAll(async () => {
  await organizations?.stop();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

test("cd examples/go && go build ./... passes", async () => {
  const build = await run("go", ["build", "./..."], process.env);
  expect(build).toMatchObject({ code: 0 });
});

test("go test runs the Go program under the engine: create, no changes, refused email change, import, explicit provider, secrets kept, destroy", async () => {
  const { a, b } = organizations;
  const addsBefore = a.emulator.requestCount("AddOrganizationMemberEmail");
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("TENCENTCLOUD_") && !name.startsWith("PULUMI_")),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    // The CLI's folder first; then the Node.js running the tests, which runs the plugin of this checkout (bin/).
    PATH: [dirname(ensurePulumiCli()), dirname(process.execPath), process.env.PATH ?? ""].join(":"),
    PULUMI_HOME: join(scratch, "home"),
    PULUMI_CONFIG_PASSPHRASE: "go-example-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
    GO_EXAMPLE_PLUGIN_DIR: join(repositoryRoot, "bin"),
    GO_EXAMPLE_STATE_DIR: join(scratch, "state"),
    GO_EXAMPLE_ENDPOINT: a.emulator.url,
    GO_EXAMPLE_SECRET_ID: a.emulator.secretId,
    GO_EXAMPLE_SECRET_KEY: a.emulator.secretKey,
    GO_EXAMPLE_OTHER_ENDPOINT: b.emulator.url,
    GO_EXAMPLE_OTHER_SECRET_ID: b.emulator.secretId,
    GO_EXAMPLE_OTHER_SECRET_KEY: b.emulator.secretKey,
    GO_EXAMPLE_EMAIL: alice.email,
    GO_EXAMPLE_PHONE: alice.phone,
    GO_EXAMPLE_NEW_EMAIL: "alice.new.go@a.example.com",
    GO_EXAMPLE_REFUSAL: new EmailChangeRefusedError(alice.memberUin).message,
    GO_EXAMPLE_IMPORT_UIN: String(carol.memberUin),
    GO_EXAMPLE_IMPORT_EMAIL: carol.email,
    GO_EXAMPLE_OTHER_UIN: String(dave.memberUin),
    GO_EXAMPLE_OTHER_EMAIL: dave.email,
    GO_EXAMPLE_OTHER_PHONE: phoneOf(dave.memberUin),
  };
  mkdirSync(env.GO_EXAMPLE_STATE_DIR as string, { recursive: true });
  const result = await run("go", ["test", "-count=1", "-v", "-run", "^TestExample$", "."], env);
  const passed = [...result.output.matchAll(/--- PASS: TestExample\/(\S+)/g)].map((match) => match[1]);
  expect({ code: result.code, passed, tail: result.code === 0 ? "" : result.output.slice(-6000) }).toEqual({
    code: 0,
    passed: [
      "up_creates_the_binding",
      "preview_shows_no_changes",
      "an_email_change_is_refused_at_preview_with_the_TypeScript_resource's_message",
      "an_existing_binding_is_imported_and_another_organization's_bound_through_an_explicit_provider",
      "the_state_holds_no_email,_phone_or_key_in_plain_text",
      "destroy_removes_the_bindings_from_the_stack",
    ],
    tail: "",
  });
  expect(result.output).not.toMatch(/--- (SKIP|FAIL)/);

  // Each binding is in its own organization only; carol was taken over, not added again; destroy left them.
  expect(a.emulator.requestCount("AddOrganizationMemberEmail") - addsBefore).toBe(1);
  expect(
    a.emulator
      .bindings()
      .map((binding) => [binding.memberUin, binding.email])
      .sort(),
  ).toEqual([
    [alice.memberUin, alice.email],
    [carol.memberUin, carol.email],
  ]);
  expect(b.emulator.bindings().map((binding) => [binding.memberUin, binding.email])).toEqual([
    [dave.memberUin, dave.email],
  ]);
  // The Go output (the engine's progress) shows no email, phone or key.
  for (const plain of [alice.phone, a.emulator.secretKey, b.emulator.secretKey, phoneOf(dave.memberUin)]) {
    expect(result.output).not.toContain(plain);
  }
});
