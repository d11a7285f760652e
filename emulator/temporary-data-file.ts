import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A data file in a fresh temporary folder, for an emulator started without `dataFile`. */
export interface TemporaryDataFile {
  /** Path of the SQLite file (not created yet). */
  readonly file: string;
  /** Deletes the folder with the file and its WAL companions; safe to call twice. */
  remove(): void;
}

// Folders not removed yet. A process that exits without stopping its emulators (a test runner that
// gives up, a script that forgets) still takes them along; only SIGKILL can leave one behind.
const pending = new Set<string>();
let exitHookInstalled = false;

/** Creates the temporary folder of a data file and makes sure it goes away at the latest when the process exits. */
export function createTemporaryDataFile(): TemporaryDataFile {
  const folder = mkdtempSync(join(tmpdir(), "member-email-emulator-"));
  pending.add(folder);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const leftover of pending) {
        rmSync(leftover, { recursive: true, force: true });
      }
    });
  }
  return {
    file: join(folder, "organization.sqlite"),
    remove: () => {
      rmSync(folder, { recursive: true, force: true });
      pending.delete(folder);
    },
  };
}
