/**
 * Every metric the project references comes from the metric catalogue: in the synthesized JSON of
 * every environment's stack (alarms, metric queries, Logs Insights queries) and in the source
 * (`MetricName` / `metricName` string literals, EMF metric keys).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_LOG_FIELDS, GATEWAY_METRICS, METRIC_CATALOGUE } from "../contracts/metric-catalogue";

const ROOT = path.resolve(__dirname, "..");
const KNOWN = new Set(METRIC_CATALOGUE.map((m) => `${m.namespace}|${m.name}`));
const KNOWN_NAMES = new Set(METRIC_CATALOGUE.map((m) => m.name));

/** Every `{namespace, metric_name}` pair found anywhere in a synthesized JSON value. */
function metricReferences(value: unknown, found: { namespace?: string; name: string; where: string }[], where: string): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => metricReferences(v, found, `${where}[${i}]`));
    return;
  }
  if (value === null || typeof value !== "object") return;
  const obj = value as Record<string, unknown>;
  // A WAF visibility_config's metric_name labels WAF's own AWS/WAFV2 metrics (it becomes the `Rule`
  // dimension); it names no metric of the platform.
  if (where.endsWith(".visibility_config")) return;
  if (typeof obj.metric_name === "string") found.push({ namespace: obj.namespace as string | undefined, name: obj.metric_name, where });
  for (const [k, v] of Object.entries(obj)) metricReferences(v, found, `${where}.${k}`);
}

/** Synthesizes every environment the way users do (`tsx main.ts`) and reads each stack's JSON. */
function synthesizedStacks(): Record<string, any> {
  // A directory of its own: other tests synthesize into cdktf.out at the same time.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "metric-references-"));
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "synth.js")], { cwd: ROOT, stdio: "pipe", env: { ...process.env, CDKTF_OUTDIR: outdir } });
  const dir = path.join(outdir, "stacks");
  const out: Record<string, any> = {};
  for (const id of fs.readdirSync(dir)) out[id] = JSON.parse(fs.readFileSync(path.join(dir, id, "cdk.tf.json"), "utf8"));
  expect(Object.keys(out).length).toBeGreaterThan(0);
  return out;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (["node_modules", "cdktf.out", ".git", "dist", "coverage"].includes(e.name) || e.name.startsWith(".")) return [];
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|json)$/.test(e.name) && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts") ? [full] : [];
  });
}

describe("metric references", { timeout: 120_000 }, () => {
  let stacks: Record<string, any> = {};
  beforeAll(() => {
    stacks = synthesizedStacks();
  }, 120_000);

  it("every metric in the synthesized stacks (alarms, metric math) is in METRIC_CATALOGUE with its namespace", () => {
    const unknown: string[] = [];
    for (const [id, json] of Object.entries(stacks)) {
      const found: { namespace?: string; name: string; where: string }[] = [];
      metricReferences(json.resource, found, id);
      for (const ref of found) {
        const ok = ref.namespace === undefined ? KNOWN_NAMES.has(ref.name) : KNOWN.has(`${ref.namespace}|${ref.name}`);
        if (!ok) unknown.push(`${ref.where}: ${ref.namespace ?? "?"} ${ref.name}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("every saved Logs Insights query uses only catalogue metric names and gateway log fields", () => {
    const allowed = new Set([...KNOWN_NAMES, ...Object.values(GATEWAY_LOG_FIELDS)]);
    const queries = Object.values(stacks).flatMap((json) => Object.values(json.resource?.aws_cloudwatch_query_definition ?? {})) as { query_string: string }[];
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      // Identifiers that are field reads: after fields/by/filter/sort, or inside a function call.
      const text = q.query_string.replace(/"[^"]*"/g, "");
      const aliases = new Set([...text.matchAll(/\bas\s+([A-Za-z_][\w]*)/g)].map((m) => m[1]!));
      const identifiers = [...text.matchAll(/(?<![@\w.])([A-Za-z_][\w]*)(?![\w(])/g)].map((m) => m[1]!);
      const keywords = new Set(["fields", "filter", "stats", "sort", "limit", "by", "as", "and", "or", "not", "desc", "asc", "ispresent", "count", "sum", "pct", "bin"]);
      const unknown = identifiers.filter((id) => !keywords.has(id) && !aliases.has(id) && !allowed.has(id) && !/^\d/.test(id));
      expect(unknown, q.query_string).toEqual([]);
    }
    const all = queries.map((q) => q.query_string).join("\n");
    expect(all).toContain(GATEWAY_METRICS.ttft.name);
  });

  it("every MetricName / metricName string literal in the source is a catalogue metric", () => {
    const unknown: string[] = [];
    const literal = /\b(?:MetricName|metricName|metric_name)\s*[:=]\s*["'`]([^"'`$]+)["'`]/g;
    for (const file of sourceFiles(ROOT)) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(literal)) {
        if (!KNOWN_NAMES.has(m[1]!)) unknown.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it("catches a metric that is not in the catalogue (the check can fail)", () => {
    const found: { namespace?: string; name: string; where: string }[] = [];
    metricReferences({ alarm: { namespace: "LLMInference/SageMaker", metric_name: "ttft_msec" } }, found, "x");
    expect(found.filter((r) => !KNOWN.has(`${r.namespace}|${r.name}`)).map((r) => r.name)).toEqual(["ttft_msec"]);
  });
});
