/**
 * `npm run synth` (scripts/synth.js) runs main.ts and the libraries it uses from one esbuild bundle
 * through V8's code cache. These tests hold what that must not change: the synthesized JSON is what
 * `tsx main.ts` writes, each code cache belongs to exactly one bundle, and cdktf can still zip an
 * ARCHIVE asset (it runs one of its own files as a script, which therefore stays outside the bundle).
 */
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const BUNDLE_DIR = path.join(ROOT, "cdktf.out", ".app");
// One small environment keeps the test quick; the runner does the same for every environment.
const ENVIRONMENT = { LLMOBS_ENVIRONMENTS: "sandbox/sandbox" };

function synthWith(args: string[], outdir: string): Record<string, string> {
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: "pipe", env: { ...process.env, ...ENVIRONMENT, CDKTF_OUTDIR: outdir } });
  const stacks = path.join(outdir, "stacks");
  return Object.fromEntries(fs.readdirSync(stacks).map((id) => [id, fs.readFileSync(path.join(stacks, id, "cdk.tf.json"), "utf8")]));
}

describe("the synth runner (npm run synth)", { timeout: 120_000 }, () => {
  let bundled: Record<string, string>;
  let bundle: string;

  beforeAll(() => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-runner-"));
    // Twice: the first run may build the bundle, the second runs it from its code cache.
    synthWith([path.join(ROOT, "scripts", "synth.js")], outdir);
    bundled = synthWith([path.join(ROOT, "scripts", "synth.js")], outdir);
    bundle = path.join(BUNDLE_DIR, JSON.parse(fs.readFileSync(path.join(BUNDLE_DIR, "inputs.json"), "utf8")).bundle);
  }, 120_000);

  it("writes the same JSON as running main.ts with tsx", () => {
    const direct = synthWith([require.resolve("tsx/cli"), "main.ts"], fs.mkdtempSync(path.join(os.tmpdir(), "synth-runner-tsx-")));
    expect(Object.keys(bundled).sort()).toEqual(["sandbox-sandbox", "sandbox-sandbox-grafana"]);
    for (const [id, json] of Object.entries(direct)) expect(bundled[id], id).toBe(json);
  });

  it("names the bundle by its content and keeps its code caches beside it, so no cache meets another bundle", () => {
    const digest = crypto.createHash("sha256").update(fs.readFileSync(bundle)).digest("hex").slice(0, 16);
    expect(path.basename(bundle)).toBe(`main-${digest}.js`);
    // One cache per Node.js version and options (the cdktf CLI sets NODE_OPTIONS, npm run synth does not).
    const caches = fs.readdirSync(BUNDLE_DIR).filter((f) => /^main-[0-9a-f]{16}\.js\.[0-9a-f]{8}\.cache$/.test(f));
    expect(caches.length).toBeGreaterThan(0);
    for (const cache of caches) expect(cache.startsWith(`${path.basename(bundle)}.`), cache).toBe(true);
    expect(Math.min(...caches.map((c) => fs.statSync(path.join(BUNDLE_DIR, c)).size))).toBeGreaterThan(100_000);
  });

  it("leaves cdktf's archive helper outside the bundle, where cdktf can run it to zip an ARCHIVE asset", () => {
    const helpers = [...fs.readFileSync(bundle, "utf8").matchAll(/require\("([^"]*private\/fs\.js)"\)/g)].map((m) => path.resolve(path.dirname(bundle), m[1]!));
    const real = path.join(path.dirname(require.resolve("cdktf")), "private", "fs.js");
    expect(helpers.length).toBeGreaterThan(0);
    expect(new Set(helpers)).toEqual(new Set([real]));
    // What cdktf's archiveSync does: `node <helper> <source dir> <zip>`.
    const source = fs.mkdtempSync(path.join(os.tmpdir(), "archive-source-"));
    fs.writeFileSync(path.join(source, "handler.js"), "exports.handler = async () => 42;\n");
    const zip = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "archive-")), "asset.zip");
    execFileSync(process.execPath, [real, source, zip], { stdio: "pipe" });
    expect(new TextDecoder().decode(unzipSync(fs.readFileSync(zip))["handler.js"])).toBe("exports.handler = async () => 42;\n");
  });
});
