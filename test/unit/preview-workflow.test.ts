/**
 * The OIDC step of examples/github-actions/preview.yml, run as GitHub runs it: its `run` script in a file, under
 * the shell the step names (`bash -e {0}` when it names none, GitHub's default, which has no pipefail), with the
 * runner's variables, the real curl and jq, and a local server in place of GitHub's token endpoint.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { childOutput } from "../support/child-output";

const workflowFile = join(__dirname, "..", "..", "examples", "github-actions", "preview.yml");
const STEP_NAME = "GitHub OIDC token for Tencent Cloud";
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmV4YW1wbGUvb3JnOnB1bGxfcmVxdWVzdCJ9.c2lnbmF0dXJl";
const REQUEST_TOKEN = "runtime-request-token";

interface WorkflowStep {
  readonly name?: string;
  readonly shell?: string;
  readonly run?: string;
}

/** The step, as the workflow declares it. */
function oidcStep(): WorkflowStep {
  const workflow = parse(readFileSync(workflowFile, "utf8")) as { jobs: Record<string, { steps: WorkflowStep[] }> };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const step = steps.find((candidate) => candidate.name === STEP_NAME);
  if (!step?.run) throw new Error(`No run step named "${STEP_NAME}" in ${workflowFile}.`);
  return step;
}

/** The command line GitHub runs a script file with, for the step's `shell` (GitHub's documented defaults). */
function shellCommand(shell: string | undefined, script: string): string[] {
  if (shell === undefined) return ["bash", "-e", script];
  if (shell === "bash") return ["bash", "--noprofile", "--norc", "-eo", "pipefail", script];
  throw new Error(`The test knows no shell "${shell}".`);
}

/** What the token endpoint answers: an HTTP status and a body. */
type Answer = { readonly status: number; readonly body: string };

let server: Server;
let url: string;
let answer: Answer;
const requests: { authorization?: string; audience: string | null }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    const audience = new URL(request.url ?? "/", "http://localhost").searchParams.get("audience");
    requests.push({ authorization: request.headers.authorization, audience });
    response.writeHead(answer.status, { "Content-Type": "application/json" }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "member-email-oidc-step-"));
  requests.length = 0;
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Runs the step's script against the local endpoint answering `reply`; answers its status and output. */
async function runStep(reply: Answer, environment: Record<string, string> = {}) {
  answer = reply;
  const step = oidcStep();
  const script = join(folder, "step.sh");
  writeFileSync(script, step.run ?? "");
  const githubEnv = join(folder, "github_env");
  writeFileSync(githubEnv, "");
  const [command, ...args] = shellCommand(step.shell, script);
  const child = spawn(command, args, {
    cwd: folder,
    env: {
      PATH: process.env.PATH ?? "",
      RUNNER_TEMP: folder,
      GITHUB_ENV: githubEnv,
      AUDIENCE: "sts.tencentcloudapi.com",
      ACTIONS_ID_TOKEN_REQUEST_URL: url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      ...environment,
    },
  });
  const { status, output } = await childOutput(child);
  return {
    status,
    output,
    githubEnv: readFileSync(githubEnv, "utf8"),
    tokenFile: join(folder, "tencentcloud-oidc-token"),
  };
}

describe("the example workflow's OIDC step", () => {
  test("writes GitHub's token to a file only the job reads, and names it for the provider", async () => {
    const result = await runStep({ status: 200, body: JSON.stringify({ count: 1, value: TOKEN }) });
    expect(result.status).toBe(0);
    expect(requests).toEqual([{ authorization: `bearer ${REQUEST_TOKEN}`, audience: "sts.tencentcloudapi.com" }]);
    expect(readFileSync(result.tokenFile, "utf8").trim()).toBe(TOKEN);
    expect(statSync(result.tokenFile).mode & 0o777).toBe(0o600);
    expect(result.githubEnv).toBe(`TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE=${result.tokenFile}\n`);
    expect(result.output).not.toContain(TOKEN);
  });

  test("fails where the fetch fails, and names no token file for the next steps", async () => {
    const result = await runStep({ status: 403, body: '{"message":"Resource not accessible by integration"}' });
    expect(requests).toHaveLength(1);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/curl: \(22\) The requested URL returned error: 403/);
    // It stopped at the fetch itself, not at the later check of the token file.
    expect(result.output).not.toContain("empty OIDC token");
    expect(result.githubEnv).toBe("");
  });

  test("fails on an answer without a token", async () => {
    const result = await runStep({ status: 200, body: '{"count":0}' });
    expect(requests).toHaveLength(1);
    expect(result.status).not.toBe(0);
    expect(result.githubEnv).toBe("");
  });

  test("fails on an empty token", async () => {
    const result = await runStep({ status: 200, body: '{"value":""}' });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("GitHub answered an empty OIDC token.");
    expect(result.githubEnv).toBe("");
  });

  test("fails, naming the permission, in a job GitHub gave no token endpoint", async () => {
    const result = await runStep({ status: 200, body: "{}" }, { ACTIONS_ID_TOKEN_REQUEST_URL: "" });
    expect(requests).toHaveLength(0);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain("permissions: id-token: write");
    expect(result.githubEnv).toBe("");
  });
});
