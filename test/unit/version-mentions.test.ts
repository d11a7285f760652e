/**
 * What a user reads (messages, the code's comments, the docs, the CHANGELOG) names only versions of the package that
 * were released: "written before 0.2" sent a user looking for a release that never existed. A version is released
 * when the CHANGELOG has a section for it (`## [0.1.0] - 2026-11-29`). The package is at 0.x while the tools the docs
 * name (Node.js, the Pulumi CLI and SDK) are not, so a 0.x version after a word such as "before" or "by" is the
 * package's.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { documentationPages, readRepositoryFile, repositoryPath } from "../support/markdown";

/** The versions the CHANGELOG has a section for. */
const released = [...readRepositoryFile("CHANGELOG.md").matchAll(/^## \[(\d+\.\d+\.\d+)\]/gm)].map((match) => match[1]);

/** A 0.x version named as a version (`before 0.2`, `by 0.1.0`, `v0.1.0`), not a number such as `to 0.7 of itself`. */
const mention =
  /\b(?:before|after|since|by|until|from|in|to|version|versions|release|releases|v)\s*(0\.\d+(?:\.\d+)?)\b(?!\s*(?:s\b|ms\b|%|kB|MB|min\b|a second|of\b|x\b|seconds?\b))/gi;

/** The `.ts` and `.md` files under a folder of the repository, as paths from its root. */
function filesUnder(folder: string): string[] {
  return readdirSync(repositoryPath(folder), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|md)$/.test(file) && !file.split(/[\\/]/).includes("node_modules"))
    .map((file) => join(folder, file));
}

const read = [
  ...documentationPages(),
  "CHANGELOG.md",
  "emulator/README.md",
  ...filesUnder("provider"),
  ...filesUnder("emulator/src"),
  ...filesUnder("examples"),
];

test("the CHANGELOG names the released versions", () => {
  expect(released).toContain("0.1.0");
});

test("no message, comment or page names a version of the package that was never released", () => {
  const unreleased = read.flatMap((file) =>
    [...readFileSync(repositoryPath(file), "utf8").matchAll(mention)]
      .filter(([, version]) => !released.some((release) => `${release}.`.startsWith(`${version}.`)))
      .map(([text]) => `${file}: ${text}`),
  );
  expect(unreleased).toEqual([]);
});
