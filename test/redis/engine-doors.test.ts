/**
 * `npm run test:redis`: the shared limiter through the Pulumi engine's doors, with the `pulumi` binary and real
 * redis-servers that ask for a password, which the URLs carry. The dynamic resource in a user's TypeScript project
 * reads `tencentcloud-member-email:organizationRateLimitRedis` from its stack config; the native plugin, from Pulumi YAML, reads
 * `tencentcloud-member-email:organizationRateLimitRedis` for its default provider and `organizationRateLimitRedis`
 * for an explicit provider, and a provider whose Redis cannot be reached warns and goes on. No password reaches the
 * CLI's output or the state: the URLs are set with `--secret`, but for the unreachable one, which the plugin keeps
 * secret itself. The engine masks a secret value it sees whole in the output (`[secret]`); the password alone, which
 * code could cut out of the URL, it does not. Two `pulumi up` runs in all: one per door.
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import Redis from "ioredis";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { assertBuildIsCurrent } from "../support/build";
import { cliProject, userProjectSuite, type CliProject, type CommandResult } from "../support/cli-project";
import { typescriptProject } from "../support/user-projects";
import { assertYamlHost, yamlProject } from "../support/yaml-project";
import { diagnosticLines } from "../support/pulumi-diagnostics";
import { freePort, startRedis, type RedisServer } from "../support/redis";

jest.setTimeout(180_000);

/** The warning of a provider whose Redis cannot be reached (docs/rate-limits.md), after the key it names. */
const UNREACHABLE = "Redis could not be reached; pacing adaptively without it";

/** A password of its own for each Redis, so that any of them found in output or state is caught. */
const password = (name: string) => `${name}-${randomBytes(12).toString("hex")}`;

/** What Bottleneck keeps in a Redis for the provider's limiters. */
interface LimiterTraces {
  /** The keys of the provider's limiters (`b_tencentcloud-member-email:<hash>_settings` and the like). */
  readonly keys: string[];
  /** The jobs those limiters ran to their end, as Redis counted them. */
  readonly jobsDone: number;
}

/** The provider's limiters' keys in the Redis at `url`, and how many jobs they ran. */
async function limiterTraces(url: string): Promise<LimiterTraces> {
  const client = new Redis(url);
  try {
    const keys = (await client.keys("*")).filter((key) => key.includes("tencentcloud-member-email:")).sort();
    let jobsDone = 0;
    for (const key of keys.filter((name) => name.endsWith("_settings"))) {
      jobsDone += Number(await client.hget(key, "done"));
    }
    return { keys, jobsDone };
  } finally {
    client.disconnect();
  }
}

/** Fails naming where a password was found: in the CLI's output of a command, or in the exported state. */
function expectNoPassword(where: string, text: string, passwords: readonly string[]): void {
  const found = passwords.filter((secret) => text.includes(secret));
  expect({ where, found }).toEqual({ where, found: [] });
}

describe("the dynamic resource in a TypeScript project, Redis in secret stack config", () => {
  const member = { memberUin: 100000000711, email: "redis711@example.com", phone: "13900000711" };
  const suite = userProjectSuite(typescriptProject, member);
  const secret = password("dynamic");
  let redis: RedisServer;
  let up: CommandResult;

  beforeAll(async () => {
    redis = await startRedis({ password: secret });
    await suite.project.pulumiOk([
      "config",
      "set",
      "--secret",
      "tencentcloud-member-email:organizationRateLimitRedis",
      redis.url,
    ]);
    up = await suite.project.pulumiOk(["up", "--yes", "--skip-preview"]);
  }, 300_000);
  afterAll(() => redis?.stop());

  test("pulumi up creates the binding, its API calls paced by Bottleneck in that Redis", async () => {
    expect(up.stdout).toMatch(/\+ 2 created/);
    expect(suite.emulator.bindings().map((binding) => binding.memberUin)).toEqual([member.memberUin]);
    const traces = await limiterTraces(redis.url);
    expect(traces.keys).toContainEqual(expect.stringMatching(/^b_tencentcloud-member-email:[0-9a-f]{32}_settings$/));
    expect(traces.jobsDone).toBeGreaterThanOrEqual(suite.emulator.requestCount("AddOrganizationMemberEmail"));
    expect(up.output).not.toContain(UNREACHABLE);
  });

  test("the Redis password is in neither the output of pulumi up nor pulumi stack export", async () => {
    expectNoPassword("pulumi up", up.output, [secret]);
    const exported = (await suite.project.pulumiOk(["stack", "export"])).stdout;
    expect(exported).toContain("tencentcloud-member-email:organizationRateLimitRedis");
    expectNoPassword("pulumi stack export", exported, [secret]);
  });
});

