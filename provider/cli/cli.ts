#!/usr/bin/env node
/**
 * The package's command line, `pulumi-tencentcloud-member-email <command>`: `discover` finds every email binding
 * of the organization (discover-command.ts), `audit` reviews the organization against what a stack declares
 * (audit-command.ts), `remind` resends the activation emails about to expire (remind-command.ts). This file picks
 * the command, and answers `--help`, `help <command>` and `--version`.
 */
import { auditUsage, runAudit } from "./audit-command";
import { discoverUsage, runDiscover } from "./discover-command";
import { EXIT_STATUS, EXIT_STATUS_TABLE } from "./exit-status";
import { packageVersion } from "../package-version";
import { remindUsage, runRemind } from "./remind-command";
import type { CommandStreams } from "./streams";
import { UsageError, usageStatus } from "./usage";

const COMMAND = "pulumi-tencentcloud-member-email";

/** A command: how it runs (with the words after its name; answers the exit status) and its help. */
interface Command {
  readonly run: (args: readonly string[], streams: CommandStreams) => Promise<number>;
  readonly usage: string;
}

/** The commands, by name. */
const commands: Readonly<Record<string, Command>> = {
  discover: { run: runDiscover, usage: discoverUsage },
  audit: { run: runAudit, usage: auditUsage },
  remind: { run: runRemind, usage: remindUsage },
};

const names = Object.keys(commands);

/** The help of the whole, printed for `--help`, `-h` and `help`, and after a command line that names no command. */
export const usage = `Usage: ${COMMAND} <command> [options]
       ${COMMAND} help <command> | --help | --version

Reads the Tencent Cloud organization the provider's credentials reach: lists, audits and reminds its members'
email bindings (a Pulumi program manages them, with the OrganizationMemberEmail resource).

Commands:
  discover   list every email binding of the organization, for a program to adopt them all
             or for \`pulumi import --file\` to import them
  audit      review the organization against what a stack (or a team file) declares, as Markdown or JSON
  remind     send the activation email again to the bindings whose link is about to expire

  --help, -h     print this help; \`<command> --help\` or \`help <command>\` prints a command's own
  --version      print the package's version

Exit status, the same for every command: 0 done, 1 found what it was asked to fail on, 2 a usage error,
3 could not finish; see ${EXIT_STATUS_TABLE}.
Credentials and endpoint come from the environment: \`${COMMAND} discover --help\` lists the variables.`;

/** Runs the command line `args` (without `node` and the script) and answers the exit status. */
export async function main(args: readonly string[], streams: CommandStreams): Promise<number> {
  const [first, ...rest] = args;
  const command = commandNamed(first);
  if (command) return command.run(rest, streams);
  try {
    if (first === "--version" && rest.length === 0) {
      streams.stdout(`${packageVersion()}\n`);
      return EXIT_STATUS.ok;
    }
    if ((first === "--help" || first === "-h" || first === "help") && rest.length === 0) throw new UsageError("");
    if (first === "help" && rest.length === 1) {
      const named = commandNamed(rest[0]);
      if (named) return usageStatus(new UsageError(""), named.usage, streams);
    }
    throw new UsageError(commandProblem(first, rest));
  } catch (error) {
    return usageStatus(error, usage, streams);
  }
}

/** The command called `name`; undefined for any other word (`constructor` included: the table is an object). */
function commandNamed(name: string | undefined): Command | undefined {
  return name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
}

/** Why a command line that runs no command cannot run. */
function commandProblem(first: string | undefined, rest: readonly string[]): string {
  const list = `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  if (first === undefined) return `Name a command: ${list}.`;
  if (first === "help") return `help takes one command: ${list}; got "${rest.join(" ")}".`;
  if (first === "--version" || first === "--help" || first === "-h") {
    return `${first} takes nothing after it; got "${rest.join(" ")}".`;
  }
  if (first.startsWith("-")) return `Name a command before the options: ${list}; got "${first}" first.`;
  return `Unknown command "${first}": the commands are ${list}.`;
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    ...(process.stderr.isTTY ? { stderrTerminal: { columns: process.stderr.columns } } : {}),
  }).then(
    // Calls still queued after a failure would keep the process alive: it ends here, with its status.
    (status) => process.stdout.write("", () => process.exit(status)),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(EXIT_STATUS.failed);
    },
  );
}
