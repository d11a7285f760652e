import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { engineStack, runPulumi } from "../../scripts/engine";
import { assertBuildIsCurrent } from "./build";

/** A stack of its own for one test, in a temporary project folder with a local backend. */
export interface TestStack {
  /** The Automation API stack. */
  readonly stack: Stack;
  /** Runs the CLI in the stack's project folder (`stack export` and the like); answers stdout. */
  cli(args: string[]): string;
  /** Sets the program's own config keys (`member-email:<key>`); `email` and `phone` as secrets, as users should. */
  set(values: Record<string, string | number | boolean>): Promise<void>;
  /** Removes the project folder and its state. */
  dispose(): void;
}

const passphrase = "engine-test-passphrase";
/** The engine copies the whole stack config into state (as the dynamic provider's inputs): personal data goes in as secrets. */
const secretConfigKeys = new Set(["email", "phone"]);
let counter = 0;

/** A fresh stack running `program`, pointed at the emulator through the stack's Pulumi config. */
export async function testStack(program: PulumiFn, emulator: Emulator): Promise<TestStack> {
  assertBuildIsCurrent();
  const dir = mkdtempSync(join(tmpdir(), "member-email-engine-"));
  const project = { dir, stateDir: join(dir, "state"), passphrase };
  const stack = await engineStack({ ...project, stackName: `test${process.pid}x${counter++}`, program });
  await stack.setAllConfig({
    "tencentcloud-member-email:organizationEndpoint": { value: emulator.url },
    "tencentcloud:secretId": { value: emulator.secretId },
    "tencentcloud:secretKey": { value: emulator.secretKey, secret: true },
  });
  return {
    stack,
    cli: (args) => runPulumi([...args, "--stack", stack.name], project),
    set: async (values) => {
      for (const [key, value] of Object.entries(values)) {
        await stack.setConfig(key, { value: String(value), secret: secretConfigKeys.has(key) });
      }
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Everything `pulumi stack export` writes, as text: the checkpoint the backend keeps. */
export function exportedState(test: TestStack): string {
  return test.cli(["stack", "export"]);
}

/** The raw checkpoint file of the local backend, as text. */
export function checkpointFile(test: TestStack): string {
  const dir = (test.stack.workspace as { workDir: string }).workDir;
  return readFileSync(join(dir, "state", ".pulumi", "stacks", "member-email", `${test.stack.name}.json`), "utf8");
}

/**
 * Registers the hooks of an engine suite: one emulator for the file, and every stack made through the
 * returned `stack` disposed after its test.
 */
export function engineSuite(): { emulator: () => Emulator; stack: (program: PulumiFn) => Promise<TestStack> } {
  let emulator: Emulator | undefined;
  let stacks: TestStack[] = [];
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator?.stop();
  });
  afterEach(() => {
    for (const stack of stacks) stack.dispose();
    stacks = [];
  });
  const current = (): Emulator => {
    if (!emulator) throw new Error("engineSuite's emulator is used outside a test");
    return emulator;
  };
  return {
    emulator: current,
    stack: async (program) => {
      const stack = await testStack(program, current());
      stacks.push(stack);
      return stack;
    },
  };
}
