/**
 * Renders a dashboard's layout to a static HTML page: rows and panels at their grid positions with
 * titles, units, thresholds and query counts, read from the dashboard JSON itself. The series drawn
 * are SAMPLE series generated from each panel's unit (labelled so on the page), not data. With
 * `--png`, headless Chromium (Debian's `chromium`) screenshots the page; the README shows that.
 *
 * Usage: npx tsx scripts/render-dashboard-layout.ts [--environment retail-banking-prod] [--out <page>.html] [--png docs/dashboard-layout.png]
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { screenshot } from "../demo/report/chromium";
import { unescapeTerraformTemplate } from "../modules/shared";
import { type CommandSpec, runAsMain } from "./cli/command-line";

const ROOT = path.resolve(__dirname, "..");
const CELL = 34; // px per grid unit (width is 24 columns)
const WIDTH = 1600;

type Json = Record<string, any>;

/** The dashboard model of one environment, from its synthesized Grafana stack. */
export function synthesizedDashboard(environmentId: string): Json {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "llmobs-layout-"));
  try {
    execFileSync(process.execPath, [require.resolve("tsx/cli"), "main.ts"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, CDKTF_OUTDIR: out },
    });
    const stack = JSON.parse(fs.readFileSync(path.join(out, "stacks", `${environmentId}-grafana`, "cdk.tf.json"), "utf8")) as Json;
    // The model as Grafana receives it, after Terraform undid its template escapes.
    return JSON.parse(unescapeTerraformTemplate((Object.values(stack.resource.grafana_dashboard)[0] as Json).config_json as string)) as Json;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** A deterministic pseudo-random sequence (sample series must not change between renders). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A plausible range for sample values in a unit. */
function sampleRange(unit: string, steps: number[]): [number, number] {
  const base: Record<string, [number, number]> = {
    percent: [20, 90],
    percentunit: [0.4, 1],
    ms: [250, 1700],
    µs: [400_000, 2_400_000],
    short: [50, 900],
    reqps: [2, 12],
    "suffix: tok/s": [25, 60],
    currencyUSD: [0.002, 0.012],
    none: [0.5, 1],
  };
  const [lo, hi] = base[unit] ?? [0, 1];
  const top = Math.max(hi, ...steps.map((v) => v * 1.15));
  return [Math.min(lo, ...steps.map((v) => v * 0.5)), top];
}

const html = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const COLORS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff9830", "#b877d9", "#8ab8ff", "#ff7383"];

