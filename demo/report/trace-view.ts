/**
 * The report's trace view: pick a request, see its spans on a timeline (the gateway's request span,
 * the endpoint call, the log delivery, then the judge's verdict on the same trace), its TTFT, ITL and
 * tokens, the masking counts and the judge's scores, and the SLO alarm it fed, if any. Built from
 * the spans the functions exported to the demo's in-process OTLP receiver: sizes, ids and scores
 * only, as in production.
 */
import { PLATFORM_SPAN_ATTRIBUTES as A } from "../../contracts/tracing";
import type { ReceivedSpan } from "../../testing/wire/otlp-receiver";
import type { Summary } from "./summary";

/** The TTFT SLO's per-request threshold (modules/alerting: 95 % of requests at or under 1500 ms). */
const TTFT_SLO_MS = 1500;
/** Requests offered in the picker: enough to browse, small enough for the page. */
const MAX_TRACES = 60;

export interface TraceSpanBar {
  readonly name: string;
  readonly service: string;
  /** Milliseconds from the start of its lane (the request, or the verdict). */
  readonly offsetMs: number;
  readonly durationMs: number;
  readonly error: boolean;
  readonly events: readonly { readonly name: string; readonly atMs: number }[];
}

export interface TraceEntry {
  readonly traceId: string;
  readonly requestId: string;
  readonly label: string;
  readonly request: readonly TraceSpanBar[];
  readonly requestMs: number;
  readonly verdict: readonly TraceSpanBar[];
  /** Seconds from the request's start to the verdict's. */
  readonly verdictAfterSeconds?: number;
  readonly facts: Readonly<Record<string, string>>;
  readonly scores: readonly { readonly name: string; readonly value: number; readonly label: string }[];
  readonly masking: Readonly<Record<string, number>>;
  readonly alarms: readonly string[];
}

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function bars(spans: readonly ReceivedSpan[], laneStart: number): TraceSpanBar[] {
  return [...spans]
    .sort((a, b) => a.startMs - b.startMs)
    .map((s) => ({
      name: s.name,
      service: String(s.resource["service.name"] ?? ""),
      offsetMs: s.startMs - laneStart,
      durationMs: Math.max(0, s.endMs - s.startMs),
      error: s.statusCode === 2,
      events: s.events.filter((e) => e.name !== "gen_ai.evaluation.result").map((e) => ({ name: e.name, atMs: e.timeMs - laneStart })),
    }));
}

function alarmsFed(root: ReceivedSpan, verdict: ReceivedSpan | undefined, summary: Summary): string[] {
  const alarms: string[] = [];
  const status = str(root.attributes[A.status]);
  const ttftSeconds = num(root.attributes["gen_ai.response.time_to_first_chunk"]);
  if (status && status !== "ok" && status !== "blocked_by_guardrail") alarms.push(`availability SLO (bad event: ${status})`);
  if (ttftSeconds !== undefined && ttftSeconds * 1000 > TTFT_SLO_MS)
    alarms.push(`TTFT SLO (bad event: ${Math.round(ttftSeconds * 1000)} ms > ${TTFT_SLO_MS} ms)`);
  if (root.attributes[A.guardrailFlagged] === true) alarms.push("GuardrailTriggered (prompt-injection signal)");
  const quality = verdict ? num(verdict.attributes[A.judgeQualityScore]) : undefined;
  const requestType = str(root.attributes[A.requestType]);
  const slo = summary.quality.find((q) => q.requestType === requestType && q.slo !== undefined);
  if (quality !== undefined && slo && quality < slo.threshold) alarms.push(`quality SLO ${requestType} (bad event: ${quality.toFixed(2)} < ${slo.threshold})`);
  return alarms;
}

function entry(root: ReceivedSpan, spans: readonly ReceivedSpan[], summary: Summary): TraceEntry {
  const verdicts = spans.filter((s) => s.name === "evaluate llm-judge");
  const verdict = verdicts[0];
  const requestSpans = spans.filter((s) => !verdicts.includes(s));
  const a = root.attributes;
  const requestId = String(a[A.requestId] ?? root.spanId);
  const status = String(a[A.status] ?? "?");
  const ttft = num(a["gen_ai.response.time_to_first_chunk"]);
  const facts: Record<string, string> = {
    status,
    "use case / type": `${a[A.useCase] ?? "?"} / ${a[A.requestType] ?? "?"}`,
    TTFT: ttft === undefined ? "-" : `${Math.round(ttft * 1000)} ms`,
    "ITL p50 / p95": a[A.itlP50Ms] === undefined ? "-" : `${Number(a[A.itlP50Ms]).toFixed(1)} / ${Number(a[A.itlP95Ms]).toFixed(1)} ms`,
    "tokens in / out": `${a["gen_ai.usage.input_tokens"] ?? "-"} / ${a["gen_ai.usage.output_tokens"] ?? "-"}`,
    guardrail: a[A.guardrailFlagged] === true ? `flagged (${(a[A.guardrailRules] as string[] | undefined)?.join(", ") ?? ""})` : "clear",
    "sampled because": String(a[A.keptBecause] ?? "ratio"),
  };
  if (verdict) {
    const v = verdict.attributes;
    facts.judge = `${v["gen_ai.request.model"]} · ${v[A.judgeRubricVersion]}`;
    facts["calibration record"] = String(v[A.judgeCalibrationRecordId] ?? "-");
    facts["stratum / quality"] = `${v[A.judgeStratum]} / ${Number(v[A.judgeQualityScore]).toFixed(2)}`;
  }
  const masking = verdict
    ? Object.fromEntries(
        Object.entries(verdict.attributes)
          .filter(([k]) => k.startsWith(A.maskingPrefix))
          .map(([k, v]) => [k.slice(A.maskingPrefix.length), Number(v)]),
      )
    : {};
  const scores = (verdict?.events ?? [])
    .filter((e) => e.name === "gen_ai.evaluation.result")
    .map((e) => ({
      name: String(e.attributes["gen_ai.evaluation.name"]),
      value: Number(e.attributes["gen_ai.evaluation.score.value"]),
      label: String(e.attributes["gen_ai.evaluation.score.label"]),
    }));
  return {
    traceId: root.traceId,
    requestId,
    label: `${status === "ok" ? "" : `[${status}] `}${a[A.requestType] ?? ""} ${requestId.slice(0, 8)}${verdict ? " · judged" : ""}${Object.keys(masking).length > 0 ? " · masked" : ""}`,
    request: bars(requestSpans, root.startMs),
    requestMs: Math.max(1, root.endMs - root.startMs),
    verdict: verdict ? bars(verdicts, verdict.startMs) : [],
    ...(verdict ? { verdictAfterSeconds: (verdict.startMs - root.startMs) / 1000 } : {}),
    facts,
    scores,
    masking,
    alarms: alarmsFed(root, verdict, summary),
  };
}

/** The traces offered in the picker: judged ones first (masked before the rest), then failures and guardrail hits. */
export function traceEntries(spans: readonly ReceivedSpan[], summary: Summary): TraceEntry[] {
  const byTrace = new Map<string, ReceivedSpan[]>();
  for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  const entries: TraceEntry[] = [];
  for (const traceSpans of byTrace.values()) {
    const root = traceSpans.find((s) => s.name.startsWith("text_completion"));
    if (root) entries.push(entry(root, traceSpans, summary));
  }
  const rank = (e: TraceEntry): number => (e.scores.length > 0 ? (Object.keys(e.masking).length > 0 ? 0 : 1) : e.facts.status !== "ok" ? 2 : 3);
  return entries.sort((x, y) => rank(x) - rank(y)).slice(0, MAX_TRACES);
}
