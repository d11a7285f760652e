import { rmSync } from "node:fs";

/** Removes the run's scratch folder that test/global-setup.ts made. */
export default function globalTeardown(): void {
  const runDir = process.env.MEMBER_EMAIL_TEST_RUN_DIR;
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}
