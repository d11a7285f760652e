/**
 * `npm run demo`: binds one member's email with `pulumi up` against the local emulator, then prints the
 * stack's outputs. State stays in .pulumi-state/ and emulator data in .emulator-data/, so running the demo
 * again finds everything in place (and changes nothing).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_EMULATOR_PORT, startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { basicProgram } from "../examples/basic/program";
import { engineStack, repositoryRoot } from "./engine";

/** The demo stack's secrets passphrase. It protects demo data only; real stacks need a real one. */
export const DEMO_PASSPHRASE = "member-email-demo";

async function main(): Promise<void> {
  const dataDir = join(repositoryRoot, ".emulator-data");
  mkdirSync(dataDir, { recursive: true });
  let emulator: Emulator;
  try {
    emulator = await startEmulator({ port: DEFAULT_EMULATOR_PORT, dataFile: join(dataDir, "organization.sqlite") });
  } catch (error) {
    throw new Error(
      `The emulator could not start on port ${DEFAULT_EMULATOR_PORT}: ${(error as Error).message}. ` +
        "If `npm run emulator` is running, stop it (Ctrl-C) and run the demo again.",
    );
  }
  console.log(`Emulator of the Tencent Cloud Organization API on ${emulator.url} (data in .emulator-data/).`);
  try {
    console.log("Preparing stack 'demo' (local state in .pulumi-state/, passphrase in README)...");
    const stack = await engineStack({
      dir: repositoryRoot,
      stateDir: join(repositoryRoot, ".pulumi-state"),
      passphrase: DEMO_PASSPHRASE,
      stackName: "demo",
      program: async () => basicProgram(),
    });
    // A demo stack made by 0.1 held its endpoint under tencentcloud:, which is now refused; the demo moves its own.
    await stack.removeAllConfig(["tencentcloud:organizationEndpoint"]);
    await stack.setAllConfig({
      "tencentcloud-member-email:organizationEndpoint": { value: emulator.url },
      "tencentcloud:secretId": { value: emulator.secretId },
      "tencentcloud:secretKey": { value: emulator.secretKey, secret: true },
    });
    const result = await stack.up({ onOutput: (text) => process.stdout.write(text) });
    console.log("\nOutputs of stack 'demo':");
    for (const [name, output] of Object.entries(result.outputs))
      console.log(`  ${name}: ${JSON.stringify(output.value)}`);
    console.log(
      "\nThe binding waits for the member to activate it (bindStatus Valid). Run `npm run demo` again: nothing changes.",
    );
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`\nThe demo failed: ${message}`);
  console.error("See docs/troubleshooting.md; `rm -rf .pulumi-state .emulator-data` starts the demo afresh.");
  process.exitCode = 1;
});
