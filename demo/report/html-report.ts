/**
 * The self-contained HTML report: the run's key figures, then the unified dashboard's rows and
 * panels at their grid positions, drawn from the dashboard's own queries run on the run's data
 * (`dashboard-data.ts`) with uPlot (the chart library Grafana itself uses), inlined from
 * node_modules: the page loads nothing from the network. After drawing, the page checks each chart
 * (series pixels on the canvas, numbers in stats, bars, rows) and records the result in `data-*`
 * attributes, which the screenshot test reads.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { DemoResult } from "../run";
import { invariantLine } from "../accounting";
import { dashboardData } from "./dashboard-data";
import type { DashboardData, PanelData } from "./panel-data";
import { type Health, healthOf } from "./health";
import type { Summary } from "./summary";
import { textReport } from "./text-report";
import { traceEntries } from "./trace-view";
import { TRACE_VIEW_CSS, TRACE_VIEW_SCRIPT, traceViewSection } from "./trace-view-html";

const CELL = 30; // px per grid row; columns are shares of the window's width (24 to a row)
/** Grafana's threshold colours, as the dashboard's steps name them (the page's script colours stats with them too). */
const THRESHOLD_COLOURS = { red: "#e02f44", orange: "#ff780a", yellow: "#e0b400", green: "#56a64b" } as const;
/** Colours of a card's verdict: the dashboard's own threshold colours. */
const VERDICT = { bad: THRESHOLD_COLOURS.red, warn: THRESHOLD_COLOURS.orange, good: THRESHOLD_COLOURS.green } as const;

const html = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const int = (n: number): string => Math.round(n).toLocaleString("en-US");
const pct = (share: number | undefined): string => (share === undefined ? "-" : `${(share * 100).toFixed(1)} %`);

function uplotAssets(): { js: string; css: string } {
  const dist = path.dirname(require.resolve("uplot/dist/uPlot.iife.min.js"));
  return { js: fs.readFileSync(path.join(dist, "uPlot.iife.min.js"), "utf8"), css: fs.readFileSync(path.join(dist, "uPlot.min.css"), "utf8") };
}

function card(title: string, value: string, detail: string, verdict?: keyof typeof VERDICT): string {
  const colour = verdict ? ` style="color:${VERDICT[verdict]}" data-verdict="${verdict}"` : "";
  return `<div class="card"><div class="card-title">${html(title)}</div><div class="card-value"${colour}>${value}</div><div class="card-detail">${detail}</div></div>`;
}

/** The banner the page opens with: what pages, what tickets, which SLOs burn, whether anything was lost. */
function healthBanner(health: Health): string {
  const verdict = health.level === "page" ? "bad" : health.level === "ticket" ? "warn" : "good";
  return `<div class="health" id="health" data-level="${health.level}" style="border-color:${VERDICT[verdict]};color:${VERDICT[verdict]}">${html(health.headline)}</div>`;
}

