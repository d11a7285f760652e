/**
 * Reading the repository's Markdown the way GitHub renders it, for the tests that hold the docs to the code:
 * the pages, their fenced code blocks, their tables, their headings' anchors and their links.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository's root (not scripts/engine's: this module stays light enough for the mutation suites). */
const root = join(__dirname, "..", "..");

/** The absolute path of a file of the repository, from its path from the root. */
export function repositoryPath(path: string): string {
  return join(root, path);
}

/** The pages users read: README.md and every page of docs/, as paths from the repository's root. */
export function documentationPages(): string[] {
  const docs = readdirSync(repositoryPath("docs"))
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => `docs/${file}`);
  return ["README.md", ...docs];
}

/** The text of a file of the repository, by its path from the root. */
export function readRepositoryFile(path: string): string {
  return readFileSync(repositoryPath(path), "utf8");
}

/** One fenced code block of a page. */
export interface CodeBlock {
  /** The fence's info string's first word (`ts`, `yaml`), or empty. */
  readonly language: string;
  /** The block's text, its lines joined with newlines, without the fence's indentation or a final newline. */
  readonly text: string;
  /** The 1-based line of the opening fence. */
  readonly line: number;
  /** The 1-based line of the closing fence (past the last line when the block is never closed). */
  readonly endLine: number;
  /** The nearest non-blank line before the opening fence, trimmed (where a page names the block's file). */
  readonly lineBefore: string;
}

/** Every fenced code block (``` or ~~~) of a Markdown text, those indented inside list items included. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, language] = open;
    const body: string[] = [];
    let end = i + 1;
    while (
      end < lines.length &&
      !new RegExp(`^ {0,${indent.length + 3}}${fence[0]}{${fence.length},}\\s*$`).test(lines[end])
    ) {
      // A list item's block is indented as a whole; its lines are the text without that indentation.
      body.push(lines[end].startsWith(indent) ? lines[end].slice(indent.length) : lines[end].trimStart());
      end++;
    }
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === "") before--;
    blocks.push({
      language,
      text: body.join("\n"),
      line: i + 1,
      endLine: end + 1,
      lineBefore: before >= 0 ? lines[before].trim() : "",
    });
    i = end;
  }
  return blocks;
}

/** A Markdown text without its fenced code blocks (their lines left empty, so line numbers hold). */
export function withoutCodeBlocks(markdown: string): string {
  const lines = markdown.split("\n");
  for (const block of codeBlocks(markdown)) {
    for (let i = block.line - 1; i < block.endLine && i < lines.length; i++) lines[i] = "";
  }
  return lines.join("\n");
}

/** The cells of every table row of a Markdown text (header and separator rows included), outside code blocks. */
export function tableRows(markdown: string): string[][] {
  return withoutCodeBlocks(markdown)
    .split("\n")
    .filter((line) => /^\s*\|.*\|\s*$/.test(line))
    .map((line) =>
      line
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
}

/** The code spans of a cell or a line: `` `tencentcloud:secretId` `` gives `tencentcloud:secretId`. */
export function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}

/**
 * The anchors GitHub gives a page's headings: the heading's text in lower case, without code marks, link
 * targets and punctuation other than `-` and `_`, spaces made hyphens; a repeated anchor gets `-1`, `-2`.
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of withoutCodeBlocks(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const text = match[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/ /g, "-");
    let anchor = base;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${base}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** One link of a page: its target as written and the line it is on. */
export interface MarkdownLink {
  /** The target, such as `docs/credentials.md#order-of-precedence` or `#inputs`. */
  readonly target: string;
  /** The 1-based line of the link. */
  readonly line: number;
}

/** The inline links (`[text](target)`) of a Markdown text, outside code blocks and code spans. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  return withoutCodeBlocks(markdown)
    .split("\n")
    .flatMap((line, index) =>
      [...line.replace(/`[^`]*`/g, "").matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => ({
        target: match[1],
        line: index + 1,
      })),
    );
}
