/** The figures a run must reach to count as good; the benchmark exits non-zero when one is missed. */
import { limitRatio, type ApplyResult } from "./apply-result";
import type { PreviewComparison } from "./preview";

/** The direct run whose rate is the acceptance figure. */
export const GOAL_SIZE = 200;

/** The least share of the limit that run must reach. */
export const GOAL_RATIO = 0.9;

/** Sentences for each goal missed: any failure anywhere, and the direct N = 200 rate below 0.9 of the limit. */
export function missedGoals(applies: readonly ApplyResult[], preview: PreviewComparison | undefined): string[] {
  const missed: string[] = [];
  for (const result of applies) {
    if (result.failures > 0) {
      missed.push(`${result.scenario} N=${result.size}: ${result.failures} failures; first: ${result.firstFailure ?? "unknown"}`);
    }
  }
  if (preview && preview.failures > 0) {
    missed.push(`preview N=${preview.size}: ${preview.failures} failures; first: ${preview.firstFailure ?? "unknown"}`);
  }
  const goalRun = applies.find((result) => result.scenario === "direct" && result.size === GOAL_SIZE);
  if (goalRun && limitRatio(goalRun) < GOAL_RATIO) {
    missed.push(`direct N=${GOAL_SIZE} reached ${limitRatio(goalRun).toFixed(3)} of the limit; the goal is at least ${GOAL_RATIO}.`);
  }
  return missed;
}
