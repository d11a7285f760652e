import type { OrganizationApi, OrganizationMember } from "../api/client";
import { MemberEmailApiError } from "../api/errors";
import { activationLinkExpiry } from "../resource/binding-rules";
import { linkExpiry } from "./audit";
import type { DeclaredMember } from "./declared";
import { listAndDescribe } from "./discover";

/**
 * Why a member got no reminder:
 * - `invited`: an invited member, whose email cannot be bound;
 * - `unbound`: no binding;
 * - `active`: the binding is activated (`Success`);
 * - `failed`: the binding failed; its email can never be bound again, a reminder cannot save it;
 * - `notDue`: a waiting binding whose link lasts longer than the reminder window;
 * - `undeclared`: a waiting binding the stack or team file does not declare, when one limits the run;
 * - `unreadable`: its Describe failed, so nothing is sent on a guess.
 */
export type SkipReason = "invited" | "unbound" | "active" | "failed" | "notDue" | "undeclared" | "unreadable";

/** A reminder sent, refused or skipped, about one member: uin and name only, nothing personal. */
export interface ReminderEntry {
  /** The member's account uin. */
  readonly memberUin: number;
  /** The member's name in the organization. */
  readonly name: string;
  /** The binding's id, when the member was described. */
  readonly bindId?: number;
  /** When the link expires (before the reminder), ISO 8601 UTC, when the binding is waiting. */
  readonly linkExpiresAt?: string;
  /** Why it was skipped, for a skipped member. */
  readonly reason?: SkipReason;
  /** The error code Tencent Cloud answered, for a refused reminder or an unreadable member. */
  readonly code?: string;
  /** The RequestId of that answer, when one came. */
  readonly requestId?: string;
  /** When the email was sent, ISO 8601 UTC, for a reminder sent (never the `at` of a run: see RemindOptions.clock). */
  readonly sentAt?: string;
}

/** What a reminder run did. */
export interface Reminders {
  /** Members of the organization. */
  readonly members: number;
  /** Activation emails sent again (or, for a dry run, that would have been). */
  readonly sent: readonly ReminderEntry[];
  /** Sends Tencent Cloud refused (such as a resend limit), reported and not retried. */
  readonly refused: readonly ReminderEntry[];
  /** Members not reminded, each with its reason. */
  readonly skipped: readonly ReminderEntry[];
  /** Whether nothing was sent. */
  readonly dryRun: boolean;
}

/** The reminder run's choices. */
export interface RemindOptions {
  /** A waiting binding whose link expires within this many days is reminded. */
  readonly withinDays: number;
  /** The moment taken as now to decide what is due (the expiry is measured against it). */
  readonly at: Date;
  /** Send nothing; report what would be sent. */
  readonly dryRun: boolean;
  /** When given, only these members' bindings are reminded (a stack export or team file); else the organization's. */
  readonly declared?: readonly DeclaredMember[];
  /**
   * When each binding's link was last sent by an earlier run, by BindId (see reminder-record.ts). Describe
   * answers only ApplyTime, which a resend does not move: without this record a link resent since is known to
   * be alive (it is still `Valid`) but not for how long.
   */
  readonly lastSent?: ReadonlyMap<number, Date>;
  /**
   * The time a send is recorded at, read when its answer comes: Tencent Cloud's clock as far as the run knows it
   * (this machine's by default). Not `at`: a link resent now expires 15 days from now, whatever moment `at` names,
   * and a send recorded later than it was made would let its link expire unreminded.
   */
  readonly clock?: () => Date;
}

/** The calls a reminder run makes. */
export type RemindApi = Pick<
  OrganizationApi,
  "describeOrganizationMembers" | "describeMemberEmailBind" | "sendMemberAccountBindEmail"
>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the listing shows a binding that may still be waiting: only those are described. */
const maybeWaiting = (member: OrganizationMember): boolean =>
  member.memberType !== "Invite" && member.bindStatus === "Valid";

/** The listing's reason for a member that is not described. */
function listedReason(member: OrganizationMember): SkipReason {
  if (member.memberType === "Invite") return "invited";
  if (member.bindStatus === "Success") return "active";
  if (member.bindStatus === "Failed") return "failed";
  return "unbound";
}

/**
 * Sends the activation email again (SendOrgMemberAccountBindEmail) for each binding still `Valid` whose link
 * expires within `withinDays` of `at`, one send per binding per run. The listing picks the bindings it shows
 * waiting; each is described first, so a binding activated or failed since the listing is skipped, and the
 * BindId sent is the current one. The client does not retry a send Tencent refused with a resend limit
 * (`LimitExceeded.SendEmailWithinOneHourLimit`, `LimitExceeded.SendEmailLimit`) or whose answer was lost: a
 * refusal is reported among `refused`, and a daily run sends each binding at most once a day, far within the
 * limits. Invited members, active and failed bindings are never sent anything.
 */
