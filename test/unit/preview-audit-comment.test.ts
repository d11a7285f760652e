/**
 * The audit-comment step of examples/github-actions/preview.yml, run as GitHub runs it (its `run` script under
 * `bash -e`, the runner's variables, the real curl and jq) against a local server that keeps a pull request's
 * comments as GitHub's REST API does: one audit comment per pull request, edited by each push.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { childOutput } from "../support/child-output";

const workflowFile = join(__dirname, "..", "..", "examples", "github-actions", "preview.yml");
const STEP_NAME = "Comment the audit on the pull request";
const MARKER = "<!-- tencentcloud-member-email audit -->";
const BOT = "github-actions[bot]";
const REPOSITORY = "my-org/org-settings";
const PR = 7;
const TOKEN = "ghs_runner-token";

interface WorkflowStep {
  readonly name?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly if?: string;
}

function commentStep(): WorkflowStep {
  const workflow = parse(readFileSync(workflowFile, "utf8")) as { jobs: Record<string, { steps: WorkflowStep[] }> };
  const step = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .find((candidate) => candidate.name === STEP_NAME);
  if (!step?.run) throw new Error(`No run step named "${STEP_NAME}" in ${workflowFile}.`);
  return step;
}

/** A comment as GitHub keeps it. */
interface Comment {
  readonly id: number;
  body: string;
  readonly user: { readonly login: string };
}

/** What the server was asked: method and path with query. */
const requests: { method: string; path: string; authorization?: string }[] = [];
let comments: Comment[] = [];
let nextId = 1000;
/** When set, every write is answered with this status. */
let writeStatus: number | undefined;
let server: Server;
let apiUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => void (body += chunk.toString("utf8")));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://localhost");
      requests.push({
        method: request.method ?? "",
        path: url.pathname + url.search,
        authorization: request.headers.authorization,
      });
      const reply = (status: number, value: unknown) =>
        response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(value));
      const list = `/repos/${REPOSITORY}/issues/${PR}/comments`;
      const one = url.pathname.match(new RegExp(`^/repos/${REPOSITORY}/issues/comments/(\\d+)$`));
      if (request.method !== "GET" && writeStatus !== undefined) return reply(writeStatus, { message: "Server Error" });
      if (request.method === "GET" && url.pathname === list) {
        const perPage = Number(url.searchParams.get("per_page") ?? 30);
        const page = Number(url.searchParams.get("page") ?? 1);
        return reply(200, comments.slice((page - 1) * perPage, page * perPage));
      }
      if (request.method === "POST" && url.pathname === list) {
        const comment = { id: nextId++, body: (JSON.parse(body) as { body: string }).body, user: { login: BOT } };
        comments.push(comment);
        return reply(201, comment);
      }
      const target = one ? comments.find((comment) => comment.id === Number(one[1])) : undefined;
      if (request.method === "PATCH" && target) {
        target.body = (JSON.parse(body) as { body: string }).body;
        return reply(200, target);
      }
      reply(404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "member-email-audit-comment-"));
  requests.length = 0;
  comments = [];
  writeStatus = undefined;
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the step with `report` as audit.md, as GitHub runs a step without `shell` (`bash -e`). */
async function runStep(report: string): Promise<{ status: number | null; output: string }> {
  const step = commentStep();
  expect(step.shell).toBeUndefined();
  writeFileSync(join(folder, "step.sh"), step.run ?? "");
  writeFileSync(join(folder, "audit.md"), report);
  const child = spawn("bash", ["-e", join(folder, "step.sh")], {
    cwd: folder,
    env: {
      PATH: process.env.PATH ?? "",
      RUNNER_TEMP: folder,
      GITHUB_API_URL: apiUrl,
      GITHUB_REPOSITORY: REPOSITORY,
      GH_TOKEN: TOKEN,
      PR_NUMBER: String(PR),
    },
  });
  const { status, output } = await childOutput(child);
  return { status, output };
}

