import { closeSync, fchmodSync, openSync, writeFileSync } from "node:fs";
import { OrganizationApi } from "../api/client";
import { resolveSettings, settingSources } from "../api/settings";
import { ACTIVATION_LINK_DAYS } from "../resource/binding-rules";
import { maskEmail } from "../resource/mask";
import { type DiscoveredBinding, type Discovery, discoverBindings, summarize } from "./discover";
import { EXIT_STATUS, EXIT_STATUS_TABLE } from "./exit-status";
import { importFile } from "./import-file";
import { type CommandStreams, commandProgress } from "./streams";
import { teamFile } from "./team-file";
import { parseCommandLine, UsageError, usageStatus } from "./usage";

const COMMAND = "pulumi-tencentcloud-member-email discover";

/** The help of `discover`, printed for `--help` and after a usage error. */
export const discoverUsage = `Usage: ${COMMAND} [--json] [--show-emails] [--out FILE] [--import-file FILE]

Lists every member of the Tencent Cloud organization, describes each email binding that is not Unbound,
and prints what a Pulumi program needs to adopt them all.

  --json       print a JSON array of { memberUin, name, email, countryCode, bindStatus, bindId, memberType }
  --show-emails
               print each email whole; without it, the lines and the JSON show each email masked
               (a***@example.com): emails are personal data, and a terminal or a CI log is seen by others
  --out FILE   write FILE as the team file examples/from-file reads (one member per binding, no phone), readable
               by its owner alone: it keeps each email whole, since adopting a binding compares its email
  --import-file FILE
               write FILE for \`pulumi import --file FILE\`: one tencentcloud-member-email:index:OrganizationMemberEmail
               per binding (the native plugin's resource), named after the member's name and uin; no email
  --help, -h   print this help

Without --json, --out or --import-file, one line per binding is printed. Progress and a summary go to stderr:
on a terminal one line updated in place, in a log a line every few seconds.
Exit status: 0 done, 2 a usage error, 3 could not finish (credentials, a failed call); the same for every
command: see ${EXIT_STATUS_TABLE}.
Credentials and endpoint come from the environment, as the provider reads them, from the first source set:
  ${settingSources.secretId.env}, ${settingSources.secretKey.env}, ${settingSources.securityToken.env} (optional),
    with TENCENTCLOUD_ASSUME_ROLE_ARN (optional) to assume a role on top of that key;
  TENCENTCLOUD_ASSUME_ROLE_ARN with TENCENTCLOUD_ASSUME_ROLE_WEB_IDENTITY_TOKEN_FILE (OIDC, no key);
  TENCENTCLOUD_PROFILE (a ~/.tccli profile); TENCENTCLOUD_CAM_ROLE_NAME (an instance's CAM role);
  TENCENTCLOUD_STS_ENDPOINT, TENCENTCLOUD_ALLOWED_ACCOUNT_IDS, TENCENTCLOUD_FORBIDDEN_ACCOUNT_IDS (optional),
  ${settingSources.endpoint.env} (default https://organization.intl.tencentcloudapi.com),
  ${settingSources.rateLimitPerSecond.env} (requests a second per action, default 20).`;

/** What the command line asks for. */
interface DiscoverCommand {
  readonly json: boolean;
  readonly showEmails: boolean;
  readonly out?: string;
  readonly importFile?: string;
}

/** Runs `discover` with `args` (the words after `discover`); answers the exit status. */
export async function runDiscover(args: readonly string[], streams: CommandStreams): Promise<number> {
  let command: DiscoverCommand;
  try {
    command = parseDiscoverCommandLine(args);
  } catch (error) {
    return usageStatus(error, discoverUsage, streams);
  }
  const progress = commandProgress(streams);
  try {
    const settings = resolveSettings(undefined);
    const api = new OrganizationApi(settings, { retrying: progress });
    const startedAt = Date.now();
    const discovery = await discoverBindings(api, progress);
    const seconds = (Date.now() - startedAt) / 1000;
    progress.end();
    const shown = command.showEmails ? discovery.bindings : discovery.bindings.map(withMaskedEmail);
    if (command.json) streams.stdout(`${JSON.stringify(shown, null, 2)}\n`);
    if (command.out !== undefined) {
      writePrivateFile(command.out, teamFile(discovery.bindings, new Date()));
      streams.stderr(`Wrote ${discovery.bindings.length} members to ${command.out}.\n`);
    }
    if (command.importFile !== undefined) {
      writeFileSync(command.importFile, importFile(discovery.bindings));
      streams.stderr(
        `Wrote ${discovery.bindings.length} resources to ${command.importFile}; import them into a stack whose ` +
          `project finds the plugin with \`pulumi import --file ${command.importFile}\`.\n`,
      );
    }
    const lines = !command.json && command.out === undefined && command.importFile === undefined;
    if (lines) streams.stdout(table(shown));
    streams.stderr(summary(discovery, seconds, (command.json || lines) && !command.showEmails));
    return EXIT_STATUS.ok;
  } catch (error) {
    progress.end();
    streams.stderr(`${COMMAND} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_STATUS.failed;
  }
}

function parseDiscoverCommandLine(args: readonly string[]): DiscoverCommand {
  const { values, positionals } = parseCommandLine(args, {
    json: { type: "boolean" },
    "show-emails": { type: "boolean" },
    out: { type: "string" },
    "import-file": { type: "string" },
  });
  if (positionals.length > 0) {
    throw new UsageError(`discover takes no arguments besides its options; got "${positionals.join(" ")}".`);
  }
  if (values.out === "") throw new UsageError("--out needs a file name, such as --out team.yaml.");
  if (values["import-file"] === "") {
    throw new UsageError("--import-file needs a file name, such as --import-file import.json.");
  }
  return {
    json: values.json === true,
    showEmails: values["show-emails"] === true,
    out: values.out,
    importFile: values["import-file"],
  };
}

/** The binding as the terminal shows it without `--show-emails`. */
function withMaskedEmail(binding: DiscoveredBinding): DiscoveredBinding {
  return { ...binding, email: maskEmail(binding.email) };
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

function table(bindings: readonly DiscoveredBinding[]): string {
  return bindings
    .map(
      ({ memberUin, bindStatus, bindId, countryCode, email, name, memberType }) =>
        `${[memberUin, bindStatus, bindId, countryCode, email, name, memberType].join("\t")}\n`,
    )
    .join("");
}

/** The summary on stderr; `masked`: the emails went to stdout masked. */
function summary(discovery: Discovery, seconds: number, masked: boolean): string {
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
  } else if (masked && counts.bound > 0) {
    lines.push("The emails printed are masked (a***@example.com): --show-emails prints them whole; --out keeps them.");
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
