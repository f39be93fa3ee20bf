/**
 * The run's findings, computed from what the pipeline itself produced: the metric store (the
 * gateway's EMF and the publisher's PutMetricData, i.e. what CloudWatch would hold), the score
 * items in DynamoDB, the dead letters in SQS and the functions' log lines. The text report and the
 * HTML report both print this.
 */
import { EVALUATOR_ENV, EVALUATOR_VARIABLES } from "../../contracts/evaluator-environment";
import { endpointCostPerHourUsd } from "../../dashboards";
import { DIMENSIONS, GATEWAY_METRICS } from "../../contracts/metric-catalogue";
import { pointsIn, statistic } from "../../testing/aws/metric-store";
import type { DemoResult } from "../run";
import { type AlarmVerdict, evaluateAlarms } from "./alarms";
import { evaluate } from "../../testing/cloudwatch/metric-math";

export interface LatencyRow {
  readonly model: string;
  readonly requestType: string;
  readonly requests: number;
  readonly ttft: { readonly p50?: number; readonly p95?: number; readonly p99?: number };
  readonly itl: { readonly p50?: number; readonly p95?: number; readonly p99?: number };
  readonly tokensPerSecondP50?: number;
}

export interface QualityCell {
  readonly evaluated: number;
  readonly meanScore?: number;
  /** Share of evaluations at or above the request type's threshold. */
  readonly meetingThreshold?: number;
}

export interface QualityRow {
  readonly requestType: string;
  readonly threshold: number;
  /** The request type's quality SLO in the stack (`quality-<request-type>`), when it has one. */
  readonly slo?: string;
  /** What the SLO reads: the random stratum, a simple random sample of ordinary answers. */
  readonly sloStratum: QualityCell;
  readonly all: QualityCell;
  readonly byStratum: Readonly<Record<string, QualityCell>>;
  readonly undueRefusals: number;
}

export interface SloRow {
  readonly slo: string;
  readonly objective: number;
  readonly burnRate?: number;
  readonly good?: number;
  readonly total?: number;
  readonly windows: readonly {
    readonly severity: string;
    readonly long: string;
    readonly short: string;
    readonly factor: number;
    readonly now: boolean;
    readonly sustained: boolean;
  }[];
}

export interface Summary {
  readonly environmentId: string;
  readonly model: string;
  readonly endpointName: string;
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly trafficSeconds: number;
  readonly totalSeconds: number;
  readonly outcomes: Readonly<Record<string, number>>;
  /** EMF documents per request: above 1 when long answers spill ITL values into further documents. */
  readonly emfDocumentsPerRequest: number;
  readonly httpStatuses: Readonly<Record<string, number>>;
  readonly guardrailFlagged: number;
  readonly kinds: Readonly<Record<string, number>>;
  readonly latency: readonly LatencyRow[];
  readonly cost: {
    readonly perHourUsd: number;
    readonly requestsPerSecond: number;
    readonly completionTokensPerSecond: number;
    readonly perRequestUsd: number;
    readonly per1kTokensUsd: number;
  };
  readonly cache: {
    readonly hitRatePercent?: number;
    readonly byUseCase: Readonly<Record<string, number>>;
    readonly ttftP50Hit?: number;
    readonly ttftP50Miss?: number;
  };
  readonly quality: readonly QualityRow[];
  readonly pii: {
    readonly maskedByType: Readonly<Record<string, number>>;
    readonly plantedValues: number;
    readonly leakedToJudge: readonly string[];
    readonly recordsWithPii: number;
  };
  readonly judge: {
    readonly evaluations: number;
    readonly calls: number;
    readonly throttled: number;
    readonly meanInputTokens: number;
    readonly meanOutputTokens: number;
    readonly costPer1kEvaluationsUsd: number;
    readonly totalCostUsd: number;
    readonly modelId: string;
    readonly inputPricePer1k: number;
    readonly outputPricePer1k: number;
  };
  readonly slos: readonly SloRow[];
  readonly alarms: readonly AlarmVerdict[];
}

const PERCENTILES = ["p50", "p95", "p99"] as const;

function count<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length;
}

