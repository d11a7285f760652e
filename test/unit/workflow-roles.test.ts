/**
 * The example workflows against the roles docs/credentials.md tells a team to create, on the emulator's STS and
 * CAM: each job that assumes a role gets a GitHub token whose subject its role's trust policy
 * (examples/cam/*.trust.json) accepts and no other role's does, and the preview role, whose token any pull
 * request's code can get, is refused a reminder and every change of a binding. The mapping (variable, policy,
 * trust policy, workflow, subject) is read from the docs' table, so the docs and the files cannot drift apart;
 * each job's subject is derived from its workflow's triggers and environment, as GitHub sets it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Emulator,
  type EmulatorCamPolicy,
  type EmulatorTrustPolicy,
  startEmulator,
} from "tencentcloud-organization-emulator";
import { parse } from "yaml";
import { type Key, serviceClient } from "../support/organization-client";

const root = join(__dirname, "..", "..");
const OWNER_REPO = "OWNER/REPO";
/** The claims every GitHub token of the docs' setup carries besides its subject. */
const ISSUER = "https://token.actions.githubusercontent.com";
const AUDIENCE = "sts.tencentcloudapi.com";
/** What a pull request's code must never do with the preview role. */
const WRITES = ["SendOrgMemberAccountBindEmail", "AddOrganizationMemberEmail", "UpdateOrganizationMemberEmailBind"];

/** One row of docs/credentials.md's table of roles. */
interface RoleRow {
  readonly role: string;
  readonly variable: string;
  readonly policy: string;
  readonly trust: string;
  readonly workflow: string;
  /** The subject the docs say the workflow's token carries. */
  readonly subject: string;
}

