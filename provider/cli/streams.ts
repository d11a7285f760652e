import { type ProgressWriter, progressWriter } from "./progress";

/** Where a command writes and reads: the process's streams, or a test's. */
export interface CommandStreams {
  /** The command's result: the report, the list, the help. */
  readonly stdout: (text: string) => void;
  /** Progress, warnings, the summary and errors. */
  readonly stderr: (text: string) => void;
  /** Reads standard input whole, for `--stack-state -`. */
  readonly stdin?: () => string;
  /** Present when stderr is a terminal, with its width when known: progress is then one line updated in place. */
  readonly stderrTerminal?: { readonly columns?: number };
}

/** The progress of a command on its stderr: in place on a terminal, a line every few seconds in a log. */
export function commandProgress(streams: CommandStreams): ProgressWriter {
  return progressWriter({
    write: streams.stderr,
    isTTY: streams.stderrTerminal !== undefined,
    columns: streams.stderrTerminal?.columns,
  });
}
