/**
 * sdk/ is generated from the plugin's schema (`npm run sdks`) and committed, because users import it: this
 * generates it again and fails on any difference, so the schema and the SDKs cannot drift apart.
 */
import { readdirSync, readFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { generateSdks, packageVersion } from "../../scripts/sdks";
import { repositoryRoot } from "../../scripts/engine";

/** Every file under `folder`, as paths relative to it, sorted. */
function files(folder: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(folder, path));
    }
  };
  walk(folder);
  return found.sort();
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "member-email-sdks-test-"));
  generateSdks(scratch);
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test.each(["go", "nodejs", "python"])(
  "the committed sdk/%s is what npm run sdks generates, byte for byte",
  (language) => {
    const committed = join(repositoryRoot, "sdk", language);
    const generated = join(scratch, language);
    expect(files(committed)).toEqual(files(generated));
    const differing = files(generated).filter(
      (file) => !readFileSync(join(committed, file)).equals(readFileSync(join(generated, file))),
    );
    expect({ differing, fix: "run npm run sdks and commit sdk/" }).toEqual({ differing: [], fix: expect.any(String) });
  },
);

test("phone and email are secrets in every SDK, as the schema says", () => {
  const go = readFileSync(join(scratch, "go", "tencentcloudmemberemail", "organizationMemberEmail.go"), "utf8");
  expect(go).toContain("args.Email = pulumi.ToSecret(args.Email)");
  expect(go).toContain("args.Phone = pulumi.ToSecret(args.Phone)");
  expect(go).toMatch(/AdditionalSecretOutputs\(\[\]string\{\s*"email",\s*"phone",?\s*\}\)/);
  const nodejs = readFileSync(join(scratch, "nodejs", "organizationMemberEmail.ts"), "utf8");
  expect(nodejs).toContain('resourceInputs["email"] = args?.email ? pulumi.secret(args.email) : undefined;');
  expect(nodejs).toContain('resourceInputs["phone"] = args?.phone ? pulumi.secret(args.phone) : undefined;');
  expect(nodejs).toContain('additionalSecretOutputs: ["email", "phone"]');
  const python = readFileSync(
    join(scratch, "python", "pulumi_tencentcloud_member_email", "organization_member_email.py"),
    "utf8",
  );
  expect(python).toContain("pulumi.Output.secret(email)");
  expect(python).toContain("pulumi.Output.secret(phone)");
  expect(python).toMatch(/additional_secret_outputs=\["email", "phone"\]/);
});

test("each SDK carries the plugin's version and where pulumi downloads it", () => {
  const version = (JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as { version: string })
    .version;
  const expected = {
    resource: true,
    name: "tencentcloud-member-email",
    version,
    server: "github://api.github.com/tencentcloud-member-email/pulumi-tencentcloud-member-email",
  };
  for (const file of [
    join("go", "tencentcloudmemberemail", "pulumi-plugin.json"),
    join("python", "pulumi_tencentcloud_member_email", "pulumi-plugin.json"),
  ]) {
    expect(JSON.parse(readFileSync(join(scratch, file), "utf8"))).toEqual(expected);
  }
  expect(JSON.parse(readFileSync(join(scratch, "nodejs", "package.json"), "utf8")).pulumi).toEqual(expected);
  expect(readFileSync(join(scratch, "go", "go.mod"), "utf8")).toContain("github.com/pulumi/pulumi/sdk/v3 v3.274.1");
});

test("the Python SDK and examples/python compile, and the SDK's package metadata names the package, the version and its Pulumi SDK", () => {
  // Python programs do not run under the engine on this machine (no Python language host here): this is as far
  // as the Python SDK is checked.
  const python = join(repositoryRoot, "sdk", "python");
  const example = join(repositoryRoot, "examples", "python");
  const compile = spawnSync("python3", ["-m", "compileall", "-q", "-f", python, example], {
    encoding: "utf8",
    env: { ...process.env, PYTHONPYCACHEPREFIX: join(scratch, "pycache") },
  });
  expect(compile.error).toBeUndefined();
  expect({ status: compile.status, output: compile.stdout + compile.stderr }).toEqual({ status: 0, output: "" });
  const metadata = spawnSync(
    "python3",
    [
      "-c",
      "import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))",
      join(python, "pyproject.toml"),
    ],
    { encoding: "utf8" },
  );
  expect(metadata.status).toBe(0);
  const project = JSON.parse(metadata.stdout) as {
    project: { name: string; version: string; dependencies: string[] };
    tool: { setuptools: { "package-data": Record<string, string[]> } };
  };
  expect(project.project).toMatchObject({ name: "pulumi_tencentcloud_member_email", version: packageVersion() });
  expect(project.project.dependencies).toContain("pulumi>=3.142.0,<4.0.0");
  expect(project.tool.setuptools["package-data"].pulumi_tencentcloud_member_email).toContain("pulumi-plugin.json");
});
