import type { Settings } from "./settings";

/** How long the endpoint may take to answer before this machine's clock is used instead. */
const ANSWER_TIMEOUT_MS = 5000;
/** A `Date` header counts whole seconds: a difference within this is this machine's clock agreeing with it. */
const RESOLUTION_MS = 2000;

/**
 * A clock that follows the service's: this machine's clock moved by the difference the endpoint's `Date` header
 * shows (one unsigned HEAD request, with no credential). The time of something done on Tencent Cloud (a resent
 * activation link, which expires 15 days later on Tencent's clock) is Tencent's time; the two clocks agree to a
 * second or two on a synchronised machine, and then this machine's clock is used as it is. When the endpoint
 * does not answer, or answers no `Date`, this machine's clock is used.
 */
export async function serviceClock(settings: Pick<Settings, "protocol" | "host">): Promise<() => Date> {
  const local = (): Date => new Date();
  const sentAt = Date.now();
  let date: string | null;
  try {
    const answer = await fetch(`${settings.protocol}${settings.host}/`, {
      method: "HEAD",
      redirect: "manual",
      signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
    });
    date = answer.headers.get("date");
  } catch {
    return local;
  }
  const serviceTime = date === null ? Number.NaN : Date.parse(date);
  if (Number.isNaN(serviceTime)) return local;
  // The header truncates to the second: the service's moment was on average half a second past it, at the
  // middle of the exchange here.
  const offset = serviceTime + 500 - (sentAt + Date.now()) / 2;
  if (Math.abs(offset) < RESOLUTION_MS) return local;
  return () => new Date(Date.now() + offset);
}
