import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync, version as esbuildVersion } from "esbuild";
import { zipSync } from "fflate";

/** Fixed timestamp for the zipped file: the archive then depends on content alone. */
const FIXED_MTIME = new Date("2000-01-01T00:00:00Z");

export interface BundleResult {
  /** The deployment package: a zip holding `index.js`. */
  readonly zipFile: string;
  /** SHA-256 of the zip, base64 (Lambda's `source_code_hash` format). */
  readonly sha256: string;
}

/** One bundle per entry per synth: every environment's stack reuses it. */
const bundledThisProcess = new Map<string, BundleResult>();

/** Forgets this process's bundles (tests use it to act as a new synth). */
export function forgetBundlesOfThisProcess(): void {
  bundledThisProcess.clear();
}

/** What a previous synth bundled from which inputs, so an unchanged function is not rebuilt. */
interface BundleManifest {
  readonly esbuildVersion: string;
  /** Absolute input path -> SHA-1 of its content. */
  readonly inputs: Readonly<Record<string, string>>;
  readonly bundle: BundleResult;
}

function sha1(file: string): string | undefined {
  try {
    return createHash("sha1").update(fs.readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

function manifestPath(entry: string, cacheRoot: string): string {
  const key = createHash("sha1").update(entry).digest("hex").slice(0, 12);
  return path.join(cacheRoot, `${path.basename(path.dirname(entry))}-${key}.manifest.json`);
}

/** The zip the entry's last manifest named, if any. */
function previousZip(entry: string, cacheRoot: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(manifestPath(entry, cacheRoot), "utf8")) as BundleManifest).bundle.zipFile;
  } catch {
    return undefined;
  }
}

/** The previous bundle when none of its inputs changed since. */
function reusableBundle(entry: string, cacheRoot: string): BundleResult | undefined {
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath(entry, cacheRoot), "utf8")) as BundleManifest;
  } catch {
    return undefined;
  }
  if (manifest.esbuildVersion !== esbuildVersion || !fs.existsSync(manifest.bundle.zipFile)) return undefined;
  for (const [file, hash] of Object.entries(manifest.inputs)) {
    if (sha1(file) !== hash) return undefined;
  }
  return manifest.bundle;
}

/**
 * Bundles a Lambda entry point with esbuild for Node.js 22 and zips it in-process with a fixed
 * timestamp. Same source, same bytes, same hash: a re-synth never shows a spurious diff. (cdktf's
 * own ARCHIVE assets start a Node.js process per asset per stack and stamp file times into the
 * zip; this is faster and deterministic.)
 */
export function bundleFunction(entry: string, cacheRoot: string): BundleResult {
  if (!fs.existsSync(entry)) throw new Error(`function entry ${entry} does not exist`);
  const cacheKey = `${entry}\0${cacheRoot}`;
  const cached = bundledThisProcess.get(cacheKey);
  if (cached && fs.existsSync(cached.zipFile)) return cached;
  const reusable = reusableBundle(entry, cacheRoot);
  if (reusable) {
    bundledThisProcess.set(cacheKey, reusable);
    return reusable;
  }

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
    metafile: true,
    absWorkingDir: process.cwd(),
  });
  const code = result.outputFiles[0]!.contents;
  const zip = zipSync({ "index.js": [code, { mtime: FIXED_MTIME, level: 6 }] });
  const hex = createHash("sha256").update(zip).digest("hex");
  const zipFile = path.join(cacheRoot, `${path.basename(path.dirname(entry))}-${hex.slice(0, 16)}.zip`);
  if (!fs.existsSync(zipFile)) {
    fs.mkdirSync(cacheRoot, { recursive: true });
    fs.writeFileSync(zipFile, zip);
  }
  const bundle = { zipFile, sha256: createHash("sha256").update(zip).digest("base64") };
  bundledThisProcess.set(cacheKey, bundle);
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile!.inputs)) {
    const file = path.resolve(process.cwd(), input);
    inputs[file] = sha1(file) ?? "";
  }
  const manifest: BundleManifest = { esbuildVersion, inputs, bundle };
  const previous = previousZip(entry, cacheRoot);
  fs.writeFileSync(manifestPath(entry, cacheRoot), JSON.stringify(manifest));
  // The cache keeps one zip per entry: the one its manifest names.
  if (previous && previous !== zipFile) fs.rmSync(previous, { force: true });
  return bundle;
}
