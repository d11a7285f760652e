/**
 * A Pulumi YAML program with two explicit providers of the native plugin
 * (`type: pulumi:providers:tencentcloud-member-email`), one per organization, bindings under each and one
 * under the default provider, every input from `--secret` config, run with the `pulumi` binary: each binding
 * goes to its own organization, each provider's guard, domains and settings apply to its own bindings, and
 * the state holds no input in plain text. The tests run in order on one stack.
 */
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, type CliProject, emulatorEnvironment } from "../support/cli-project";
import {
  boundMembers,
  type Organization,
  phoneOf,
  startTwoOrganizations,
  type TwoOrganizations,
} from "../support/two-organizations";
import { assertYamlHost, yamlProject, yamlProjectText } from "../support/yaml-project";

jest.setTimeout(180_000);

const TOKEN = "tencentcloud-member-email:index:OrganizationMemberEmail";

/** The bindings whose every input is a `--secret` config value, by their resource name. */
const members = {
  alice: { uin: 100000000001, email: "alice@a.example.com", reminder: "2026-W05" },
  bob: { uin: 200000000001, email: "bob@b.example.org", reminder: "2026-W06" },
  erin: { uin: 100000000003, email: "erin@a.example.com", reminder: "2026-W07" },
} as const;

/** What a step adds to the program: a binding (literal inputs), or different settings of orgB. */
interface Variation {
  readonly extra?: string;
  readonly orgB?: string;
}

/** The YAML program; `variation` adds resources or orgB settings for one test. */
function programText(accountA: string, variation: Variation = {}): string {
  const secretConfig = (name: string, type = "string") => `  ${name}:\n    type: ${type}\n    secret: true\n`;
  const config = [
    ...["endpointA", "secretIdA", "secretKeyA", "endpointB", "secretIdB", "secretKeyB"].map((name) =>
      secretConfig(name),
    ),
    ...Object.keys(members).flatMap((name) => [
      secretConfig(`${name}Uin`, "integer"),
      ...["Email", "Country", "Phone", "Reminder"].map((field) => secretConfig(`${name}${field}`)),
    ]),
  ].join("");
  const binding = (name: string, provider?: string) =>
    [
      `  ${name}:`,
      `    type: ${TOKEN}`,
      "    properties:",
      ...["memberUin: ${NAMEUin}", "email: ${NAMEEmail}", "countryCode: ${NAMECountry}", "phone: ${NAMEPhone}"]
        .concat("activationReminder: ${NAMEReminder}")
        .map((line) => `      ${line.replace("NAME", name)}`),
      ...(provider ? ["    options:", `      provider: \${${provider}}`] : []),
      "",
    ].join("\n");
  return `config:
${config}resources:
  orgA:
    type: pulumi:providers:tencentcloud-member-email
    properties:
      organizationEndpoint: \${endpointA}
      stsEndpoint: \${endpointA}
      secretId: \${secretIdA}
      secretKey: \${secretKeyA}
      allowedAccountIds: ["${accountA}"]
      allowedEmailDomains: ["a.example.com"]
  orgB:
    type: pulumi:providers:tencentcloud-member-email
    properties:
      organizationEndpoint: \${endpointB}
      stsEndpoint: \${endpointB}
      secretId: \${secretIdB}
      secretKey: \${secretKeyB}
      allowedEmailDomains: ["b.example.org"]
${variation.orgB ?? `      forbiddenAccountIds: ["${accountA}"]\n`}${binding("alice", "orgA")}${binding("bob", "orgB")}${binding("erin")}${variation.extra ?? ""}`;
}

/** A binding with literal inputs under `provider`, for the tests that add one. */
function literalBinding(name: string, memberUin: number, email: string, provider: string): string {
  return `  ${name}:
    type: ${TOKEN}
    properties:
      memberUin: ${memberUin}
      email: ${email}
      countryCode: "86"
      phone: "${phoneOf(memberUin)}"
    options:
      provider: \${${provider}}
`;
}

let organizations: TwoOrganizations;
let project: CliProject;
/** Writes the program, with `variation`, into the project. */
const writeProgram = (variation?: Variation) =>
  writeFileSync(
    join(project.dir, "Pulumi.yaml"),
    yamlProjectText("member-email-explicit-yaml", programText(organizations.a.accountId, variation)),
  );

beforeAll(async () => {
  assertBuildIsCurrent();
  assertYamlHost();
  organizations = await startTwoOrganizations();
  // No TENCENTCLOUD_* variables: the settings come from the providers' inputs and the stack config.
  project = await cliProject(yamlProject("member-email-explicit-yaml"));
  writeProgram();
  const { a, b } = organizations;
  const secrets: Record<string, string> = {
    endpointA: a.emulator.url,
    secretIdA: a.emulator.secretId,
    secretKeyA: a.emulator.secretKey,
    endpointB: b.emulator.url,
    secretIdB: b.emulator.secretId,
    secretKeyB: b.emulator.secretKey,
    ...Object.fromEntries(
      Object.entries(members).flatMap(([name, member]) => [
        [`${name}Uin`, String(member.uin)],
        [`${name}Email`, member.email],
        [`${name}Country`, "86"],
        [`${name}Phone`, phoneOf(member.uin)],
        [`${name}Reminder`, member.reminder],
      ]),
    ),
    // The default provider's: organization A. Its key id is set in plain text below, on purpose.
    "tencentcloud-member-email:organizationEndpoint": a.emulator.url,
    "tencentcloud-member-email:secretKey": a.emulator.secretKey,
  };
  await project.pulumiOk([
    "config",
    "set-all",
    ...Object.entries(secrets).flatMap(([key, value]) => ["--secret", `${key}=${value}`]),
    ...["--plaintext", `tencentcloud-member-email:secretId=${a.emulator.secretId}`],
  ]);
}, 120_000);
afterAll(async () => {
  await project?.dispose();
  if (project) rmSync(project.dir, { recursive: true, force: true });
  await organizations?.stop();
});

