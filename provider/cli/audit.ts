import type { OrganizationApi, OrganizationMember, RemoteBinding } from "../api/client";
import { MemberEmailApiError } from "../api/errors";
import { type AllowedEmailDomains, emailDomainAllowed } from "../resource/email-domains";
import { activationLinkExpiry } from "../resource/binding-rules";
import { maskEmail } from "../resource/mask";
import type { DeclaredMember } from "./declared";
import { listAndDescribe } from "./discover";

/** The kinds of finding, in the order the report lists them. */
export const FINDING_KINDS = [
  "unreadable",
  "undeclared",
  "gone",
  "failed",
  "expired",
  "expiring",
  "invited",
  "unbound",
  "offDomain",
  "otherOrganization",
] as const;

/**
 * What the audit reports about a member:
 * - `unreadable`: a member whose DescribeOrganizationMemberEmailBind failed after the client's retries, with an
 *   error that says nothing about its binding: the audit could not see it, and fails;
 * - `undeclared`: a binding declared in no stack (or team file);
 * - `gone`: a declared member with no binding any more, or no longer in the organization;
 * - `failed`: a `Failed` binding, or one Describe refuses as invalid: a new email is needed;
 * - `expired`: a `Valid` binding whose activation link has expired, or one Describe refuses as expired;
 * - `expiring`: a `Valid` binding whose activation link expires within the warning days;
 * - `invited`: an invited member, whose email cannot be bound;
 * - `unbound`: a created member with no binding, declared nowhere;
 * - `offDomain`: a binding whose email is outside the allowed domains;
 * - `otherOrganization`: a binding the stack's state records in another organization than the credentials reach
 *   (a stack with an explicit provider per organization): not looked for here, audit it with that organization's
 *   credentials.
 */
export type FindingKind = (typeof FINDING_KINDS)[number];

/** One finding: the member, and nothing personal beyond a masked email. */
export interface Finding {
  /** What was found. */
  readonly kind: FindingKind;
  /** The member's account uin. */
  readonly memberUin: number;
  /** The member's name in the organization; empty for a member no longer in it. */
  readonly name: string;
  /** Whether a stack (or the team file) declares the member. */
  readonly declared: boolean;
  /** The binding's status as Describe answers it, when the member was described. */
  readonly bindStatus?: string;
  /** The binding's id, when the member was described (or, for `gone`, the id the stack holds). */
  readonly bindId?: number;
  /** The bound email masked (`a***@example.com`), when the member was described. */
  readonly maskedEmail?: string;
  /** When the activation link expires (or expired), ISO 8601 UTC, for `expiring` and `expired`. */
  readonly linkExpiresAt?: string;
  /** Why the binding failed, as Tencent Cloud says, for `failed`. */
  readonly description?: string;
  /**
   * The error code Describe answered instead of the binding (`NetworkError` when no answer came), for `unreadable`
   * and for the `expired` or `failed` finding such a code says.
   */
  readonly code?: string;
  /** The RequestId of that answer, when one came. */
  readonly requestId?: string;
  /** The organization the stack records the binding in, for `otherOrganization`. */
  readonly organizationId?: number;
  /**
   * True on a finding of the previous report (`--since`) kept for a member that could not be read today: nothing
   * says it was fixed, so it is `still` there, beside today's `unreadable` finding.
   */
  readonly notReadToday?: true;
}

/** What the audit looked at, and what it found. */
export interface Audit {
  /** Members of the organization. */
  readonly members: number;
  /** Members declared in the stack or team file, in the organization audited (not `otherOrganization`). */
  readonly declared: number;
  /** Members with a binding, as the listing and the descriptions say. */
  readonly bound: number;
  /** Bindings described (DescribeOrganizationMemberEmailBind calls). */
  readonly described: number;
  /** Every finding, by kind in FINDING_KINDS order, then by member uin. */
  readonly findings: readonly Finding[];
}

