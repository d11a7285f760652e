/** A throwaway stack under the real Pulumi engine, removed however the benchmark ends. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import type { Emulator } from "tencentcloud-organization-emulator";
import { engineStack } from "../scripts/engine";
import { RATE_LIMIT_PER_SECOND } from "./apply-result";

/**
 * The engine's parallelism (`--parallel`) for every benchmark stack. The CLI's default is 4 per CPU
 * (8 here); 64 keeps enough creates queued that the provider's pacing, not the engine, sets the rate,
 * and the previews use the same value so their comparison is fair.
 */
export const ENGINE_PARALLEL = 64;

/** The passphrase of the benchmark stacks' secrets provider; the stacks live only as long as a run. */
const PASSPHRASE = "bench-passphrase";

/**
 * Runs `use` with a new stack of `program` in a temporary project folder with a local backend. When
 * `emulator` is given, the stack's config points the provider at it, as a user's config would.
 */
export async function withStack<T>(
  stackName: string,
  program: PulumiFn,
  emulator: Emulator | undefined,
  use: (stack: Stack) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "member-email-bench-stack-"));
  try {
    const stack = await engineStack({ dir, stateDir: join(dir, "state"), passphrase: PASSPHRASE, stackName, program });
    if (emulator) {
      await stack.setAllConfig({
        "tencentcloud:organizationEndpoint": { value: emulator.url },
        "tencentcloud:secretId": { value: emulator.secretId },
        "tencentcloud:secretKey": { value: emulator.secretKey, secret: true },
        // Config wins over the environment, so a developer's TENCENTCLOUD_ORGANIZATION_RATE_LIMIT cannot skew the figures.
        "tencentcloud:organizationRateLimit": { value: String(RATE_LIMIT_PER_SECOND) },
      });
    }
    return await use(stack);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