/** The table under "## Three roles" in docs/credentials.md: role, variable, policy, trust, workflow, subject. */
function documentedRoles(): RoleRow[] {
  const docs = readFileSync(join(root, "docs", "credentials.md"), "utf8");
  const section = docs.split(/^## /m).find((part) => part.startsWith("Three roles"));
  if (!section) throw new Error('docs/credentials.md has no "## Three roles" section.');
  const cell = (text: string) => text.trim().replace(/^`|`$/g, "");
  return section
    .split("\n")
    .filter((line) => /^\| \*\*\w+\*\* \|/.test(line))
    .map((line) => {
      const [role, variable, policy, trust, workflow, subject] = line.split("|").slice(1, 7).map(cell);
      return { role: role.replace(/\*/g, ""), variable, policy, trust, workflow, subject };
    });
}

// ---- the emulator, with the documented roles ----

/** The role ARN of a documented role, in the emulator's account. */
const roleArn = (role: string): string => `qcs::cam::uin/100000000000:roleName/member-email-${role}`;

/** A JWT shaped like the token GitHub gives a job (the emulator checks its claims, not its signature). */
function githubToken(subject: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const claims = { iss: ISSUER, aud: AUDIENCE, sub: subject, exp: 4_000_000_000 };
  return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.c2lnbmF0dXJl`;
}

function readDocument<T>(file: string): T {
  let text: string;
  try {
    text = readFileSync(join(root, file), "utf8");
  } catch {
    throw new Error(`${file}, which docs/credentials.md names, is missing.`);
  }
  return JSON.parse(text) as T;
}

/** AssumeRoleWithWebIdentity as the provider calls it: the temporary key, or the error code STS answered. */
async function assume(target: Emulator, role: string, subject: string): Promise<Key | { code: string }> {
  try {
    const answer = await serviceClient(target, "sts", { secretId: "", secretKey: "" }).request(
      "AssumeRoleWithWebIdentity",
      {
        ProviderId: "github-actions",
        WebIdentityToken: githubToken(subject),
        RoleArn: roleArn(role),
        RoleSessionName: "github-1",
      },
      { skipSign: true },
    );
    const credentials = answer.Credentials as { TmpSecretId: string; TmpSecretKey: string; Token: string };
    return { secretId: credentials.TmpSecretId, secretKey: credentials.TmpSecretKey, token: credentials.Token };
  } catch (error) {
    return { code: (error as { code?: string }).code ?? String(error) };
  }
}

/** The error code of `action` called with `key` and an empty body, or "ok": CAM decides before the parameters. */
async function outcome(target: Emulator, action: string, key: Key): Promise<string> {
  try {
    await serviceClient(target, "organization", key).request(action, {});
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

// ---- GitHub: which subject a job's token carries ----

interface Job {
  readonly environment?: string | { readonly name: string };
  readonly env?: Readonly<Record<string, string>>;
}
interface Workflow {
  readonly on: unknown;
  readonly env?: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}

/**
 * The subjects GitHub puts in a job's token, from its workflow's triggers (a job with an environment carries the
 * environment's subject whatever triggered it). A trigger the test cannot place fails the test.
 */
function subjects(workflow: Workflow, job: Job): string[] {
  if (job.environment !== undefined) {
    const name = typeof job.environment === "string" ? job.environment : job.environment.name;
    return [`repo:${OWNER_REPO}:environment:${name}`];
  }
  const on = workflow.on;
  const triggers: Record<string, unknown> =
    typeof on === "string"
      ? { [on]: null }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((name: string) => [name, null]))
        : (on as Record<string, unknown>);
  const all = Object.entries(triggers).flatMap(([trigger, filter]) => {
    switch (trigger) {
      case "pull_request":
        return [`repo:${OWNER_REPO}:pull_request`];
      // A schedule runs the default branch; a dispatch, as the docs use it, too.
      case "schedule":
      case "workflow_dispatch":
        return [`repo:${OWNER_REPO}:ref:refs/heads/main`];
      case "push": {
        const branches = (filter as { branches?: string[] } | null)?.branches;
        if (!branches) throw new Error("A push without a branch filter: the test cannot tell its subject.");
        return branches.map((branch) => `repo:${OWNER_REPO}:ref:refs/heads/${branch}`);
      }
      default:
        throw new Error(`The test cannot tell the subject of a "${trigger}" run.`);
    }
  });
  return [...new Set(all)];
}

/** The repository variable a job takes its role ARN from (`${{ vars.NAME }}`), when it assumes one. */
function roleVariable(workflow: Workflow, job: Job): string | undefined {
  const value = job.env?.TENCENTCLOUD_ASSUME_ROLE_ARN ?? workflow.env?.TENCENTCLOUD_ASSUME_ROLE_ARN;
  if (value === undefined) return undefined;
  const variable = /^\$\{\{ vars\.(\w+) \}\}$/.exec(value)?.[1];
  if (!variable) throw new Error(`TENCENTCLOUD_ASSUME_ROLE_ARN is "${value}": the docs name a plain vars.NAME.`);
  return variable;
}

const roles = documentedRoles();
/** Every job of the three workflows that assumes a role, with its subjects and the documented role it names. */
const jobs = roles.flatMap((row) => {
  const workflow = parse(readFileSync(join(root, row.workflow), "utf8")) as Workflow;
  return Object.entries(workflow.jobs).flatMap(([name, job]) => {
    const variable = roleVariable(workflow, job);
    return variable === undefined
      ? []
      : [{ workflow: row.workflow, job: name, variable, subjects: subjects(workflow, job) }];
  });
});

test("the docs walk through three roles, each with its variable, policy, trust policy and workflow", () => {
  expect(roles.map((row) => row.role)).toEqual(["preview", "apply", "sweep"]);
  expect(roles).toEqual(
    ["preview", "apply", "sweep"].map((role) => ({
      role,
      variable: `${role.toUpperCase()}_ROLE_ARN`,
      policy: `examples/cam/${role}.json`,
      trust: `examples/cam/${role}.trust.json`,
      workflow: `examples/github-actions/${role === "sweep" ? "daily-sweep" : role}.yml`,
      subject: expect.stringMatching(/^repo:OWNER\/REPO:/),
    })),
  );
  // Each workflow assumes a role in exactly one job (the sweep's record job assumes none).
  expect(jobs.map((job) => job.workflow)).toEqual(roles.map((row) => row.workflow));
});

let emulator: Emulator;
beforeAll(async () => {
  // Every subject a job's token may carry, and the pull request's: the tokens GitHub would hand out.
  const tokens = [...new Set([`repo:${OWNER_REPO}:pull_request`, ...jobs.flatMap((job) => job.subjects)])];
  emulator = await startEmulator({
    roles: roles.map((row) => ({ roleArn: roleArn(row.role) })),
    webIdentityTokens: tokens.map(githubToken),
    trustPolicies: Object.fromEntries(
      roles.map((row) => [roleArn(row.role), readDocument<EmulatorTrustPolicy>(row.trust)]),
    ),
    policies: Object.fromEntries(roles.map((row) => [roleArn(row.role), readDocument<EmulatorCamPolicy>(row.policy)])),
  });
});
afterAll(() => emulator.stop());

test.each(roles)("the $role workflow's token assumes the $role role and no other", async (row) => {
  const own = jobs.filter((job) => job.workflow === row.workflow);
  for (const job of own) {
    // The job names the variable the docs tell the team to set, and its token carries the subject they name.
    expect(job.variable).toBe(row.variable);
    expect(job.subjects).toEqual([row.subject]);
    for (const subject of job.subjects) {
      for (const other of roles) {
        const answer = await assume(emulator, other.role, subject);
        expect({ subject, role: other.role, assumed: "secretId" in answer }).toEqual({
          subject,
          role: other.role,
          assumed: other.role === row.role,
        });
        // A refusal is the trust policy's (UnauthorizedOperation), not a token the emulator does not know.
        if (!("secretId" in answer)) expect(answer.code).toBe("UnauthorizedOperation");
      }
    }
  }
});

test("the preview workflow's pull-request subject is refused by the sweep and apply roles", async () => {
  const preview = jobs.find((job) => job.workflow.endsWith("/preview.yml"));
  expect(preview?.subjects).toEqual([`repo:${OWNER_REPO}:pull_request`]);
  for (const role of ["sweep", "apply"]) {
    expect(await assume(emulator, role, `repo:${OWNER_REPO}:pull_request`)).toEqual({ code: "UnauthorizedOperation" });
  }
});

test("the preview role's keys are refused a reminder and every change of a binding; the sweep role's may send", async () => {
  const preview = await assume(emulator, "preview", `repo:${OWNER_REPO}:pull_request`);
  if (!("secretId" in preview)) throw new Error(`The preview role was refused: ${preview.code}.`);
  for (const action of WRITES) {
    expect({ action, outcome: await outcome(emulator, action, preview) }).toEqual({
      action,
      outcome: "AuthFailure.UnauthorizedOperation",
    });
  }
  // Its own job's reads pass CAM (an empty body then fails on its parameters, or succeeds).
  expect(await outcome(emulator, "DescribeOrganizationMemberEmailBind", preview)).not.toBe(
    "AuthFailure.UnauthorizedOperation",
  );
  const sweep = await assume(emulator, "sweep", `repo:${OWNER_REPO}:ref:refs/heads/main`);
  if (!("secretId" in sweep)) throw new Error(`The sweep role was refused: ${sweep.code}.`);
  expect(await outcome(emulator, "SendOrgMemberAccountBindEmail", sweep)).not.toBe("AuthFailure.UnauthorizedOperation");
});
