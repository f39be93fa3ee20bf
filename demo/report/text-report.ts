/** The report printed at the end of `npm run demo`. */
import { GATEWAY_NUMBER_VARIABLES } from "../../contracts/gateway-environment";
import type { DemoResult } from "../run";
import { healthOf } from "./health";
import type { QualityCell, Summary } from "./summary";

/** The source article's judge cost, USD per 1,000 evaluations. */
const ARTICLE_JUDGE_USD_PER_1K = 0.25;

const int = (n: number): string => Math.round(n).toLocaleString("en-US");
/** A figure the run has no data for says so, rather than "-". */
const NO_DATA = "no data";
const ms = (n: number | undefined): string => (n === undefined ? NO_DATA : n >= 100 ? int(n) : n.toFixed(1));
const pct = (share: number | undefined, digits = 1): string => (share === undefined ? NO_DATA : `${(share * 100).toFixed(digits)} %`);
/** `evaluated / mean / share at or above the threshold`, or why there is none. */
const qualityCell = (c: QualityCell): string =>
  c.evaluated === 0 ? "none judged" : `${c.evaluated} / ${c.meanScore!.toFixed(2)} / ${pct(c.meetingThreshold, 0)}`;
const usd = (n: number): string => (n >= 1 ? `$${n.toFixed(2)}` : n >= 0.01 ? `$${n.toFixed(4)}` : `$${n.toPrecision(3)}`);

function table(head: readonly string[], rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => indent + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(head), ...rows.map(line)];
}

const list = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(" · ") || "none";

/** A titled section of the report: a blank line, its title, its lines. */
const section = (title: string, lines: readonly string[]): string[] => ["", title, ...lines];

function heading(result: DemoResult, s: Summary): string[] {
  const o = result.options;
  return [
    `LLM observability demo · ${s.environmentId} · ${s.model} on ${s.instanceCount} x ${s.instanceType} (endpoint ${s.endpointName})`,
    `${int(o.requests)} requests in ${s.trafficSeconds.toFixed(1)} s (${s.cost.requestsPerSecond.toFixed(0)} req/s) after ${((result.startedAt - result.launchedAt) / 1000).toFixed(1)} s of start-up (stack synthesized, local services and functions started); the pipeline drained ${(s.totalSeconds - s.trafficSeconds).toFixed(1)} s later · seed ${o.seed}`,
    `faults: judge throttling ${pct(o.judgeThrottleRate, 0)} of calls, Comprehend errors ${pct(o.comprehendErrorRate, 0)} of calls, malformed inference-log lines ${pct(o.malformedRate, 0)}; an endpoint incident (GPU memory pressure) from 40 % to 55 % of the run`,
    `timings shortened for a one-minute run: Firehose buffer ${o.firehoseIntervalMs / 1000} s (stack: ${result.stack.firehose.bufferingIntervalSeconds} s), failed-message retry ${o.visibilityTimeoutMs / 1000} s (stack: visibility ${result.stack.notificationQueue.visibilityTimeoutSeconds} s), gateway deadline ${o.invokeTimeoutMs / 1000} s (stack: ${Number(result.stack.functions.gateway.environment[GATEWAY_NUMBER_VARIABLES.invokeTimeoutMs.name]) / 1000} s)`,
  ];
}

function requests(s: Summary): string[] {
  return section("Requests (gateway status, from its EMF lines, once per request)", [
    `  ${list(s.outcomes)}${s.emfDocumentsPerRequest > 1.001 ? ` (${s.emfDocumentsPerRequest.toFixed(3)} EMF documents per request: answers over 100 tokens spill their ITL values into a further document, which carries the request id but not the status, so a count of log lines by status counts each request once)` : ""}`,
    `  HTTP ${list(s.httpStatuses)}`,
    `  guardrail flagged ${int(s.guardrailFlagged)} · workload mix: ${list(s.kinds)}`,
  ]);
}

function latency(s: Summary): string[] {
  return section(
    "Latency per model and request_type (the gateway's metrics as CloudWatch holds them)",
    table(
      ["model / request_type", "requests", "TTFT p50", "p95", "p99 ms", "ITL p50", "p95", "p99 ms", "tok/s p50"],
      s.latency.map((r) => [
        `${r.model} / ${r.requestType}`,
        int(r.requests),
        ms(r.ttft.p50),
        ms(r.ttft.p95),
        ms(r.ttft.p99),
        ms(r.itl.p50),
        ms(r.itl.p95),
        ms(r.itl.p99),
        ms(r.tokensPerSecondP50),
      ]),
    ),
  );
}

