/**
 * What a long run tells the person watching it. Called with a line that stays (the organization's size, a retry,
 * a member that could not be read); `status`, when the caller has one, hears the run's counts, each replacing
 * the one before. A caller without `status` hears the lines only.
 */
export interface Progress {
  (line: string): void;
  /** The run's counts so far, such as `Listed 150 of 2000 members; described 40 of 120.`. */
  readonly status?: (text: string) => void;
}

/** A Progress that writes to a stream, and clears its status line when the run ends. */
export interface ProgressWriter extends Progress {
  readonly status: (text: string) => void;
  /** Clears the status line from a terminal, before the summary is written. */
  end(): void;
}

/** Where and how progress is written. */
export interface ProgressOptions {
  /** Writes text to the stream (stderr). */
  readonly write: (text: string) => void;
  /** Whether the stream is a terminal: the status is then one line updated in place. */
  readonly isTTY: boolean;
  /** The terminal's width: a longer status is cut, since a wrapped line cannot be updated in place. */
  readonly columns?: number;
  /** The clock, in milliseconds. */
  readonly now?: () => number;
  /** In a log (not a terminal), the least time between two status lines, in milliseconds. */
  readonly logEveryMs?: number;
}

/**
 * In a log, a status line every 5 seconds at most: a 2,000-member discovery (about 110 s) writes some 20 lines,
 * each with both counts, where one line per page and per 50 described wrote 80.
 */
export const LOG_EVERY_MS = 5_000;

/** On a terminal, the status is redrawn 10 times a second at most: more is flicker a person cannot read. */
export const REDRAW_EVERY_MS = 100;

/** Back to the start of the line, and erase it to its end (ECMA-48 CR and EL). */
const CLEAR_LINE = "\r\x1b[K";

/**
 * Progress on `options.write`: on a terminal, the status is one line redrawn in place (carriage return), and a
 * line that stays is written above it; in a log, a line that stays is written as it comes and the status once
 * every `logEveryMs` (the first after `logEveryMs`, so a short run writes none).
 */
export function progressWriter(options: ProgressOptions): ProgressWriter {
  const now = options.now ?? Date.now;
  const every = options.isTTY ? REDRAW_EVERY_MS : (options.logEveryMs ?? LOG_EVERY_MS);
  // In a log the first status waits a whole period; on a terminal the first is drawn at once.
  let lastAt = options.isTTY ? Number.NEGATIVE_INFINITY : now();
  let latest = "";
  let shown = "";
  const fit = (text: string): string =>
    options.columns !== undefined && options.columns > 1 && text.length >= options.columns
      ? text.slice(0, options.columns - 1)
      : text;
  const draw = (text: string): void => {
    shown = fit(text);
    options.write(`${CLEAR_LINE}${shown}`);
  };

  const line = (text: string): void => {
    if (!options.isTTY) {
      options.write(`${text}\n`);
      return;
    }
    options.write(`${shown === "" ? "" : CLEAR_LINE}${text}\n`);
    if (latest !== "") draw(latest);
  };
  const status = (text: string): void => {
    latest = text;
    const at = now();
    if (at - lastAt < every) return;
    lastAt = at;
    if (options.isTTY) draw(text);
    else options.write(`${text}\n`);
  };
  const end = (): void => {
    if (shown !== "") options.write(CLEAR_LINE);
    shown = "";
    latest = "";
  };
  return Object.assign(line, { status, end });
}