function sparkline(panel: Json, seed: number, w: number, h: number): string {
  const series = (panel.targets ?? []).filter((t: Json) => !t.hide).length || 1;
  const steps = ((panel.fieldConfig?.defaults?.thresholds?.steps ?? []) as Json[]).filter((s) => typeof s.value === "number" && s.color !== "transparent");
  const unit = panel.fieldConfig?.defaults?.unit ?? "";
  const [lo, hi] = sampleRange(
    unit,
    steps.map((s) => s.value as number),
  );
  const next = random(seed);
  const y = (v: number) => h - 4 - ((v - lo) / (hi - lo || 1)) * (h - 8);
  const lines: string[] = [];
  for (let i = 0; i < Math.min(series, 7); i += 1) {
    let v = lo + (hi - lo) * (0.25 + 0.5 * next());
    const points: string[] = [];
    for (let x = 0; x <= 40; x += 1) {
      v = Math.min(hi * 0.95, Math.max(lo, v + (next() - 0.5) * (hi - lo) * 0.12));
      points.push(`${((x / 40) * w).toFixed(1)},${y(v).toFixed(1)}`);
    }
    lines.push(`<polyline fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5" points="${points.join(" ")}"/>`);
  }
  for (const s of steps) {
    lines.push(
      `<line x1="0" x2="${w}" y1="${y(s.value).toFixed(1)}" y2="${y(s.value).toFixed(1)}" stroke="${s.color}" stroke-dasharray="6 4" stroke-width="1.2"/><text x="${w - 4}" y="${(y(s.value) - 3).toFixed(1)}" fill="${s.color}" font-size="10" text-anchor="end">${s.value}</text>`,
    );
  }
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${lines.join("")}</svg>`;
}

function panelBody(panel: Json, w: number, h: number, seed: number): string {
  const unit = panel.fieldConfig?.defaults?.unit ?? "";
  if (panel.type === "stat") {
    const [lo, hi] = sampleRange(unit, []);
    const v = lo + (hi - lo) * random(seed)();
    const shown =
      unit === "percentunit"
        ? `${(v * 100).toFixed(0)} %`
        : unit === "currencyUSD"
          ? `$${v.toFixed(4)}`
          : unit === "percent"
            ? `${v.toFixed(1)} %`
            : v.toFixed(2);
    return `<div class="big">${shown}</div>`;
  }
  if (panel.type === "table") {
    const text = (panel.targets?.[0]?.expression as string | undefined) ?? "";
    const columns = [...text.matchAll(/\bas\s+(\w+)/g)].map((m) => m[1]!).filter((c) => c !== "request_cost_usd");
    const by = /\bby\s+(\w+)\s*(\n|$)/.exec(text)?.[1];
    const head = [by, ...columns]
      .filter(Boolean)
      .map((c) => `<th>${html(c!)}</th>`)
      .join("");
    const rows = ["general", "payments"]
      .map((u, i) => `<tr><td>${u}</td>${columns.map((_, j) => `<td>${((i + 1) * (j + 3) * 137) % 9000}</td>`).join("")}</tr>`)
      .join("");
    return `<table><tr>${head}</tr>${rows}</table>`;
  }
  if (panel.type === "bargauge") {
    const next = random(seed);
    return ["a", "b", "c"].map((_, i) => `<div class="bar" style="width:${(30 + next() * 60).toFixed(0)}%;background:${COLORS[i]}"></div>`).join("");
  }
  return sparkline(panel, seed, w - 16, Math.max(30, h - 46));
}

/** The HTML page of a dashboard's layout. */
export function layoutHtml(model: Json): string {
  const unitPx = WIDTH / 24;
  const boxes: string[] = [];
  let bottom = 0;
  for (const [index, panel] of (model.panels as Json[]).entries()) {
    const { x, y, w, h } = panel.gridPos as { x: number; y: number; w: number; h: number };
    const left = x * unitPx;
    const top = y * CELL;
    const width = w * unitPx - 6;
    const height = h * CELL - 6;
    bottom = Math.max(bottom, top + height);
    if (panel.type === "row") {
      boxes.push(`<div class="row" style="left:${left}px;top:${top}px;width:${width}px">${html(panel.title)}</div>`);
      continue;
    }
    const unit = panel.fieldConfig?.defaults?.unit ?? "";
    const queries = (panel.targets ?? []).length;
    const badge = `${panel.type}${unit ? ` · ${html(unit)}` : ""} · ${queries} ${queries === 1 ? "query" : "queries"}${panel.timeFrom ? ` · last ${panel.timeFrom}` : ""}`;
    boxes.push(
      `<div class="panel" style="left:${left}px;top:${top}px;width:${width}px;height:${height}px"><div class="title">${html(panel.title)}</div><div class="badge">${badge}</div>${panelBody(panel, width, height, index + 1)}</div>`,
    );
  }
  const variables = (model.templating?.list ?? [])
    .map((v: Json) => `<span class="var">${html(v.label ?? v.name)}: <b>${html(String(v.current?.text ?? "All"))}</b></span>`)
    .join("");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${html(model.title)}</title><style>
body{margin:0;background:#111217;color:#ccccdc;font:13px/1.3 Inter,Helvetica,Arial,sans-serif}
header{padding:12px 16px 6px}h1{font-size:18px;margin:0 0 6px;color:#fff}.note{color:#ff9830;font-size:12px;margin:4px 0}
.var{display:inline-block;background:#22252b;border:1px solid #34373d;border-radius:3px;padding:3px 8px;margin:4px 6px 0 0}
.grid{position:relative;margin:8px 16px;width:${WIDTH}px;height:${bottom + 8}px}
.panel{position:absolute;background:#181b1f;border:1px solid #2a2d33;border-radius:3px;padding:6px 8px;box-sizing:border-box;overflow:hidden}
.row{position:absolute;height:${CELL - 8}px;font-size:16px;font-weight:600;color:#fff;border-bottom:1px solid #34373d}
.title{font-weight:600;color:#fff;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.badge{color:#8e8e9e;font-size:11px;margin:2px 0 4px}
.big{font-size:34px;font-weight:600;color:#73bf69;margin-top:6px}table{border-collapse:collapse;font-size:11px}td,th{border-bottom:1px solid #2a2d33;padding:2px 8px;text-align:left}
.bar{height:12px;margin:8px 0;border-radius:2px}
</style></head><body><header><h1>${html(model.title)}</h1>
<div class="note">Layout rendered from the dashboard JSON (rows, panels, titles, units, threshold lines). The series are SAMPLE series generated from each panel's unit: not measurements.</div>
${variables}</header><div class="grid">${boxes.join("\n")}</div></body></html>`;
}

export const RENDER_LAYOUT_COMMAND = {
  name: "npm run docs:dashboard-layout --",
  summary: "renders the unified dashboard's layout (rows, panels, units, thresholds) to HTML and, with Chromium, to a PNG",
  options: {
    environment: { type: "string", value: "<stack>", help: "the environment's AWS stack id (default retail-banking-prod)" },
    out: { type: "string", value: "<file>", help: "the HTML file (default cdktf.out/dashboard-layout.html)" },
    png: { type: "string", value: "<file>", help: "also screenshot the page into this PNG (headless Chromium)" },
  },
} as const satisfies CommandSpec;

function main(options: { readonly environment?: string; readonly out?: string; readonly png?: string }): number {
  const environment = options.environment ?? "retail-banking-prod";
  const out = path.resolve(options.out ?? path.join(ROOT, "cdktf.out", "dashboard-layout.html"));
  const model = synthesizedDashboard(environment);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, layoutHtml(model));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  const png = options.png;
  if (png) {
    const height = Math.max(...(model.panels as Json[]).map((p) => (p.gridPos.y + p.gridPos.h) * CELL)) + 140;
    screenshot(out, png, WIDTH + 40, height);
    console.log(`wrote ${path.relative(process.cwd(), path.resolve(png))}`);
  }
  return 0;
}

if (require.main === module) runAsMain(RENDER_LAYOUT_COMMAND, ({ values }) => main(values));