function tokenEconomics(s: Summary): string[] {
  return section("Token economics (the dashboard's formulas)", [
    `  endpoint ${usd(s.cost.perHourUsd)}/h (${s.instanceCount} x ${usd(s.cost.perHourUsd / s.instanceCount)}) at ${s.cost.requestsPerSecond.toFixed(1)} req/s and ${int(s.cost.completionTokensPerSecond)} generated tokens/s`,
    `  cost per request ${usd(s.cost.perRequestUsd)} · per 1,000 generated tokens ${usd(s.cost.per1kTokensUsd)} (idle capacity charged to the traffic there is)`,
    `  prefix-cache hit rate ${s.cache.hitRatePercent === undefined ? "not reported (no response carried cached-token counts)" : `${s.cache.hitRatePercent.toFixed(1)} %`} of prompt tokens; by use_case: ${Object.entries(
      s.cache.byUseCase,
    )
      .map(([k, v]) => `${k} ${v.toFixed(0)} %`)
      .join(" · ")}`,
    `  TTFT p50 with a cache hit ${ms(s.cache.ttftP50Hit)} ms, without ${ms(s.cache.ttftP50Miss)} ms${s.cache.ttftP50Hit && s.cache.ttftP50Miss ? ` (${((1 - s.cache.ttftP50Hit / s.cache.ttftP50Miss) * 100).toFixed(0)} % less)` : ""}`,
  ]);
}

function quality(s: Summary): string[] {
  const strata = ["guardrail_flagged", "low_confidence"];
  return section("Quality (judge scores in DynamoDB) against each request_type's threshold; the SLO reads the random stratum", [
    ...table(
      ["request_type", "threshold", "quality SLO", "random n/mean/>= (the SLO's)", ...strata.map((st) => `${st} n/mean/>=`), "all strata", "undue refusals"],
      s.quality.map((q) => [
        q.requestType,
        q.threshold.toFixed(2),
        q.slo ?? "none (request type not accepted by the gateway)",
        qualityCell(q.sloStratum),
        ...strata.map((st) => qualityCell(q.byStratum[st]!)),
        qualityCell(q.all),
        int(q.undueRefusals),
      ]),
    ),
    "  n/mean/>=: answers judged / mean score / share at or above the threshold; flagged and low-confidence answers are judged at 100 % and watched by their own series, not by the SLO",
  ]);
}

function pii(result: DemoResult, s: Summary): string[] {
  return section("PII masked before anything reached the judge (score items' maskedEntities)", [
    `  ${list(s.pii.maskedByType)} in ${int(s.pii.recordsWithPii)} of ${int(s.judge.evaluations)} evaluated records`,
    `  planted client data: ${int(s.pii.plantedValues)} values in the prompts; found in text sent to the judge: ${s.pii.leakedToJudge.length === 0 ? "none" : s.pii.leakedToJudge.join(", ")}`,
    `  Comprehend DetectPiiEntities calls ${int(result.comprehendCalls)} (${int(result.comprehendFailures)} failed with InternalServerException, retried by the SDK)`,
  ]);
}

function judge(s: Summary): string[] {
  return section(`Judge (${s.judge.modelId}, usage as the judge reported it)`, [
    `  ${int(s.judge.evaluations)} evaluations, ${int(s.judge.calls)} Converse calls (${int(s.judge.throttled)} throttled and retried)`,
    `  per evaluation ${int(s.judge.meanInputTokens)} input + ${int(s.judge.meanOutputTokens)} output tokens -> ${usd(s.judge.costPer1kEvaluationsUsd)} per 1,000 evaluations at ${usd(s.judge.inputPricePer1k)} / ${usd(s.judge.outputPricePer1k)} per 1,000 tokens`,
    `  (${s.judge.costPer1kEvaluationsUsd <= ARTICLE_JUDGE_USD_PER_1K ? "at or under" : "over"} the source article's $${ARTICLE_JUDGE_USD_PER_1K} per 1,000; the demo's answers are shorter than the cost profile's 300 tokens: npm run cost prices the rubrics on it, docs/judge-cost.md)`,
  ]);
}

