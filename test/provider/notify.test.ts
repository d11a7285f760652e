import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "tencentcloud-organization-emulator";
import { runCommandLine } from "../support/command-line";
import { emulatorForProvider } from "../support/emulator";
import { organizationClient } from "../support/organization-client";
import { freePort } from "../support/redis";

const uin = (n: number): number => 100000000000 + n;
const EMAILS = ["ana@example.com", "bo@elsewhere.net"];
const PHONES = ["13800138001", "13800138002"];

/** What the local webhook received: one entry per request. */
interface Received {
  readonly method: string;
  readonly contentType?: string;
  readonly body: string;
}

let emulator: Emulator;
let server: Server;
let url: string;
let answerStatus = 200;
/** An answer of the webhook: its status, and its body and headers when not the usual ones. */
interface Answer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}
/**
 * Answers for the next requests, in order, before `answerStatus`: a status, an answer, or `reset` to drop the
 * connection.
 */
const planned: (number | Answer | "reset")[] = [];
const received: Received[] = [];
let folder: string;
let teamFile: string;

beforeAll(async () => {
  emulator = await emulatorForProvider({
    members: [
      { uin: uin(1), name: "Ana <!channel> @here" },
      { uin: uin(2), name: "Bo" },
      { uin: uin(3), name: "Chen" },
      { uin: uin(4), type: "Invite" as const },
    ],
  });
  const client = organizationClient(emulator);
  for (const n of [1, 2]) {
    await client.AddOrganizationMemberEmail({
      MemberUin: uin(n),
      Email: EMAILS[n - 1],
      CountryCode: "86",
      Phone: PHONES[n - 1],
    });
  }
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => void (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({ method: request.method ?? "", contentType: request.headers["content-type"], body });
      const next = planned.shift() ?? answerStatus;
      // The post arrived whole, and its answer is lost.
      if (next === "reset") return void request.socket.destroy();
      const answer = typeof next === "number" ? { status: next } : next;
      // As each service answers a post it took: WeCom's robot with errcode 0, Slack's webhook with `ok`.
      const usual =
        answer.status !== 200 ? "Not taken." : body.includes('"msgtype"') ? '{"errcode":0,"errmsg":"ok"}' : "ok";
      response.writeHead(answer.status, { "Content-Type": "text/plain", ...answer.headers }).end(answer.body ?? usual);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?key=secret-key`;
  folder = mkdtempSync(join(tmpdir(), "member-email-notify-"));
  teamFile = join(folder, "team.yaml");
  writeFileSync(teamFile, `members:\n  - memberUin: ${uin(1)}\n`);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await emulator.stop();
  rmSync(folder, { recursive: true, force: true });
});
beforeEach(() => {
  received.length = 0;
  planned.length = 0;
  answerStatus = 200;
});

/** No email, no phone, not even a domain of one, in what the webhook got. */
function expectNothingPersonal(body: string): void {
  for (const email of EMAILS) {
    expect(body).not.toContain(email);
    expect(body).not.toContain(email.split("@")[1]);
  }
  for (const phone of PHONES) expect(body).not.toContain(phone.slice(-4));
  expect(body).not.toMatch(/@/);
}

const auditArgs = () => [
  "audit",
  "--team-file",
  teamFile,
  "--allowed-domains",
  "example.com",
  "--fail-on",
  "offDomain",
];

test.each([
  ["wecom", (body: Record<string, unknown>) => (body.markdown as { content: string }).content, { msgtype: "markdown" }],
  ["slack", (body: Record<string, unknown>) => body.text as string, {}],
  ["generic", (body: Record<string, unknown>) => body.text as string, { source: "pulumi-tencentcloud-member-email" }],
] as const)("the audit posts once, as %s, with counts by kind and uins and names only", async (format, text, shape) => {
  const { status, stderr } = await runCommandLine([...auditArgs(), "--notify", url, "--notify-format", format]);
  expect(status).toBe(1);
  expect(received).toHaveLength(1);
  const [post] = received;
  expect(post).toMatchObject({ method: "POST", contentType: "application/json" });
  const body = JSON.parse(post.body) as Record<string, unknown>;
  expect(body).toMatchObject(shape);
  const message = text(body);
  expect(message).toMatch(/Tencent Cloud organization audit: 4 findings/);
  expect(message).toMatch(/1 undeclared, 1 invited, 1 unbound, 1 offDomain/);
  expect(message).toContain(`offDomain: ${uin(2)} Bo`);
  expectNothingPersonal(post.body);
  expect(stderr).toMatch(new RegExp(`Posted the summary to the webhook \\(${format}, HTTP 200\\)`));
  // The webhook's URL holds its key: it is never printed.
  expect(stderr).not.toContain("secret-key");
});

test("with --since the audit's notice names the new findings first", async () => {
  const previous = join(folder, "previous.json");
  const first = await runCommandLine([...auditArgs(), "--json"]);
  const report = JSON.parse(first.stdout) as { findings: { kind: string }[] };
  // The previous report had every finding but the off-domain one.
  writeFileSync(
    previous,
    JSON.stringify({ ...report, findings: report.findings.filter((f) => f.kind !== "offDomain") }),
  );
  await runCommandLine([...auditArgs(), "--since", previous, "--notify", url]);
  expect(received).toHaveLength(1);
  const body = JSON.parse(received[0].body) as { title: string; members: { label: string; memberUin: number }[] };
  expect(body.title).toBe("Tencent Cloud organization audit: 1 new finding");
  expect(body.members[0]).toEqual({ label: "new offDomain", memberUin: uin(2), name: "Bo" });
});

test("a failed post is reported with its HTTP status and leaves the exit status alone", async () => {
  answerStatus = 500;
  const { status, stderr } = await runCommandLine([...auditArgs(), "--notify", url, "--notify-format", "slack"]);
  expect(received).toHaveLength(1);
  expect(status).toBe(1);
  expect(stderr).toMatch(
    /Could not post the summary to the webhook \(slack\): HTTP 500\. The exit status is the audit's own\./,
  );
  const clean = await runCommandLine(["audit", "--team-file", teamFile, "--notify", url]);
  expect(clean.status).toBe(0);
  expect(clean.stderr).toMatch(/HTTP 500/);
});

test("remind posts once per run, as each format, naming the members it reminded", async () => {
  for (const format of ["wecom", "slack", "generic"]) {
    received.length = 0;
    const { status } = await runCommandLine([
      "remind",
      "--within-days",
      "15",
      "--at",
      emulator.now().toISOString(),
      "--notify",
      url,
      "--notify-format",
      format,
    ]);
    expect(status).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0].body).toMatch(/Tencent Cloud activation reminders: 2 sent/);
    expect(received[0].body).toContain(`reminded: ${uin(2)} Bo`);
    // A name cannot mention anyone or link anywhere in the chat.
    expect(received[0].body).toContain(`reminded: ${uin(1)} Ana ‹!channel› (at)here`);
    expectNothingPersonal(received[0].body);
    // The emulator's clock moves on an hour, so the next run's sends stay within the hourly limit.
    emulator.advanceClock(3600);
  }
});

test("a post the service says it did not take (429, 503) is posted again, and delivered once", async () => {
  planned.push(429, 503);
  const { status, stderr } = await runCommandLine([...auditArgs(), "--notify", url, "--notify-format", "slack"]);
  expect(status).toBe(1);
  expect(received).toHaveLength(3);
  expect(new Set(received.map((post) => post.body)).size).toBe(1);
  expect(stderr).toMatch(/Webhook post: HTTP 429 on attempt 1 of 8; retrying in \d+ ms\./);
  expect(stderr).toMatch(/Webhook post: HTTP 503 on attempt 2 of 8; retrying in \d+ ms\./);
  expect(stderr).toMatch(/Posted the summary to the webhook \(slack, HTTP 200\)/);
  expect(stderr).not.toContain("secret-key");
});

test("a post whose answer is lost may have arrived: it is reported, never posted twice", async () => {
  planned.push("reset");
  const { status, stderr } = await runCommandLine([...auditArgs(), "--notify", url]);
  expect(status).toBe(1);
  expect(received).toHaveLength(1);
  // Node's fetch (undici) says why: the connection closed after the post went out.
  expect(stderr).toMatch(
    /Could not post the summary to the webhook \(generic\): other side closed\. The exit status is the audit's own\./,
  );
  expect(stderr).not.toMatch(/retrying/);
  expect(stderr).not.toContain("secret-key");
});

test("a webhook that refuses the connection at first is reached once it listens: nothing was sent before", async () => {
  const late = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => void (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({ method: request.method ?? "", contentType: request.headers["content-type"], body });
      response.writeHead(200).end("ok");
    });
  });
  const port = await freePort();
  const lateUrl = `http://127.0.0.1:${port}/hook?key=secret-key`;
  // The webhook starts listening 300 ms after the audit's first post was refused.
  const listening = new Promise<void>((resolve) =>
    setTimeout(() => late.listen(port, "127.0.0.1", () => resolve()), 300),
  );
  try {
    const { status, stderr } = await runCommandLine([...auditArgs(), "--notify", lateUrl]);
    await listening;
    expect(status).toBe(1);
    expect(received).toHaveLength(1);
    expect(stderr).toMatch(/Webhook post: connect ECONNREFUSED 127\.0\.0\.1:\d+ on attempt 1 of 8; retrying in/);
    expect(stderr).toMatch(/Posted the summary to the webhook \(generic, HTTP 200\)/);
    expect(stderr).not.toContain("secret-key");
  } finally {
    await new Promise<void>((resolve) => late.close(() => resolve()));
  }
});

/** A second local webhook, which counts what reaches it. */
async function secondServer(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const got: Received[] = [];
  const other = createServer((request, response) => {
    got.push({ method: request.method ?? "", body: "" });
    response.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
  });
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(other.address() as AddressInfo).port}/elsewhere?key=other-key`,
    received: got,
    close: () => new Promise<void>((resolve) => other.close(() => resolve())),
  };
}

test("a 307 to another host is not followed: the other host gets nothing, and the post is reported undelivered without the URL", async () => {
  const other = await secondServer();
  try {
    planned.push({ status: 307, headers: { Location: other.url } });
    const { status, stderr } = await runCommandLine([...auditArgs(), "--notify", url, "--notify-format", "slack"]);
    expect(status).toBe(1);
    expect(received).toHaveLength(1);
    expect(other.received).toHaveLength(0);
    expect(stderr).toMatch(
      /Could not post the summary to the webhook \(slack\): HTTP 307, a redirect, not followed: give --notify the webhook's own URL\./,
    );
    expect(stderr).not.toMatch(/Posted/);
    for (const secret of ["secret-key", "other-key", "/elsewhere"]) expect(stderr).not.toContain(secret);
  } finally {
    await other.close();
  }
});

test("a 302 is not followed: no GET is made, and the post is reported undelivered", async () => {
  planned.push({ status: 302, headers: { Location: "/landing?key=secret-key" } });
  const { stderr } = await runCommandLine([...auditArgs(), "--notify", url]);
  expect(received.map((request) => request.method)).toEqual(["POST"]);
  expect(stderr).toMatch(/Could not post the summary to the webhook \(generic\): HTTP 302, a redirect, not followed/);
  expect(stderr).not.toMatch(/Posted/);
  expect(stderr).not.toContain("secret-key");
});

test("WeCom's rate limit (HTTP 200, errcode 45009) is posted again, as throttling, and delivered once", async () => {
  planned.push({ status: 200, body: '{"errcode":45009,"errmsg":"api freq out of limit"}' });
  const { status, stderr } = await runCommandLine([...auditArgs(), "--notify", url, "--notify-format", "wecom"]);
  expect(status).toBe(1);
  expect(received).toHaveLength(2);
  expect(received[1].body).toBe(received[0].body);
  expect(stderr).toMatch(
    /Webhook post: WeCom errcode 45009 \(the robot's rate limit\) on attempt 1 \(throttled; retried for up to 60 s\); retrying in \d+ ms\./,
  );
  expect(stderr).toMatch(/Posted the summary to the webhook \(wecom, HTTP 200\)/);
});

test("a WeCom answer with another errcode is reported undelivered, posted once, with the errcode and no URL", async () => {
  answerStatus = 200;
  planned.push({ status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' });
  const { status, stderr } = await runCommandLine([...auditArgs(), "--notify", url, "--notify-format", "wecom"]);
  expect(status).toBe(1);
  expect(received).toHaveLength(1);
  expect(stderr).toMatch(
    /Could not post the summary to the webhook \(wecom\): WeCom errcode 93000\. The exit status is the audit's own\./,
  );
  expect(stderr).not.toMatch(/Posted|retrying/);
  expect(stderr).not.toContain("secret-key");
});

test("Slack's error word is reported with its status; an answer without Slack's ok is not a delivery", async () => {
  planned.push({ status: 404, body: "no_service" });
  const missing = await runCommandLine([...auditArgs(), "--notify", url, "--notify-format", "slack"]);
  expect(missing.stderr).toMatch(/Could not post the summary to the webhook \(slack\): HTTP 404 no_service\./);
  planned.push({ status: 200, body: "" });
  const empty = await runCommandLine([...auditArgs(), "--notify", url, "--notify-format", "slack"]);
  expect(empty.stderr).toMatch(/Could not post the summary to the webhook \(slack\): HTTP 200 without Slack's "ok"\./);
  expect(received).toHaveLength(2);
});

test.each(
  [
    ["audit", "--team-file", "TEAM", "URL"],
    ["remind", "URL"],
    ["discover", "URL"],
    ["URL"],
    ["audit", "--team-file", "TEAM", "--notify-format", "wecom", "URL"],
    ["audit", "--team-file", "TEAM", "--json=URL"],
  ].map((args) => [args.join(" "), args] as const),
)("a webhook URL typed without --notify is never repeated in the usage error: %s", async (_, args) => {
  const hook = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
  const { status, stdout, stderr } = await runCommandLine(
    args.map((arg) => arg.replace("TEAM", teamFile).replace("URL", hook)),
  );
  expect(status).toBe(2);
  expect(stdout).toBe("");
  expect(stderr).toMatch(/^\S.*\n\nUsage: /);
  for (const secret of ["693a91f6", "qyapi.weixin", "key="]) expect(stderr).not.toContain(secret);
  expect(received).toHaveLength(0);
});

test("without --notify nothing is posted and nothing is said of a webhook", async () => {
  const { status, stderr } = await runCommandLine(auditArgs());
  expect(status).toBe(1);
  expect(received).toHaveLength(0);
  expect(stderr).not.toMatch(/webhook/i);
});
