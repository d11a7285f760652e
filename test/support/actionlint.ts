/**
 * actionlint, the linter of GitHub Actions workflows, for the tests that hold a workflow to it. actionlint is a Go
 * program: the tests use $ACTIONLINT, the cached build, one on the PATH, or build the pinned version into
 * ~/.cache/actionlint-bin (outside the repository); without Go they fail saying how to get it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** actionlint's pinned version, built from the Go module proxy when no actionlint is at hand. */
const ACTIONLINT_MODULE = "github.com/rhysd/actionlint/cmd/actionlint@v1.7.7";
const ACTIONLINT_BIN = join(homedir(), ".cache", "actionlint-bin");

/**
 * The actionlint to run: $ACTIONLINT, the cached build, one on the PATH, else a build of the pinned version into
 * the cache (about a minute the first time). Without Go to build it, it throws saying how to get it: a workflow
 * that was not linted has not passed.
 */
export function actionlint(): string {
  const candidates = [process.env.ACTIONLINT, join(ACTIONLINT_BIN, "actionlint")];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  const found = spawnSync("sh", ["-c", "command -v actionlint"], { encoding: "utf8" });
  if (found.status === 0) return found.stdout.trim();
  const built = spawnSync("go", ["install", ACTIONLINT_MODULE], {
    encoding: "utf8",
    env: { ...process.env, GOBIN: ACTIONLINT_BIN },
  });
  if (built.status !== 0 || !existsSync(join(ACTIONLINT_BIN, "actionlint"))) {
    throw new Error(
      `actionlint is needed to check the workflow: install Go and run \`GOBIN=${ACTIONLINT_BIN} go install ` +
        `${ACTIONLINT_MODULE}\`, or set ACTIONLINT to an actionlint binary. ${built.error?.message ?? built.stderr}`,
    );
  }
  return join(ACTIONLINT_BIN, "actionlint");
}

/** What actionlint reports on the workflow files (its output, empty when it finds nothing) and its exit status. */
export interface ActionlintVerdict {
  /** actionlint's findings, one or more lines each; empty when it finds nothing. */
  readonly output: string;
  /** Its exit status: 0 when it finds nothing. */
  readonly status: number | null;
}

/**
 * Runs actionlint on workflow files, given by absolute path. actionlint also runs shellcheck and pyflakes when they
 * are on the PATH (a GitHub runner has shellcheck, this machine has neither): both are turned off, so that the
 * verdict is the same on every machine the tests run on.
 */
export function lintWorkflows(files: readonly string[]): ActionlintVerdict {
  const result = spawnSync(actionlint(), ["-no-color", "-shellcheck=", "-pyflakes=", ...files], { encoding: "utf8" });
  return { output: result.stdout + result.stderr, status: result.status };
}
