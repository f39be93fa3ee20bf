/**
 * Where a Lambda function's deployment package comes from (`FunctionCode`): a handler module bundled
 * at synth, or one of this package's own functions, bundled from its sources in a checkout or taken
 * prebuilt from `dist/functions/` in an installed package.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { bundleFunction, type BundleResult } from "./esbuild-bundler";
import { packageRoot } from "./package-root";

/** The Lambda functions this package ships. */
export type PlatformFunctionName = "gateway" | "evaluator" | "quality-publisher" | "judge-calibration" | "pii-canary" | "serving-metrics";

export const PLATFORM_FUNCTIONS: readonly PlatformFunctionName[] = [
  "gateway",
  "evaluator",
  "quality-publisher",
  "judge-calibration",
  "pii-canary",
  "serving-metrics",
];

/** Where prebuilt bundles sit in a built package (`npm run build` writes them). */
export const PREBUILT_FUNCTIONS_DIR = path.join("dist", "functions");

/** What a prebuilt bundle's `<name>.json` beside its zip says. */
export interface PrebuiltBundleManifest {
  /** SHA-256 of the zip, base64 (Lambda's `source_code_hash` format). */
  readonly sha256: string;
}

/**
 * Where bundles built at synth are kept between synths: the OS temp folder, never the package's own
 * folder (it may be a read-only `node_modules`). One folder per package root.
 */
export function bundleCacheDir(root: string = packageRoot()): string {
  const key = createHash("sha1").update(root).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), "llmobs-function-bundles", key);
}

/** The deployment package of a Lambda function: a zip and its hash. */
export abstract class FunctionCode {
  /**
   * A TypeScript or JavaScript handler module (exporting `handler`), bundled with esbuild at synth
   * into a deterministic zip. Needs `esbuild` installed in the app.
   */
  static fromEntry(entry: string): FunctionCode {
    return new EntryCode(entry);
  }

  /**
   * One of this package's own functions. From a checkout of the repository (sources present) it
   * is bundled from `functions/<name>/handler.ts`; from an installed package it is the prebuilt
   * bundle in `dist/functions/`, byte for byte what the same sources bundle to.
   */
  static platform(name: PlatformFunctionName): FunctionCode {
    return new PlatformCode(name);
  }

  /** Builds or finds the zip. Called once per function at construction. */
  abstract bind(): BundleResult;
}

class EntryCode extends FunctionCode {
  constructor(private readonly entry: string) {
    super();
  }

  bind(): BundleResult {
    return bundleFunction(this.entry, bundleCacheDir(), path.dirname(this.entry));
  }
}

class PlatformCode extends FunctionCode {
  constructor(private readonly name: PlatformFunctionName) {
    super();
  }

  bind(): BundleResult {
    const root = packageRoot();
    const source = path.join(root, "functions", this.name, "handler.ts");
    // Sources win when present, so a checkout never deploys a stale prebuilt zip.
    if (fs.existsSync(source)) return bundleFunction(source, bundleCacheDir(root), root);
    const zipFile = path.join(root, PREBUILT_FUNCTIONS_DIR, `${this.name}.zip`);
    const manifestFile = path.join(root, PREBUILT_FUNCTIONS_DIR, `${this.name}.json`);
    if (!fs.existsSync(zipFile) || !fs.existsSync(manifestFile)) {
      throw new Error(`function ${this.name} has neither sources (${source}) nor a prebuilt bundle (${zipFile}); reinstall the package or run npm run build`);
    }
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as PrebuiltBundleManifest;
    return { zipFile, sha256: manifest.sha256 };
  }
}