export async function remindWaiting(
  api: RemindApi,
  options: RemindOptions,
  progress: (message: string) => void = () => undefined,
): Promise<Reminders> {
  const declared = options.declared ? new Set(options.declared.map((member) => member.memberUin)) : undefined;
  const inScope = (member: OrganizationMember) => declared === undefined || declared.has(member.memberUin);
  const listing = await listAndDescribe(api, (member) => maybeWaiting(member) && inScope(member), progress);
  const sent: ReminderEntry[] = [];
  const refused: ReminderEntry[] = [];
  const skipped: ReminderEntry[] = [];
  const described = new Map(listing.described.map((entry) => [entry.member.memberUin, entry.remote]));
  const failed = new Map(listing.undescribed.map((entry) => [entry.member.memberUin, entry.error]));
  const due: ReminderEntry[] = [];
  for (const member of listing.members) {
    const base = { memberUin: member.memberUin, name: member.name };
    if (!maybeWaiting(member)) {
      skipped.push({ ...base, reason: listedReason(member) });
      continue;
    }
    if (!inScope(member)) {
      skipped.push({ ...base, reason: "undeclared" });
      continue;
    }
    const error = failed.get(member.memberUin);
    if (error !== undefined) {
      skipped.push({ ...base, reason: "unreadable", ...errorFields(error) });
      // Said in full, as audit says it: the error's advice is what to do (a refusal names the policy that grants it).
      progress(
        `Could not describe member ${member.memberUin}: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    const remote = described.get(member.memberUin);
    if (!remote) {
      skipped.push({ ...base, reason: "unbound" });
      continue;
    }
    const withBinding = { ...base, bindId: remote.bindId };
    if (remote.bindStatus !== "Valid") {
      skipped.push({ ...withBinding, reason: remote.bindStatus === "Success" ? "active" : "failed" });
      continue;
    }
    const expiry = latest(linkExpiry(remote.applyTime), options.lastSent?.get(remote.bindId));
    // Still Valid past the expiry this run knows of: someone sent the link again since (a `pulumi up` with a new
    // activationReminder, another run without this record, the console), at a moment nobody told this run.
    // Tencent Cloud fails a link at its end, so the binding is alive; reminding it is the safe side.
    const known = expiry && expiry.getTime() > options.at.getTime() ? expiry : undefined;
    const linkExpiresAt = known?.toISOString();
    if (known && known.getTime() - options.at.getTime() > options.withinDays * DAY_MS) {
      skipped.push({ ...withBinding, linkExpiresAt, reason: "notDue" });
      continue;
    }
    // An unknown expiry (see above, or an unreadable ApplyTime): reminding is the safe side, it only restarts the link.
    due.push(linkExpiresAt ? { ...withBinding, linkExpiresAt } : withBinding);
  }
  if (options.dryRun) return { members: listing.total, sent: due, refused, skipped, dryRun: true };
  await Promise.all(
    due.map(async (entry) => {
      try {
        await api.sendMemberAccountBindEmail(entry.memberUin, entry.bindId ?? 0);
        sent.push({ ...entry, sentAt: (options.clock ?? (() => new Date()))().toISOString() });
      } catch (error) {
        refused.push({ ...entry, ...errorFields(error) });
        progress(
          `Could not remind member ${entry.memberUin}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }),
  );
  const byUin = (a: ReminderEntry, b: ReminderEntry) => a.memberUin - b.memberUin;
  return { members: listing.total, sent: sent.sort(byUin), refused: refused.sort(byUin), skipped, dryRun: false };
}

/** The later of a link's expiry from ApplyTime and the one from its last recorded send. */
function latest(fromApplyTime: Date | undefined, lastSent: Date | undefined): Date | undefined {
  const fromSend = lastSent ? activationLinkExpiry(lastSent) : undefined;
  if (!fromSend) return fromApplyTime;
  if (!fromApplyTime) return fromSend;
  return fromSend.getTime() > fromApplyTime.getTime() ? fromSend : fromApplyTime;
}

/** The code and RequestId of a failed call, as far as the error says. */
function errorFields(error: unknown): { code?: string; requestId?: string } {
  if (!(error instanceof MemberEmailApiError)) return {};
  return { code: error.code ?? "NetworkError", ...(error.requestId ? { requestId: error.requestId } : {}) };
}