function summaryCards(result: DemoResult, s: Summary): string {
  const all = s.latency.find((r) => r.requestType === "(all)");
  const ok = s.outcomes.ok ?? 0;
  const health = healthOf(s, result.accounting);
  const firing = s.alarms.filter((a) => a.now === "ALARM");
  const sustained = s.alarms.filter((a) => a.sustained === "ALARM" && a.now !== "ALARM" && a.severity !== undefined);
  const a = result.accounting;
  const withSlo = s.quality.filter((q) => q.slo !== undefined);
  // Below its SLO's objective over the run: not paging yet, but spending budget faster than allowed.
  const objectiveOf = (slo: string | undefined) => s.slos.find((row) => row.slo === slo)?.objective ?? 1;
  const belowThreshold = withSlo.some((q) => q.sloStratum.meetingThreshold !== undefined && q.sloStratum.meetingThreshold < objectiveOf(q.slo));
  const short = (name: string) => html(name.replace(`llmobs-${s.environmentId}-`, ""));
  return [
    card(
      "Requests",
      int(result.options.requests),
      `${int(ok)} ok · ${int(result.options.requests - ok)} failed or blocked · ${s.cost.requestsPerSecond.toFixed(0)} req/s`,
    ),
    card(
      "TTFT p50 / p95 / p99",
      `${int(all?.ttft.p50 ?? 0)} / ${int(all?.ttft.p95 ?? 0)} / ${int(all?.ttft.p99 ?? 0)} ms`,
      `ITL p50 ${(all?.itl.p50 ?? 0).toFixed(1)} ms · p99 ${int(all?.itl.p99 ?? 0)} ms · ${int(all?.tokensPerSecondP50 ?? 0)} tok/s per request`,
    ),
    card(
      "Cost per 1,000 tokens",
      `$${s.cost.per1kTokensUsd.toFixed(5)}`,
      `per request $${s.cost.perRequestUsd.toFixed(6)} · endpoint $${s.cost.perHourUsd.toFixed(2)}/h`,
    ),
    card(
      "Prefix-cache hit rate",
      s.cache.hitRatePercent === undefined ? "-" : `${s.cache.hitRatePercent.toFixed(1)} %`,
      `TTFT p50 hit ${int(s.cache.ttftP50Hit ?? 0)} ms vs miss ${int(s.cache.ttftP50Miss ?? 0)} ms`,
    ),
    card(
      "Quality at threshold (SLO stratum)",
      withSlo.map((q) => (q.sloStratum.evaluated === 0 ? "none judged" : pct(q.sloStratum.meetingThreshold))).join(" · "),
      `${withSlo.map((q) => `${html(q.requestType)} ≥ ${q.threshold}`).join(" · ")} · random stratum, as the SLOs read it`,
      health.burningSlos.some((name) => name.startsWith("quality-")) ? "bad" : belowThreshold ? "warn" : "good",
    ),
    card(
      "PII masked",
      int(Object.values(s.pii.maskedByType).reduce((x, y) => x + y, 0)),
      `${Object.entries(s.pii.maskedByType)
        .map(([k, v]) => `${html(k)} ${v}`)
        .join(" · ")} · leaked to judge: ${s.pii.leakedToJudge.length}`,
    ),
    card(
      "Judge per 1,000 evaluations",
      `$${s.judge.costPer1kEvaluationsUsd.toFixed(3)}`,
      `${int(s.judge.evaluations)} evaluations · ${int(s.judge.meanInputTokens)} in + ${int(s.judge.meanOutputTokens)} out tokens each`,
    ),
    card(
      "Alarms in ALARM",
      `<span id="alarms-in-alarm">${firing.length}</span>: ${health.pages.length} page · ${health.tickets.length} ticket`,
      `paging: ${health.pages.map(short).join(", ") || "none"}<br>ticketing: ${health.tickets.map(short).join(", ") || "none"}<br>${health.feeding.length} burn-rate windows feeding a composite · if sustained: ${sustained.map((x) => short(x.name)).join(", ") || "none"}`,
      health.pages.length > 0 ? "bad" : health.tickets.length > 0 ? "warn" : "good",
    ),
    card(
      a.lost === 0 ? "Nothing lost" : "Records lost",
      `${int(a.lost)} lost`,
      `${int(a.records)} = ${int(a.scored)} scored + ${int(a.sampledOut)} sampled out + ${int(a.skipped)} skipped + ${int(a.deadLettered)} dead-lettered`,
      a.lost === 0 ? "good" : "bad",
    ),
  ].join("");
}

function panelBox(panel: PanelData, top: number): string {
  const { x, y, w, h } = panel.gridPos;
  const share = (n: number) => `${((n / 24) * 100).toFixed(4)}%`;
  const style = `left:${share(x)};top:${top + y * CELL}px;width:calc(${share(w)} - 6px);height:${h * CELL - 6}px`;
  const kind = panel.skipped ? "skipped" : panel.series ? "chart" : panel.stats ? "stat" : panel.bars ? "bars" : "table";
  const notes = (panel.notes ?? []).map((n) => `<span class="note">${html(n)}</span>`).join(" ");
  const head = `<div class="title" title="${html(panel.description ?? "")}">${html(panel.title)}</div>`;
  if (panel.skipped)
    return `<div class="panel skipped" data-kind="skipped" style="${style}">${head}<div class="reason">Not drawn locally: ${html(panel.skipped)}</div></div>`;
  return `<div class="panel" id="panel-${panel.id}" data-kind="${kind}" data-panel-id="${panel.id}" style="${style}">${head}<div class="legend"></div><div class="body"></div><div class="notes">${notes}</div></div>`;
}

function dashboardHtml(data: DashboardData, top: number): { html: string; height: number } {
  const boxes: string[] = [];
  let bottom = 0;
  for (const row of data.rows) {
    boxes.push(`<div class="row" style="top:${top + row.y * CELL}px">${html(row.title)}</div>`);
    for (const panel of row.panels) {
      boxes.push(panelBox(panel, top));
      bottom = Math.max(bottom, top + (panel.gridPos.y + panel.gridPos.h) * CELL);
    }
  }
  return { html: boxes.join("\n"), height: bottom + 20 };
}

