import { parseArgs, type ParseArgsConfig } from "node:util";
import { EXIT_STATUS } from "./exit-status";
import { withoutUrls } from "./without-urls";

/**
 * A command line that cannot run: its message goes to stderr with the usage, exit status 2 (EXIT_STATUS.usage); no
 * message is `--help`.
 */
export class UsageError extends Error {}

/** The options a command takes, besides `--help` (`-h`), which every command takes. */
type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

/** How every command line is parsed: strictly, positionals allowed, with `--help`. */
interface CommandConfig<O extends CommandOptions> {
  args: string[];
  allowPositionals: true;
  strict: true;
  options: O & { help: { type: "boolean"; short: "h" } };
}

/** A parsed command line: its options' values and its positionals. */
type ParsedCommandLine<O extends CommandOptions> = ReturnType<typeof parseArgs<CommandConfig<O>>>;

/**
 * Parses `args` strictly, positionals allowed, with `options` and `--help`: a word parseArgs refuses is a
 * UsageError with its message, and `--help` a UsageError without one.
 */
export function parseCommandLine<O extends CommandOptions>(args: readonly string[], options: O): ParsedCommandLine<O> {
  let parsed: ParsedCommandLine<O>;
  try {
    parsed = parseArgs<CommandConfig<O>>({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: { ...options, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if ((parsed.values as { readonly help?: boolean }).help) throw new UsageError("");
  return parsed;
}

/**
 * What a command does with an error of its command line: `--help` prints the usage to stdout (exit status 0,
 * for a reader to page or search it); a UsageError's message and the usage go to stderr (exit status 2). Any
 * other error is thrown again.
 */
export function usageStatus(
  error: unknown,
  usage: string,
  streams: { readonly stdout: (text: string) => void; readonly stderr: (text: string) => void },
): number {
  if (!(error instanceof UsageError)) throw error;
  if (!error.message) {
    streams.stdout(`${usage}\n`);
    return EXIT_STATUS.ok;
  }
  // A stray argument is repeated in the message; a webhook's URL typed without --notify would be, key and all.
  streams.stderr(`${withoutUrls(error.message)}\n\n${usage}\n`);
  return EXIT_STATUS.usage;
}
