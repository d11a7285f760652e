import { LOG_EVERY_MS, progressWriter, REDRAW_EVERY_MS } from "../../provider/cli/progress";

/** A writer on a fake clock, and what it wrote. */
function writer(isTTY: boolean, columns?: number) {
  let now = 0;
  const written: string[] = [];
  const progress = progressWriter({ write: (text) => void written.push(text), isTTY, columns, now: () => now });
  return {
    progress,
    written,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("progress in a log (stderr is not a terminal)", () => {
  test("writes a status line once every few seconds, however often the counts change", () => {
    const { progress, written, advance } = writer(false);
    // A 2,000-member discovery: 2,000 counts over 100 s, one every 50 ms; one line a period, 20 in all.
    for (let described = 1; described <= 2000; described += 1) {
      advance(50);
      progress.status(`described ${described}`);
    }
    expect(written).toHaveLength((2000 * 50) / LOG_EVERY_MS);
    expect(written[0]).toBe(`described ${LOG_EVERY_MS / 50}\n`);
    for (const text of written) expect(text).toMatch(/^described \d+\n$/);
    expect(written.join("")).not.toContain("\r");
  });

  test("a run shorter than the period writes no status line; lines that stay are written as they come", () => {
    const { progress, written, advance } = writer(false);
    progress("The organization has 3 members; listing them 50 at a time.");
    advance(LOG_EVERY_MS - 1);
    progress.status("Listed 3 of 3 members");
    progress("Retrying");
    progress.end();
    expect(written).toEqual(["The organization has 3 members; listing them 50 at a time.\n", "Retrying\n"]);
  });

  test("the period is measured from the last status line written", () => {
    const { progress, written, advance } = writer(false);
    advance(LOG_EVERY_MS);
    progress.status("a");
    advance(LOG_EVERY_MS - 1);
    progress.status("b");
    advance(1);
    progress.status("c");
    expect(written).toEqual(["a\n", "c\n"]);
  });
});

describe("progress on a terminal", () => {
  test("draws the status in place: a carriage return and an erase, never a new line", () => {
    const { progress, written, advance } = writer(true);
    progress.status("Listed 50 of 2000 members");
    advance(REDRAW_EVERY_MS);
    progress.status("Listed 100 of 2000 members");
    expect(written).toEqual(["\r\x1b[KListed 50 of 2000 members", "\r\x1b[KListed 100 of 2000 members"]);
  });

  test("redraws at most 10 times a second", () => {
    const { progress, written, advance } = writer(true);
    for (let count = 1; count <= 100; count += 1) {
      progress.status(`described ${count}`);
      advance(10);
    }
    // 100 counts over one second: the first, then one every 100 ms.
    expect(written).toHaveLength(10);
    expect(written[1]).toBe("\r\x1b[Kdescribed 11");
  });

  test("a line that stays is written above the status, which is drawn again under it", () => {
    const { progress, written, advance } = writer(true);
    progress.status("Listed 50 of 2000 members");
    advance(1);
    progress.status("Listed 100 of 2000 members");
    progress("Retrying DescribeOrganizationMembers in 1.0 s");
    expect(written.slice(1)).toEqual([
      "\r\x1b[KRetrying DescribeOrganizationMembers in 1.0 s\n",
      "\r\x1b[KListed 100 of 2000 members",
    ]);
  });

  test("a line before any status is written alone", () => {
    const { progress, written } = writer(true);
    progress("The organization has 2000 members; listing them 50 at a time.");
    expect(written).toEqual(["The organization has 2000 members; listing them 50 at a time.\n"]);
  });

  test("the end erases the status, so the summary starts on a clean line; an end with nothing shown writes nothing", () => {
    const { progress, written } = writer(true);
    progress.end();
    expect(written).toEqual([]);
    progress.status("Listed 50 of 2000 members");
    progress.end();
    expect(written).toEqual(["\r\x1b[KListed 50 of 2000 members", "\r\x1b[K"]);
    progress("after");
    expect(written.at(-1)).toBe("after\n");
  });

  test("a status wider than the terminal is cut to fit one line", () => {
    const { progress, written } = writer(true, 10);
    progress.status("Listed 2000 of 2000 members");
    expect(written).toEqual(["\r\x1b[KListed 20"]);
    const exact = writer(true, 11);
    exact.progress.status("0123456789");
    expect(exact.written).toEqual(["\r\x1b[K0123456789"]);
    // As wide as the terminal: the cursor would wrap onto a line of its own, so one character goes.
    const full = writer(true, 10);
    full.progress.status("0123456789");
    expect(full.written).toEqual(["\r\x1b[K012345678"]);
  });

  test.each([[undefined], [0], [1]])("a terminal of unknown width (%p columns) gets the status whole", (columns) => {
    const { progress, written } = writer(true, columns);
    progress.status("Listed 2000 of 2000 members");
    expect(written).toEqual(["\r\x1b[KListed 2000 of 2000 members"]);
  });
});
