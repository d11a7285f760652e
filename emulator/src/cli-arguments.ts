import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  DEFAULT_EMULATOR_PORT,
  DEFAULT_TEMPORARY_CREDENTIAL_SECONDS,
  DEMO_HOST_UIN,
  DEMO_MEMBERS,
  DEMO_ORGANIZATION_ID,
  MAX_TEMPORARY_CREDENTIAL_SECONDS,
} from "./options";
import type { EmulatorCamPolicy, EmulatorMember, EmulatorOptions, EmulatorTrustPolicy } from "./types";

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
  --invited-members <uin,...>  members that were invited, not created (no binding allowed); added if not demo members
  --organization-id <n>        OrgId of DescribeOrganization (default ${DEMO_ORGANIZATION_ID})
  --host-uin <n>               HostUin of DescribeOrganization (default ${DEMO_HOST_UIN})
  --mask-emails                Describe answers the email masked like 12***@qq.com (default: in full)
  --send-email-limit-per-hour <n>  resends of a binding's activation email per hour (default 3)
  --send-email-limit-per-day <n>   resends of a binding's activation email per day (default 10)
  --account-id <uin>           account of the key pair, as STS GetCallerIdentity answers it (default the host uin)
  --role <arn>                 a role STS lets be assumed, such as qcs::cam::uin/100000000000:roleName/deploy;
                               its account is the uin the ARN names (repeat the flag for more roles)
  --web-identity-token <token> an OIDC token AssumeRoleWithWebIdentity trusts (repeat the flag for more)
  --policy <principal>=<file>  CAM: the policy (a JSON document, or an array of them) of a principal, the key
                               pair's SecretId or a --role ARN; with any, an action no policy allows is refused
                               (repeat the flag for more; without it every action is allowed)
  --trust-policy <arn>=<file>  the trust policy of a --role: which OIDC tokens may assume it, by their sub, aud, iss
  --temporary-credential-seconds <n>  longest life of the temporary keys STS issues, 1 to ${MAX_TEMPORARY_CREDENTIAL_SECONDS} (default ${DEFAULT_TEMPORARY_CREDENTIAL_SECONDS})
  --request-log <path>         append every request's received/committed/answered events to this file (JSON lines)
  --crash-after-commit <n>     SIGKILL itself right after the nth committed Add, before answering it (fault tests)
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
      "invited-members": { type: "string" },
      "organization-id": { type: "string" },
      "host-uin": { type: "string" },
      "mask-emails": { type: "boolean" },
      "send-email-limit-per-hour": { type: "string" },
      "send-email-limit-per-day": { type: "string" },
      "account-id": { type: "string" },
      role: { type: "string", multiple: true },
      "web-identity-token": { type: "string", multiple: true },
      policy: { type: "string", multiple: true },
      "trust-policy": { type: "string", multiple: true },
      "temporary-credential-seconds": { type: "string" },
      "request-log": { type: "string" },
      "crash-after-commit": { type: "string" },
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
      ...(values["invited-members"] === undefined ? {} : { members: withInvited(values["invited-members"]) }),
      ...optional("organizationId", values["organization-id"], (text) =>
        readNumber(text, "--organization-id", 1, Number.MAX_SAFE_INTEGER, true),
      ),
      ...optional("hostUin", values["host-uin"], (text) =>
        readNumber(text, "--host-uin", 1, Number.MAX_SAFE_INTEGER, true),
      ),
      ...(values["mask-emails"] === true ? { maskEmails: true } : {}),
      ...optional("sendEmailLimitPerHour", values["send-email-limit-per-hour"], (text) =>
        readNumber(text, "--send-email-limit-per-hour", 0, Number.MAX_SAFE_INTEGER, true),
      ),
      ...optional("sendEmailLimitPerDay", values["send-email-limit-per-day"], (text) =>
        readNumber(text, "--send-email-limit-per-day", 0, Number.MAX_SAFE_INTEGER, true),
      ),
      ...(values["account-id"] === undefined ? {} : { accountId: readAccountId(values["account-id"]) }),
      ...(values.role === undefined ? {} : { roles: values.role.map((arn) => ({ roleArn: readRoleArn(arn) })) }),
      ...(values["web-identity-token"] === undefined
        ? {}
        : { webIdentityTokens: values["web-identity-token"].map(readWebIdentityToken) }),
      ...(values.policy === undefined ? {} : { policies: readPolicyFlags(values.policy, cwd) }),
      ...(values["trust-policy"] === undefined
        ? {}
        : { trustPolicies: readTrustPolicyFlags(values["trust-policy"], cwd) }),
      ...optional("temporaryCredentialSeconds", values["temporary-credential-seconds"], (text) =>
        readNumber(text, "--temporary-credential-seconds", 1, MAX_TEMPORARY_CREDENTIAL_SECONDS, true),
      ),
      ...(values["request-log"] === undefined ? {} : { requestLogFile: resolve(cwd, values["request-log"]) }),
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
        ...optional("crashAfterCommits", values["crash-after-commit"], (text) =>
          readNumber(text, "--crash-after-commit", 1, Number.MAX_SAFE_INTEGER, true),
        ),
      },
    },
  };
}

