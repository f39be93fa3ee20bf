/**
 * Bundles a handler module with esbuild into a deterministic zip (`bundleFunction`), cached across
 * synths by its inputs.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** esbuild, loaded only when something is bundled: an installed package's prebuilt zips need none. */
function esbuild(): typeof import("esbuild") {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("esbuild") as typeof import("esbuild");
  } catch {
    throw new Error("bundling a function entry at synth needs esbuild: npm install --save-dev esbuild");
  }
}

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
  stampsThisProcess.clear();
}

/** What a previous synth bundled from which inputs, so an unchanged function is not rebuilt. */
interface BundleManifest {
  readonly esbuildVersion: string;
  /** Absolute input path -> SHA-1 of its content, and its size and modification time. */
  readonly inputs: Readonly<Record<string, InputFingerprint>>;
  readonly bundle: BundleResult;
}

interface InputFingerprint {
  readonly sha1: string;
  /** `size:mtimeMs`: when it is unchanged, the content is not read again. */
  readonly stamp: string;
}

/** Stamps read in this process: the three functions share most of their inputs (the AWS SDK). */
const stampsThisProcess = new Map<string, string>();

function stampOf(file: string): string {
  const known = stampsThisProcess.get(file);
  if (known !== undefined) return known;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  const stamp = stat ? `${stat.size}:${stat.mtimeMs}` : "missing";
  stampsThisProcess.set(file, stamp);
  return stamp;
}

function fingerprint(file: string): InputFingerprint {
  return { sha1: sha1(file) ?? "", stamp: stampOf(file) };
}

/** Unchanged when size and time are; else when the content hashes the same (a touched file). */
function unchanged(file: string, previous: InputFingerprint): boolean {
  return stampOf(file) === previous.stamp || sha1(file) === previous.sha1;
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
  if (manifest.esbuildVersion !== esbuild().version || !fs.existsSync(manifest.bundle.zipFile)) return undefined;
  for (const [file, previous] of Object.entries(manifest.inputs)) {
    if (typeof previous !== "object" || !unchanged(file, previous)) return undefined;
  }
  return manifest.bundle;
}

/**
 * Bundles a Lambda entry point with esbuild for Node.js 22 and zips it in-process with a fixed
 * timestamp. Same source, same bytes, same hash: a re-synth never shows a spurious diff. (cdktf's
 * own ARCHIVE assets start a Node.js process per asset per stack and stamp file times into the
 * zip; this is faster and deterministic.)
 */
export function bundleFunction(entry: string, cacheRoot: string, workingDir: string = path.dirname(entry)): BundleResult {
  if (!fs.existsSync(entry)) throw new Error(`function entry ${entry} does not exist`);
  const cacheKey = `${entry}\0${cacheRoot}\0${workingDir}`;
  const cached = bundledThisProcess.get(cacheKey);
  if (cached && fs.existsSync(cached.zipFile)) return cached;
  const reusable = reusableBundle(entry, cacheRoot);
  if (reusable) {
    bundledThisProcess.set(cacheKey, reusable);
    return reusable;
  }

  const { buildSync, version: esbuildVersion } = esbuild();
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
    // Paths in the bundle's comments are relative to this folder: fixed, so the bytes do not
    // depend on where synth was started.
    absWorkingDir: workingDir,
  });
  const code = result.outputFiles[0]!.contents;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { zipSync } = require("fflate") as typeof import("fflate");
  const zip = zipSync({ "index.js": [code, { mtime: FIXED_MTIME, level: 6 }] });
  const hex = createHash("sha256").update(zip).digest("hex");
  const zipFile = path.join(cacheRoot, `${path.basename(path.dirname(entry))}-${hex.slice(0, 16)}.zip`);
  if (!fs.existsSync(zipFile)) {
    fs.mkdirSync(cacheRoot, { recursive: true });
    fs.writeFileSync(zipFile, zip);
  }
  const bundle = { zipFile, sha256: createHash("sha256").update(zip).digest("base64") };
  bundledThisProcess.set(cacheKey, bundle);
  const inputs: Record<string, InputFingerprint> = {};
  for (const input of Object.keys(result.metafile!.inputs)) {
    const file = path.resolve(workingDir, input);
    inputs[file] = fingerprint(file);
  }
  const manifest: BundleManifest = { esbuildVersion, inputs, bundle };
  const previous = previousZip(entry, cacheRoot);
  fs.writeFileSync(manifestPath(entry, cacheRoot), JSON.stringify(manifest));
  // The cache keeps one zip per entry: the one its manifest names.
  if (previous && previous !== zipFile) fs.rmSync(previous, { force: true });
  return bundle;
}
