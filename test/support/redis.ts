/**
 * A real redis-server (Debian's `redis-server` package) for the tests of the optional shared limiter: the
 * starter the benchmark uses too, in scripts/redis-server.ts.
 */
export { freePort, startRedis, type RedisOptions, type RedisServer } from "../../scripts/redis-server";
