import { ConfigurationError, DEFAULT_CONFIG_NAMESPACE, type ConfigSource } from "../api/settings";
import { settingSource } from "../api/setting-table";

/**
 * Where the email-domain policy comes from: a Pulumi config key and an environment variable, from the one
 * settings table (setting-table.ts). Config wins.
 */
export const allowedEmailDomainsSource = settingSource("allowedEmailDomains");

/**
 * The config key of the policy under the source's namespace: `tencentcloud-member-email:allowedEmailDomains` in
 * both doors.
 */
export function allowedEmailDomainsKey(config: ConfigSource | undefined): string {
  return `${config?.namespace ?? DEFAULT_CONFIG_NAMESPACE}:allowedEmailDomains`;
}

/**
 * The domains a declared email may be at, lower case. An entry `*.example.com` allows every subdomain of
 * `example.com` (not `example.com` itself, which is listed on its own when it is allowed).
 */
export type AllowedEmailDomains = readonly string[];

/** One domain name: labels of letters, digits and hyphens, at least two of them. */
const DOMAIN = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/**
 * Reads the allowed email domains, Pulumi config first and the environment second: a comma list such as
 * `example.com,example.org`, or a JSON list (what `pulumi config set --path` and a provider's list input give). Answers undefined when neither is set (every domain is allowed). Throws a
 * ConfigurationError naming the setting when an entry is not a domain.
 */
export function resolveAllowedEmailDomains(
  config: ConfigSource | undefined,
  env: NodeJS.ProcessEnv = process.env,
): AllowedEmailDomains | undefined {
  const key = allowedEmailDomainsKey(config);
  const value = config?.get(key) ?? env[allowedEmailDomainsSource.env];
  if (value === undefined || value.trim() === "") return undefined;
  return parseEmailDomains(value, `${key} (or ${allowedEmailDomainsSource.env})`);
}

/**
 * Parses a comma list of domains (`example.com, *.example.org`), for the provider's setting and the audit's
 * `--allowed-domains`. `setting` names where the list came from in the error.
 */
export function parseEmailDomains(value: string, setting: string): AllowedEmailDomains {
  const domains = listEntries(value)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  // Positions, not values: an address pasted into the list by mistake must not be repeated.
  const bad = domains.flatMap((domain, index) => (DOMAIN.test(domain) ? [] : [index + 1]));
  if (domains.length === 0 || bad.length > 0) {
    const shown = bad.length > 0 ? `; entry ${bad.join(", ")} of the list is not a domain` : "";
    throw new ConfigurationError(
      `${setting} must be a comma-separated list of email domains such as example.com,*.example.org${shown}.`,
    );
  }
  return domains;
}

/**
 * The entries of a list given as a JSON list of strings (`["example.com"]`) or as a comma list. Text that
 * starts like JSON but is not a list of strings is read as a comma list, whose entries then fail as domains.
 */
function listEntries(value: string): string[] {
  // Stryker disable next-line ConditionalExpression,StringLiteral: only a JSON list parses to a list, and JSON lists start with [
  if (value.trim().startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(value);
      if (Array.isArray(parsed) && parsed.every((entry) => typeof entry === "string")) return parsed;
    } catch {
      // Not JSON: read as a comma list below.
    }
  }
  return value.split(",");
}

/** Whether `email` is at one of `domains`; letter case does not count. */
export function emailDomainAllowed(email: string, domains: AllowedEmailDomains): boolean {
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return domains.some((allowed) =>
    allowed.startsWith("*.")
      ? domain.endsWith(allowed.slice(1)) && domain.length > allowed.length - 1
      : domain === allowed,
  );
}

/**
 * The reason `check` gives for a declared email outside the allowed domains; it never repeats the email.
 * `key` is the config key the policy is read from.
 */
export function offDomainReason(domains: AllowedEmailDomains, key: string = allowedEmailDomainsSource.config): string {
  return (
    `email must be an address at one of the allowed domains, ${domains.join(", ")} ` +
    `(${key} or ${allowedEmailDomainsSource.env}); ` +
    "declare an address at one of them, or add its domain to the list"
  );
}

/**
 * The error of an email outside the allowed domains, for create and update called without `check` (which
 * refuses it at preview). `key` is the config key the policy is read from.
 */
export function offDomainError(domains: AllowedEmailDomains, key: string): Error {
  return new Error(`Invalid OrganizationMemberEmail inputs: ${offDomainReason(domains, key)}.`);
}

/** The warning for adopting an existing binding whose email is outside the allowed domains (read from `key`). */
export function offDomainAdoptionWarning(
  memberUin: unknown,
  domains: AllowedEmailDomains,
  key: string = allowedEmailDomainsSource.config,
): string {
  return (
    `Member ${String(memberUin)}'s existing binding has an email outside the allowed domains, ${domains.join(", ")} ` +
    `(${key}): it is adopted as it is, so the organization can be brought under ` +
    "management first; bind an address at an allowed domain afterwards (declare the phone and set " +
    "`allowEmailUpdate: true`)."
  );
}