describe("the native plugin from Pulumi YAML: default provider, explicit provider, unreachable Redis", () => {
  const TOKEN = "tencentcloud-member-email:index:OrganizationMemberEmail";
  const secrets = { plugin: password("plugin"), explicit: password("explicit"), unreachable: password("unreachable") };
  const all = Object.values(secrets);
  let emulator: Emulator;
  let pluginRedis: RedisServer;
  let explicitRedis: RedisServer;
  let project: CliProject;
  let up: CommandResult;

  /** A binding of `memberUin`, under `provider` when named (else the default provider). */
  const binding = (name: string, memberUin: number, provider?: string) =>
    [
      `  ${name}:`,
      `    type: ${TOKEN}`,
      "    properties:",
      `      memberUin: ${memberUin}`,
      `      email: ${name}.redis@example.com`,
      `      countryCode: "86"`,
      `      phone: "1380013${String(memberUin).slice(-4)}"`,
      ...(provider ? ["    options:", `      provider: \${${provider}}`] : []),
      "",
    ].join("\n");
  /** An explicit provider of the plugin on the emulator, its Redis URL from the secret config value `redisKey`. */
  const provider = (name: string, redisKey: string) =>
    [
      `  ${name}:`,
      "    type: pulumi:providers:tencentcloud-member-email",
      "    properties:",
      "      organizationEndpoint: ${endpoint}",
      "      secretId: ${secretId}",
      "      secretKey: ${secretKey}",
      `      organizationRateLimitRedis: \${${redisKey}}`,
      "",
    ].join("\n");
  const config = (name: string, secret = true) => `  ${name}:\n    type: string\n${secret ? "    secret: true\n" : ""}`;
  const program = [
    "config:",
    // The unreachable provider's URL is plain config, as a user may leave it: the plugin keeps it secret itself.
    ...["endpoint", "unreachableRedis"].map((name) => config(name, false)),
    ...["secretId", "secretKey", "explicitRedis"].map((name) => config(name)),
    "resources:",
    provider("explicit", "explicitRedis"),
    provider("unreachable", "unreachableRedis"),
    binding("alice", 100000000001),
    binding("bob", 100000000002, "explicit"),
    binding("carol", 100000000003, "unreachable"),
  ].join("\n");

  beforeAll(async () => {
    assertBuildIsCurrent();
    assertYamlHost();
    emulator = await startEmulator();
    pluginRedis = await startRedis({ password: secrets.plugin });
    explicitRedis = await startRedis({ password: secrets.explicit });
    // No TENCENTCLOUD_* variables: every setting comes from the stack config or a provider's inputs.
    project = await cliProject(yamlProject("member-email-redis-yaml", program));
    const secretValues: Record<string, string> = {
      secretId: emulator.secretId,
      secretKey: emulator.secretKey,
      explicitRedis: explicitRedis.url,
      "tencentcloud-member-email:secretId": emulator.secretId,
      "tencentcloud-member-email:secretKey": emulator.secretKey,
      "tencentcloud-member-email:organizationRateLimitRedis": pluginRedis.url,
    };
    await project.pulumiOk([
      "config",
      "set-all",
      ...Object.entries(secretValues).flatMap(([key, value]) => ["--secret", `${key}=${value}`]),
      ...["--plaintext", `endpoint=${emulator.url}`],
      ...["--plaintext", `unreachableRedis=redis://:${secrets.unreachable}@127.0.0.1:${await freePort()}`],
      ...["--plaintext", `tencentcloud-member-email:organizationEndpoint=${emulator.url}`],
    ]);
    up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  }, 300_000);
  afterAll(async () => {
    await project?.dispose();
    if (project) rmSync(project.dir, { recursive: true, force: true });
    pluginRedis?.stop();
    explicitRedis?.stop();
    await emulator?.stop();
  });

  test("pulumi up succeeds and creates the three bindings, the one whose Redis is unreachable too", () => {
    expect({ code: up.code, output: up.code === 0 ? "" : up.output }).toEqual({ code: 0, output: "" });
    expect(up.stdout).toMatch(/\+ 6 created/);
    const bound = emulator.bindings().map((binding) => binding.memberUin);
    expect(bound.sort()).toEqual([100000000001, 100000000002, 100000000003]);
  });

  test("the default provider paces its calls in the Redis of the stack config", async () => {
    const traces = await limiterTraces(pluginRedis.url);
    expect(traces.keys).toContainEqual(expect.stringMatching(/^b_tencentcloud-member-email:[0-9a-f]{32}_settings$/));
    expect(traces.jobsDone).toBeGreaterThanOrEqual(1);
  });

  test("the explicit provider paces its calls in the Redis of its own input", async () => {
    const traces = await limiterTraces(explicitRedis.url);
    expect(traces.keys).toContainEqual(expect.stringMatching(/^b_tencentcloud-member-email:[0-9a-f]{32}_settings$/));
    expect(traces.jobsDone).toBeGreaterThanOrEqual(1);
  });

  test("the provider whose Redis is unreachable warns once, naming the plugin's key, and its binding is made all the same", () => {
    expect(diagnosticLines(up.stdout, UNREACHABLE)).toEqual([
      `warning: tencentcloud-member-email:organizationRateLimitRedis: ${UNREACHABLE} ` +
        "(processes sharing the budget still adapt to each other).",
    ]);
    expect(emulator.bindings().some((binding) => binding.memberUin === 100000000003)).toBe(true);
  });

  test("no Redis password is in the output of pulumi up or in pulumi stack export", async () => {
    expectNoPassword("pulumi up", up.output, all);
    const exported = (await project.pulumiOk(["stack", "export"])).stdout;
    expect(exported).toContain("organizationRateLimitRedis");
    expectNoPassword("pulumi stack export", exported, all);
  });
});
