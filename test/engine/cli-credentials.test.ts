/**
 * Each credential source under the `pulumi` binary, in a project folder the way a user runs it, against
 * the emulator's STS: no key pair in config or environment unless the source needs one. Every command's
 * output and every stack's state are searched for each key, temporary key and token afterwards.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sts } from "tencentcloud-sdk-nodejs/tencentcloud/services/sts";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import {
  CI_ROLE_ARN,
  cliProject,
  installedProject,
  oidcToken,
  type CliProject,
  type CommandResult,
  type ProjectFiles,
} from "../support/cli-project";

jest.setTimeout(300_000);

/** `pulumi new javascript` with a program that binds `count` members from `firstUin` on. */
const membersProject: ProjectFiles = {
  packageJson: { name: "member-email-credentials", main: "index.js" },
  files: {
    "Pulumi.yaml": "name: member-email-credentials\nruntime:\n  name: nodejs\n  options:\n    packagemanager: npm\n",
    "index.js": `"use strict";
const pulumi = require("@pulumi/pulumi");
const { OrganizationMemberEmail } = require("pulumi-tencentcloud-member-email");

const config = new pulumi.Config();
const first = config.requireNumber("firstUin");
for (let i = 0; i < config.requireNumber("count"); i++) {
    const uin = first + i;
    new OrganizationMemberEmail("member-" + uin, {
        memberUin: uin,
        email: pulumi.secret("member" + uin + "@example.com"),
        countryCode: "86",
        phone: pulumi.secret("139" + String(uin).slice(-8)),
    });
}
`,
  },
};

const organizationActions = [
  "AddOrganizationMemberEmail",
  "DescribeOrganizationMemberEmailBind",
  "UpdateOrganizationMemberEmailBind",
  "DescribeOrganizationMembers",
  "SendOrgMemberAccountBindEmail",
];

const token = oidcToken();
let emulator: Emulator;
let projectDir: string;
let scratch: string;
const projects: CliProject[] = [];
const servers: Server[] = [];
/** Everything every command printed, searched for credentials at the end. */
const outputs: string[] = [];

beforeAll(async () => {
  // 60-second temporary credentials: the longest life this emulator's STS grants.
  emulator = await startEmulator({
    roles: [{ roleArn: CI_ROLE_ARN }],
    webIdentityTokens: [token],
    temporaryCredentialSeconds: 60,
  });
  projectDir = await installedProject(membersProject);
  scratch = mkdtempSync(join(tmpdir(), "member-email-credentials-"));
}, 300_000);

