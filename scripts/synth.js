#!/usr/bin/env node
// The cdktf app command (cdktf.json "app", `npm run synth`): runs main.ts and the libraries it uses
// (cdktf, constructs, the providers) from one esbuild bundle, through V8's code cache, instead of
// transpiling every TypeScript file and compiling some 15 MB of JavaScript on every synth. The
// bundle is rebuilt only when one of its inputs, this file or esbuild's version changed (size or
// modification time). Environment files are loaded by main.ts at run time, so they are transpiled
// on require (they are small and few). Plain JavaScript on purpose: nothing to transpile first.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");
const esbuild = require("esbuild");
const { requireTypeScriptWith, transpileTypeScript } = require("./cli/typescript-loader");

const ROOT = path.resolve(__dirname, "..");
const ENTRY = path.join(ROOT, "main.ts");
const BUNDLE_DIR = path.join(ROOT, "cdktf.out", ".app");
const STAMP = path.join(BUNDLE_DIR, "inputs.json");
// cdktf zips an ARCHIVE asset by running its own lib/private/fs.js as a script (`node <__filename>`):
// that one file stays outside the bundle, where its __filename still names it.
const CDKTF_ARCHIVE_HELPER = path.join(path.dirname(require.resolve("cdktf")), "private", "fs.js");

function stampOf(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : "missing";
}

/** The bundle of the previous synth if none of its inputs changed since, otherwise undefined. */
function currentBundle() {
  let previous;
  try {
    previous = JSON.parse(fs.readFileSync(STAMP, "utf8"));
  } catch {
    return undefined;
  }
  // This file holds the bundle's options: an edit to it is an edit to every input.
  if (previous.esbuild !== esbuild.version || previous.runner !== stampOf(__filename) || typeof previous.bundle !== "string") return undefined;
  const bundle = path.join(BUNDLE_DIR, previous.bundle);
  if (!fs.existsSync(bundle)) return undefined;
  for (const [file, stamp] of Object.entries(previous.inputs)) if (stampOf(path.join(ROOT, file)) !== stamp) return undefined;
  return bundle;
}

/**
 * Bundles main.ts with everything it imports except esbuild (a native binary, used at synth to
 * bundle the Lambda functions) and cdktf's archive helper. The file is named by its content's hash,
 * and so is its code cache: a cache can never be paired with another bundle of the same length,
 * which V8's own check (source length only) would accept.
 */
function buildBundle() {
  const result = esbuild.buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["esbuild", CDKTF_ARCHIVE_HELPER],
    // Sets where the external helper is required from (relative to the bundle); nothing is written.
    outfile: path.join(BUNDLE_DIR, "main.js"),
    write: false,
    metafile: true,
    logLevel: "warning",
    absWorkingDir: ROOT,
  });
  const contents = result.outputFiles[0].contents;
  const name = `main-${crypto.createHash("sha256").update(contents).digest("hex").slice(0, 16)}.js`;
  // Earlier bundles and their caches go; only the stamp's bundle is ever run.
  for (const old of fs.readdirSync(BUNDLE_DIR)) {
    if (/^main(-[0-9a-f]+)?\.js(\.[0-9a-f]+)?(\.cache)?$/.test(old) && !old.startsWith(name)) fs.rmSync(path.join(BUNDLE_DIR, old), { force: true });
  }
  // Written aside and renamed: a synth running at the same time never reads half a bundle.
  writeAtomically(path.join(BUNDLE_DIR, name), contents);
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) inputs[input] = stampOf(path.join(ROOT, input));
  writeAtomically(STAMP, JSON.stringify({ esbuild: esbuild.version, runner: stampOf(__filename), bundle: name, inputs }));
  return path.join(BUNDLE_DIR, name);
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
  requireTypeScriptWith(esbuild, (filename) => {
    const stamp = `${esbuild.version}:${stampOf(filename)}`;
    let entry = cache[filename];
    if (!entry || entry.stamp !== stamp) {
      entry = cache[filename] = { stamp, code: transpileTypeScript(esbuild, filename) };
      changed = true;
    }
    return entry.code;
  });
  process.on("exit", () => {
    if (changed) writeAtomically(cacheFile, JSON.stringify(cache));
  });
}

/**
 * cdktf records a full stack trace on every token it creates (`Error.captureStackTrace` on a plain
 * object, with no depth limit) and shows it only in errors about that token. Capturing them is
 * about a twentieth of a synth of every environment, formatting them once was a sixth, so plain
 * objects get an empty trace; errors keep theirs. LLMOBS_TOKEN_STACK_TRACES=1 keeps every trace,
 * for debugging a token error.
 */
function skipTokenCreationTraces() {
  if (process.env.LLMOBS_TOKEN_STACK_TRACES === "1") return;
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = function captureStackTraceOfErrorsOnly(target, below) {
    if (target instanceof Error) capture(target, below ?? captureStackTraceOfErrorsOnly);
    else target.stack = "";
  };
}

/**
 * Runs the bundle as a CommonJS module compiled with V8's code cache, written after the first run so
 * that it holds every function that synth compiled, not only the top level. Node.js 22 does this
 * for every module with `module.enableCompileCache()`; Node.js 20 has only `vm.Script`'s cachedData.
 * V8 accepts a cache only from the same Node.js version and V8 flags, and the cdktf CLI runs the app
 * with NODE_OPTIONS=--max-old-space-size set, `npm run synth` without: each gets a cache of its own,
 * named by the version and options, instead of replacing the other's on every switch.
 */
function runBundle(bundle) {
  const runtime = crypto
    .createHash("sha256")
    .update([process.version, ...process.execArgv, process.env.NODE_OPTIONS ?? ""].join("\0"))
    .digest("hex")
    .slice(0, 8);
  const cacheFile = `${bundle}.${runtime}.cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first run of this bundle: the cache is written below
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(bundle, "utf8")), { filename: bundle, cachedData });
  // The bundle resolves its externals (esbuild, cdktf's archive helper) through its own require.
  const bundleModule = new Module(bundle, module);
  bundleModule.filename = bundle;
  script.runInThisContext().call(bundleModule.exports, bundleModule.exports, Module.createRequire(bundle), bundleModule, bundle, path.dirname(bundle));
  if (cachedData === undefined || script.cachedDataRejected) writeAtomically(cacheFile, script.createCachedData());
}

/**
 * Prints the synth's info and warning annotations (policy suppressions with their reasons,
 * environment warnings), as `cdktf synth` does, each distinct message once. Under the cdktf CLI (which sets
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
  // The same message on several constructs (a stub-calibrated judge pair shared by every
  // environment) prints once, naming them all.
  const paths = new Map();
  for (const stack of Object.values(manifest.stacks ?? {})) {
    for (const a of stack.annotations ?? []) {
      if (!levels[a.level]) continue;
      const key = `${levels[a.level]} ${a.message}`;
      paths.set(key, [...(paths.get(key) ?? []), a.constructPath]);
    }
  }
  for (const [key, constructPaths] of paths) {
    const [level, ...message] = key.split(" ");
    process.stderr.write(`${level} [${constructPaths.join(", ")}]: ${message.join(" ")}\n`);
  }
}

fs.mkdirSync(BUNDLE_DIR, { recursive: true });
const bundle = currentBundle() ?? buildBundle();
transpileTypeScriptOnRequire();
skipTokenCreationTraces();
runBundle(bundle);
printAnnotations();
