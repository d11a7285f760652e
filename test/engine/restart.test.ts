import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Emulator } from "tencentcloud-organization-emulator";
import { DEMO_SECRET_ID, DEMO_SECRET_KEY } from "tencentcloud-organization-emulator";
import { OrganizationMemberEmail } from "pulumi-tencentcloud-member-email";
import { organizationClient } from "../support/organization-client";
import { exportedState, testStack, type TestStack } from "../support/engine";

jest.setTimeout(300_000);

const root = join(__dirname, "..", "..");
const team = Array.from({ length: 40 }, (_, i) => ({
  memberUin: 100000000501 + i,
  email: `restart${i}@example.com`,
  phone: `1350000${String(1000 + i)}`,
}));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The emulator as its own process (`npm run emulator`'s program), so it can be killed outright. */
async function emulatorProcess(port: number, dataFile: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(root, "emulator", "dist", "cli.js"), "--port", String(port), "--data-file", dataFile],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("Emulator listening on")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the emulator exited with ${code} before listening`)));
  });
  return child;
}

test("an emulator killed and restarted during up leaves a stack that a second up completes, nothing duplicated or missing", async () => {
  const dir = mkdtempSync(join(tmpdir(), "member-email-restart-"));
  const port = await freePort();
  const dataFile = join(dir, "organization.sqlite");
  let child = await emulatorProcess(port, dataFile);
  const endpoint = {
    url: `http://127.0.0.1:${port}`,
    port,
    secretId: DEMO_SECRET_ID,
    secretKey: DEMO_SECRET_KEY,
  } as Emulator;
  let test: TestStack | undefined;
  try {
    const program = async () => {
      for (const member of team) {
        new OrganizationMemberEmail(`m${member.memberUin}`, {
          memberUin: member.memberUin,
          email: pulumi.secret(member.email),
          countryCode: "86",
          phone: pulumi.secret(member.phone),
        });
      }
    };
    test = await testStack(program, endpoint);
    const firstUp = test.stack.up().then(
      () => "completed",
      (error: Error) => `failed: ${error.message.slice(0, 200)}`,
    );
    // Kill the emulator while bindings are being created (40 creates take about 4 s at 20 a second).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill("SIGKILL");
    await new Promise((resolve) => setTimeout(resolve, 3000));
    child = await emulatorProcess(port, dataFile);
    const first = await firstUp;
    expect(first).toMatch(/completed|failed/);

    await test.stack.up();
    const resources = JSON.parse(exportedState(test)).deployment.resources as {
      type: string;
      outputs: { memberUin: number; bindId: number };
    }[];
    const stateBindIds = new Map(
      resources
        .filter((r) => r.type.endsWith("OrganizationMemberEmail"))
        .map((r) => [r.outputs.memberUin, r.outputs.bindId]),
    );
    expect(stateBindIds.size).toBe(team.length);
    const client = organizationClient(endpoint);
    for (const member of team) {
      // Stay under the emulator's 20 requests a second.
      await new Promise((resolve) => setTimeout(resolve, 60));
      const remote = await client.DescribeOrganizationMemberEmailBind({ MemberUin: member.memberUin });
      expect(remote.Email).toBe(member.email);
      expect(stateBindIds.get(member.memberUin)).toBe(remote.BindId);
    }
    expect((await test.stack.preview()).changeSummary).toEqual({ same: team.length + 1 });
  } finally {
    child.kill("SIGKILL");
    test?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
