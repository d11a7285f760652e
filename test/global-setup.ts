import { ensurePulumiCli } from "../scripts/engine";

/**
 * Makes the Pulumi CLI available once, before any test runs, so the first engine test does not wait out
 * its timeout while scripts/ensure-pulumi builds the CLI. When that fails, the engine tests fail with
 * the reason and how to get the CLI; the other suites run as usual.
 */
export default function globalSetup(): void {
  try {
    process.env.PULUMI_CLI = ensurePulumiCli();
  } catch (error) {
    process.env.PULUMI_CLI_PROBLEM = (error as Error).message;
  }
}
