/**
 * examples/github-actions/daily-sweep.yml: what it runs and in which order, and actionlint's verdict on it.
 * actionlint is a Go program: the test uses $ACTIONLINT, else one on the PATH, else the one
 * `GOBIN=~/.cache/actionlint-bin go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.7` builds (outside
 * the repository). Without any, the actionlint test is skipped and says so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

const workflowFile = join(__dirname, "..", "..", "examples", "github-actions", "daily-sweep.yml");

interface Step {
  readonly name?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
}
interface Workflow {
  readonly on: { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, { steps: Step[] }>;
}

const workflow = parse(readFileSync(workflowFile, "utf8")) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const indexOf = (pattern: RegExp) => steps.findIndex((step) => pattern.test(step.run ?? step.uses ?? ""));

test("the sweep runs daily and on demand, with OIDC, then reminds, audits since the last report and notifies", () => {
  expect(workflow.on.schedule?.[0]?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  expect(Object.hasOwn(workflow.on, "workflow_dispatch")).toBe(true);
  expect(workflow.permissions["id-token"]).toBe("write");
  const restore = indexOf(/^actions\/cache\/restore@/);
  const remind = indexOf(/pulumi-tencentcloud-member-email remind /);
  const audit = indexOf(/pulumi-tencentcloud-member-email audit /);
  const save = indexOf(/^actions\/cache\/save@/);
  expect([restore, remind, audit, save].every((index) => index >= 0)).toBe(true);
  expect(restore).toBeLessThan(remind);
  expect(remind).toBeLessThan(audit);
  expect(audit).toBeLessThan(save);
  expect(steps[remind].run).toMatch(/--record reminders\.json/);
  expect(steps[audit].run).toMatch(/--since previous-audit\.json/);
  expect(steps[audit].run).toMatch(/--fail-on-new "\$FAIL_ON_NEW"/);
  expect(steps[audit].run).toMatch(/--json-out audit\.json/);
  for (const index of [remind, audit]) expect(steps[index].run).toMatch(/--notify "\$NOTIFY_URL"/);
  // What the cache restores is what it saved.
  expect(steps[restore].with?.path).toBe(steps[save].with?.path);
});

/** The actionlint to run, if there is one. */
function actionlint(): string | undefined {
  const candidates = [process.env.ACTIONLINT, join(homedir(), ".cache", "actionlint-bin", "actionlint")];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  const found = spawnSync("sh", ["-c", "command -v actionlint"], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const linter = actionlint();
if (!linter) {
  // Said where the run is read: a skipped check is not a passed one.
  console.warn("actionlint was not found ($ACTIONLINT, ~/.cache/actionlint-bin, PATH): the workflow was not linted.");
}

(linter ? test : test.skip)("actionlint finds nothing in the sweep workflow", () => {
  const result = spawnSync(linter ?? "actionlint", ["-no-color", workflowFile], { encoding: "utf8" });
  expect(result.stdout + result.stderr).toBe("");
  expect(result.status).toBe(0);
});
