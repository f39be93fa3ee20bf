/** The trace view's HTML, style and script for the report (data from `trace-view.ts`). */
import type { TraceEntry } from "./trace-view";

const html = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export const TRACE_VIEW_CSS = `
.traces{margin:18px 20px 6px;width:1560px;background:#181b1f;border:1px solid #2a2d33;border-radius:3px;padding:10px 12px;box-sizing:border-box}
.traces h2{font-size:16px;color:#fff;margin:0 0 8px}.traces select{background:#111217;color:#ccccdc;border:1px solid #34373d;padding:3px 6px;font-size:12px;min-width:420px}
.tv-grid{display:grid;grid-template-columns:1010px 1fr;gap:14px;margin-top:10px}
.tv-lane{font-size:11px;color:#9fa1a9;margin:8px 0 3px}.tv-row{display:flex;align-items:center;height:22px}
.tv-name{width:330px;font-size:11px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}.tv-name b{color:#8ab8ff;font-weight:500}
.tv-track{position:relative;width:660px;height:14px;background:#111217;border-radius:2px}
.tv-bar{position:absolute;top:0;height:14px;background:#5794f2;border-radius:2px;min-width:2px}.tv-bar.err{background:#f2495c}.tv-bar.judge{background:#b877d9}
.tv-evt{position:absolute;top:-3px;width:2px;height:20px;background:#fade2a}
.tv-facts td:first-child{color:#9fa1a9}.tv-chip{display:inline-block;margin:2px 6px 2px 0;padding:1px 6px;border-radius:8px;background:#2a2d33;font-size:11px}
.tv-alarm{color:#ff9830}.tv-none{color:#73bf69}
`;

export function traceViewSection(entries: readonly TraceEntry[]): string {
  const options = entries.map((e, i) => `<option value="${i}">${html(e.label)}</option>`).join("");
  const payload = JSON.stringify(entries).replace(/</g, "\\u003c");
  return `<section class="traces" id="traces"><h2>Trace view · one trace per request (${entries.length} traces shown; spans from the in-process OTLP receiver)</h2>
<select id="trace-pick">${options}</select><div id="trace-detail"></div></section>
<script type="application/json" id="trace-data">${payload}</script>`;
}

/** Draws the picked trace; records `data-trace-ready` and the bar count for the render check. */
export const TRACE_VIEW_SCRIPT = `
(() => {
  const entries = JSON.parse(document.getElementById("trace-data").textContent);
  const pick = document.getElementById("trace-pick");
  const detail = document.getElementById("trace-detail");
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const lane = (title, spans, total, judge) => '<div class="tv-lane">' + esc(title) + '</div>' + spans.map((s) => {
    const left = (s.offsetMs / total) * 660, width = (s.durationMs / total) * 660;
    const events = s.events.map((e) => '<i class="tv-evt" title="' + esc(e.name) + '" style="left:' + ((e.atMs / total) * 660).toFixed(1) + 'px"></i>').join("");
    return '<div class="tv-row"><div class="tv-name"><b>' + esc(s.service) + '</b> · ' + esc(s.name) + ' <span style="color:#9fa1a9">' + s.durationMs.toFixed(1) + ' ms</span></div><div class="tv-track"><div class="tv-bar' + (s.error ? ' err' : '') + (judge ? ' judge' : '') + '" style="left:' + left.toFixed(1) + 'px;width:' + width.toFixed(1) + 'px"></div>' + events + '</div></div>';
  }).join("");
  const draw = () => {
    const e = entries[Number(pick.value)];
    if (!e) { detail.innerHTML = "<p>no traced request in this run</p>"; return; }
    const verdictTotal = Math.max(1, ...e.verdict.map((s) => s.offsetMs + s.durationMs));
    const left = lane("request · trace " + e.traceId + " · " + e.requestMs.toFixed(0) + " ms", e.request, e.requestMs, false) +
      (e.verdict.length ? lane("judge's verdict on the same trace, " + e.verdictAfterSeconds.toFixed(1) + " s after the request", e.verdict, verdictTotal, true) : '<div class="tv-lane">no verdict: not sampled for judging, or not answered</div>');
    const facts = '<table class="tv-facts">' + Object.entries(e.facts).map(([k, v]) => '<tr><td>' + esc(k) + '</td><td>' + esc(v) + '</td></tr>').join("") + '</table>';
    const scores = e.scores.length ? '<div class="tv-lane">judge scores (gen_ai.evaluation.result)</div>' + e.scores.map((s) => '<span class="tv-chip">' + esc(s.name) + ' ' + s.value + ' · ' + esc(s.label) + '</span>').join("") : "";
    const masking = '<div class="tv-lane">masked before the judge</div>' + (Object.keys(e.masking).length ? Object.entries(e.masking).map(([k, v]) => '<span class="tv-chip">' + esc(k) + ' × ' + v + '</span>').join("") : '<span class="tv-chip">none</span>');
    const alarms = '<div class="tv-lane">alarm it fed</div>' + (e.alarms.length ? e.alarms.map((a) => '<div class="tv-alarm">' + esc(a) + '</div>').join("") : '<div class="tv-none">none: a good event for every SLO</div>');
    detail.innerHTML = '<div class="tv-grid"><div>' + left + '</div><div>' + facts + scores + masking + alarms + '</div></div>';
    document.body.dataset.traceBars = String(detail.querySelectorAll(".tv-bar").length);
  };
  pick.addEventListener("change", draw);
  draw();
  document.body.dataset.traceReady = "yes";
})();
`;
