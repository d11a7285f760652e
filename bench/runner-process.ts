/**
 * One runner of a team's CI, as a child process: the provider's `create` (or `read`, as a refresh does) for
 * `RUNNER_COUNT` members from `RUNNER_FIRST_MEMBER`, all at once, against the endpoint and keys in the
 * environment. It prints `ready` once its modules are loaded, starts when a line arrives on stdin (so that
 * every runner starts together), and prints one JSON line of {@link RunnerOutcome}. Used by
 * `npm run bench -- --only runners` and by test/provider/shared-budget.test.ts.
 */
import { createInterface } from "node:readline";
import { memberEmailProvider } from "pulumi-tencentcloud-member-email";

/** What one runner reports. */
export interface RunnerOutcome {
  /** Calls that succeeded. */
  readonly succeeded: number;
  /** The messages of the calls that failed. */
  readonly failures: string[];
  /** From the start signal to the last call settled, in seconds. */
  readonly seconds: number;
  /** When each call settled, in seconds from the start signal, in order. */
  readonly settledAt: number[];
}

/** The inputs of the binding of the `index`th bench member from `first`. */
export function runnerBinding(first: number, index: number): Record<string, unknown> {
  const memberUin = first + index;
  return {
    memberUin,
    email: `runner-${memberUin}@example.com`,
    countryCode: "86",
    phone: `139${String(memberUin % 100_000_000).padStart(8, "0")}`,
  };
}

async function main(): Promise<void> {
  const mode = process.env.RUNNER_MODE === "read" ? "read" : "create";
  const first = Number(process.env.RUNNER_FIRST_MEMBER);
  const count = Number(process.env.RUNNER_COUNT);
  const provider = memberEmailProvider as Required<typeof memberEmailProvider>;
  const bindings = Array.from({ length: count }, (_, index) => runnerBinding(first, index));
  // A check calls no API; it loads the provider's modules before the start, as bench/direct.ts does.
  await provider.check({}, { ...bindings[0] });
  process.stdout.write("ready\n");
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once("line", () => resolve()));
  lines.close();
  const started = performance.now();
  const settledAt: number[] = [];
  const settle = () => settledAt.push((performance.now() - started) / 1000);
  const outcomes = await Promise.allSettled(
    bindings.map((binding) =>
      (mode === "create"
        ? provider.create({ ...binding })
        : provider.read(String(binding.memberUin), { ...binding })
      ).finally(settle),
    ),
  );
  const failures = outcomes.flatMap((outcome) =>
    outcome.status === "rejected"
      ? [outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)]
      : [],
  );
  const result: RunnerOutcome = {
    succeeded: count - failures.length,
    failures,
    seconds: (performance.now() - started) / 1000,
    settledAt,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