/** The page's own script: draws every panel, then checks that each drew data. */
const PAGE_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var COLORS = ["#5794f2", "#b877d9", "#73bf69", "#ff9830", "#8ab8ff", "#f2cc0c", "#ca95e5", "#96d98d", "#ffb357", "#c0d8ff"];
  var THRESHOLD = ${JSON.stringify(THRESHOLD_COLOURS)};
  function rgb(hex) { var n = parseInt(hex.slice(1), 16); return [(n >> 16) & 255, (n >> 8) & 255, n & 255]; }
  function fmt(unit, v) {
    if (v === null || v === undefined || !isFinite(v)) return "";
    var a = Math.abs(v);
    var num = function (x) { var y = Math.abs(x); return y >= 1e6 ? (x / 1e6).toFixed(1) + "M" : y >= 1e4 ? (x / 1e3).toFixed(0) + "k" : y >= 100 ? x.toFixed(0) : y >= 1 ? x.toFixed(2).replace(/\.?0+$/, "") : y === 0 ? "0" : x.toPrecision(2); };
    if (unit === "ms") return a >= 1000 ? (v / 1000).toFixed(2) + " s" : num(v) + " ms";
    if (unit === "µs") return a >= 1e6 ? (v / 1e6).toFixed(2) + " s" : num(v / 1000) + " ms";
    if (unit === "percent") return num(v) + "%";
    if (unit === "percentunit") return num(v * 100) + "%";
    if (unit === "currencyUSD") return "$" + (a >= 1 ? v.toFixed(2) : a >= 0.01 ? v.toFixed(4) : v.toPrecision(2));
    if (unit === "reqps") return num(v) + " req/s";
    if (unit.indexOf("suffix:") === 0) return num(v) + unit.slice(7);
    return num(v);
  }
  var panels = [];
  data.dashboard.rows.forEach(function (row) { row.panels.forEach(function (p) { if (!p.skipped) panels.push(p); }); });
  var charts = [];
  panels.forEach(function (p) {
    var el = document.getElementById("panel-" + p.id);
    var body = el.querySelector(".body");
    var legend = el.querySelector(".legend");
    if (p.series) {
      legend.innerHTML = p.series.map(function (s, i) { return '<span><i style="background:' + COLORS[i % COLORS.length] + '"></i>' + s.label.replace(/</g, "&lt;") + "</span>"; }).join("");
      var lo = p.min, hi = p.max;
      var opts = {
        width: body.clientWidth, height: body.clientHeight,
        legend: { show: false }, cursor: { show: false },
        scales: { x: { time: false }, y: { range: function (u, min, max) {
          var tmin = Math.min.apply(null, [min].concat(p.thresholds.map(function (t) { return t.value; })));
          var tmax = Math.max.apply(null, [max].concat(p.thresholds.filter(function (t) { return t.value <= max * 3 + 1; }).map(function (t) { return t.value; })));
          var a = lo !== undefined ? lo : Math.min(0, tmin), b = hi !== undefined ? hi : (tmax === a ? a + 1 : tmax * 1.08);
          // A little room at both ends, so a series lying on a bound (all zeros) is not drawn on the frame.
          var pad = (b - a) * 0.03;
          return [a - pad, b + pad];
        } } },
        axes: [
          { stroke: "#8e8e9e", grid: { stroke: "#2a2d33" }, ticks: { stroke: "#2a2d33" }, size: 28, font: "10px sans-serif", values: function (u, vals) { return vals.map(function (v) { return v + " s"; }); } },
          { stroke: "#8e8e9e", grid: { stroke: "#2a2d33" }, ticks: { stroke: "#2a2d33" }, size: 62, font: "10px sans-serif", values: function (u, vals) { return vals.map(function (v) { return fmt(p.unit, v); }); } }
        ],
        series: [{}].concat(p.series.map(function (s, i) {
          // A series with a point or two draws no line: show its points instead.
          var few = s.values.filter(function (v) { return v !== null; }).length <= 3;
          return { label: s.label, stroke: COLORS[i % COLORS.length], width: 1.6, dash: s.dashed ? [8, 6] : undefined, spanGaps: true, points: { show: few, size: 7, fill: COLORS[i % COLORS.length] } };
        })),
        hooks: { drawAxes: [function (u) {
          var ctx = u.ctx; ctx.save(); ctx.setLineDash([6, 4]); ctx.lineWidth = 1.2;
          p.thresholds.forEach(function (t) {
            var y = u.valToPos(t.value, "y", true);
            if (y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
            ctx.strokeStyle = THRESHOLD[t.color] || t.color; ctx.beginPath(); ctx.moveTo(u.bbox.left, y); ctx.lineTo(u.bbox.left + u.bbox.width, y); ctx.stroke();
          });
          ctx.restore();
        }] }
      };
      var u = new uPlot(opts, [data.dashboard.times].concat(p.series.map(function (s) { return s.values; })), body);
      charts.push({ el: el, u: u, p: p });
    } else if (p.stats) {
      // Coloured as Grafana colours a stat: the last threshold step at or below the value (the base step otherwise).
      var stepColor = function (v) {
        var color = p.steps.length > 0 ? p.steps[0].color : "green";
        p.steps.forEach(function (st) { if (st.value !== null && v >= st.value) color = st.color; });
        return color;
      };
      body.innerHTML = p.stats.map(function (s) {
        var named = isFinite(s.value) ? stepColor(s.value) : "text";
        var css = THRESHOLD[named] || (named === "text" ? "#ccccdc" : named);
        return '<div class="stat" data-value="' + s.value + '" data-color="' + named + '"><div class="stat-value" style="color:' + css + '">' + fmt(p.unit, s.value) + '</div><div class="stat-label">' + s.label.replace(/</g, "&lt;") + "</div></div>";
      }).join("");
      el.dataset.values = String(p.stats.filter(function (s) { return isFinite(s.value); }).length);
      el.dataset.rendered = el.dataset.values > 0 ? "yes" : "no";
    } else if (p.bars) {
      var max = Math.max.apply(null, p.bars.map(function (b) { return b.value; }).concat([1e-9]));
      body.innerHTML = p.bars.map(function (b, i) { return '<div class="bar-row"><span class="bar-label">' + b.label + '</span><span class="bar" style="width:' + Math.max(1, 70 * b.value / max) + '%;background:' + COLORS[i % COLORS.length] + '"></span><span class="bar-value">' + fmt(p.unit, b.value) + "</span></div>"; }).join("");
      el.dataset.values = String(p.bars.length);
      el.dataset.rendered = p.bars.length > 0 ? "yes" : "no";
    } else if (p.table) {
      body.innerHTML = "<table><tr>" + p.table.columns.map(function (c) { return "<th>" + c + "</th>"; }).join("") + "</tr>" + p.table.rows.map(function (r) { return "<tr>" + r.map(function (c) { return "<td>" + (typeof c === "number" ? fmt("short", c) : c) + "</td>"; }).join("") + "</tr>"; }).join("") + "</table>";
      el.dataset.values = String(p.table.rows.length);
      el.dataset.rendered = p.table.rows.length > 0 ? "yes" : "no";
    }
  });
  // After uPlot's drawing (it commits in a microtask): count the series' pixels on each canvas.
  setTimeout(function () {
    var bad = 0;
    charts.forEach(function (c) {
      var b = c.u.bbox, img = c.u.ctx.getImageData(b.left, b.top, Math.max(1, b.width), Math.max(1, b.height)).data;
      var targets = c.p.series.map(function (s, i) { return rgb(COLORS[i % COLORS.length]); });
      var pixels = 0;
      for (var k = 0; k < img.length; k += 4) {
        if (img[k + 3] < 128) continue;
        for (var t = 0; t < targets.length; t++) {
          var d = Math.abs(img[k] - targets[t][0]) + Math.abs(img[k + 1] - targets[t][1]) + Math.abs(img[k + 2] - targets[t][2]);
          if (d < 60) { pixels++; break; }
        }
      }
      var points = c.p.series.reduce(function (n, s) { return n + s.values.filter(function (v) { return v !== null; }).length; }, 0);
      c.el.dataset.points = String(points);
      c.el.dataset.seriesPixels = String(pixels);
      c.el.dataset.rendered = pixels >= 20 && points > 0 ? "yes" : "no";
      if (c.el.dataset.rendered !== "yes") bad++;
    });
    document.querySelectorAll('.panel[data-kind="stat"], .panel[data-kind="bars"], .panel[data-kind="table"]').forEach(function (el) { if (el.dataset.rendered !== "yes") bad++; });
    document.body.dataset.charts = String(document.querySelectorAll(".panel[data-kind]:not([data-kind=skipped])").length);
    document.body.dataset.failed = String(bad);
    document.body.dataset.reportReady = "yes";
  }, 50);
})();
`;

export function reportHtml(result: DemoResult, summary: Summary): string {
  const data = dashboardData(result);
  const { js, css } = uplotAssets();
  const top = 0;
  const grid = dashboardHtml(data, top);
  const payload = JSON.stringify({ dashboard: data }).replace(/</g, "\\u003c");
  const o = result.options;
  const skippedList = data.rows
    .flatMap((r) => r.panels.filter((p) => p.skipped).map((p) => `<li><b>${html(r.title)} · ${html(p.title)}</b>: ${html(p.skipped!)}</li>`))
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${html(data.title)} · local run</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${css}
body{margin:0;background:#111217;color:#ccccdc;font:13px/1.35 Inter,Helvetica,Arial,sans-serif}
header{padding:14px 20px 4px}h1{font-size:19px;margin:0 0 4px;color:#fff}.sub{color:#9fa1a9;font-size:12px}
.health{margin:10px 20px 0;padding:10px 14px;border:2px solid;border-radius:4px;font-size:16px;font-weight:600;background:#181b1f}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:8px;margin:12px 20px}
.card{background:#181b1f;border:1px solid #2a2d33;border-radius:3px;padding:8px 10px}.card-title{color:#9fa1a9;font-size:11px;text-transform:uppercase;letter-spacing:.03em}
.card-value{color:#fff;font-size:18px;font-weight:600;margin:4px 0}.card-detail{color:#9fa1a9;font-size:11px}
.invariant{margin:4px 20px 10px;font:12px/1.4 ui-monospace,Menlo,monospace;color:#73bf69}
.grid{position:relative;margin:0 20px;height:${grid.height}px}
.row{position:absolute;left:0;right:0;height:${CELL - 6}px;font-size:16px;font-weight:600;color:#fff;border-bottom:1px solid #34373d}
.panel{position:absolute;background:#181b1f;border:1px solid #2a2d33;border-radius:3px;padding:5px 8px;box-sizing:border-box;overflow:hidden;display:flex;flex-direction:column}
.panel .title{font-weight:600;color:#fff;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.legend{font-size:10px;color:#9fa1a9;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;min-height:14px}.legend span{margin-right:10px}.legend i{display:inline-block;width:10px;height:3px;margin:0 4px 2px 0;vertical-align:middle}
.body{flex:1;min-height:0;position:relative}.notes{font-size:10px;color:#8e8e9e;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.skipped{background:#141619;border-style:dashed;color:#7b7d85}.skipped .title{color:#9fa1a9}.reason{font-size:11px;margin-top:6px}
.stat{display:inline-block;margin:6px 16px 0 0}.stat-value{font-size:26px;font-weight:600}.stat-label{font-size:11px;color:#9fa1a9}
.bar-row{display:flex;align-items:center;margin:5px 0;font-size:11px}.bar-label{width:150px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bar{height:12px;border-radius:2px;margin:0 8px}.bar-value{color:#fff}
table{border-collapse:collapse;font-size:11px;margin-top:4px}td,th{border-bottom:1px solid #2a2d33;padding:2px 8px;text-align:left}th{color:#9fa1a9}
details{margin:16px 20px 30px}summary{cursor:pointer;color:#fff}pre{font:11px/1.35 ui-monospace,Menlo,monospace;white-space:pre-wrap;color:#ccccdc}
ul.skipped-list{margin:4px 20px 0;padding-left:18px;font-size:11px;color:#9fa1a9}
${TRACE_VIEW_CSS}</style></head>
<body>
<header><h1>${html(data.title)} · local run of ${int(o.requests)} requests</h1>
<div class="sub">Every series below comes from this run: the real gateway, evaluator and quality publisher on local services (dynalite, s3rver, wire stubs), seed ${html(o.seed)}. Rows and panels are the unified dashboard's, with its own queries run on the run's data (time axis: seconds since the first request, ${data.stepSeconds}-s steps; windows longer than the run hold the run so far). ${data.drawn} panels drawn, ${data.skipped} not drawn (listed below). Generated ${new Date(result.finishedAt).toISOString()}.</div></header>
${healthBanner(healthOf(summary, result.accounting))}
<div class="cards">${summaryCards(result, summary)}</div>
<div class="invariant">${html(invariantLine(result.accounting))}</div>
${traceViewSection(traceEntries(result.spans, summary))}
<div class="grid">${grid.html}</div>
<ul class="skipped-list">${skippedList}</ul>
<details><summary>Text report</summary><pre>${html(textReport(result, summary))}</pre></details>
<script type="application/json" id="report-data">${payload}</script>
<script>${js}</script>
<script>${PAGE_SCRIPT}</script>
<script>${TRACE_VIEW_SCRIPT}</script>
</body></html>
`;
}

/** Writes `report.html` into `dir`; returns its path. */
export function writeHtmlReport(result: DemoResult, summary: Summary, dir: string): string {
  const file = path.join(dir, "report.html");
  fs.writeFileSync(file, reportHtml(result, summary));
  return file;
}
