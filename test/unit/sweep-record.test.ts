/**
 * Where examples/github-actions/daily-sweep.yml keeps its record between runs: the steps that restore it, trim
 * today's report for tomorrow and commit it to the record branch, run as GitHub runs them (`bash -e`, the real git
 * and jq) in clones of a local bare repository standing in for GitHub's.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { readPreviousReport } from "../../provider/cli/audit-since";
import { childOutput } from "../support/child-output";

const workflowFile = join(__dirname, "..", "..", "examples", "github-actions", "daily-sweep.yml");
const BRANCH = "member-email-sweep";

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly shell?: string;
  readonly run?: string;
}
const workflow = parse(readFileSync(workflowFile, "utf8")) as {
  env: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};

function script(job: string, name: string): string {
  const step = workflow.jobs[job].steps.find((candidate) => candidate.name === name);
  if (!step?.run) throw new Error(`No run step named "${name}" in job ${job} of ${workflowFile}.`);
  // GitHub's default for a step without `shell`: bash -e, no pipefail.
  expect(step.shell).toBeUndefined();
  return step.run;
}

let folder: string;
let origin: string;
let runs = 0;

const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

/** A fresh clone of origin's main, as actions/checkout leaves the job's workspace. */
function workspace(): string {
  runs += 1;
  const directory = join(folder, `run-${runs}`);
  execFileSync("git", ["clone", "--quiet", "--branch", "main", origin, directory]);
  return directory;
}

async function runStep(
  job: string,
  name: string,
  cwd: string,
  environment: Record<string, string> = {},
): Promise<{ status: number | null; output: string }> {
  const file = join(folder, `step-${runs}.sh`);
  writeFileSync(file, script(job, name));
  const child = spawn("bash", ["-e", file], {
    cwd,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: folder,
      RUNNER_TEMP: folder,
      GITHUB_RUN_ID: String(1000 + runs),
      RECORD_BRANCH: workflow.env.RECORD_BRANCH,
      ...environment,
    },
  });
  const { status, output } = await childOutput(child);
  return { status, output };
}

/** Commits `files` as the record job does, from the files the sweep job handed it. */
async function commitRecord(files: Record<string, string>) {
  const record = join(folder, `record-${runs + 1}`);
  mkdirSync(record);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(record, file), text);
  return runStep("record", "Commit the record to its branch", workspace(), { RECORD: record });
}

const restore = (cwd: string) => runStep("sweep", "Restore the previous report and reminder record", cwd);

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "member-email-sweep-record-"));
  origin = join(folder, "origin.git");
  execFileSync("git", ["init", "--quiet", "--bare", "--initial-branch", "main", origin]);
  const seed = join(folder, "seed");
  execFileSync("git", ["init", "--quiet", "--initial-branch", "main", seed]);
  writeFileSync(join(seed, "Pulumi.yaml"), "name: member-email\n");
  git(seed, "add", "Pulumi.yaml");
  git(seed, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "--quiet", "-m", "program");
  git(seed, "push", "--quiet", origin, "main");
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const REMINDERS = '{ "version": 1, "sent": { "41": "2026-12-01T01:17:00.000Z" } }\n';
const PREVIOUS = '{ "findings": [{ "kind": "failed", "memberUin": 100000000003, "name": "Chen" }] }\n';

test("the workflow keeps its record on the member-email-sweep branch", () => {
  expect(workflow.env.RECORD_BRANCH).toBe(BRANCH);
});

test("a first sweep finds no record branch and starts without a record", async () => {
  const cwd = workspace();
  const { status, output } = await restore(cwd);
  expect(status).toBe(0);
  expect(output).toContain(`No branch ${BRANCH} yet`);
  expect(existsSync(join(cwd, "reminders.json"))).toBe(false);
  expect(existsSync(join(cwd, "previous-audit.json"))).toBe(false);
});

test("the record committed by one run is what the next run restores, however long after", async () => {
  const first = await commitRecord({ "reminders.json": REMINDERS, "previous-audit.json": PREVIOUS });
  expect(first.status).toBe(0);
  // The branch holds the record alone, committed by the bot, and main is untouched.
  expect(git(origin, "ls-tree", "--name-only", BRANCH).split("\n")).toEqual(["previous-audit.json", "reminders.json"]);
  expect(git(origin, "log", "--format=%an", BRANCH)).toBe("github-actions[bot]");
  expect(git(origin, "log", "--format=%s", "main")).toBe("program");

  const cwd = workspace();
  expect((await restore(cwd)).status).toBe(0);
  expect(readFileSync(join(cwd, "reminders.json"), "utf8")).toBe(REMINDERS);
  expect(readFileSync(join(cwd, "previous-audit.json"), "utf8")).toBe(PREVIOUS);
  // The checkout itself is unchanged: the record is read from the fetched branch, not checked out over main.
  expect(git(cwd, "rev-parse", "--abbrev-ref", "HEAD")).toBe("main");
});

test("each day's record is a commit on top of the last; an unchanged record adds none", async () => {
  await commitRecord({ "reminders.json": REMINDERS, "previous-audit.json": PREVIOUS });
  const changed = REMINDERS.replace("}", ', "42": "2026-12-02T01:17:00.000Z" }');
  expect((await commitRecord({ "reminders.json": changed, "previous-audit.json": PREVIOUS })).status).toBe(0);
  expect(git(origin, "rev-list", "--count", BRANCH)).toBe("2");
  expect(git(origin, "show", `${BRANCH}:reminders.json`)).toBe(changed.trim());
  const same = await commitRecord({ "reminders.json": changed, "previous-audit.json": PREVIOUS });
  expect(same.status).toBe(0);
  expect(same.output).toContain("The record did not change.");
  expect(git(origin, "rev-list", "--count", BRANCH)).toBe("2");
});

test("a record branch that cannot be read fails the sweep instead of reminding everyone again", async () => {
  const cwd = workspace();
  git(cwd, "remote", "set-url", "origin", join(folder, "gone.git"));
  const { status } = await restore(cwd);
  expect(status).not.toBe(0);
  expect(status).not.toBe(2);
});

test("tomorrow's previous report keeps kind, member and name of each finding, and no masked email", async () => {
  const cwd = workspace();
  const audit = {
    findings: [
      { kind: "offDomain", memberUin: 100000000002, name: "Bo", declared: true, maskedEmail: "b***@elsewhere.net" },
      { kind: "failed", memberUin: 100000000003, name: "Chen", declared: true, bindId: 3, maskedEmail: "c***@x.com" },
    ],
    summary: { members: 3, findings: 2, at: "2026-12-07T01:17:00.000Z" },
  };
  writeFileSync(join(cwd, "audit.json"), JSON.stringify(audit));
  const output = join(folder, "github-output");
  writeFileSync(output, "");
  const { status } = await runStep("sweep", "Keep the record for tomorrow", cwd, { GITHUB_OUTPUT: output });
  expect(status).toBe(0);
  expect(readFileSync(output, "utf8")).toBe("record=true\n");
  const kept = readFileSync(join(cwd, "previous-audit.json"), "utf8");
  expect(kept).not.toMatch(/@|\*\*\*/);
  expect(readPreviousReport(kept)).toEqual({
    findings: [
      { kind: "offDomain", memberUin: 100000000002, name: "Bo" },
      { kind: "failed", memberUin: 100000000003, name: "Chen" },
    ],
    at: "2026-12-07T01:17:00.000Z",
  });
});
