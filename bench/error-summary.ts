/** A short form of an error for a one-line report. */

/**
 * The first non-empty lines of an error's message, joined. The Automation API's errors carry the CLI's
 * whole output, which for a thousand resources would bury the report.
 */
export function errorSummary(error: unknown, lines = 6): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, lines)
    .join(" / ");
}