/** The demo members, with the listed uins invited (and added when they are not demo members). */
function withInvited(text: string): EmulatorMember[] {
  const invited = new Set(
    text.split(",").map((part) => readNumber(part.trim(), "--invited-members", 1, Number.MAX_SAFE_INTEGER, true)),
  );
  const members: EmulatorMember[] = DEMO_MEMBERS.map((uin) => ({
    uin,
    type: invited.has(uin) ? "Invite" : "Create",
  }));
  for (const uin of invited) {
    if (!DEMO_MEMBERS.includes(uin)) members.push({ uin, type: "Invite" });
  }
  return members;
}

/** An account uin as STS answers it: a string of 1 to 20 digits. */
function readAccountId(text: string): string {
  const id = text.trim();
  if (!/^\d{1,20}$/.test(id)) throw new Error(`--account-id must be an account uin of digits, such as 100000000000.`);
  return id;
}

/** A role's ARN as CAM writes it, `qcs::cam::uin/<uin>:roleName/<name>`. */
function readRoleArn(text: string): string {
  const arn = text.trim();
  if (!/^qcs::cam::uin\/\d{1,20}:roleName\/[\w+=,.@-]+$/.test(arn)) {
    throw new Error("--role must be a role ARN such as qcs::cam::uin/100000000000:roleName/deploy.");
  }
  return arn;
}

/** An OIDC token: any non-empty text without spaces. It is never echoed in a message. */
function readWebIdentityToken(text: string): string {
  const token = text.trim();
  if (token === "" || /\s/.test(token)) throw new Error("--web-identity-token must be a token without spaces.");
  return token;
}

/**
 * `--policy <principal>=<file>` flags: each principal's documents (a file holds one, or an array of them; a
 * principal named twice gets both files'). The documents are checked when the emulator starts.
 */
function readPolicyFlags(
  flags: readonly string[],
  cwd: string,
): Record<string, EmulatorCamPolicy | EmulatorCamPolicy[]> {
  const policies: Record<string, EmulatorCamPolicy[]> = {};
  for (const flag of flags) {
    const { name, document } = readAssignment(
      flag,
      "--policy",
      "qcs::cam::uin/100000000000:roleName/deploy=examples/cam/apply.json",
      cwd,
    );
    const documents: readonly unknown[] = Array.isArray(document) ? document : [document];
    // Checked by startEmulator, whose messages say what is wrong in which document.
    policies[name] = [...(policies[name] ?? []), ...(documents as EmulatorCamPolicy[])];
  }
  return policies;
}

/** `--trust-policy <arn>=<file>` flags: one trust policy per role. */
function readTrustPolicyFlags(flags: readonly string[], cwd: string): Record<string, EmulatorTrustPolicy> {
  const trustPolicies: Record<string, EmulatorTrustPolicy> = {};
  for (const flag of flags) {
    const { name, document } = readAssignment(
      flag,
      "--trust-policy",
      "qcs::cam::uin/100000000000:roleName/sweep=examples/cam/sweep.trust.json",
      cwd,
    );
    if (Object.hasOwn(trustPolicies, name)) throw new Error(`--trust-policy names the role ${name} twice.`);
    // Checked by startEmulator, whose message says what is wrong.
    trustPolicies[name] = document as EmulatorTrustPolicy;
  }
  return trustPolicies;
}

/**
 * `<name>=<file>`, split at the last `=` (a role's name may hold one; a file path given here may not), and the
 * file's JSON. The name is not echoed in an error: it may be a key pasted in the wrong place.
 */
function readAssignment(
  text: string,
  flag: string,
  example: string,
  cwd: string,
): { readonly name: string; readonly document: unknown } {
  const at = text.lastIndexOf("=");
  const name = at === -1 ? "" : text.slice(0, at).trim();
  const file = at === -1 ? "" : text.slice(at + 1).trim();
  if (name === "" || file === "") throw new Error(`${flag} must be <name>=<file>, such as ${flag} ${example}.`);
  const path = resolve(cwd, file);
  let content: string;
  try {
    content = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${flag}: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return { name, document: JSON.parse(content) as unknown };
  } catch {
    throw new Error(`${flag}: ${path} is not JSON.`);
  }
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
