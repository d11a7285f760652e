/**
 * A Node.js program with two explicit providers of the native plugin, one per organization (two emulators
 * with their own organization ids and key pairs), and bindings under each, run with the `pulumi` binary:
 * each binding goes to its own organization only, and each provider's account guard, email domains and
 * settings apply to its own bindings only. The tests run in order on one stack.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, type CliProject } from "../support/cli-project";
import { boundMembers, startTwoOrganizations, type TwoOrganizations } from "../support/two-organizations";
import { pluginFolder } from "../support/yaml-project";

jest.setTimeout(180_000);

/**
 * The program: the plugin's resource declared by its type token (as a generated SDK would), two
 * `pulumi.ProviderResource`s, and bindings with `{ provider }`. orgB's key is a plain string in the program.
 */
const program = `"use strict";
const pulumi = require("@pulumi/pulumi");

class OrganizationMemberEmail extends pulumi.CustomResource {
  constructor(name, args, opts) {
    super("tencentcloud-member-email:index:OrganizationMemberEmail", name, { ...args, bindId: undefined }, opts);
  }
}

const config = new pulumi.Config();
const orgA = new pulumi.ProviderResource("tencentcloud-member-email", "orgA", {
  organizationEndpoint: config.require("endpointA"),
  stsEndpoint: config.require("endpointA"),
  secretId: config.require("secretIdA"),
  secretKey: config.requireSecret("secretKeyA"),
  allowedAccountIds: [config.require("accountA")],
  allowedEmailDomains: ["a.example.com"],
});
const orgB = new pulumi.ProviderResource("tencentcloud-member-email", "orgB", {
  organizationEndpoint: config.require("endpointB"),
  stsEndpoint: config.require("endpointB"),
  secretId: config.require("secretIdB"),
  secretKey: config.require("secretKeyB"),
  forbiddenAccountIds: config.get("forbiddenB") || config.require("accountA"),
  allowedEmailDomains: "b.example.org",
  organizationRateLimit: config.get("rateB") || 10,
});

function binding(name, memberUin, email, provider) {
  const phone = "1380013" + String(memberUin).slice(-4);
  return new OrganizationMemberEmail(name, { memberUin, email, countryCode: "86", phone }, { provider });
}
binding("alice", 100000000001, "alice@a.example.com", orgA);
binding("bob", 200000000001, "bob@b.example.org", orgB);
if (config.get("carolEmail")) binding("carol", 100000000002, config.get("carolEmail"), orgA);
if (config.get("daveEmail")) binding("dave", 200000000002, config.get("daveEmail"), orgB);
`;

let organizations: TwoOrganizations;
let project: CliProject;
beforeAll(async () => {
  assertBuildIsCurrent();
  organizations = await startTwoOrganizations();
  const dir = mkdtempSync(join(tmpdir(), "member-email-explicit-"));
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    [
      "name: member-email-explicit",
      "runtime: nodejs",
      "plugins:",
      "  providers:",
      "    - name: tencentcloud-member-email",
      `      path: ${JSON.stringify(pluginFolder)}`,
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "member-email-explicit", main: "index.js" }));
  writeFileSync(join(dir, "index.js"), program);
  // The program needs @pulumi/pulumi only: the repository's, rather than an install of its own.
  symlinkSync(join(repositoryRoot, "node_modules"), join(dir, "node_modules"));
  // No TENCENTCLOUD_* variables: each provider's settings are its own inputs.
  project = await cliProject(dir);
  const { a, b } = organizations;
  await project.pulumiOk([
    "config",
    "set-all",
    ...["--plaintext", `endpointA=${a.emulator.url}`, "--plaintext", `secretIdA=${a.emulator.secretId}`],
    ...["--secret", `secretKeyA=${a.emulator.secretKey}`, "--plaintext", `accountA=${a.accountId}`],
    ...["--plaintext", `endpointB=${b.emulator.url}`, "--plaintext", `secretIdB=${b.emulator.secretId}`],
    ...["--plaintext", `secretKeyB=${b.emulator.secretKey}`],
  ]);
}, 120_000);
afterAll(async () => {
  await project?.dispose();
  if (project) rmSync(project.dir, { recursive: true, force: true });
  await organizations?.stop();
});

test("pulumi up binds each binding in its own provider's organization only, with each guard checked", async () => {
  const { a, b } = organizations;
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(/\+ 5 created/);
  expect(boundMembers(a)).toEqual([100000000001]);
  expect(boundMembers(b)).toEqual([200000000001]);
  // A's allowed list names A's account, B's forbidden list names A's account too: had either provider's guard
  // been applied to the other's bindings, or the stack's, a binding would have been refused.
  expect(a.emulator.requestCount("GetCallerIdentity")).toBeGreaterThan(0);
  expect(b.emulator.requestCount("GetCallerIdentity")).toBeGreaterThan(0);
  const exported = (await project.pulumiOk(["stack", "export"])).stdout;
  for (const plain of [a.emulator.secretKey, b.emulator.secretId, b.emulator.secretKey, a.emulator.secretId]) {
    expect(exported).not.toContain(plain);
  }
});

test("an email outside one provider's domains fails the preview of its binding, though the other provider allows it", async () => {
  await project.pulumiOk(["config", "set", "carolEmail", `carol@${organizations.b.domain}`]);
  try {
    const preview = await project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain(
      "email must be an address at one of the allowed domains, a.example.com (tencentcloud-member-email:allowedEmailDomains",
    );
    expect(preview.output).toMatch(/OrganizationMemberEmail resource 'carol'/);
  } finally {
    await project.pulumiOk(["config", "rm", "carolEmail"]);
  }
});

test("a bad setting on one provider fails the preview naming its key", async () => {
  await project.pulumiOk(["config", "set", "rateB", "fast"]);
  try {
    const preview = await project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain(
      'tencentcloud-member-email:organizationRateLimit must be a positive number of requests a second, such as 20; got "fast"',
    );
    expect(preview.output).toMatch(/pulumi:providers:tencentcloud-member-email resource 'orgB'/);
    expect(preview.output).not.toMatch(/resource 'orgA'/);
  } finally {
    await project.pulumiOk(["config", "rm", "rateB"]);
  }
});

test("one provider's account guard refuses its own bindings only, and a changed setting replaces no binding", async () => {
  const { a, b } = organizations;
  const addsB = b.emulator.requestCount("AddOrganizationMemberEmail");
  await project.pulumiOk([
    "config",
    "set-all",
    ...["--plaintext", `forbiddenB=${b.accountId}`, "--plaintext", `carolEmail=carol@${a.domain}`],
    ...["--plaintext", `daveEmail=dave@${b.domain}`],
  ]);
  const up = await project.pulumi(["up", "--yes", "--skip-preview", "--continue-on-error"]);
  expect(up.code).not.toBe(0);
  expect(up.output).toContain(
    `The credentials belong to Tencent Cloud account ${b.accountId}, which tencentcloud-member-email:forbiddenAccountIds forbids.`,
  );
  expect(boundMembers(a)).toEqual([100000000001, 100000000002]);
  expect(boundMembers(b)).toEqual([200000000001]);
  expect(b.emulator.requestCount("AddOrganizationMemberEmail")).toBe(addsB);
  // orgB's settings changed: an update of the provider, and bob, under it, is neither replaced nor touched.
  expect(up.stdout).toMatch(/~ +pulumi:providers:tencentcloud-member-email +orgB +updated/);
  expect(up.stdout).not.toMatch(/replac/);
});