test("pulumi up binds each binding in its own provider's organization only, the default provider's in the stack's", async () => {
  const { a, b } = organizations;
  await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(boundMembers(a)).toEqual([members.alice.uin, members.erin.uin]);
  expect(boundMembers(b)).toEqual([members.bob.uin]);
  expect(a.emulator.requestCount("GetCallerIdentity")).toBeGreaterThan(0);
  expect(b.emulator.requestCount("GetCallerIdentity")).toBeGreaterThan(0);
});

test("pulumi stack export holds no input in plain text, not even the key id set without --secret", async () => {
  const { a, b } = organizations;
  const exported = (await project.pulumiOk(["stack", "export"])).stdout;
  const values = [a.emulator.url, a.emulator.secretId, a.emulator.secretKey, b.emulator.url];
  values.push(b.emulator.secretId, b.emulator.secretKey);
  for (const member of Object.values(members)) values.push(member.email, phoneOf(member.uin), member.reminder);
  // Each value as the JSON string the state would hold in plain text; the country code too.
  for (const value of [...values, "86"]) expect(exported).not.toContain(JSON.stringify(value));
  for (const value of values) expect(exported).not.toContain(value);
  // A member's uin is the binding's id, which the engine keeps in plain text: there only.
  for (const member of Object.values(members)) {
    expect(exported.split(String(member.uin)).length).toBe(exported.split(`"id": "${member.uin}"`).length);
  }
});

test("audit of the stack's export reports the other organization's bindings as otherOrganization, never gone", async () => {
  const exported = (await project.pulumiOk(["stack", "export"])).stdout;
  /** The built command line's audit of the export, with one organization's key pair; answers its findings. */
  const audit = (organization: Organization) => {
    const child = spawn(
      process.execPath,
      [join(__dirname, "..", "..", "dist", "provider", "cli", "cli.js"), "audit", "--stack-state", "-", "--json"],
      { env: { PATH: process.env.PATH ?? "", ...emulatorEnvironment(organization.emulator) } },
    );
    child.stdin.end(exported);
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => void (stdout += chunk.toString("utf8")));
    return new Promise<{ status: number | null; findings: string[] }>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (status) => {
        const { findings } = JSON.parse(stdout) as { findings: { kind: string; memberUin: number }[] };
        resolve({ status, findings: findings.map(({ kind, memberUin }) => `${kind} ${memberUin}`) });
      });
    });
  };
  const { a, b } = organizations;
  // Each organization also has a member the stack binds nowhere: unbound, as ever.
  expect(await audit(a)).toEqual({
    status: 0,
    findings: [`unbound ${a.members[1]}`, `otherOrganization ${members.bob.uin}`],
  });
  expect(await audit(b)).toEqual({
    status: 0,
    findings: [
      `unbound ${b.members[1]}`,
      `otherOrganization ${members.alice.uin}`,
      `otherOrganization ${members.erin.uin}`,
    ],
  });
});

test("an email outside one provider's domains fails the preview of its binding, though the other provider allows it", async () => {
  writeProgram({ extra: literalBinding("carol", 100000000002, "carol@b.example.org", "orgA") });
  try {
    const preview = await project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain(
      "email must be an address at one of the allowed domains, a.example.com (tencentcloud-member-email:allowedEmailDomains",
    );
    expect(preview.output).toMatch(/OrganizationMemberEmail resource 'carol'/);
  } finally {
    writeProgram();
  }
});

test("a bad setting on one provider fails the preview naming its key", async () => {
  writeProgram({ orgB: "      organizationRateLimit: -5\n" });
  try {
    const preview = await project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain("tencentcloud-member-email:organizationRateLimit must be a positive number");
    expect(preview.output).toMatch(/pulumi:providers:tencentcloud-member-email resource 'orgB'/);
  } finally {
    writeProgram();
  }
});

test("one provider's account guard refuses its own bindings only, and a changed setting replaces no binding", async () => {
  const { a, b } = organizations;
  const addsB = b.emulator.requestCount("AddOrganizationMemberEmail");
  writeProgram({
    orgB: `      forbiddenAccountIds: ["${b.accountId}"]\n`,
    extra:
      literalBinding("carol", 100000000002, "carol@a.example.com", "orgA") +
      literalBinding("dave", 200000000002, "dave@b.example.org", "orgB"),
  });
  const up = await project.pulumi(["up", "--yes", "--skip-preview", "--continue-on-error"]);
  expect(up.code).not.toBe(0);
  expect(up.output).toContain(
    `The credentials belong to Tencent Cloud account ${b.accountId}, which tencentcloud-member-email:forbiddenAccountIds forbids.`,
  );
  expect(boundMembers(a)).toEqual([members.alice.uin, 100000000002, members.erin.uin]);
  expect(boundMembers(b)).toEqual([members.bob.uin]);
  expect(b.emulator.requestCount("AddOrganizationMemberEmail")).toBe(addsB);
  expect(up.stdout).toMatch(/~ +pulumi:providers:tencentcloud-member-email +orgB +updated/);
  expect(up.stdout).not.toMatch(/replac/);
});
