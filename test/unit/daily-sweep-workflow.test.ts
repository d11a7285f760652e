/**
 * examples/github-actions/daily-sweep.yml: what it runs and in which order, and actionlint's verdict on it.
 * actionlint is a Go program: the test uses $ACTIONLINT, the cached build, one on the PATH, or builds the pinned
 * version into ~/.cache/actionlint-bin (outside the repository); without Go it fails saying how to get it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

const workflowFile = join(__dirname, "..", "..", "examples", "github-actions", "daily-sweep.yml");

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
}
interface Job {
  readonly needs?: string;
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(workflowFile, "utf8")) as Workflow;
const steps = workflow.jobs.sweep.steps;
const indexOf = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? step.uses ?? ""));

test("the sweep runs daily and on demand, with its own OIDC role, then reminds, audits since the last report and notifies once", () => {
  expect(workflow.on.schedule?.[0]?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  expect(Object.hasOwn(workflow.on, "workflow_dispatch")).toBe(true);
  expect(workflow.jobs.sweep.permissions).toEqual({ contents: "read", "id-token": "write" });
  expect(workflow.jobs.sweep.env?.TENCENTCLOUD_ASSUME_ROLE_ARN).toBe("${{ vars.SWEEP_ROLE_ARN }}");
  const restore = indexOf(/git fetch .*RECORD_BRANCH/);
  const remind = indexOf(/pulumi-tencentcloud-member-email remind /);
  const audit = indexOf(/pulumi-tencentcloud-member-email audit /);
  const keep = steps.findIndex((step) => step.id === "keep");
  expect([restore, remind, audit, keep].every((index) => index >= 0)).toBe(true);
  expect(restore).toBeLessThan(remind);
  expect(remind).toBeLessThan(audit);
  expect(audit).toBeLessThan(keep);
  expect(steps[remind].run).toMatch(/--record reminders\.json --json > remind\.json/);
  expect(steps[audit].run).toMatch(/--since previous-audit\.json/);
  expect(steps[audit].run).toMatch(/--fail-on-new "\$FAIL_ON_NEW"/);
  expect(steps[audit].run).toMatch(/--json-out audit\.json/);
  // One chat message: only the audit posts, with remind's report in it.
  expect(steps[remind].run).not.toMatch(/--notify/);
  expect(steps[audit].run).toMatch(
    /--notify "\$NOTIFY_URL" --notify-format "\$NOTIFY_FORMAT" --remind-report remind\.json/,
  );
  // The cache is gone: it evicts what a quiet week does not use.
  expect(steps.some((step) => /actions\/cache/.test(step.uses ?? ""))).toBe(false);
  // Only the record job may push, and it installs and runs nothing of the repository.
  expect(workflow.permissions).toEqual({ contents: "read" });
  const record = workflow.jobs.record;
  expect(record.permissions).toEqual({ contents: "write" });
  expect(record.needs).toBe("sweep");
  expect(record.if).toMatch(/!cancelled\(\)/);
  expect(record.steps.some((step) => /npm|npx|pulumi/.test(step.run ?? step.uses ?? ""))).toBe(false);
});

/** actionlint's pinned version, built from the Go module proxy when no actionlint is at hand. */
const ACTIONLINT_MODULE = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.7";
const ACTIONLINT_BIN = join(homedir(), ".cache", "actionlint-bin");

/**
 * The actionlint to run: $ACTIONLINT, the cached build, one on the PATH, else a build of the pinned version into
 * the cache (about a minute the first time). Without Go to build it, the test fails saying how to get it: a
 * workflow that was not linted has not passed.
 */
function actionlint(): string {
  const candidates = [process.env.ACTIONLINT, join(ACTIONLINT_BIN, "actionlint")];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  const found = spawnSync("sh", ["-c", "command -v actionlint"], { encoding: "utf8" });
  if (found.status === 0) return found.stdout.trim();
  const built = spawnSync("go", ["install", ACTIONLINT_MODULE], {
    encoding: "utf8",
    env: { ...process.env, GOBIN: ACTIONLINT_BIN },
  });
  if (built.status !== 0 || !existsSync(join(ACTIONLINT_BIN, "actionlint"))) {
    throw new Error(
      `actionlint is needed to check the workflow: install Go and run \`GOBIN=${ACTIONLINT_BIN} go install ` +
        `${ACTIONLINT_MODULE}\`, or set ACTIONLINT to an actionlint binary. ${built.error?.message ?? built.stderr}`,
    );
  }
  return join(ACTIONLINT_BIN, "actionlint");
}

test("actionlint finds nothing in the sweep workflow, the preview workflow nor the apply workflow", () => {
  const examples = join(__dirname, "..", "..", "examples", "github-actions");
  const files = [workflowFile, join(examples, "preview.yml"), join(examples, "apply.yml")];
  const result = spawnSync(actionlint(), ["-no-color", ...files], { encoding: "utf8" });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
}, 300_000);
