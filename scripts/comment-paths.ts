/**
 * Comments that point at nothing: every repository path a comment or doc comment of a source file
 * mentions (`docs/tracing.md#sampling`, `modules/shared/naming.ts`, `./cli/source-files`, `testing/`,
 * a bare `README.md`) must exist, and a `#anchor` on a Markdown file must name one of its headings.
 * Paths with placeholders (`environments/<business-line>/<stage>.ts`, `modules/*`) are patterns, not
 * pointers, and are left alone; so are URLs, package paths and build outputs (`dist/`, `cdktf.out/`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { handWrittenSources, NOT_HAND_WRITTEN } from "./cli/source-files";
import { headingAnchors } from "./docs/heading-anchors";

export interface CommentPathsReport {
  /** `file:line: path (why)`, one per pointer at nothing. */
  readonly brokenPointers: readonly string[];
  readonly filesChecked: number;
}

/** Every comment of a source file, with the offset it starts at. */
function commentsOf(file: string, text: string): { readonly pos: number; readonly text: string }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const seen = new Map<number, string>();
  const collect = (ranges: readonly ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) seen.set(range.pos, text.slice(range.pos, range.end));
  };
  const visit = (node: ts.Node): void => {
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
    // A doc comment is a child node too; its text is read above, from the node it documents.
    for (const child of node.getChildren(source)) if (!ts.isJSDoc(child)) visit(child);
  };
  visit(source);
  return [...seen].map(([pos, comment]) => ({ pos, text: comment }));
}

/**
 * A path-like token: root-relative (`docs/<file>.md`), relative (`./<file>`, `../<folder>/<file>.ts`) or
 * a bare Markdown file name, with an optional `#anchor`. Not preceded by a word, `/`, `.`, `@` or `:` (URLs, package paths,
 * the middle of a longer path).
 */
const POINTER = /(?<![\w/.@:~-])((?:\.{1,2}\/)+[\w.-]+(?:\/[\w.-]+)*\/?|[\w-]+\/(?:[\w.-]+\/)*[\w.-]*|[\w-]+\.md)(#[\w-]+)?/g;

/** The next character shows a pattern, not a pointer: a placeholder, a glob, a brace list or a template. */
const PATTERN_CONTINUES = /^[<*{$[]/;

/** The existing file or folder a pointer names, trying the extensions an import leaves out. */
function existing(candidate: string): string | undefined {
  for (const option of [candidate, `${candidate}.ts`, `${candidate}/index.ts`]) if (fs.existsSync(option)) return option;
  return undefined;
}

/**
 * Where a pointer may be read from: a relative one from the commenting file's folder; a bare Markdown
 * name from that folder or any above it; any other from the repository root, when its first segment is
 * one of the root's entries (otherwise it is a prose slash: "request/response", "p50/p99"), build
 * outputs aside.
 */
function candidatesFor(pointer: string, file: string, root: string, rootEntries: ReadonlySet<string>): string[] | undefined {
  const dir = path.dirname(path.join(root, file));
  if (pointer.startsWith("./") || pointer.startsWith("../")) return [path.resolve(dir, pointer)];
  if (!pointer.includes("/")) {
    const folders: string[] = [];
    for (let folder = dir; folder.startsWith(root); folder = path.dirname(folder)) folders.push(path.join(folder, pointer));
    return folders;
  }
  return rootEntries.has(pointer.split("/")[0]!) ? [path.join(root, pointer)] : undefined;
}

/** Checks the comments of every hand-written source under `root`, tests included. */
export function checkCommentPaths(root: string): CommentPathsReport {
  const files = handWrittenSources(root, { tests: true });
  const rootEntries = new Set(fs.readdirSync(root).filter((entry) => !NOT_HAND_WRITTEN.has(entry)));
  const brokenPointers: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const comment of commentsOf(file, text)) {
      for (const match of comment.text.matchAll(POINTER)) {
        const after = comment.text.slice(match.index + match[0].length);
        const pointer = match[1]!.replace(/[.,:;)]+$/, "");
        if (PATTERN_CONTINUES.test(after)) continue;
        const candidates = candidatesFor(pointer, file, root, rootEntries);
        if (!candidates) continue;
        const line = text.slice(0, comment.pos + match.index).split("\n").length;
        const found = candidates.map((candidate) => existing(candidate.replace(/\/$/, ""))).find((hit) => hit !== undefined);
        const anchor = match[2]?.slice(1);
        if (!found) brokenPointers.push(`${file}:${line}: ${pointer} (no such file or folder)`);
        else if (anchor && found.endsWith(".md") && !headingAnchors(found).has(anchor)) {
          brokenPointers.push(`${file}:${line}: ${pointer}#${anchor} (no heading with that anchor)`);
        }
      }
    }
  }
  return { brokenPointers, filesChecked: files.length };
}