function slosAndAlarms(s: Summary, health: ReturnType<typeof healthOf>): string[] {
  const lines: string[] = [];
  for (const slo of s.slos) {
    if (!slo.total) {
      // No event of its SLI in the run: a quality SLO counts judged answers of the random stratum only.
      const why = slo.slo.startsWith("quality-") ? "no answer of the random stratum was judged in the run" : "its SLI saw no event in the run";
      lines.push(`  ${slo.slo}: objective ${pct(slo.objective, 1)}; no burn rate: ${why}`);
    } else {
      const bad = 1 - (slo.good ?? 0) / slo.total;
      lines.push(`  ${slo.slo}: objective ${pct(slo.objective, 1)}, bad ${pct(bad, 2)} of ${int(slo.total)} -> burn rate ${slo.burnRate!.toFixed(2)}`);
    }
    for (const w of slo.windows) {
      const verdict = w.now ? "FIRES now" : w.sustained ? "would fire if sustained" : "quiet";
      lines.push(`    ${w.severity.padEnd(6)} ${`${w.long} & ${w.short}`.padEnd(10)} above ${String(Number(w.factor.toFixed(2))).padEnd(5)} ${verdict}`);
    }
  }
  const short = (name: string) => name.replace(`llmobs-${s.environmentId}-`, "");
  const firing = s.alarms.filter((al) => al.now === "ALARM");
  const sustained = s.alarms.filter((al) => al.now !== "ALARM" && al.sustained === "ALARM");
  const notEvaluated = s.alarms.filter((al) => al.notEvaluated);
  const noData = s.alarms.filter((al) => al.noData);
  lines.push(
    `  ${s.alarms.length} alarms in the stack (${s.alarms.filter((al) => al.kind === "composite").length} composite), evaluated on the run's data:`,
    `    in ALARM now: ${firing.length} (${health.pages.length} page, ${health.tickets.length} ticket, ${health.feeding.length} windows feeding a composite): ${firing.map((al) => short(al.name)).join(", ") || "none"}`,
    `    would fire if the run's rates lasted their whole window: ${sustained.map((al) => short(al.name)).join(", ") || "none"}`,
    `    no local data (OK, missing data is not breaching): ${noData.map((al) => short(al.name)).join(", ") || "none"}`,
    `    not evaluated locally: ${notEvaluated.map((al) => `${short(al.name)} (${al.notEvaluated})`).join(", ") || "none"}`,
  );
  return section("SLO burn rates over the run, and the stack's burn-rate alarms", lines);
}

function countInvariant(result: DemoResult): string[] {
  const a = result.accounting;
  const lines = [
    `  requests ${int(a.requests)} -> inference-log records in S3 ${int(a.records)} (${int(a.lines)} lines in ${int(result.objects.length)} objects${a.lines > a.records ? `: Firehose delivered ${int(a.lines - a.records)} twice, counted once` : ""}; ${int(a.malformedWritten)} lines truncated on the way)`,
    `  ${int(a.records)} = scored ${int(a.scored)} + sampled out ${int(a.sampledOut)} + skipped ${int(a.skipped)} + dead-lettered ${int(a.deadLettered)} (${list(a.deadLetterReasons)}${a.deadLetteredWithObject ? `, ${int(a.deadLetteredWithObject)} with their object's notification` : ""}) + lost ${int(a.lost)}`,
    `  evaluator invocations ${int(result.evaluator.invocations)} (${int(result.evaluator.failedInvocations)} with failures) in ${int(result.evaluator.coldStarts)} execution environments · publisher invocations ${int(result.publisher.invocations)}, ${int(result.publisher.delivered)} stream records published, ${int(result.publisher.failedRecords)} to its DLQ`,
    `  the evaluator's own count line (records = scored + sampled out + skipped + dead-lettered + duplicates) held for every object${a.passInvariantBroken ? ` but ${a.passInvariantBroken}` : ""}; ${int(a.duplicatesSeen)} duplicate lines recognised`,
  ];
  if (a.logDeliveryFailures > 0) lines.push(`  note: ${int(a.logDeliveryFailures)} Firehose PutRecord attempts failed (the gateway retries once)`);
  if (a.notDelivered > 0)
    lines.push(`  note: ${int(a.notDelivered)} requests' records never reached Firehose (the gateway counted them as InferenceLogDeliveryFailed)`);
  return section("Count invariant: every record read ends scored, sampled out, skipped or dead-lettered", lines);
}

export function textReport(result: DemoResult, summary: Summary, htmlPath?: string): string {
  const health = healthOf(summary, result.accounting);
  const lines = [
    health.headline,
    "",
    ...heading(result, summary),
    ...requests(summary),
    ...latency(summary),
    ...tokenEconomics(summary),
    ...quality(summary),
    ...pii(result, summary),
    ...judge(summary),
    ...slosAndAlarms(summary, health),
    ...countInvariant(result),
  ];
  if (htmlPath) lines.push("", `HTML report: ${htmlPath}`);
  return lines.join("\n");
}