function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** What every section reads: the run, the endpoint's dimensions, and a statistic over the run's metrics. */
interface Reading {
  readonly result: DemoResult;
  readonly endpoint: Readonly<Record<string, string>>;
  readonly over: (metric: { namespace: string; name: string }, dimensions: Record<string, string>, stat: string) => number | undefined;
  readonly trafficSeconds: number;
  /** The gateway's EMF documents. */
  readonly emf: readonly Record<string, unknown>[];
}

function reading(result: DemoResult): Reading {
  const input = result.stack.dashboardInput;
  const range = { from: result.startedAt - 60_000, to: result.finishedAt + 60_000 };
  return {
    result,
    endpoint: {
      [DIMENSIONS.modelName]: input.model.name,
      [DIMENSIONS.endpointName]: input.model.endpointName,
      [DIMENSIONS.instanceType]: input.model.instanceType,
    },
    over: (metric, dimensions, stat) => statistic(pointsIn(result.metrics.find(metric.namespace, metric.name, dimensions), range.from, range.to), stat),
    trafficSeconds: (result.trafficEndedAt - result.startedAt) / 1000,
    emf: result.gatewayLogs.filter((doc) => "_aws" in doc),
  };
}

/** TTFT and ITL per model and request type, and over all, from the series CloudWatch would hold. */
function latencyRows({ result, endpoint, over }: Reading): LatencyRow[] {
  const model = result.stack.dashboardInput.model.name;
  const row = (requestType: string, dims: Record<string, string>): LatencyRow => {
    const stat = (metric: { namespace: string; name: string }) => Object.fromEntries(PERCENTILES.map((p) => [p, over(metric, dims, p)]));
    return {
      model,
      requestType,
      requests: over(GATEWAY_METRICS.requests, dims, "Sum") ?? 0,
      ttft: stat(GATEWAY_METRICS.ttft),
      itl: stat(GATEWAY_METRICS.itl),
      tokensPerSecondP50: over(GATEWAY_METRICS.tokensPerSecond, dims, "p50"),
    };
  };
  const rows = result.stack.environment.gateway.requestTypes.map((requestType) => row(requestType, { ...endpoint, [DIMENSIONS.requestType]: requestType }));
  return [...rows, row("(all)", { ...endpoint })];
}

/** Cost per token the dashboard's way: the endpoint's hourly cost over its measured throughput. */
function costFigures({ result, endpoint, over, trafficSeconds }: Reading): Summary["cost"] {
  const perHourUsd = endpointCostPerHourUsd(result.stack.dashboardInput);
  const requestsPerSecond = (over(GATEWAY_METRICS.requests, endpoint, "Sum") ?? 0) / trafficSeconds;
  const completionTokensPerSecond = (over(GATEWAY_METRICS.completionTokens, endpoint, "Sum") ?? 0) / trafficSeconds;
  return {
    perHourUsd,
    requestsPerSecond,
    completionTokensPerSecond,
    perRequestUsd: requestsPerSecond > 0 ? perHourUsd / (requestsPerSecond * 3600) : 0,
    per1kTokensUsd: completionTokensPerSecond > 0 ? (1000 * perHourUsd) / (completionTokensPerSecond * 3600) : 0,
  };
}

/** Prefix cache: the endpoint-level metric, and per use case / hit or miss from the EMF lines. */
function cacheFigures({ endpoint, over, emf }: Reading): Summary["cache"] {
  const withCache = emf.filter((doc) => typeof doc.cache_hit_rate === "number" && doc.request_type !== undefined);
  const byUseCase: Record<string, number> = {};
  for (const [useCase, docs] of Object.entries(groupBy(withCache, (doc) => String(doc.use_case))))
    byUseCase[useCase] = mean(docs.map((d) => Number(d.cache_hit_rate))) ?? 0;
  const ttftP50 = (docs: readonly Record<string, unknown>[]) =>
    percentile(
      docs.filter((d) => typeof d.ttft_ms === "number").map((d) => Number(d.ttft_ms)),
      50,
    );
  const hitRatePercent = over(GATEWAY_METRICS.cacheHitRate, endpoint, "Average");
  const ttftP50Hit = ttftP50(withCache.filter((d) => Number(d.cache_hit_rate) > 0));
  const ttftP50Miss = ttftP50(withCache.filter((d) => Number(d.cache_hit_rate) === 0));
  return {
    ...(hitRatePercent !== undefined ? { hitRatePercent } : {}),
    byUseCase,
    ...(ttftP50Hit !== undefined ? { ttftP50Hit } : {}),
    ...(ttftP50Miss !== undefined ? { ttftP50Miss } : {}),
  };
}

