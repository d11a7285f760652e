/** A fresh emulator for one benchmark, stopped and removed however the benchmark ends. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { RATE_LIMIT_PER_SECOND } from "./apply-result";

/**
 * Runs `use` against an emulator of its own, with an empty data file in a temporary folder and the
 * documented limit of 20 requests a second per action, so no run sees another's bindings or quota.
 */
export async function withEmulator<T>(use: (emulator: Emulator) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), "member-email-bench-emulator-"));
  try {
    const emulator = await startEmulator({ rateLimitPerSecond: RATE_LIMIT_PER_SECOND, dataFile: join(folder, "organization.sqlite") });
    try {
      return await use(emulator);
    } finally {
      await emulator.stop();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
