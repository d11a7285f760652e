/**
 * Every program the docs show whole is one the tests run. A fenced block of README.md or docs/*.md that is a
 * complete program must be named by the HTML comment on the line before it, `<!-- program: examples/yaml/Pulumi.yaml -->`,
 * and be that file of the repository byte for byte; and the file must be one an engine test runs, so a user who
 * copies a program from the docs copies one that has run under the real Pulumi engine.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import {
  type CodeBlock,
  codeBlocks,
  documentationPages,
  readRepositoryFile,
  repositoryPath,
} from "../support/markdown";

/** The comment that names a block's file: `<!-- program: examples/go/main.go -->`. */
const programComment = /^<!--\s*program:\s*(\S+)\s*-->$/;

/** The language of a block that is a complete program, or undefined for a fragment. */
function completeProgram(block: CodeBlock): string | undefined {
  const { text } = block;
  if (/^package main\b/m.test(text)) return "Go";
  if (/^import pulumi\b/m.test(text)) return "Python";
  if (/^runtime:/m.test(text) && /^resources:/m.test(text)) return "YAML";
  if (/^import\s[^\n]*\bfrom\s+["']/m.test(text) && /\bnew\s+[A-Za-z_$]/.test(text)) return "TypeScript";
  return undefined;
}

/**
 * Example folders the docs may show although no engine test runs them, each with why. `whileMissing`: the
 * exception holds only while that file does not exist (once it does, an engine test must run the folder).
 */
const notRunByTheEngine: Readonly<Record<string, { readonly why: string; readonly whileMissing?: string }>> = {
  "examples/python": {
    why:
      "this machine has no Python language host, so the Python SDK and its example are generated and compiled " +
      "(python3 -m compileall), never run under the engine",
  },
};

/** A block of a page, with where it is. */
interface PageBlock {
  readonly page: string;
  readonly block: CodeBlock;
  /** The language when the block is a complete program. */
  readonly program?: string;
  /** The file the comment before the block names, if any. */
  readonly named?: string;
}

const blocks: PageBlock[] = documentationPages().flatMap((page) =>
  codeBlocks(readRepositoryFile(page)).map((block) => ({
    page,
    block,
    program: completeProgram(block),
    named: programComment.exec(block.lineBefore)?.[1],
  })),
);

/** The blocks that are complete programs, or that a comment names: each must be its file. */
const shown = blocks.filter((entry) => entry.program !== undefined || entry.named !== undefined);

/** A test file and every file of the repository it imports, transitively, as their texts. */
function withImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(file, "utf8");
  const imported = [...text.matchAll(/(?:from\s+|import\(|require\()["'](\.{1,2}\/[^"']+)["']/g)].flatMap((match) => {
    const base = resolve(dirname(file), match[1]);
    const found = [base, `${base}.ts`, join(base, "index.ts")].find(
      (candidate) => candidate.endsWith(".ts") && existsSync(candidate),
    );
    return found ? withImports(found, seen) : [];
  });
  return [text, ...imported];
}

/**
 * The code the engine tests run: each test file of test/engine with what it imports, without comments (a
 * comment that names an example runs nothing).
 */
const engineSources: string = readdirSync(repositoryPath("test/engine"))
  .filter((file) => file.endsWith(".test.ts"))
  .flatMap((file) => withImports(repositoryPath(`test/engine/${file}`)))
  .join("\n")
  .replace(/\/\*[\s\S]*?\*\//g, "")
  .replace(/^\s*\/\/.*$/gm, "");

/** Whether an engine test names the folder `examples/<name>`, as a path or as `join(..., "examples", "<name>")`. */
function runByAnEngineTest(folder: string): boolean {
  const name = folder.split("/")[1];
  return engineSources.includes(`${folder}/`) || new RegExp(`["']examples["'],\\s*["']${name}["']`).test(engineSources);
}

/** The example folders the docs show programs of. */
const shownFolders = [
  ...new Set(
    shown.flatMap((entry) => (entry.named?.startsWith("examples/") ? [entry.named.split("/", 2).join("/")] : [])),
  ),
].sort();

test("the docs show a complete program in each of TypeScript, YAML, Go and Python", () => {
  expect(new Set(shown.map((entry) => entry.program))).toEqual(new Set(["TypeScript", "YAML", "Go", "Python"]));
});

test.each(shown.map((entry) => [entry.page, entry.block.line, entry.program ?? "named", entry] as const))(
  "%s:%d (%s) is named by a program comment and is that file byte for byte",
  (_page, _line, _kind, entry) => {
    expect(entry.named).toBeDefined();
    const file = entry.named as string;
    expect(relative(repositoryPath(""), repositoryPath(file)).startsWith("..")).toBe(false);
    expect(existsSync(repositoryPath(file))).toBe(true);
    expect(`${entry.block.text}\n`).toBe(readRepositoryFile(file));
  },
);

/** Whether the docs may show the folder's program without an engine test running it (see notRunByTheEngine). */
function excepted(folder: string): boolean {
  const exception = notRunByTheEngine[folder];
  return (
    exception !== undefined &&
    (exception.whileMissing === undefined || !existsSync(repositoryPath(exception.whileMissing)))
  );
}

test.each(shownFolders.filter((folder) => !excepted(folder)))(
  "%s, whose program the docs show, is run by an engine test",
  (folder) => {
    expect(runByAnEngineTest(folder)).toBe(true);
  },
);

test("the exceptions name folders the docs show, and no folder an engine test already runs", () => {
  for (const folder of Object.keys(notRunByTheEngine)) {
    expect(shownFolders).toContain(folder);
    expect(runByAnEngineTest(folder)).toBe(false);
  }
});
