/**
 * Each job a team runs, under exactly the CAM policy the docs give its role (examples/cam/*.json), against the
 * emulator enforcing it: the job passes; and under its policy less any one action it allows, the job fails with
 * a message naming that action and the policy file that grants it, so every policy is proven both sufficient and
 * least. The jobs run in-process: the lifecycle through both doors (the dynamic provider and the native plugin's
 * provider), and the commands through their entry point.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEMO_SECRET_ID,
  type Emulator,
  type EmulatorOptions,
  type EmulatorCamPolicy as PolicyDocument,
} from "tencentcloud-organization-emulator";
import { memberEmailProvider } from "../../provider";
import { camJobs, type CamJob } from "../../provider/api/errors";
import { main } from "../../provider/cli/cli";
import { nativeProvider } from "../../provider/plugin/native-provider";
import { camPolicy } from "../support/cam-policy";
import { emulatorForProvider } from "../support/emulator";

const provider = memberEmailProvider as Required<typeof memberEmailProvider>;
const uin = (n: number): number => 100000000000 + n;
const DAY_MS = 24 * 60 * 60 * 1000;
const JOBS: readonly CamJob[] = ["preview", "apply", "sweep"];
const URN = "urn:pulumi:dev::bindings::tencentcloud-member-email:index:OrganizationMemberEmail::binding";

/** The Organization actions a policy file allows, without the `organization:` prefix. */
function allowedActions(policy: PolicyDocument): string[] {
  return policy.statement
    .filter((statement) => statement.effect === "allow")
    .flatMap((statement) => (typeof statement.action === "string" ? [statement.action] : statement.action))
    .map((action) => action.replace(/^organization:/, ""));
}

/** `policy` with `action` taken out of every statement. */
function without(policy: PolicyDocument, action: string): PolicyDocument {
  return {
    ...policy,
    statement: policy.statement.map((statement) => ({
      ...statement,
      action: allowedActions({ ...policy, statement: [statement] })
        .filter((allowed) => allowed !== action)
        .map((allowed) => `organization:${allowed}`),
    })),
  };
}

const alice = { memberUin: uin(1), email: "alice@example.com", countryCode: "86", phone: "13800138001" };
const bob = { memberUin: uin(2), email: "bob@example.com", countryCode: "86", phone: "13800138002" };
const carol = { memberUin: uin(3), email: "carol@example.com", countryCode: "86", phone: "13800138003" };
const dave = { memberUin: uin(4), email: "dave@example.com", countryCode: "86", phone: "13800138004" };

let folder: string;
let seedFile: string;
let teamFile: string;
let seededAt: Date;

/**
 * Bindings that exist before any job runs, made once through the provider with the unrestricted key pair: alice's
 * (whose state a stack holds) and bob's (which a stack may import).
 */
let aliceState: Record<string, unknown>;
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "member-email-least-privilege-"));
  seedFile = join(folder, "seed.sqlite");
  teamFile = join(folder, "team.yaml");
  writeFileSync(teamFile, `members:\n${[1, 2, 3].map((n) => `  - memberUin: ${uin(n)}\n`).join("")}`);
  const seeding = await emulatorForProvider({ dataFile: seedFile, members: [1, 2, 3, 4].map(uin) });
  aliceState = (await provider.create(alice)).outs as Record<string, unknown>;
  await provider.create(bob);
  seededAt = seeding.now();
  await seeding.stop();
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

let runs = 0;
/** An emulator on a copy of the seeded bindings, with `cam`'s roles and policies. */
async function seeded(cam: Pick<EmulatorOptions, "roles" | "policies">): Promise<Emulator> {
  runs += 1;
  const dataFile = join(folder, `run-${runs}.sqlite`);
  copyFileSync(seedFile, dataFile);
  emulator = await emulatorForProvider({ dataFile, members: [1, 2, 3, 4].map(uin), ...cam });
  return emulator;
}

/** An emulator on a copy of the seeded bindings, enforcing `policy` for the key pair the provider signs with. */
const enforcing = (policy: PolicyDocument): Promise<Emulator> => seeded({ policies: { [DEMO_SECRET_ID]: policy } });

/** How a job ended: failed or not, with the message of its first failure (or its commands' output). */
interface Outcome {
  readonly failed: boolean;
  readonly message: string;
}

