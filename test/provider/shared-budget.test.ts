/**
 * Several real processes (separate runners, as a team's CI has) spending one identity's budget of 20
 * requests a second per action on one emulator. Each child runs the built provider's `create` or `read`
 * (bench/runner-process.ts, compiled to dist/bench), so `npm run build` must have run (`npm test` does).
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type Emulator } from "tencentcloud-organization-emulator";
import { runRunners, runnerParts } from "../../bench/runners";

const root = join(__dirname, "..", "..");

beforeAll(() => {
  // The children run the compiled provider: a stale build would test old code.
  for (const [source, built] of [
    ["provider/api/adaptive-rate.ts", "dist/provider/api/adaptive-rate.js"],
    ["provider/api/client.ts", "dist/provider/api/client.js"],
    ["bench/runner-process.ts", "dist/bench/runner-process.js"],
  ]) {
    const output = join(root, built);
    if (!existsSync(output) || statSync(output).mtimeMs < statSync(join(root, source)).mtimeMs) {
      throw new Error(`${built} is missing or older than ${source}: run \`npm run build\` first (\`npm test\` does).`);
    }
  }
});

/** The documented limit, per action, region and identity. */
const LIMIT = 20;

describe("5 processes sharing one budget of 20 a second", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ rateLimitPerSecond: LIMIT });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const parts = runnerParts(5, 200);
  const bindings = 1000;

  test("each creating 200 bindings at once: none fails, few refusals, the budget kept busy", async () => {
    const result = await runRunners(emulator, "create", parts);
    const adds = emulator.requestCount("AddOrganizationMemberEmail");
    const perSecond = bindings / result.wallSeconds;
    process.stderr.write(
      `5 runners x 200 creates: ${result.wallSeconds.toFixed(1)} s, ${perSecond.toFixed(2)} bindings/s, ` +
        `${adds} Add requests, ${result.failures} failed\n`,
    );
    expect(result.runners.flatMap((runner) => runner.failures)).toEqual([]);
    expect(emulator.bindings()).toHaveLength(bindings);
    // Refusals really happened (the processes did share the budget), but few: each process adapted.
    expect(adds).toBeGreaterThan(bindings);
    expect(adds).toBeLessThanOrEqual(1.15 * bindings);
    expect(perSecond).toBeGreaterThanOrEqual(0.85 * LIMIT);
  }, 180_000);

  test("then each reading its 200 back, as a refresh does: none fails, few refusals", async () => {
    const before = emulator.requestCount("DescribeOrganizationMemberEmailBind");
    const result = await runRunners(emulator, "read", parts);
    const describes = emulator.requestCount("DescribeOrganizationMemberEmailBind") - before;
    process.stderr.write(
      `5 runners x 200 reads: ${result.wallSeconds.toFixed(1)} s, ${(bindings / result.wallSeconds).toFixed(2)} reads/s, ` +
        `${describes} Describe requests, ${result.failures} failed\n`,
    );
    expect(result.runners.flatMap((runner) => runner.failures)).toEqual([]);
    expect(describes).toBeGreaterThan(bindings);
    expect(describes).toBeLessThanOrEqual(1.15 * bindings);
  }, 180_000);
});

test("one process beside a neighbour spending 10 of the 20 a second settles near the 10 left, and nothing fails", async () => {
  const emulator = await startEmulator({ rateLimitPerSecond: LIMIT, backgroundLoad: { perSecond: 10 } });
  try {
    const count = 300;
    const result = await runRunners(emulator, "create", runnerParts(1, count));
    const [runner] = result.runners;
    // Settled: the rate of the second half, after the first seconds spent finding the share.
    const half = runner.settledAt[Math.floor(count / 2) - 1];
    const settled = (count - Math.floor(count / 2)) / (runner.seconds - half);
    const adds = emulator.requestCount("AddOrganizationMemberEmail");
    process.stderr.write(
      `1 runner beside 10/s: ${runner.seconds.toFixed(1)} s, ${(count / runner.seconds).toFixed(2)} bindings/s overall, ` +
        `${settled.toFixed(2)} in the second half, ${adds} Add requests, ${runner.failures.length} failed\n`,
    );
    expect(runner.failures).toEqual([]);
    expect(emulator.bindings()).toHaveLength(count);
    // The neighbour was felt: some Adds were refused.
    expect(adds).toBeGreaterThan(count);
    expect(settled).toBeGreaterThanOrEqual(8);
    expect(settled).toBeLessThanOrEqual(12);
  } finally {
    await emulator.stop();
  }
}, 180_000);
