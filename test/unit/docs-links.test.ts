/**
 * The links between the README and the pages of docs/: a reader who follows one lands on a file of the
 * repository, and on the section it names. The manual moved from the README into docs/, so a link left
 * pointing at a section of the old README is caught here.
 */
import { existsSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import {
  documentationPages,
  headingAnchors,
  markdownLinks,
  readRepositoryFile,
  repositoryPath,
} from "../support/markdown";

/** A link to somewhere else than the repository. */
const external = /^(https?:|mailto:)/;

/** Every link of the pages to a file of the repository, as `[page, line, target]`. */
const links = documentationPages().flatMap((page) =>
  markdownLinks(readRepositoryFile(page))
    .filter((link) => !external.test(link.target))
    .map((link) => [page, link.line, link.target] as const),
);

test("the pages link to one another", () => {
  expect(links.filter(([page, , target]) => page === "README.md" && target.startsWith("docs/")).length).toBeGreaterThan(
    10,
  );
});

test.each(links)("%s:%d links to %s, which exists, at a heading it has", (page, _line, target) => {
  const [path, anchor] = target.split("#", 2);
  const file = path === "" ? page : normalize(join(dirname(page), decodeURIComponent(path)));
  expect(file.startsWith("..")).toBe(false);
  expect(existsSync(repositoryPath(file))).toBe(true);
  if (anchor !== undefined && file.endsWith(".md")) {
    expect([...headingAnchors(readRepositoryFile(file))]).toContain(anchor);
  }
});
