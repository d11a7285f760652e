/**
 * Runs the command line in the test's own process (no build needed), as `main` runs it for `npx`, and keeps
 * what it printed: the fast way to drive discover, audit and remind against an emulator.
 */
import { main } from "../../provider/cli/cli";

/** What a run of the command line printed, and its exit status. */
export interface CommandLineRun {
  /** The exit status `main` answered: 0 done, 1 found what it was asked to fail on, 2 usage, 3 could not finish. */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line `args` (without `node` and the script) in this process; answers its status and output. */
export async function runCommandLine(args: readonly string[]): Promise<CommandLineRun> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  });
  return { status, stdout, stderr };
}