afterAll(async () => {
  for (const project of projects) await project.dispose();
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await emulator?.stop();
  rmSync(projectDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** A stack of the project with `env` as the only Tencent Cloud settings, binding `count` members from `firstUin`. */
async function stack(env: Record<string, string>, firstUin: number, count: number): Promise<CliProject> {
  const project = await cliProject(projectDir, {
    TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
    TENCENTCLOUD_STS_ENDPOINT: emulator.url,
    ...env,
  });
  projects.push(project);
  await project.pulumiOk(["config", "set", "firstUin", String(firstUin)]);
  await project.pulumiOk(["config", "set", "count", String(count)]);
  return project;
}

async function pulumi(project: CliProject, args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  const result = await project.pulumi(args, env);
  outputs.push(result.output);
  return result;
}

async function state(project: CliProject): Promise<string> {
  const exported = (await project.pulumiOk(["stack", "export", "--show-secrets"])).stdout;
  outputs.push(exported);
  return exported;
}

function organizationCalls(): number {
  return organizationActions.reduce((sum, action) => sum + emulator.requestCount(action), 0);
}

function bound(firstUin: number, count: number): number[] {
  const uins = new Set(emulator.bindings().map((binding) => binding.memberUin));
  return Array.from({ length: count }, (_, i) => firstUin + i).filter((uin) => uins.has(uin));
}

const keyPair = (): Record<string, string> => ({
  TENCENTCLOUD_SECRET_ID: emulator.secretId,
  TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
});

test("pulumi up with a role assumed on top of the key pair binds every member", async () => {
  const assumedBefore = emulator.requestCount("AssumeRole");
  const project = await stack(keyPair(), 100000000301, 2);
  // The role as Pulumi config, the tencentcloud-member-email:assumeRole object, the way a stack keeps it.
  await project.pulumiOk(["config", "set", "--path", "tencentcloud-member-email:assumeRole.roleArn", CI_ROLE_ARN]);
  await project.pulumiOk(["config", "set", "--path", "tencentcloud-member-email:assumeRole.sessionName", "pulumi-up"]);
  const up = await pulumi(project, ["up", "--yes", "--skip-preview"]);
  expect(up.code).toBe(0);
  expect(bound(100000000301, 2)).toHaveLength(2);
  expect(emulator.requestCount("AssumeRole")).toBeGreaterThan(assumedBefore);
  await state(project);
});

test("pulumi preview --refresh with a web identity token file and no key pair reads every binding", async () => {
  const tokenFile = join(scratch, "oidc-token");
  writeFileSync(tokenFile, token, { mode: 0o600 });
  const project = await stack(
    { TENCENTCLOUD_ASSUME_ROLE_ARN: CI_ROLE_ARN, TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE: tokenFile },
    100000000311,
    1,
  );
  expect((await pulumi(project, ["up", "--yes", "--skip-preview"])).code).toBe(0);
  const described = emulator.requestCount("DescribeOrganizationMemberEmailBind");
  const preview = await pulumi(project, ["preview", "--refresh"]);
  expect(preview.code).toBe(0);
  expect(emulator.requestCount("DescribeOrganizationMemberEmailBind")).toBeGreaterThan(described);
  await state(project);
});

test("pulumi up with a tccli profile file and no other setting uses the profile's key and role", async () => {
  const dir = join(scratch, "tccli");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(
    join(dir, "org-admin.credential"),
    JSON.stringify({
      secretId: emulator.secretId,
      secretKey: emulator.secretKey,
      "role-arn": CI_ROLE_ARN,
      "role-session-name": "profile-session",
    }),
    { mode: 0o600 },
  );
  const assumedBefore = emulator.requestCount("AssumeRole");
  const project = await stack(
    { TENCENTCLOUD_PROFILE: "org-admin", TENCENTCLOUD_SHARED_CREDENTIALS_DIR: dir },
    100000000321,
    1,
  );
  expect((await pulumi(project, ["up", "--yes", "--skip-preview"])).code).toBe(0);
  expect(bound(100000000321, 1)).toHaveLength(1);
  expect(emulator.requestCount("AssumeRole")).toBeGreaterThan(assumedBefore);
  await state(project);
});

test("pulumi up with an instance's CAM role reads its keys from the metadata service", async () => {
  // The metadata service hands out keys STS issued for the instance's role, as a CVM's does.
  const client = new sts.v20180813.Client({
    credential: { secretId: emulator.secretId, secretKey: emulator.secretKey },
    region: "ap-guangzhou",
    profile: { httpProfile: { protocol: "http://", endpoint: `127.0.0.1:${emulator.port}`, reqTimeout: 10 } },
  });
  const issued = await client.AssumeRole({ RoleArn: CI_ROLE_ARN, RoleSessionName: "cvm-instance" });
  const served: string[] = [];
  const server = createServer((request, response) => {
    served.push(request.url ?? "");
    const known = request.url === "/latest/meta-data/cam/security-credentials/member-email-cvm";
    response.writeHead(known ? 200 : 404, { "Content-Type": "application/json" });
    response.end(
      known
        ? JSON.stringify({
            TmpSecretId: issued.Credentials?.TmpSecretId,
            TmpSecretKey: issued.Credentials?.TmpSecretKey,
            Token: issued.Credentials?.Token,
            ExpiredTime: issued.ExpiredTime,
            Expiration: issued.Expiration,
            Code: "Success",
          })
        : "{}",
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const metadata = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const project = await stack(
    { TENCENTCLOUD_CAM_ROLE_NAME: "member-email-cvm", TENCENTCLOUD_METADATA_ENDPOINT: metadata },
    100000000331,
    1,
  );
  expect((await pulumi(project, ["up", "--yes", "--skip-preview"])).code).toBe(0);
  expect(bound(100000000331, 1)).toHaveLength(1);
  expect(served).toContain("/latest/meta-data/cam/security-credentials/member-email-cvm");
  await state(project);
});

test("a pulumi up that outlives its 60-second temporary credentials renews them and never fails", async () => {
  const assumedBefore = emulator.requestCount("AssumeRole");
  const addsBefore = emulator.requestCount("AddOrganizationMemberEmail");
  // One call a second per action: five members take about five seconds. Once the first binding is added,
  // the emulator's clock jumps 61 seconds, past the keys' 60: the calls after it carry expired keys.
  const project = await stack(
    { ...keyPair(), TENCENTCLOUD_ASSUME_ROLE_ARN: CI_ROLE_ARN, TENCENTCLOUD_ORGANIZATION_RATE_LIMIT: "1" },
    100000000341,
    5,
  );
  let advanced = false;
  const watcher = setInterval(() => {
    if (!advanced && emulator.requestCount("AddOrganizationMemberEmail") > addsBefore) {
      advanced = true;
      emulator.advanceClock(61);
    }
  }, 5);
  let up: CommandResult;
  try {
    up = await pulumi(project, ["up", "--yes", "--skip-preview"]);
  } finally {
    clearInterval(watcher);
  }
  expect(up.code).toBe(0);
  expect(advanced).toBe(true);
  expect(bound(100000000341, 5)).toHaveLength(5);
  expect(emulator.requestCount("AssumeRole") - assumedBefore).toBeGreaterThanOrEqual(2);
  await state(project);
});

test("allowedAccountIds that excludes the caller fails before any Organization call and leaves the state as it was", async () => {
  const project = await stack(keyPair(), 100000000351, 1);
  expect((await pulumi(project, ["up", "--yes", "--skip-preview"])).code).toBe(0);
  const before = await state(project);
  const calls = organizationCalls();
  await project.pulumiOk(["config", "set", "count", "2"]);
  const refused = { TENCENTCLOUD_ALLOWED_ACCOUNT_IDS: "200000000000" };
  for (const args of [
    ["up", "--yes", "--skip-preview"],
    ["refresh", "--yes"],
    ["destroy", "--yes"],
  ]) {
    const result = await pulumi(project, args, refused);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      "The credentials belong to Tencent Cloud account 100000000000, which tencentcloud-member-email:allowedAccountIds does not " +
        "allow (allowed: 200000000000).",
    );
  }
  expect(organizationCalls()).toBe(calls);
  expect(bound(100000000351, 2)).toEqual([100000000351]);
  // The bindings' state; the engine's own provider resource mirrors the changed stack config whatever happens.
  const bindings = (exported: string) =>
    (JSON.parse(exported) as { deployment: { resources: { type: string }[] } }).deployment.resources.filter(
      (resource) => resource.type.endsWith("OrganizationMemberEmail"),
    );
  const after = await state(project);
  expect(bindings(before)).toHaveLength(1);
  expect(bindings(after)).toEqual(bindings(before));
});

test("no command output and no stack state holds a key, a temporary key or a token", () => {
  const secrets = [emulator.secretId, emulator.secretKey, token];
  for (const issued of emulator.issuedCredentials()) secrets.push(issued.secretId, issued.secretKey, issued.token);
  expect(emulator.issuedCredentials().length).toBeGreaterThanOrEqual(5);
  expect(outputs.length).toBeGreaterThanOrEqual(12);
  for (const text of outputs) for (const secret of secrets) expect(text).not.toContain(secret);
});
