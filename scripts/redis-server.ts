/**
 * A real redis-server (Debian's `redis-server` package) for the optional shared limiter's tests and its
 * benchmark, started on a free port with no persistence, so each caller has its own empty server.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** What to do when redis-server is missing. */
export const REDIS_INSTALL_ADVICE = "apt-get install -y redis-server (Debian's package)";

/** A free TCP port on the loopback interface, found by listening on port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Whether redis-server can be started here. */
export function redisInstalled(): boolean {
  return spawnSync("redis-server", ["--version"]).error === undefined;
}

/** A running redis-server: its URL, and how to stop it. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`, or `redis://:PASSWORD@127.0.0.1:PORT` when the server asks for a password. */
  url: string;
  /** Stops the server's process (SIGSTOP): it keeps its connections but answers nothing, as a frozen host does. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT): it answers what it was sent meanwhile. */
  resume(): void;
  stop(): void;
}

/** How {@link startRedis} starts the server. */
export interface RedisOptions {
  /** The password the server asks every client for (`--requirepass`), which the URL then carries; absent: none. */
  readonly password?: string;
}

/** Starts redis-server on a free port and answers once it accepts connections. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  if (!redisInstalled()) {
    throw new Error(`redis-server is not installed: ${REDIS_INSTALL_ADVICE}, then run again.`);
  }
  const port = await freePort();
  const redis: ChildProcess = spawn(
    "redis-server",
    [
      ...["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      ...(options.password === undefined ? [] : ["--requirepass", options.password]),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    redis.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
    redis.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  const auth = options.password === undefined ? "" : `:${encodeURIComponent(options.password)}@`;
  return {
    url: `redis://${auth}127.0.0.1:${port}`,
    pause: () => redis.kill("SIGSTOP"),
    resume: () => redis.kill("SIGCONT"),
    // A paused server would keep the SIGTERM pending: it runs again first.
    stop: () => {
      redis.kill("SIGCONT");
      redis.kill();
    },
  };
}
