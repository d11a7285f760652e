/**
 * Reads the Diagnostics section the Pulumi CLI prints after a run's progress: where a provider's warnings land
 * for a user, once per resource.
 */

/** The lines, trimmed, of the diagnostics in the CLI's `output` that hold `part`. */
export function diagnosticLines(output: string, part: string): string[] {
  return output
    .slice(output.indexOf("\nDiagnostics:\n"))
    .split("\n")
    .filter((line) => line.includes(part))
    .map((line) => line.trim());
}
