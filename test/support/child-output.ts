/**
 * What a child process printed and how it ended, for tests that run a command (the built command line, a
 * workflow step) in a process of its own and read what a user would see.
 */
import type { ChildProcess } from "node:child_process";

/** What a finished child process left. */
export interface ChildOutput {
  /** The exit status; `null` when a signal ended it. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, in the order the chunks arrived: what a terminal or a CI log shows. */
  readonly output: string;
}

/**
 * Collects `child`'s stdout and stderr until it closes; answers them with its exit status. Call it right after
 * `spawn`, before the event loop turns, so that no chunk is missed. Rejects when the process could not start.
 */
export function childOutput(child: ChildProcess): Promise<ChildOutput> {
  let stdout = "";
  let stderr = "";
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    output += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status: number | null) => resolve({ status, stdout, stderr, output }));
  });
}