/** The audit's choices. */
export interface AuditOptions {
  /** The members the stack or team file declares. */
  readonly declared: readonly DeclaredMember[];
  /** A `Valid` binding whose link expires within this many days is `expiring`. */
  readonly expiryWarningDays: number;
  /** The domains an email may be at; absent: no `offDomain` finding, and fewer descriptions. */
  readonly allowedDomains?: AllowedEmailDomains;
  /** The moment the expiry is measured against: now, unless the user audits as of another moment. */
  readonly at: Date;
  /**
   * The organization the credentials reach (DescribeOrganization's OrgId): a declared binding recorded in another
   * is `otherOrganization`, neither looked for here nor `gone`. Absent: every declared binding is looked for here.
   */
  readonly organizationId?: number;
}

/** The calls the audit makes; the client paces each action to its own rate limit and retries. */
export type AuditApi = Pick<OrganizationApi, "describeOrganizationMembers" | "describeMemberEmailBind">;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Codes Tencent documents for DescribeOrganizationMemberEmailBind that say what became of the binding rather than
 * that the call failed (the Go SDK's descriptions: the binding link expired, the link is invalid, the binding
 * record is invalid): each is the finding it says, not an unreadable member.
 */
const bindingStateCodes: Readonly<Record<string, FindingKind>> = {
  "FailedOperation.BindEmailLinkExpired": "expired",
  "FailedOperation.BindEmailLinkInvalid": "failed",
  "FailedOperation.EmailBindRecordInvalid": "failed",
};

/** What a failed Describe answered: its code and RequestId, as far as the error says. */
interface DescribeFailure {
  readonly code?: string;
  readonly requestId?: string;
}

function describeFailure(error: unknown): DescribeFailure {
  if (!(error instanceof MemberEmailApiError)) return {};
  return { code: error.code ?? "NetworkError", ...(error.requestId ? { requestId: error.requestId } : {}) };
}

/** What the audit learnt about the listed members it described. */
interface Descriptions {
  /** Describe's answer for each member described: undefined when it has no binding. */
  readonly remotes: ReadonlyMap<number, RemoteBinding | undefined>;
  /** The failure of each member whose Describe failed. */
  readonly failures: ReadonlyMap<number, DescribeFailure>;
}

/**
 * When a binding's activation link expires: its ApplyTime plus ACTIVATION_LINK_DAYS (15 days). ApplyTime is
 * `YYYY-MM-DD HH:mm:ss` without a zone and is read as UTC. Undefined when ApplyTime is missing or unreadable.
 */
