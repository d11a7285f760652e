/**
 * The spacing of a shared budget's starts when the processes sharing it are set to different rates: the slowest
 * of them. Each process says its own spacing in Redis every few seconds, under the limiter's id; a process that
 * stops saying it (it ended, or its Redis stopped answering) is forgotten a few seconds later.
 */
import type Redis from "ioredis";

/** How often a process says its spacing again, in milliseconds. */
export const SPACING_REFRESH_MS = 2000;

/** A process that has not said its spacing for this long no longer counts, in milliseconds. */
const SPACING_TTL_MS = 3 * SPACING_REFRESH_MS;

/**
 * Says `member`'s spacing (forgetting its `previous` one, when it changed), forgets the spacings not said
 * within their time to live, and answers the slowest of those left. Redis's own clock times them, so the
 * machines sharing the budget need not agree on the time. KEYS[1]: a sorted set of `<process>:<spacing>`, scored
 * by when each stops counting. ARGV: the member, the previous member or "", the time to live, the key's expiry.
 * `replicate_commands` lets Redis before 5 write after reading its clock, as Bottleneck's own scripts do.
 */
const SAY_SPACING = `
redis.replicate_commands()
local time = redis.call('time')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('zremrangebyscore', KEYS[1], '-inf', now)
if ARGV[2] ~= '' then redis.call('zrem', KEYS[1], ARGV[2]) end
redis.call('zadd', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('pexpire', KEYS[1], ARGV[4])
local slowest = 0
for _, member in ipairs(redis.call('zrange', KEYS[1], 0, -1)) do
  slowest = math.max(slowest, tonumber(string.match(member, ':(%d+)$')))
end
return slowest
`;

/** One process's spacing in a shared budget, and what it learns of the others'. */
export class SharedSpacing {
  private said = "";

  /**
   * @param key The sorted set of the budget's spacings.
   * @param process This process's name in it (random: nothing about the process reaches Redis).
   * @param idleExpiryMs The key expires after this long unused, like the limiter's own keys.
   */
  constructor(
    private readonly client: Redis,
    private readonly key: string,
    private readonly process: string,
    private readonly idleExpiryMs: number,
  ) {}

  /** Says `spacingMs` as this process's spacing and answers the slowest of the processes sharing the budget. */
  async say(spacingMs: number): Promise<number> {
    const member = `${this.process}:${Math.ceil(spacingMs)}`;
    const slowest = await this.client.eval(
      SAY_SPACING,
      1,
      this.key,
      member,
      this.said === member ? "" : this.said,
      SPACING_TTL_MS,
      this.idleExpiryMs,
    );
    this.said = member;
    return Number(slowest);
  }
}
