import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_EMULATOR_PORT } from "./options";
import type { EmulatorOptions } from "./types";

/** Data file of the command line when neither `--data-file` nor `EMULATOR_DATA_FILE` is given, relative to the current folder. */
export const DEFAULT_DATA_FILE = ".emulator-data/organization.sqlite";

/** Usage text of the `tencentcloud-organization-emulator` command. */
export const CLI_USAGE = `Usage: tencentcloud-organization-emulator [options]   (in this repository: npm run emulator -- [options])

Runs the Tencent Cloud Organization API emulator on 127.0.0.1 until SIGINT or SIGTERM.

Options:
  --port <n>                   TCP port, 0 for a free one (default ${DEFAULT_EMULATOR_PORT}, env EMULATOR_PORT)
  --data-file <path>           SQLite data file (default ${DEFAULT_DATA_FILE}, env EMULATOR_DATA_FILE)
  --rate-limit <n>             requests per second per action (default 20)
  --daily-bind-quota <n>       bindings per UTC day (default 5000)
  --max-members-per-phone <n>  members per security phone (default 5)
  --drop-response-rate <0-1>   share of requests carried out but never answered (default 0)
  --internal-error-rate <0-1>  share of requests answered InternalError (default 0)
  --help                       show this text`;

/** What the command line asked for. */
export type CliCommand =
  | { readonly kind: "help" }
  | {
      readonly kind: "start";
      readonly options: EmulatorOptions & { readonly port: number; readonly dataFile: string };
    };

/**
 * Turns the command line and environment into emulator options. Flags win over environment variables;
 * the data file is made absolute against `cwd`. Throws an Error naming the flag when a value is wrong.
 */
export function parseCliArguments(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): CliCommand {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      "data-file": { type: "string" },
      "rate-limit": { type: "string" },
      "daily-bind-quota": { type: "string" },
      "max-members-per-phone": { type: "string" },
      "drop-response-rate": { type: "string" },
      "internal-error-rate": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help === true) {
    return { kind: "help" };
  }
  const portText = values.port ?? env.EMULATOR_PORT;
  const dataFile = values["data-file"] ?? env.EMULATOR_DATA_FILE ?? DEFAULT_DATA_FILE;
  return {
    kind: "start",
    options: {
      port:
        portText === undefined
          ? DEFAULT_EMULATOR_PORT
          : readNumber(portText, values.port === undefined ? "EMULATOR_PORT" : "--port", 0, 65535, true),
      dataFile: resolve(cwd, dataFile),
      ...optional("rateLimitPerSecond", values["rate-limit"], (text) =>
        readNumber(text, "--rate-limit", 1, Infinity, false),
      ),
      ...optional("dailyBindQuota", values["daily-bind-quota"], (text) =>
        readNumber(text, "--daily-bind-quota", 0, Number.MAX_SAFE_INTEGER, true),
      ),
      ...optional("maxMembersPerPhone", values["max-members-per-phone"], (text) =>
        readNumber(text, "--max-members-per-phone", 1, Number.MAX_SAFE_INTEGER, true),
      ),
      faults: {
        ...optional("dropResponseRate", values["drop-response-rate"], (text) =>
          readNumber(text, "--drop-response-rate", 0, 1, false),
        ),
        ...optional("internalErrorRate", values["internal-error-rate"], (text) =>
          readNumber(text, "--internal-error-rate", 0, 1, false),
        ),
      },
    },
  };
}

function optional<K extends string>(
  key: K,
  text: string | undefined,
  parse: (text: string) => number,
): Partial<Record<K, number>> {
  return text === undefined ? {} : ({ [key]: parse(text) } as Record<K, number>);
}

function readNumber(text: string, flag: string, min: number, max: number, integer: boolean): number {
  const value = text.trim() === "" ? Number.NaN : Number(text);
  if (Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? "an integer" : "a number";
    const range = max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new Error(`${flag} must be ${kind} ${range}, got "${text}".`);
  }
  return value;
}