export function linkExpiry(applyTime: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(applyTime.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const applied = Date.UTC(year, month - 1, day, hour, minute, second);
  return Number.isNaN(applied) ? undefined : activationLinkExpiry(new Date(applied));
}

/**
 * Whether a listed member needs a DescribeOrganizationMemberEmailBind: every binding does, except a declared
 * one the listing shows active (`Success`) when no domain policy asks for its email: nothing about it can be
 * a finding. A member the listing shows `Unbound`, and an invited member, need none.
 */
function needsDescription(member: OrganizationMember, declared: boolean, domainPolicy: boolean): boolean {
  if (member.memberType === "Invite" || member.bindStatus === "Unbound") return false;
  return !(declared && member.bindStatus === "Success" && !domainPolicy);
}

/**
 * Lists the organization once (DescribeOrganizationMembers, 50 a page, pages queued at once) and describes
 * only the bindings whose findings depend on what Describe answers (see needsDescription), each queued as
 * soon as its page arrives, so the run takes as long as the rate limit says. `progress` hears the same
 * sentences as `discover`'s, and one per member whose Describe failed (its error's message). A member whose
 * Describe fails becomes a finding (see bindingStateCodes and `unreadable`): one member never hides the others.
 * Only a failed listing is thrown.
 */
export async function auditOrganization(
  api: AuditApi,
  options: AuditOptions,
  progress: (message: string) => void = () => undefined,
): Promise<Audit> {
  const elsewhere = (member: DeclaredMember): boolean =>
    options.organizationId !== undefined &&
    member.organizationId !== undefined &&
    member.organizationId !== options.organizationId;
  const declared = new Map(
    options.declared.filter((member) => !elsewhere(member)).map((member) => [member.memberUin, member]),
  );
  const domainPolicy = options.allowedDomains !== undefined;
  const listing = await listAndDescribe(
    api,
    (member) => needsDescription(member, declared.has(member.memberUin), domainPolicy),
    progress,
  );
  const remotes = new Map<number, RemoteBinding | undefined>();
  for (const { member, remote } of listing.described) remotes.set(member.memberUin, remote);
  const failures = new Map<number, DescribeFailure>();
  for (const { member, error } of listing.undescribed) {
    failures.set(member.memberUin, describeFailure(error));
    progress(
      `Could not describe member ${member.memberUin}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const descriptions = { remotes, failures };

  const members = listing.members;
  const findings = members.flatMap((member) =>
    memberFindings(member, descriptions, declared.get(member.memberUin), options),
  );
  const bound = members.filter((member) => hasBinding(member, remotes)).length;
  const inOrganization = new Set(members.map((member) => member.memberUin));
  for (const member of declared.values()) {
    if (!inOrganization.has(member.memberUin)) {
      const bindId = member.bindId ? { bindId: member.bindId } : {};
      findings.push({ kind: "gone", memberUin: member.memberUin, name: "", declared: true, ...bindId });
    }
  }
  for (const member of options.declared.filter(elsewhere)) {
    findings.push({
      kind: "otherOrganization",
      memberUin: member.memberUin,
      name: "",
      declared: true,
      ...(member.bindId ? { bindId: member.bindId } : {}),
      organizationId: member.organizationId,
    });
  }
  const order = (kind: FindingKind): number => FINDING_KINDS.indexOf(kind);
  findings.sort((a, b) => order(a.kind) - order(b.kind) || a.memberUin - b.memberUin);
  return { members: listing.total, declared: declared.size, bound, described: listing.described.length, findings };
}

/** Whether a listed member has a binding: Describe's answer when it was described, else the listing's status. */
function hasBinding(member: OrganizationMember, remotes: ReadonlyMap<number, RemoteBinding | undefined>): boolean {
  if (member.memberType === "Invite") return false;
  // The listing can be a moment older than a description: Describe's answer is the one that counts.
  return remotes.has(member.memberUin) ? remotes.get(member.memberUin) !== undefined : member.bindStatus !== "Unbound";
}

/** The findings about one listed member, from the listing and, when it was described, Describe's answer. */
function memberFindings(
  member: OrganizationMember,
  { remotes, failures }: Descriptions,
  declared: DeclaredMember | undefined,
  options: AuditOptions,
): Finding[] {
  const base = { memberUin: member.memberUin, name: member.name, declared: declared !== undefined };
  if (member.memberType === "Invite") return [{ kind: "invited", ...base }];
  const failure = failures.get(member.memberUin);
  if (failure) {
    // Only the listing is known: it shows a binding, so a member declared nowhere is undeclared all the same.
    const kind = (failure.code && bindingStateCodes[failure.code]) || "unreadable";
    const found: Finding[] = [{ kind, ...base, ...failure }];
    return declared ? found : [{ kind: "undeclared", ...base }, ...found];
  }
  if (!hasBinding(member, remotes)) {
    if (!declared) return [{ kind: "unbound", ...base }];
    return [{ kind: "gone", ...base, ...(declared.bindId ? { bindId: declared.bindId } : {}) }];
  }
  const remote = remotes.get(member.memberUin);
  // Not described: a declared binding the listing shows active, about which nothing can be a finding.
  if (!remote) return [];
  const binding = {
    ...base,
    bindStatus: remote.bindStatus,
    bindId: remote.bindId,
    maskedEmail: maskEmail(remote.email),
  };
  const findings: Finding[] = [];
  if (!declared) findings.push({ kind: "undeclared", ...binding });
  if (remote.bindStatus === "Failed") findings.push({ kind: "failed", ...binding, description: remote.description });
  const expiry = remote.bindStatus === "Valid" ? linkExpiry(remote.applyTime) : undefined;
  if (expiry) {
    const left = expiry.getTime() - options.at.getTime();
    const linkExpiresAt = expiry.toISOString();
    if (left <= 0) findings.push({ kind: "expired", ...binding, linkExpiresAt });
    else if (left <= options.expiryWarningDays * DAY_MS) findings.push({ kind: "expiring", ...binding, linkExpiresAt });
  }
  if (options.allowedDomains && !emailDomainAllowed(remote.email, options.allowedDomains)) {
    findings.push({ kind: "offDomain", ...binding });
  }
  return findings;
}