/** Quality per request type and stratum, from the score items. */
function qualityRows(result: DemoResult): QualityRow[] {
  const env = result.stack.environment;
  const thresholds = env.alerting.qualityThresholds;
  const cell = (items: readonly Record<string, unknown>[], threshold: number): QualityCell => {
    const values = items.map((s) => Number(s.qualityScore));
    const m = mean(values);
    return {
      evaluated: values.length,
      ...(m !== undefined ? { meanScore: m, meetingThreshold: values.filter((v) => v >= threshold).length / values.length } : {}),
    };
  };
  const sloNames = new Set(result.stack.dashboardInput.slos.map((slo) => slo.name));
  return env.gateway.requestTypes.map((requestType) => {
    const items = result.scores.filter((s) => s.requestType === requestType);
    const threshold = thresholds[requestType] ?? env.alerting.defaultQualityThreshold;
    // The SLOs the stack built, not the thresholds listed: every accepted request type gets one.
    const slo = `quality-${requestType.replace(/_/g, "-")}`;
    return {
      requestType,
      threshold,
      ...(sloNames.has(slo) ? { slo } : {}),
      sloStratum: cell(
        items.filter((s) => s.stratum === "random"),
        threshold,
      ),
      all: cell(items, threshold),
      byStratum: Object.fromEntries(
        ["guardrail_flagged", "low_confidence", "random"].map((stratum) => [
          stratum,
          cell(
            items.filter((s) => s.stratum === stratum),
            threshold,
          ),
        ]),
      ),
      undueRefusals: items.filter((s) => s.undueRefusal === true).length,
    };
  });
}

/** PII masked before judging, by entity type, and any planted value that reached the judge. */
function piiFigures(result: DemoResult): Summary["pii"] {
  const maskedByType: Record<string, number> = {};
  let recordsWithPii = 0;
  for (const s of result.scores) {
    const entities = (s.maskedEntities ?? {}) as Record<string, number>;
    if (Object.keys(entities).length > 0) recordsWithPii += 1;
    for (const [type, n] of Object.entries(entities)) maskedByType[type] = (maskedByType[type] ?? 0) + Number(n);
  }
  return { maskedByType, plantedValues: result.plantedPii, leakedToJudge: result.piiLeaks, recordsWithPii };
}

/** The judge's tokens and cost per evaluation, from its reported usage on the score items. */
function judgeFigures(result: DemoResult): Summary["judge"] {
  const scores = result.scores;
  const judgeCost = scores.reduce((n, s) => n + Number(s.judgeCostUsd ?? 0), 0);
  const evaluatorEnv = result.stack.functions.evaluator.environment;
  return {
    evaluations: scores.length,
    calls: result.judge.calls,
    throttled: result.judge.throttles,
    meanInputTokens: mean(scores.map((s) => Number(s.judgeInputTokens ?? 0))) ?? 0,
    meanOutputTokens: mean(scores.map((s) => Number(s.judgeOutputTokens ?? 0))) ?? 0,
    costPer1kEvaluationsUsd: scores.length > 0 ? (1000 * judgeCost) / scores.length : 0,
    totalCostUsd: judgeCost,
    modelId: String(evaluatorEnv[EVALUATOR_ENV.judgeModelId]),
    inputPricePer1k: Number(evaluatorEnv[EVALUATOR_VARIABLES.judgeInputPricePer1k.name]),
    outputPricePer1k: Number(evaluatorEnv[EVALUATOR_VARIABLES.judgeOutputPricePer1k.name]),
  };
}

