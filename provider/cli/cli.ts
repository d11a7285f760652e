#!/usr/bin/env node
/**
 * The package's command line: `pulumi-tencentcloud-member-email discover [--json] [--out FILE]
 * [--import-file FILE]` finds every email binding of the organization, for a program to adopt them all or
 * for `pulumi import --file` to import them; `audit` reviews the organization against what a stack
 * declares (see audit-command.ts).
 */
import { closeSync, fchmodSync, openSync, writeFileSync } from "node:fs";
import { OrganizationApi } from "../api/client";
import { ACTIVATION_LINK_DAYS } from "../resource/binding-rules";
import { discoverBindings, summarize, type Discovery } from "./discover";
import { resolveSettings, settingSources } from "../api/settings";
import { teamFile } from "./team-file";
import { importFile } from "./import-file";
import { runAudit } from "./audit-command";
import { parseCommandLine, UsageError, usageStatus } from "./usage";

const COMMAND = "pulumi-tencentcloud-member-email";

const usage = `Usage: ${COMMAND} discover [--json] [--out FILE] [--import-file FILE]

Lists every member of the Tencent Cloud organization, describes each email binding that is not Unbound,
and prints what a Pulumi program needs to adopt them all.

  --json       print a JSON array of { memberUin, name, email, countryCode, bindStatus, bindId, memberType }
  --out FILE   write FILE as the team file examples/from-file reads (one member per binding, no phone)
  --import-file FILE
               write FILE for \`pulumi import --file FILE\`: one tencentcloud-member-email:index:OrganizationMemberEmail
               per binding (the native plugin's resource), named after the member's name and uin
  --help       print this help

Without --json, --out or --import-file, one line per binding is printed. Progress and a summary go to stderr.
\`${COMMAND} audit --help\` describes the audit of the organization against a stack.
Credentials and endpoint come from the environment, as the provider reads them, from the first source set:
  ${settingSources.secretId.env}, ${settingSources.secretKey.env}, ${settingSources.securityToken.env} (optional),
    with TENCENTCLOUD_ASSUME_ROLE_ARN (optional) to assume a role on top of that key;
  TENCENTCLOUD_ASSUME_ROLE_ARN with TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE (OIDC, no key);
  TENCENTCLOUD_PROFILE (a ~/.tccli profile); TENCENTCLOUD_CAM_ROLE_NAME (an instance's CAM role);
  TENCENTCLOUD_STS_ENDPOINT, TENCENTCLOUD_ALLOWED_ACCOUNT_IDS, TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS (optional),
  ${settingSources.endpoint.env} (default https://organization.intl.tencentcloudapi.com),
  ${settingSources.rateLimitPerSecond.env} (requests a second per action, default 20).`;

