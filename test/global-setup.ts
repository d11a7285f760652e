import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePulumiCli } from "../scripts/engine";

/**
 * Makes the Pulumi CLI available once, before any test runs, so the first engine test does not wait out
 * its timeout while scripts/ensure-pulumi builds the CLI. When that fails, the engine tests fail with
 * the reason and how to get the CLI; the other suites run as usual. Also makes the run's scratch folder,
 * where the CLI tests share one `npm pack` of the package (test/global-teardown.ts removes it).
 */
export default function globalSetup(): void {
  process.env.MEMBER_EMAIL_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), "member-email-test-run-"));
  try {
    process.env.PULUMI_CLI = ensurePulumiCli();
  } catch (error) {
    process.env.PULUMI_CLI_PROBLEM = (error as Error).message;
  }
}
