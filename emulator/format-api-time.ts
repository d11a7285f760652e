/**
 * Formats a moment the way the Organization API writes times (`"2022-01-13 12:09:08"`). The
 * documentation gives no zone; the emulator uses UTC, the same clock as its daily quota.
 */
export function formatApiTime(moment: Date): string {
  return moment.toISOString().slice(0, 19).replace("T", " ");
}

/** The UTC day of a moment, `"YYYY-MM-DD"`: the period of the daily binding quota. */
export function utcDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}