/** Runs a step of the lifecycle; a thrown error fails the job with its message. */
async function step(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return { failed: false, message: "" };
  } catch (error) {
    return { failed: true, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs the command line in this process; it fails the job on exit status 2 (a member unreadable, an API error). */
async function command(args: string[]): Promise<Outcome> {
  let output = "";
  const status = await main(args, {
    stdout: (text) => void (output += text),
    stderr: (text) => void (output += text),
  });
  // 1 is a finding or a refused send the run was asked to report; 2 is a run that could not do its work.
  return { failed: status === 2 || /UnauthorizedOperation/.test(output), message: output };
}

/** The first failed outcome of `steps`, run in order, or a passed one. */
async function firstFailure(steps: readonly (() => Promise<Outcome>)[]): Promise<Outcome> {
  for (const next of steps) {
    const outcome = await next();
    if (outcome.failed) return outcome;
  }
  return { failed: false, message: "" };
}

/** A door of the provider: its lifecycle calls, as the engine makes them. */
interface Door {
  create(inputs: Record<string, unknown>): Promise<Record<string, unknown>>;
  read(id: string, props: Record<string, unknown>): Promise<Record<string, unknown>>;
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<Record<string, unknown>>;
  delete(id: string, props: Record<string, unknown>): Promise<void>;
}

const dynamicDoor: Door = {
  create: async (inputs) => (await provider.create(inputs)).outs as Record<string, unknown>,
  read: async (id, props) => (await provider.read(id, props)).props as Record<string, unknown>,
  update: async (id, olds, news) => (await provider.update(id, olds, news)).outs as Record<string, unknown>,
  delete: (id, props) => provider.delete(id, props),
};

/** The native plugin's provider, configured from the environment as a plugin process without config is. */
function pluginDoor(): Door {
  const native = nativeProvider();
  native.configure("urn:pulumi:dev::bindings::pulumi:providers:tencentcloud-member-email::default", {});
  return {
    create: async (inputs) => (await native.create(URN, inputs)).outs,
    read: async (id, props) => (await native.read(id, URN, props, {})).props,
    update: async (id, olds, news) => (await native.update(id, URN, olds, news)).outs,
    delete: (id, props) => native.delete(id, URN, props),
  };
}

const doors = { dynamic: () => dynamicDoor, plugin: pluginDoor };

/** `pulumi preview --refresh` of a stack holding alice's binding, unchanged. */
async function previewRefresh(door: Door): Promise<Outcome> {
  const id = String(alice.memberUin);
  return firstFailure([
    () => step(() => door.read(id, aliceState)),
    () => step(() => provider.diff(id, aliceState, alice)),
  ]);
}

/** `audit` of the team file, measured two days before the seeded links expire. */
const audit = () =>
  command(["audit", "--team-file", teamFile, "--at", new Date(seededAt.getTime() + 13 * DAY_MS).toISOString()]);

/** The daily sweep's `remind`, two days before the seeded links expire: alice's and bob's are due. */
const remind = () =>
  command([
    "remind",
    "--team-file",
    teamFile,
    "--record",
    join(folder, `reminders-${runs}.json`),
    "--at",
    new Date(seededAt.getTime() + 13 * DAY_MS).toISOString(),
  ]);

/**
 * `pulumi up` and the rest of the apply role's work, through one door, for a new binding of `member`: each step
 * the engine can ask of it.
 */
async function applyWork(door: Door, member: typeof carol): Promise<Outcome> {
  const id = String(member.memberUin);
  let state: Record<string, unknown> = {};
  const changed = { ...member, phone: `${member.phone.slice(0, -1)}9` };
  return firstFailure([
    // up: a new binding, then a phone update, then an activation reminder.
    () => step(async () => void (state = await door.create(member))),
    () => step(async () => void (state = await door.update(id, state, changed))),
    () => step(async () => void (state = await door.update(id, state, { ...changed, activationReminder: "2026-12" }))),
    // up: a binding that exists already, declared with its email, is adopted.
    () => step(() => door.create(alice)),
    // import, refresh, destroy.
    () => step(() => door.read(String(bob.memberUin), {})),
    () => step(() => door.read(id, state)),
    () => step(() => door.delete(id, state)),
  ]);
}

/** Each job as its role runs it, through both doors where it touches the provider. */
const jobs: Readonly<Record<CamJob, () => Promise<Outcome>>> = {
  preview: () => firstFailure([() => previewRefresh(doors.dynamic()), () => previewRefresh(doors.plugin()), audit]),
  apply: () => firstFailure([() => applyWork(doors.dynamic(), carol), () => applyWork(doors.plugin(), dave)]),
  sweep: () => firstFailure([remind, audit]),
};

describe.each(JOBS)("the %s job", (job) => {
  test("passes under exactly its policy", async () => {
    await enforcing(camPolicy(job));
    expect(await jobs[job]()).toEqual({ failed: false, message: "" });
  });

  test.each(allowedActions(camPolicy(job)))(
    "fails under its policy without %s, naming the action and the policy file that grants it",
    async (action) => {
      const running = await enforcing(without(camPolicy(job), action));
      const outcome = await jobs[job]();
      expect(outcome.failed).toBe(true);
      expect(outcome.message).toContain(`organization:${action} was refused`);
      expect(outcome.message).toContain(camJobs[job].policyFile);
      expect(running.requestCount(action)).toBeGreaterThan(0);
    },
  );
});

describe("under the preview policy, `pulumi up` that would create a binding", () => {
  test.each(Object.keys(doors) as (keyof typeof doors)[])(
    "fails through the %s door after exactly one Add, naming the action and examples/cam/apply.json",
    async (door) => {
      const running = await enforcing(camPolicy("preview"));
      const outcome = await step(() => doors[door]().create(carol));
      expect(outcome.failed).toBe(true);
      expect(outcome.message).toMatch(
        /^AddOrganizationMemberEmail for member 100000000003 failed with AuthFailure\.UnauthorizedOperation: .*organization:AddOrganizationMemberEmail was refused: the CAM policies of these credentials do not allow it, and a role that runs `pulumi up`, `refresh`, `import` or `destroy` needs it: examples\/cam\/apply\.json \(docs\/credentials\.md\)\. \(RequestId: [\w-]+\)$/,
      );
      // Refused once, never retried: a refusal is not a transient failure.
      expect(running.requestCount("AddOrganizationMemberEmail")).toBe(1);
    },
  );
});

describe("a policy given to a role the key pair assumes", () => {
  const ROLE = "qcs::cam::uin/100000000000:roleName/member-email-preview";
  const roleVariables = [
    "TENCENTCLOUD_ASSUME_ROLE_ARN",
    "TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME",
    "TENCENTCLOUD_STS_ENDPOINT",
  ];
  afterEach(() => {
    for (const name of roleVariables) delete process.env[name];
  });

  test("holds as it does for the key pair: the preview job passes and a create is refused naming apply.json", async () => {
    // The key pair itself may call nothing: every allowed call is the role's.
    const running = await seeded({
      roles: [{ roleArn: ROLE }],
      policies: { [DEMO_SECRET_ID]: { version: "2.0", statement: [] }, [ROLE]: camPolicy("preview") },
    });
    process.env.TENCENTCLOUD_ASSUME_ROLE_ARN = ROLE;
    process.env.TENCENTCLOUD_ASSUME_ROLE_SESSION_NAME = "preview";
    process.env.TENCENTCLOUD_STS_ENDPOINT = running.url;

    expect(await jobs.preview()).toEqual({ failed: false, message: "" });
    const refused = await step(() => dynamicDoor.create(carol));
    expect(refused.message).toContain(
      "organization:AddOrganizationMemberEmail was refused: the CAM policies of these credentials do not allow it, " +
        "and a role that runs `pulumi up`, `refresh`, `import` or `destroy` needs it: examples/cam/apply.json",
    );
    expect(running.requestCount("AssumeRole")).toBeGreaterThan(0);
    expect(running.requestCount("AddOrganizationMemberEmail")).toBe(1);
  });
});

describe("discover", () => {
  test("lists the bindings under the preview policy, and without DescribeOrganizationMembers fails naming it", async () => {
    await enforcing(camPolicy("preview"));
    const listed = await command(["discover", "--json"]);
    expect(listed.failed).toBe(false);
    expect(listed.message).toContain(`"memberUin": ${alice.memberUin}`);
    await emulator?.stop();

    const running = await enforcing(without(camPolicy("preview"), "DescribeOrganizationMembers"));
    const refused = await command(["discover", "--json"]);
    expect(refused.failed).toBe(true);
    expect(refused.message).toContain(
      "organization:DescribeOrganizationMembers was refused: the CAM policies of these credentials do not allow it, " +
        "and a role that runs `pulumi preview --refresh` or `audit` on a pull request needs it: examples/cam/preview.json",
    );
    expect(running.requestCount("DescribeOrganizationMembers")).toBe(1);
  });
});
