import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";

/** Fixed timestamp for every bundled file: the zip then depends on content alone. */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

export interface BundleResult {
  /** Directory holding `index.js`, ready to be zipped. */
  readonly directory: string;
  /** SHA-256 of the bundle, base64 (Lambda's `source_code_hash` format). */
  readonly sha256: string;
}

/**
 * Bundles a Lambda entry point with esbuild for Node.js 22 into a directory keyed by the content
 * hash. Same source, same bytes, same hash: a re-synth never shows a spurious diff.
 */
export function bundleFunction(entry: string, cacheRoot: string): BundleResult {
  if (!fs.existsSync(entry)) throw new Error(`function entry ${entry} does not exist`);
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    write: false,
    minify: false,
    keepNames: true,
    legalComments: "none",
    // Bundle the AWS SDK too: the runtime's copy changes under us; ours is pinned and tested.
    external: [],
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  const hex = createHash("sha256").update(code).digest("hex");
  const directory = path.join(cacheRoot, `${path.basename(path.dirname(entry))}-${hex.slice(0, 16)}`);
  const file = path.join(directory, "index.js");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(file, code);
  }
  fs.utimesSync(file, FIXED_MTIME, FIXED_MTIME);
  fs.utimesSync(directory, FIXED_MTIME, FIXED_MTIME);
  return { directory, sha256: createHash("sha256").update(code).digest("base64") };
}
