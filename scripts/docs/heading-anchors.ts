import * as fs from "node:fs";

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export const anchorOf = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, "")
    .replace(/ /g, "-");

/** The anchor of every heading of a Markdown file, as a link's `#fragment` names it. */
export const headingAnchors = (markdownFile: string): Set<string> =>
  new Set([...fs.readFileSync(markdownFile, "utf8").matchAll(/^#+\s+(.*)$/gm)].map((m) => anchorOf(m[1]!)));
