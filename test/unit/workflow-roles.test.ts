/**
 * The example workflows against the roles docs/credentials.md tells a team to create: each job that assumes a role
 * carries an OIDC subject that role's trust policy (examples/cam/*.trust.json) accepts and no other role's does,
 * and the preview role, whose token any pull request's code can get, can neither send a reminder nor change a
 * binding. The mapping (variable, policy, trust policy, workflow) is read from the docs' table, so the docs and
 * the files cannot drift apart.
 *
 * The trust policies are evaluated here as Tencent documents CAM conditions (`string_equal`, `string_like` with
 * `*`, on `oidc:sub`, `oidc:aud`, `oidc:iss`; every operator and key must hold, any value of a list may match),
 * since the emulator's STS checks a token, not a workflow file.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const root = join(__dirname, "..", "..");
const OWNER_REPO = "OWNER/REPO";
/** The claims every GitHub token of the docs' setup carries besides its subject. */
const ISSUER = "https://token.actions.githubusercontent.com";
const AUDIENCE = "sts.tencentcloudapi.com";
const WRITES = [
  "organization:SendOrgMemberAccountBindEmail",
  "organization:AddOrganizationMemberEmail",
  "organization:UpdateOrganizationMemberEmailBind",
];

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

// ---- CAM, as the documentation writes it ----

type Values = string | readonly string[];
interface Statement {
  readonly effect: string;
  readonly action?: Values;
  readonly resource?: Values;
  readonly condition?: Readonly<Record<string, Readonly<Record<string, Values>>>>;
}
interface PolicyDocument {
  readonly version: string;
  readonly statement: readonly Statement[];
}

const list = (values: Values | undefined): readonly string[] =>
  values === undefined ? [] : typeof values === "string" ? [values] : values;

/** CAM's `*` wildcard (any characters), whole string, case-insensitive as CAM compares action names. */
const wildcard = (pattern: string, value: string, flags = ""): boolean =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
    flags,
  ).test(value);

/** Whether a policy's allow statements grant `action` (and no deny takes it back). */
function allows(policy: PolicyDocument, action: string): boolean {
  const matches = (statement: Statement) =>
    list(statement.action).some((pattern) => wildcard(pattern, action, "i")) &&
    list(statement.resource).some((resource) => resource === "*");
  const granted = policy.statement.some((statement) => statement.effect === "allow" && matches(statement));
  return granted && !policy.statement.some((statement) => statement.effect === "deny" && matches(statement));
}

/** Whether a condition block holds for `claims`; an operator or key this test does not know fails the test. */
function conditionHolds(condition: Statement["condition"], claims: Readonly<Record<string, string>>): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => {
      const claim = claims[key];
      if (claim === undefined) throw new Error(`The test knows no condition key "${key}".`);
      if (operator === "string_equal") return list(values).includes(claim);
      if (operator === "string_like") return list(values).some((pattern) => wildcard(pattern, claim));
      throw new Error(`The test knows no condition operator "${operator}".`);
    }),
  );
}

/** Whether a role's trust policy lets a GitHub token with `subject` assume it through AssumeRoleWithWebIdentity. */
function trustAccepts(trust: PolicyDocument, subject: string): boolean {
  const claims = { "oidc:sub": subject, "oidc:aud": AUDIENCE, "oidc:iss": ISSUER };
  const applies = (statement: Statement) =>
    list(statement.action).some((action) => wildcard(action, "name/sts:AssumeRoleWithWebIdentity", "i")) &&
    conditionHolds(statement.condition, claims);
  const statements = trust.statement;
  return (
    statements.some((statement) => statement.effect === "allow" && applies(statement)) &&
    !statements.some((statement) => statement.effect === "deny" && applies(statement))
  );
}

function readDocument(file: string): PolicyDocument {
  let text: string;
  try {
    text = readFileSync(join(root, file), "utf8");
  } catch {
    throw new Error(`${file}, which docs/credentials.md names, is missing.`);
  }
  const document = JSON.parse(text) as PolicyDocument;
  expect(document.version).toBe("2.0");
  return document;
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

test.each(roles)("the $role workflow's token assumes the $role role and no other", (row) => {
  const own = jobs.filter((job) => job.workflow === row.workflow);
  for (const job of own) {
    // The job names the variable the docs tell the team to set, and its token carries the subject they name.
    expect(job.variable).toBe(row.variable);
    expect(job.subjects).toEqual([row.subject]);
    for (const subject of job.subjects) {
      for (const other of roles) {
        expect({ subject, role: other.role, accepted: trustAccepts(readDocument(other.trust), subject) }).toEqual({
          subject,
          role: other.role,
          accepted: other.role === row.role,
        });
      }
    }
  }
});

test("the preview workflow's pull-request subject is refused by the sweep and apply roles", () => {
  const preview = jobs.find((job) => job.workflow.endsWith("/preview.yml"));
  expect(preview?.subjects).toEqual([`repo:${OWNER_REPO}:pull_request`]);
  for (const role of ["sweep", "apply"]) {
    const row = roles.find((candidate) => candidate.role === role);
    expect(trustAccepts(readDocument(row?.trust ?? ""), `repo:${OWNER_REPO}:pull_request`)).toBe(false);
  }
});

test("the preview role can neither send a reminder nor add or change a binding; the sweep role can send", () => {
  const policy = (role: string) => readDocument(roles.find((row) => row.role === role)?.policy ?? "");
  for (const action of WRITES)
    expect({ action, allowed: allows(policy("preview"), action) }).toEqual({ action, allowed: false });
  expect(allows(policy("preview"), "organization:DescribeOrganizationMemberEmailBind")).toBe(true);
  expect(allows(policy("sweep"), "organization:SendOrgMemberAccountBindEmail")).toBe(true);
});

test("the policy check counts wildcards and deny as CAM does", () => {
  const allow = (action: string): PolicyDocument => ({
    version: "2.0",
    statement: [{ effect: "allow", action: [action], resource: ["*"] }],
  });
  for (const pattern of ["*", "organization:*", "organization:Send*", "Organization:sendorgmemberaccountbindemail"]) {
    expect(allows(allow(pattern), "organization:SendOrgMemberAccountBindEmail")).toBe(true);
  }
  expect(allows(allow("organization:Describe*"), "organization:SendOrgMemberAccountBindEmail")).toBe(false);
  expect(
    allows(
      {
        version: "2.0",
        statement: [
          { effect: "allow", action: "organization:*", resource: "*" },
          { effect: "deny", action: "organization:Send*", resource: "*" },
        ],
      },
      "organization:SendOrgMemberAccountBindEmail",
    ),
  ).toBe(false);
  const trust = (operator: string, sub: string): PolicyDocument => ({
    version: "2.0",
    statement: [
      {
        effect: "allow",
        action: "name/sts:AssumeRoleWithWebIdentity",
        condition: { [operator]: { "oidc:sub": [sub], "oidc:aud": AUDIENCE } },
      },
    ],
  });
  expect(trustAccepts(trust("string_like", "repo:OWNER/REPO:*"), "repo:OWNER/REPO:pull_request")).toBe(true);
  expect(trustAccepts(trust("string_like", "repo:OWNER/REPO:ref:*"), "repo:OWNER/REPO:pull_request")).toBe(false);
  expect(trustAccepts(trust("string_equal", "repo:OWNER/REPO:ref:*"), "repo:OWNER/REPO:ref:refs/heads/main")).toBe(
    false,
  );
});