const human = (id: number, body: string): Comment => ({ id, body, user: { login: "reviewer" } });
const bot = (id: number, body: string): Comment => ({ id, body, user: { login: BOT } });

test("the first push creates the audit comment, each later push edits that same comment", async () => {
  comments = [human(1, "Looks good"), bot(2, "#### :tropical_drink: `preview` on my-org/member-email/prod")];
  const first = await runStep("## Audit\n\n3 findings\n");
  expect(first.status).toBe(0);
  expect(comments).toHaveLength(3);
  expect(comments[2]).toMatchObject({ body: `${MARKER}\n## Audit\n\n3 findings\n`, user: { login: BOT } });
  const created = comments[2].id;

  const second = await runStep("## Audit\n\n1 finding\n");
  expect(second.status).toBe(0);
  expect(second.output).toContain(`Updated the audit comment ${created}.`);
  expect(comments).toHaveLength(3);
  expect(comments[2]).toEqual({ id: created, body: `${MARKER}\n## Audit\n\n1 finding\n`, user: { login: BOT } });
  // The preview's comment and the reviewer's are untouched.
  expect(comments.slice(0, 2).map((comment) => comment.body)).toEqual([
    "Looks good",
    "#### :tropical_drink: `preview` on my-org/member-email/prod",
  ]);
  expect(requests.filter((request) => request.method !== "GET")).toEqual([
    expect.objectContaining({ method: "POST", path: `/repos/${REPOSITORY}/issues/${PR}/comments` }),
    expect.objectContaining({ method: "PATCH", path: `/repos/${REPOSITORY}/issues/comments/${created}` }),
  ]);
  expect(requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
  expect(first.output + second.output).not.toContain(TOKEN);
});

test("the audit comment is found past the first page of a long discussion", async () => {
  comments = Array.from({ length: 150 }, (_, index) => human(index + 1, `comment ${index + 1}`));
  comments.splice(120, 0, bot(500, `${MARKER}\nyesterday's audit`));
  const { status } = await runStep("today's audit\n");
  expect(status).toBe(0);
  expect(comments).toHaveLength(151);
  expect(comments.find((comment) => comment.id === 500)?.body).toBe(`${MARKER}\ntoday's audit\n`);
  expect(requests.filter((request) => request.method === "GET").map((request) => request.path)).toEqual([
    `/repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=1`,
    `/repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=2`,
  ]);
});

test("a reviewer's comment quoting the marker is never edited: the bot's own comment is", async () => {
  comments = [human(1, `${MARKER}\nquoted by hand`)];
  await runStep("audit\n");
  expect(comments[0].body).toBe(`${MARKER}\nquoted by hand`);
  expect(comments).toHaveLength(2);
  expect(comments[1]).toMatchObject({ user: { login: BOT }, body: `${MARKER}\naudit\n` });
});

test("no report, no request; a refused write fails the step", async () => {
  expect((await runStep("")).status).toBe(0);
  expect(requests).toHaveLength(0);
  writeStatus = 500;
  const refused = await runStep("audit\n");
  expect(refused.status).not.toBe(0);
  expect(refused.output).toMatch(/curl: \(22\) The requested URL returned error: 500/);
});

test("the audit and its comment run when the preview failed, and the job still fails", () => {
  const workflow = parse(readFileSync(workflowFile, "utf8")) as { jobs: Record<string, { steps: WorkflowStep[] }> };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const named = (name: string) => steps.find((step) => step.name === name);
  // A step with no `if` (or one without a status function) is skipped once an earlier step failed.
  for (const name of ["Audit the organization", STEP_NAME, "Fail on the audit's findings"]) {
    expect(named(name)?.if).toMatch(/!cancelled\(\)|always\(\)/);
  }
  // Nothing turns the preview's failure into a success: the job ends failed.
  expect(named("Preview")).not.toHaveProperty("continue-on-error");
});
