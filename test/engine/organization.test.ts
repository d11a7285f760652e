import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { repositoryRoot } from "../../scripts/engine";
import { assertBuildIsCurrent } from "../support/build";
import { childOutput } from "../support/child-output";
import { cliProject, emulatorEnvironment, type CliProject } from "../support/cli-project";
import {
  bindOutsidePulumi,
  expectedDiscovery,
  mixedBindings,
  organizationMembers,
  type OutsideBinding,
} from "../support/organization-setup";
import { ARRIVAL_JITTER_REQUESTS, watchRequestRate } from "../support/request-rate";
import { parse } from "yaml";

jest.setTimeout(600_000);

const MEMBERS = 300;
const BOUND = 120;
const members = organizationMembers(MEMBERS);
const outside = mixedBindings(members, BOUND);

let emulator: Emulator;
let bindIds: Map<number, number>;
let folder: string;
let project: CliProject | undefined;
beforeAll(async () => {
  assertBuildIsCurrent();
  emulator = await startEmulator({ members });
  bindIds = await bindOutsidePulumi(emulator, outside);
  folder = mkdtempSync(join(tmpdir(), "member-email-organization-"));
});
afterAll(async () => {
  await project?.dispose();
  await emulator?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** Runs the built command line as a user's npx would, against the emulator; answers its exit status and output. */
function discover(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const script = join(repositoryRoot, "dist", "provider", "cli", "cli.js");
  const child = spawn(process.execPath, [script, "discover", ...args], {
    env: {
      PATH: process.env.PATH ?? "",
      TENCENTCLOUD_ORGANIZATION_ENDPOINT: emulator.url,
      TENCENTCLOUD_SECRET_ID: emulator.secretId,
      TENCENTCLOUD_SECRET_KEY: emulator.secretKey,
    },
  });
  return childOutput(child);
}

const count = (status: OutsideBinding["status"]): number =>
  outside.filter((binding) => binding.status === status).length;

const discoverTest = `discover --json lists exactly the ${BOUND} bound of ${MEMBERS} members, at most 20 calls a second per action`;
test(discoverTest, async () => {
  const actions = ["DescribeOrganizationMembers", "DescribeOrganizationMemberEmailBind"];
  const watch = watchRequestRate(emulator, actions);
  const startedAt = performance.now();
  // --show-emails: the JSON is compared with the emails bound; without it they are masked (see discover.test.ts).
  const result = await discover(["--json", "--show-emails", "--out", join(folder, "organization.yaml")]);
  const seconds = (performance.now() - startedAt) / 1000;
  const rates = watch.stop();
  expect(result.stderr).toMatch(
    new RegExp(
      `${MEMBERS} members, ${BOUND} bound: ${count("Valid")} waiting for activation, ` +
        `${count("Success")} active, ${count("Failed")} failed`,
    ),
  );
  expect(result.status).toBe(0);

  const listed = JSON.parse(result.stdout) as unknown[];
  const expected = expectedDiscovery(outside, bindIds);
  expect(listed).toEqual(expected);

  // Every request was answered the first time: the emulator's bucket of 20 a second refused none, so nothing was
  // retried. And the calls were paced, not sent in bursts: no second received more than 20, give or take the
  // one request a busy machine can delay into the next (ARRIVAL_JITTER_REQUESTS).
  expect(rates.DescribeOrganizationMembers).toMatchObject({ requests: MEMBERS / 50 });
  expect(rates.DescribeOrganizationMemberEmailBind).toMatchObject({ requests: BOUND });
  for (const action of actions) expect(rates[action].mostInOneSecond).toBeLessThanOrEqual(20 + ARRIVAL_JITTER_REQUESTS);
  // Paced, not bursting: 120 descriptions 50 ms apart take at least 6 seconds.
  expect(seconds).toBeGreaterThanOrEqual((BOUND - 1) / 20);
  // And no slower than the limit: the provider starts 19 calls a second per action (20 less its 5% margin),
  // so even one after the other the calls take (pages + descriptions) / 19 seconds; the allowance covers
  // starting Node.js and loading the SDK on a loaded machine, and the first page that is awaited alone.
  const allowanceSeconds = 15;
  expect(seconds).toBeLessThanOrEqual((MEMBERS / 50 + BOUND) / 19 + allowanceSeconds);
  process.stderr.write(
    `discover of ${MEMBERS} members, ${BOUND} bound: ${seconds.toFixed(1)} s; busiest second: ` +
      `${actions.map((action) => `${action} ${rates[action].mostInOneSecond}`).join(", ")}\n`,
  );
});

const adoptTest = `pulumi up of the from-file example with the --out file adopts all ${BOUND} with no Add or Update; the preview then refuses a failed binding's email`;
test(adoptTest, async () => {
  project = await cliProject(join(repositoryRoot, "examples", "from-file"), emulatorEnvironment(emulator));
  await project.pulumiOk(["config", "set", "teamFile", join(folder, "organization.yaml")]);
  await project.pulumiOk(["config", "set", "activationReminder", "2026-11"]);
  const before = {
    add: emulator.requestCount("AddOrganizationMemberEmail"),
    update: emulator.requestCount("UpdateOrganizationMemberEmailBind"),
    send: emulator.requestCount("SendOrgMemberAccountBindEmail"),
  };
  const startedAt = performance.now();
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  const seconds = (performance.now() - startedAt) / 1000;
  expect(up.stdout).toMatch(new RegExp(`\\+ ${BOUND + 1} created`));
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(before.add);
  expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(before.update);
  // Adoption is not a change of the token: nobody is reminded yet.
  expect(emulator.requestCount("SendOrgMemberAccountBindEmail")).toBe(before.send);
  const output = await project.pulumiOk(["stack", "output", "bindIds", "--json"]);
  const adopted = JSON.parse(output.stdout) as Record<string, number>;
  expect(Object.keys(adopted)).toHaveLength(BOUND);
  for (const binding of outside) expect(adopted[String(binding.memberUin)]).toBe(bindIds.get(binding.memberUin));
  process.stderr.write(`pulumi up adopting ${BOUND} bindings: ${seconds.toFixed(1)} s\n`);

  // A failed binding's email can never be bound again: the preview fails on a failed member (the engine
  // stops at the first), and names no other.
  const preview = await project.pulumi(["preview"]);
  expect(preview.code).not.toBe(0);
  const named = [...preview.output.matchAll(/Member (\d+)'s binding \(BindId \d+\) has failed/g)].map((match) =>
    Number(match[1]),
  );
  const failed = new Set(outside.filter((binding) => binding.status === "Failed").map((binding) => binding.memberUin));
  expect(named.length).toBeGreaterThan(0);
  expect(named.filter((uin) => !failed.has(uin))).toEqual([]);
});

test("the failed bindings, given new emails and phones, are submitted again without allowEmailUpdate, then no change", async () => {
  if (!project) throw new Error("The adoption test did not create the stack this test changes.");
  const file = join(folder, "organization.yaml");
  const team = parse(readFileSync(file, "utf8")) as { members: Record<string, unknown>[] };
  // A mobile number of each member's country, unused so far.
  const newPhone: Record<string, (index: number) => string> = {
    "86": (index) => `1370000${String(index).padStart(4, "0")}`,
    "1": (index) => `20256${String(index).padStart(5, "0")}`,
    "44": (index) => `74002${String(index).padStart(5, "0")}`,
  };
  team.members = team.members.map((member, index) =>
    member.bindStatus === "Failed"
      ? {
          ...member,
          email: `renewed-${String(member.memberUin)}@example.com`,
          phone: newPhone[String(member.countryCode)](index),
        }
      : member,
  );
  writeFileSync(file, JSON.stringify(team));
  const before = {
    add: emulator.requestCount("AddOrganizationMemberEmail"),
    update: emulator.requestCount("UpdateOrganizationMemberEmailBind"),
  };
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  expect(up.stdout).toMatch(new RegExp(`~ ${count("Failed")} updated`));
  expect(emulator.requestCount("UpdateOrganizationMemberEmailBind") - before.update).toBe(count("Failed"));
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(before.add);
  const resubmitted = emulator.bindings().filter((binding) => binding.email.startsWith("renewed-"));
  expect(resubmitted).toHaveLength(count("Failed"));
  expect(resubmitted.every((binding) => binding.status === "Valid")).toBe(true);
  const preview = await project.pulumi(["preview", "--expect-no-changes"]);
  expect(preview).toMatchObject({ code: 0 });
  expect(preview.stdout).toMatch(new RegExp(`${BOUND + 1} unchanged`));
});

test("a new activationReminder token resends the activation email only to bindings still waiting for it", async () => {
  if (!project) throw new Error("The adoption test did not create the stack this test changes.");
  const before = {
    send: emulator.requestCount("SendOrgMemberAccountBindEmail"),
    add: emulator.requestCount("AddOrganizationMemberEmail"),
    update: emulator.requestCount("UpdateOrganizationMemberEmailBind"),
  };
  await project.pulumiOk(["config", "set", "activationReminder", "2026-12"]);
  const startedAt = performance.now();
  const up = await project.pulumiOk(["up", "--yes", "--skip-preview"]);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  // The failed bindings were submitted again with new emails: they wait for activation too now.
  const waiting = count("Valid") + count("Failed");
  process.stderr.write(`pulumi up reminding ${waiting} of ${BOUND}: ${seconds} s\n`);
  expect(up.stdout).toMatch(new RegExp(`~ ${BOUND} updated`));
  expect(emulator.requestCount("SendOrgMemberAccountBindEmail") - before.send).toBe(waiting);
  expect(emulator.requestCount("AddOrganizationMemberEmail")).toBe(before.add);
  expect(emulator.requestCount("UpdateOrganizationMemberEmailBind")).toBe(before.update);
  expect(up.stdout).toMatch(/is already active since .*: no activation email was sent/);
  expect(up.stdout).toMatch(
    /is waiting for activation: the activation email was sent again, and its link expires in 15 days/,
  );
  expect(await project.pulumi(["preview", "--expect-no-changes"])).toMatchObject({ code: 0 });
});