/** Where the command writes; the process's streams unless a caller says otherwise. */
interface Streams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Runs the command line `args` (without `node` and the script) and answers the exit status. */
export async function main(args: readonly string[], streams: Streams): Promise<number> {
  if (args[0] === "audit") return runAudit(args.slice(1), streams);
  let options: Options;
  try {
    options = parseDiscoverCommandLine(args);
  } catch (error) {
    return usageStatus(error, usage, streams);
  }
  try {
    const settings = resolveSettings(undefined);
    const api = new OrganizationApi(settings, { retrying: (message) => streams.stderr(`${message}\n`) });
    const startedAt = Date.now();
    const discovery = await discoverBindings(api, (message) => streams.stderr(`${message}\n`));
    const seconds = (Date.now() - startedAt) / 1000;
    if (options.json) streams.stdout(`${JSON.stringify(discovery.bindings, null, 2)}\n`);
    if (options.out !== undefined) {
      writePrivateFile(options.out, teamFile(discovery.bindings, new Date()));
      streams.stderr(`Wrote ${discovery.bindings.length} members to ${options.out}.\n`);
    }
    if (options.importFile !== undefined) {
      writeFileSync(options.importFile, importFile(discovery.bindings));
      streams.stderr(
        `Wrote ${discovery.bindings.length} resources to ${options.importFile}; import them into a stack whose ` +
          `project finds the plugin with \`pulumi import --file ${options.importFile}\`.\n`,
      );
    }
    if (!options.json && options.out === undefined && options.importFile === undefined) {
      streams.stdout(table(discovery));
    }
    streams.stderr(summary(discovery, seconds));
    return 0;
  } catch (error) {
    streams.stderr(`${COMMAND} discover failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** What the command line asks for. */
interface Options {
  readonly json: boolean;
  readonly out?: string;
  readonly importFile?: string;
}

function parseDiscoverCommandLine(args: readonly string[]): Options {
  const parsed = parseCommandLine(args, {
    json: { type: "boolean" },
    out: { type: "string" },
    "import-file": { type: "string" },
  });
  const [command, ...rest] = parsed.positionals;
  if (command !== "discover") {
    throw new UsageError(
      command === undefined
        ? "Name a command: discover or audit."
        : `Unknown command "${command}": the commands are discover and audit.`,
    );
  }
  if (rest.length > 0) {
    throw new UsageError(`discover takes no arguments besides its options; got "${rest.join(" ")}".`);
  }
  if (parsed.values.out === "") throw new UsageError("--out needs a file name, such as --out team.yaml.");
  if (parsed.values["import-file"] === "") {
    throw new UsageError("--import-file needs a file name, such as --import-file import.json.");
  }
  return { json: parsed.values.json === true, out: parsed.values.out, importFile: parsed.values["import-file"] };
}

/**
 * Writes `text` to `path` for its owner alone to read (mode 0600), whether the file existed or not: emails are
 * personal data. The mode given to open() applies to a new file only, so an existing file (often 0644) is made
 * 0600 before anything is written into it.
 */
function writePrivateFile(path: string, text: string): void {
  const descriptor = openSync(path, "w", 0o600);
  try {
    fchmodSync(descriptor, 0o600);
    writeFileSync(descriptor, text);
  } finally {
    closeSync(descriptor);
  }
}

function table(discovery: Discovery): string {
  return discovery.bindings
    .map(
      ({ memberUin, bindStatus, bindId, countryCode, email, name, memberType }) =>
        `${[memberUin, bindStatus, bindId, countryCode, email, name, memberType].join("\t")}\n`,
    )
    .join("");
}

function summary(discovery: Discovery, seconds: number): string {
  const counts = summarize(discovery);
  const lines = [
    `${counts.members} members, ${counts.bound} bound: ${counts.waiting} waiting for activation, ` +
      `${counts.active} active, ${counts.failed} failed (in ${seconds.toFixed(1)} s).`,
  ];
  if (counts.invited > 0) {
    const uins = discovery.invited.map((member) => member.memberUin).join(", ");
    lines.push(
      `${counts.invited} members were invited into the organization (MemberType Invite) and cannot have an email ` +
        `bound: Tencent Cloud binds security information to created members only. Invited: ${uins}.`,
    );
  }
  if (counts.failed > 0) {
    lines.push(
      `${counts.failed} bindings have failed, and an email that failed activation can never be bound again: give ` +
        "each of those members a new email, with its phone, in the program (or the --out file); a program that " +
        "declares the failed email fails its preview.",
    );
  }
  if (discovery.emailsHidden) {
    lines.push(
      "Tencent Cloud answered the emails masked (such as 12***@qq.com), so the list holds them masked: replace " +
        "each with the member's full email before a program adopts it; the provider compares it with the mask.",
    );
  }
  if (counts.waiting > 0) {
    lines.push(
      `To remind the ${counts.waiting} waiting for activation: give each OrganizationMemberEmail ` +
        '`activationReminder: config.get("activationReminder")` and change that token every week, for example to ' +
        'the ISO week (`pulumi config set activationReminder "$(date +%G-W%V)"`, such as 2026-W49); `pulumi up` ' +
        "then sends the activation email again to those still waiting, and to no one else. An activation link " +
        `expires ${ACTIVATION_LINK_DAYS} days after it was last sent: a monthly token lets links expire between ` +
        "reminders, and an expired binding needs a new email.",
    );
  }
  return `${lines.join("\n")}\n`;
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  }).then(
    // Calls still queued after a failure would keep the process alive: it ends here, with its status.
    (status) => process.stdout.write("", () => process.exit(status)),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
