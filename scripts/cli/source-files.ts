import * as fs from "node:fs";
import * as path from "node:path";

/** Folders that hold no hand-written source at any depth: installed, built, synthesized or generated. */
export const NOT_HAND_WRITTEN: ReadonlySet<string> = new Set([
  "node_modules",
  "dist",
  "cdktf.out",
  "generated",
  ".gen",
  ".git",
  ".terraform",
  ".worktrees",
  "bench-results",
]);

const CODE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** True for a test: a file in a `test/` folder (the top-level one included) or named `*.test.ts`. */
export const isTestFile = (file: string): boolean => /(^|\/)test\//.test(file) || /\.test\.[cm]?[jt]s$/.test(file);

/**
 * The hand-written code files under `root`, root-relative and `/`-separated, sorted: TypeScript and
 * JavaScript only (data files are not code), type declarations (`.d.ts`) and generated folders left out.
 * Tests are included when `tests` is true.
 */
export function handWrittenSources(root: string, { tests }: { readonly tests: boolean }): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const relative = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!NOT_HAND_WRITTEN.has(entry.name)) walk(relative);
      } else if (CODE.test(entry.name) && !entry.name.endsWith(".d.ts") && (tests || !isTestFile(relative))) {
        files.push(relative);
      }
    }
  };
  walk("");
  return files.sort();
}
