#!/usr/bin/env node
// The cdktf app command (cdktf.json "app", `npm run synth`): runs main.ts from one esbuild bundle
// instead of transpiling every TypeScript file on every synth. The bundle is rebuilt only when one of
// its inputs changed (size or modification time) or esbuild's version did. Environment files are
// loaded by main.ts at run time, so they are transpiled on require (they are small and few).
// Plain JavaScript on purpose: nothing to transpile before the app starts.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const ROOT = path.resolve(__dirname, "..");
const ENTRY = path.join(ROOT, "main.ts");
// Inside the project so that the bundle's `require("cdktf")` finds this project's node_modules.
const BUNDLE_DIR = path.join(ROOT, "cdktf.out", ".app");
const BUNDLE = path.join(BUNDLE_DIR, "main.js");
const STAMP = path.join(BUNDLE_DIR, "inputs.json");

function stampOf(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : "missing";
}

function bundleIsCurrent() {
  let previous;
  try {
    previous = JSON.parse(fs.readFileSync(STAMP, "utf8"));
  } catch {
    return false;
  }
  if (previous.esbuild !== esbuild.version || !fs.existsSync(BUNDLE)) return false;
  return Object.entries(previous.inputs).every(([file, stamp]) => stampOf(path.join(ROOT, file)) === stamp);
}

function buildBundle() {
  const result = esbuild.buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    // The app's dependencies load from node_modules as they are: one copy of cdktf for everything.
    packages: "external",
    write: false,
    metafile: true,
    logLevel: "warning",
    absWorkingDir: ROOT,
  });
  // Written aside and renamed: a synth running at the same time never reads half a bundle.
  writeAtomically(BUNDLE, result.outputFiles[0].contents);
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) inputs[input] = stampOf(path.join(ROOT, input));
  writeAtomically(STAMP, JSON.stringify({ esbuild: esbuild.version, inputs }));
}

function writeAtomically(file, contents) {
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, contents);
  fs.renameSync(aside, file);
}

/**
 * Environment files (`environments/<business-line>/<stage>.ts` and what they import) are required
 * by main.ts at run time: transpiled on require, and kept beside the bundle so that an unchanged
 * file costs no esbuild call.
 */
function transpileTypeScriptOnRequire() {
  const cacheFile = path.join(BUNDLE_DIR, "transpiled.json");
  let cache = {};
  try {
    cache = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
  } catch {
    // first run: nothing cached yet
  }
  let changed = false;
  require.extensions[".ts"] = (module, filename) => {
    const stamp = `${esbuild.version}:${stampOf(filename)}`;
    let entry = cache[filename];
    if (!entry || entry.stamp !== stamp) {
      const { code } = esbuild.transformSync(fs.readFileSync(filename, "utf8"), { loader: "ts", format: "cjs", target: "node20", sourcefile: filename });
      entry = cache[filename] = { stamp, code };
      changed = true;
    }
    module._compile(entry.code, filename);
  };
  process.on("exit", () => {
    if (changed) writeAtomically(cacheFile, JSON.stringify(cache));
  });
}

/**
 * cdktf records a full stack trace on every token it creates, formatted at once, and shows it only
 * in errors about that token. Formatting them is about a sixth of a synth of every environment, so
 * traces of such plain objects are left empty; errors keep theirs. LLMOBS_TOKEN_STACK_TRACES=1
 * keeps every trace, for debugging a token error.
 */
function skipTokenCreationTraces() {
  if (process.env.LLMOBS_TOKEN_STACK_TRACES === "1") return;
  Error.prepareStackTrace = (error, frames) => (error instanceof Error ? `${error}\n    at ${frames.join("\n    at ")}` : "");
}

/**
 * Prints the synth's info and warning annotations (policy suppressions with their reasons,
 * environment warnings), as `cdktf synth` does. Under the cdktf CLI (which sets
 * CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) the CLI prints them itself.
 */
function printAnnotations() {
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) return;
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(path.resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out"), "manifest.json"), "utf8"));
  } catch {
    return;
  }
  const levels = { "@cdktf/info": "INFO", "@cdktf/warn": "WARN" };
  for (const stack of Object.values(manifest.stacks ?? {})) {
    for (const a of stack.annotations ?? []) {
      if (levels[a.level]) process.stderr.write(`${levels[a.level]} [${a.constructPath}]: ${a.message}\n`);
    }
  }
}

fs.mkdirSync(BUNDLE_DIR, { recursive: true });
if (!bundleIsCurrent()) buildBundle();
transpileTypeScriptOnRequire();
skipTokenCreationTraces();
require(BUNDLE);
printAnnotations();
