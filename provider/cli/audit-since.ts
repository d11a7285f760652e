import { type Audit, FINDING_KINDS, type Finding, type FindingKind } from "./audit";
import { withoutByteOrderMark } from "./byte-order-mark";

/** Whether a finding was in the previous report: `new` when it was not, `still` when it was. */
export type FindingChange = "new" | "still";

/** A finding of the previous report, as much of it as the comparison reads. */
export interface PreviousFinding {
  /** Its kind. */
  readonly kind: FindingKind;
  /** The member's account uin. */
  readonly memberUin: number;
  /** The member's name, as the previous report gave it. */
  readonly name: string;
}

/** Today's findings against the previous report's. */
export interface Comparison {
  /** Each of today's findings that the previous report did not have, in today's order. */
  readonly fresh: readonly Finding[];
  /** Each of today's findings that the previous report had too. */
  readonly still: readonly Finding[];
  /** The previous report's findings that are gone today, by kind then member uin. */
  readonly resolved: readonly PreviousFinding[];
  /** When the previous report measured expiry (its `summary.at`), when it says. */
  readonly previousAt?: string;
}

/** A previous report that cannot be read: its message names the problem, never a value's content. */
export class PreviousReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreviousReportError";
  }
}

/** A finding is the same finding from one day to the next when it has the same kind and member. */
export const findingKey = (finding: { readonly kind: string; readonly memberUin: number }): string =>
  `${finding.kind} ${finding.memberUin}`;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The findings of a report the audit printed with `--json` (`{ findings: [...], summary: {...} }`). Only each
 * finding's kind, member uin and name are read. A finding of a kind this version does not know is ignored. A
 * UTF-8 byte-order mark before the JSON is no part of it.
 */
export function readPreviousReport(text: string): { findings: PreviousFinding[]; at?: string } {
  let document: unknown;
  try {
    document = JSON.parse(withoutByteOrderMark(text));
  } catch {
    throw new PreviousReportError("The previous report is not JSON: give a report the audit printed with --json.");
  }
  const findings = isRecord(document) ? document.findings : undefined;
  if (!Array.isArray(findings)) {
    throw new PreviousReportError(
      'The previous report has no "findings" list: give a report the audit printed with --json.',
    );
  }
  const read: PreviousFinding[] = [];
  findings.forEach((finding, index) => {
    const kind = isRecord(finding) ? finding.kind : undefined;
    const memberUin = isRecord(finding) ? finding.memberUin : undefined;
    if (typeof kind !== "string" || typeof memberUin !== "number" || !Number.isSafeInteger(memberUin)) {
      throw new PreviousReportError(
        `Finding ${index + 1} of the previous report has no "kind" and "memberUin": give a report the audit printed with --json.`,
      );
    }
    if (!(FINDING_KINDS as readonly string[]).includes(kind)) return;
    const name = isRecord(finding) && typeof finding.name === "string" ? finding.name : "";
    read.push({ kind: kind as FindingKind, memberUin, name });
  });
  const summary = isRecord(document) ? document.summary : undefined;
  const at = isRecord(summary) && typeof summary.at === "string" ? summary.at : undefined;
  return at === undefined ? { findings: read } : { findings: read, at };
}

/** Compares today's findings with the previous report's: what is new, what is still there, what is resolved. */
export function compareFindings(
  current: readonly Finding[],
  previous: { readonly findings: readonly PreviousFinding[]; readonly at?: string },
): Comparison {
  const before = new Set(previous.findings.map(findingKey));
  const now = new Set(current.map(findingKey));
  const order = (kind: FindingKind): number => FINDING_KINDS.indexOf(kind);
  const resolved = previous.findings
    .filter((finding) => !now.has(findingKey(finding)))
    .sort((a, b) => order(a.kind) - order(b.kind) || a.memberUin - b.memberUin);
  return {
    fresh: current.filter((finding) => !before.has(findingKey(finding))),
    still: current.filter((finding) => before.has(findingKey(finding))),
    resolved,
    ...(previous.at === undefined ? {} : { previousAt: previous.at }),
  };
}

/** Every finding new: what the comparison is when there is no previous report (the first run). */
export function allNew(current: readonly Finding[]): Comparison {
  return { fresh: current, still: [], resolved: [] };
}

/**
 * The kinds only Describe's answer can tell: of a member that could not be read, none can be found today, and
 * none can be ruled out. The others come from the listing and the stack, which the audit still has.
 */
const DESCRIBED_KINDS: ReadonlySet<FindingKind> = new Set(["failed", "expired", "expiring", "offDomain"]);

/**
 * Today's audit with, for each member that could not be read (an `unreadable` finding), the previous report's
 * findings about it that only Describe could tell (failed, expired, expiring, offDomain), kept and marked
 * `notReadToday`: a Describe that failed one day says nothing about the binding, so a failed binding stays a known
 * `still` finding instead of turning `resolved`, and coming back `new` the day after. The audit as it is without a
 * previous report.
 */
export function keepUnreadFindings(
  audit: Audit,
  previous: { readonly findings: readonly PreviousFinding[] } | undefined,
): Audit {
  if (!previous) return audit;
  const unread = new Map(
    audit.findings.filter((finding) => finding.kind === "unreadable").map((finding) => [finding.memberUin, finding]),
  );
  const today = new Set(audit.findings.map(findingKey));
  const kept: Finding[] = [];
  for (const finding of previous.findings) {
    const member = unread.get(finding.memberUin);
    if (!member || !DESCRIBED_KINDS.has(finding.kind) || today.has(findingKey(finding))) continue;
    today.add(findingKey(finding));
    kept.push({
      kind: finding.kind,
      memberUin: member.memberUin,
      name: member.name,
      declared: member.declared,
      notReadToday: true,
    });
  }
  if (kept.length === 0) return audit;
  const order = (kind: FindingKind): number => FINDING_KINDS.indexOf(kind);
  const findings = [...audit.findings, ...kept].sort(
    (a, b) => order(a.kind) - order(b.kind) || a.memberUin - b.memberUin,
  );
  return { ...audit, findings };
}
