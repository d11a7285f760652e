/**
 * examples/github-actions/daily-sweep.yml: what it runs and in which order, and actionlint's verdict on it.
 * actionlint comes from test/support/actionlint.ts (the pinned version, built with Go when missing).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { lintWorkflows } from "../support/actionlint";

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

test("actionlint finds nothing in the sweep workflow, the preview workflow nor the apply workflow", () => {
  const examples = join(__dirname, "..", "..", "examples", "github-actions");
  const files = [workflowFile, join(examples, "preview.yml"), join(examples, "apply.yml")];
  const verdict = lintWorkflows(files);
  expect(verdict.output).toBe("");
  expect(verdict.status).toBe(0);
}, 300_000);
