/**
 * The exit statuses of every command (`discover`, `audit`, `remind`), one meaning each, so that a CI step can
 * tell "the organization needs a person" from "the command line is wrong" from "the run could not finish". The
 * table in docs/commands.md ("Exit status") is checked against this one.
 */
export const EXIT_STATUS = {
  /** The command did what it was asked, and found nothing it was asked to fail on. */
  ok: 0,
  /**
   * The command ran to its end and found what it was asked to fail on: a finding of a `--fail-on` kind (or a new
   * one of a `--fail-on-new` kind) for `audit`, a reminder Tencent Cloud refused for `remind`.
   */
  findings: 1,
  /** The command line cannot run (an unknown option, a missing or bad value): nothing was read or called. */
  usage: 2,
  /**
   * The run could not finish: missing credentials or settings, a file it could not read, a call that failed after
   * the client's retries, or a member it could not read (after the report of the others is written).
   */
  failed: 3,
} as const;

/** One of the exit statuses. */
export type ExitStatus = (typeof EXIT_STATUS)[keyof typeof EXIT_STATUS];

/** Where each command's help sends a reader for the exit statuses: the one table. */
export const EXIT_STATUS_TABLE = "docs/commands.md, section Exit status";