/** SLOs: each one's burn rate over the run, and its burn-rate alarm pairs as the engine evaluated them. */
function sloRows({ result, over }: Reading, alarms: readonly AlarmVerdict[]): SloRow[] {
  return result.stack.dashboardInput.slos.map((slo) => {
    const sliAt = (expression: string): number | undefined => {
      const values = new Map(slo.sli.queries.map((q) => [q.id, over(q.metric, q.dimensions as Record<string, string>, q.stat)]));
      // good/total are small expressions over the query ids: evaluate them with the same metric math.
      try {
        const operand = evaluate(expression, (id) => ({ kind: "series", values: [values.get(id)], periodSeconds: 60 }));
        return operand.kind === "scalar" ? operand.value : operand.values[0];
      } catch {
        return undefined;
      }
    };
    const good = sliAt(slo.sli.good);
    const total = sliAt(slo.sli.total);
    const burnRate = good !== undefined && total !== undefined && total > 0 ? (1 - good / total) / (1 - slo.objective) : undefined;
    // Alarm names end `-slo-<slo>-<severity>-<long>-<long|short>-<window>` (alerting/burn-rate-alarms.ts).
    const alarmFor = (severity: string, longSeconds: number, seconds: number, which: "long" | "short") =>
      alarms.find((a) => a.kind === "metric" && a.name.endsWith(`-slo-${slo.name}-${severity}-${formatWindow(longSeconds)}-${which}-${formatWindow(seconds)}`));
    return {
      slo: slo.name,
      objective: slo.objective,
      ...(burnRate !== undefined ? { burnRate } : {}),
      ...(good !== undefined ? { good } : {}),
      ...(total !== undefined ? { total } : {}),
      windows: slo.windows.map((w) => {
        const long = alarmFor(w.severity, w.longWindowSeconds, w.longWindowSeconds, "long");
        const short = alarmFor(w.severity, w.longWindowSeconds, w.shortWindowSeconds, "short");
        return {
          severity: w.severity,
          long: formatWindow(w.longWindowSeconds),
          short: formatWindow(w.shortWindowSeconds),
          factor: w.factor,
          now: long?.now === "ALARM" && short?.now === "ALARM",
          sustained: long?.sustained === "ALARM" && short?.sustained === "ALARM",
        };
      }),
    };
  });
}

export function summarize(result: DemoResult): Summary {
  const { stack } = result;
  const input = stack.dashboardInput;
  const read = reading(result);
  // Outcomes as the gateway logged them (EMF `status` property), once per request: a request with
  // more than 100 values of a metric (ITL gaps) is logged as several EMF documents.
  const statusByRequest = new Map<string, string>();
  for (const doc of read.emf) if (typeof doc.status === "string") statusByRequest.set(String(doc.requestId ?? statusByRequest.size), doc.status);
  const alarms = evaluateAlarms(result.metrics, stack.metricAlarms, stack.compositeAlarms, { from: result.startedAt - 1, to: result.finishedAt + 1 });
  return {
    environmentId: stack.environment.id,
    model: input.model.name,
    endpointName: input.model.endpointName,
    instanceType: input.model.instanceType,
    instanceCount: input.model.instanceCount,
    trafficSeconds: read.trafficSeconds,
    totalSeconds: (result.finishedAt - result.startedAt) / 1000,
    outcomes: count([...statusByRequest.values()], (status) => status),
    emfDocumentsPerRequest: read.emf.length / Math.max(1, statusByRequest.size),
    httpStatuses: count(result.clients, (c) => String(c.statusCode)),
    guardrailFlagged: read.over(GATEWAY_METRICS.guardrailTriggered, read.endpoint, "Sum") ?? 0,
    kinds: count(result.clients, (c) => c.planned.kind),
    latency: latencyRows(read),
    cost: costFigures(read),
    cache: cacheFigures(read),
    quality: qualityRows(result),
    pii: piiFigures(result),
    judge: judgeFigures(result),
    slos: sloRows(read, alarms),
    alarms,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const item of items) {
    const k = key(item);
    out[k] = [...(out[k] ?? []), item];
  }
  return out;
}

/** `3600` -> `1h`, `300` -> `5m`, `86400` -> `1d`: how the alarm names spell windows. */
export function formatWindow(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600}h`;
  return `${Math.round(seconds / 60)}m`;
}
