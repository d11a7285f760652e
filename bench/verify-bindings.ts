/** Checks what an apply reports against what the emulator holds. */
import type { Emulator } from "tencentcloud-organization-emulator";
import type { BenchBinding } from "./bindings";

/** What the checked apply reported for one member: its BindId, or why it has none. */
export type ReportedBinding = { readonly bindId: unknown } | { readonly error: string };

/** The outcome of the check. */
export interface Verification {
  /** Members whose create failed, whose binding is missing, or whose BindId differs from the emulator's. */
  readonly failures: number;
  /** What went wrong first, for the report. */
  readonly firstFailure?: string;
}

/**
 * Counts the bindings that did not come out right: each expected member must have a reported BindId
 * equal to the one the emulator stores, with the email that was asked for. A fast apply that
 * silently lost bindings must not pass as a good figure.
 */
export function verifyBindings(
  emulator: Emulator,
  expected: readonly BenchBinding[],
  reported: ReadonlyMap<number, ReportedBinding>,
): Verification {
  const stored = new Map(emulator.bindings().map((binding) => [binding.memberUin, binding]));
  const problems: string[] = [];
  for (const binding of expected) {
    const report = reported.get(binding.memberUin);
    const remote = stored.get(binding.memberUin);
    if (report === undefined) problems.push(`member ${binding.memberUin}: not reported by the apply`);
    else if ("error" in report) problems.push(`member ${binding.memberUin}: ${report.error}`);
    else if (remote === undefined) problems.push(`member ${binding.memberUin}: no binding in the emulator`);
    else if (report.bindId !== remote.bindId) {
      problems.push(`member ${binding.memberUin}: BindId ${String(report.bindId)} reported, ${remote.bindId} stored`);
    } else if (remote.email !== binding.email) problems.push(`member ${binding.memberUin}: another email stored`);
  }
  return { failures: problems.length, firstFailure: problems[0] };
}
