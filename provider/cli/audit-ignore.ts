import { readFileSync } from "node:fs";
import type { Finding, FindingKind } from "./audit";

/** What `--ignore-kinds` and `--ignore-members` leave out of an audit. */
export interface IgnoreRules {
  /** Kinds of finding left out. */
  readonly kinds: readonly FindingKind[];
  /** Members whose findings are all left out. */
  readonly members: ReadonlySet<number>;
  /** The file the members were read from, for the report's line. */
  readonly membersFile?: string;
}

/** A member uin as a line of the file holds it: digits only. */
const UIN_PATTERN = /^\d{1,20}$/;

/**
 * The member uins of an `--ignore-members` file: one uin a line; `#` starts a comment, to the end of the line;
 * blank lines are skipped. A line that holds anything else is refused with its number, and without its text
 * (a file of uins may hold an email by mistake, and emails stay out of logs).
 */
export function parseIgnoredMembers(text: string, file: string): Set<number> {
  const members = new Set<number>();
  // A byte-order mark, as some editors write, is not part of the first line.
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((line, index) => {
    const uin = line.replace(/#.*$/, "").trim();
    if (uin === "") return;
    if (!UIN_PATTERN.test(uin) || !Number.isSafeInteger(Number(uin))) {
      throw new Error(
        `--ignore-members ${file}, line ${index + 1}: expected a member uin (digits only, such as 100000000001), ` +
          "optionally followed by a # comment.",
      );
    }
    members.add(Number(uin));
  });
  return members;
}

/** The member uins of the `--ignore-members` file; a file that cannot be read stops the audit before any call. */
export function readIgnoredMembers(file: string): Set<number> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
    throw new Error(`Could not read --ignore-members ${file} (${typeof code === "string" ? code : String(error)}).`);
  }
  return parseIgnoredMembers(text, file);
}

/** Whether the rules leave out a finding of `kind` about `memberUin`. */
export function isIgnored(
  rules: IgnoreRules,
  finding: { readonly kind: FindingKind; readonly memberUin: number },
): boolean {
  return rules.kinds.includes(finding.kind) || rules.members.has(finding.memberUin);
}

/** The findings the rules keep, and how many they leave out. */
export function withoutIgnored(findings: readonly Finding[], rules: IgnoreRules): { kept: Finding[]; ignored: number } {
  const kept = findings.filter((finding) => !isIgnored(rules, finding));
  return { kept, ignored: findings.length - kept.length };
}

/** What the report says of the rules, such as `--ignore-kinds unbound; --ignore-members ignore.txt (3 members)`. */
export function describeIgnoreRules(rules: IgnoreRules): string {
  const parts = [
    ...(rules.kinds.length > 0 ? [`--ignore-kinds ${rules.kinds.join(",")}`] : []),
    ...(rules.membersFile !== undefined
      ? [`--ignore-members ${rules.membersFile} (${rules.members.size} member${rules.members.size === 1 ? "" : "s"})`]
      : []),
  ];
  return parts.join("; ");
}
