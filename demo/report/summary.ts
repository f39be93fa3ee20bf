/**
 * The run's findings, computed from what the pipeline itself produced: the metric store (the
 * gateway's EMF and the publisher's PutMetricData, i.e. what CloudWatch would hold), the score
 * items in DynamoDB, the dead letters in SQS and the functions' log lines. The text report and the
 * HTML report both print this.
 */
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
  /** Whether the request type has a quality SLO of its own (listed in the environment's thresholds). */
  readonly hasSlo: boolean;
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

export function summarize(result: DemoResult): Summary {
  const { platform, metrics } = result;
  const input = platform.dashboardInput;
  const env = platform.environment;
  const endpoint = {
    [DIMENSIONS.modelName]: input.model.name,
    [DIMENSIONS.endpointName]: input.model.endpointName,
    [DIMENSIONS.instanceType]: input.model.instanceType,
  };
  const range = { from: result.startedAt - 60_000, to: result.finishedAt + 60_000 };
  const over = (metric: { namespace: string; name: string }, dimensions: Record<string, string>, stat: string): number | undefined =>
    statistic(pointsIn(metrics.find(metric.namespace, metric.name, dimensions), range.from, range.to), stat);

  // Outcomes as the gateway logged them (EMF `status` property), once per request: a request with
  // more than 100 values of a metric (ITL gaps) is logged as several EMF documents.
  const emf = result.gatewayLogs.filter((doc) => "_aws" in doc);
  const statusByRequest = new Map<string, string>();
  for (const doc of emf) if (typeof doc.status === "string") statusByRequest.set(String(doc.requestId ?? statusByRequest.size), doc.status);
  const outcomes = count([...statusByRequest.values()], (status) => status);
  const emfDocumentsPerRequest = emf.length / Math.max(1, statusByRequest.size);
  const trafficSeconds = (result.trafficEndedAt - result.startedAt) / 1000;

  // TTFT and ITL per model and request type, from the series CloudWatch would hold.
  const latency: LatencyRow[] = env.gateway.requestTypes.map((requestType) => {
    const dims = { ...endpoint, [DIMENSIONS.requestType]: requestType };
    const stat = (metric: { namespace: string; name: string }) => Object.fromEntries(PERCENTILES.map((p) => [p, over(metric, dims, p)]));
    return {
      model: input.model.name,
      requestType,
      requests: over(GATEWAY_METRICS.requests, dims, "Sum") ?? 0,
      ttft: stat(GATEWAY_METRICS.ttft),
      itl: stat(GATEWAY_METRICS.itl),
      tokensPerSecondP50: over(GATEWAY_METRICS.tokensPerSecond, dims, "p50"),
    };
  });
  latency.push({
    model: input.model.name,
    requestType: "(all)",
    requests: over(GATEWAY_METRICS.requests, endpoint, "Sum") ?? 0,
    ttft: Object.fromEntries(PERCENTILES.map((p) => [p, over(GATEWAY_METRICS.ttft, endpoint, p)])),
    itl: Object.fromEntries(PERCENTILES.map((p) => [p, over(GATEWAY_METRICS.itl, endpoint, p)])),
    tokensPerSecondP50: over(GATEWAY_METRICS.tokensPerSecond, endpoint, "p50"),
  });

  // Cost per token the dashboard's way: the endpoint's hourly cost over its measured throughput.
  const perHourUsd = endpointCostPerHourUsd(input);
  const completionTokens = over(GATEWAY_METRICS.completionTokens, endpoint, "Sum") ?? 0;
  const requestsTotal = over(GATEWAY_METRICS.requests, endpoint, "Sum") ?? 0;
  const requestsPerSecond = requestsTotal / trafficSeconds;
  const completionTokensPerSecond = completionTokens / trafficSeconds;

  // Prefix cache: the endpoint-level metric, and per use case / hit or miss from the EMF lines.
  const withCache = emf.filter((doc) => typeof doc.cache_hit_rate === "number" && doc.request_type !== undefined);
  const byUseCase: Record<string, number> = {};
  for (const [useCase, docs] of Object.entries(groupBy(withCache, (doc) => String(doc.use_case))))
    byUseCase[useCase] = mean(docs.map((d) => Number(d.cache_hit_rate))) ?? 0;
  const ttftOf = (docs: readonly Record<string, unknown>[]) =>
    percentile(
      docs.filter((d) => typeof d.ttft_ms === "number").map((d) => Number(d.ttft_ms)),
      50,
    );

  // Quality per request type and stratum, from the score items.
  const thresholds = env.alerting.qualityThresholds;
  const thresholdOf = (requestType: string): number => thresholds[requestType] ?? env.alerting.defaultQualityThreshold;
  const scores = result.scores;
  const cell = (items: readonly Record<string, unknown>[], threshold: number): QualityCell => {
    const values = items.map((s) => Number(s.qualityScore));
    const m = mean(values);
    return {
      evaluated: values.length,
      ...(m !== undefined ? { meanScore: m, meetingThreshold: values.filter((v) => v >= threshold).length / values.length } : {}),
    };
  };
  const quality: QualityRow[] = env.gateway.requestTypes.map((requestType) => {
    const items = scores.filter((s) => s.requestType === requestType);
    const threshold = thresholdOf(requestType);
    return {
      requestType,
      threshold,
      hasSlo: requestType in thresholds,
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

  const maskedByType: Record<string, number> = {};
  let recordsWithPii = 0;
  for (const s of scores) {
    const entities = (s.maskedEntities ?? {}) as Record<string, number>;
    if (Object.keys(entities).length > 0) recordsWithPii += 1;
    for (const [type, n] of Object.entries(entities)) maskedByType[type] = (maskedByType[type] ?? 0) + Number(n);
  }

  const inputTokens = scores.map((s) => Number(s.judgeInputTokens ?? 0));
  const outputTokens = scores.map((s) => Number(s.judgeOutputTokens ?? 0));
  const judgeCost = scores.reduce((n, s) => n + Number(s.judgeCostUsd ?? 0), 0);
  const evaluatorEnv = platform.functions.evaluator.environment;

  // SLOs: the burn-rate alarms the stack defines, evaluated on the run's data.
  const alarms = evaluateAlarms(metrics, platform.metricAlarms, platform.compositeAlarms, { from: result.startedAt - 1, to: result.finishedAt + 1 });
  const slos: SloRow[] = input.slos.map((slo) => {
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

  return {
    environmentId: env.id,
    model: input.model.name,
    endpointName: input.model.endpointName,
    instanceType: input.model.instanceType,
    instanceCount: input.model.instanceCount,
    trafficSeconds,
    totalSeconds: (result.finishedAt - result.startedAt) / 1000,
    outcomes,
    emfDocumentsPerRequest,
    httpStatuses: count(result.clients, (c) => String(c.statusCode)),
    guardrailFlagged: over(GATEWAY_METRICS.guardrailTriggered, endpoint, "Sum") ?? 0,
    kinds: count(result.clients, (c) => c.planned.kind),
    latency,
    cost: {
      perHourUsd,
      requestsPerSecond,
      completionTokensPerSecond,
      perRequestUsd: requestsPerSecond > 0 ? perHourUsd / (requestsPerSecond * 3600) : 0,
      per1kTokensUsd: completionTokensPerSecond > 0 ? (1000 * perHourUsd) / (completionTokensPerSecond * 3600) : 0,
    },
    cache: {
      ...(over(GATEWAY_METRICS.cacheHitRate, endpoint, "Average") !== undefined
        ? { hitRatePercent: over(GATEWAY_METRICS.cacheHitRate, endpoint, "Average")! }
        : {}),
      byUseCase,
      ...(ttftOf(withCache.filter((d) => Number(d.cache_hit_rate) > 0)) !== undefined
        ? { ttftP50Hit: ttftOf(withCache.filter((d) => Number(d.cache_hit_rate) > 0))! }
        : {}),
      ...(ttftOf(withCache.filter((d) => Number(d.cache_hit_rate) === 0)) !== undefined
        ? { ttftP50Miss: ttftOf(withCache.filter((d) => Number(d.cache_hit_rate) === 0))! }
        : {}),
    },
    quality,
    pii: { maskedByType, plantedValues: result.plantedPii, leakedToJudge: result.piiLeaks, recordsWithPii },
    judge: {
      evaluations: scores.length,
      calls: result.judge.calls,
      throttled: result.judge.throttles,
      meanInputTokens: mean(inputTokens) ?? 0,
      meanOutputTokens: mean(outputTokens) ?? 0,
      costPer1kEvaluationsUsd: scores.length > 0 ? (1000 * judgeCost) / scores.length : 0,
      totalCostUsd: judgeCost,
      modelId: String(evaluatorEnv.JUDGE_MODEL_ID),
      inputPricePer1k: Number(evaluatorEnv.JUDGE_INPUT_PRICE_PER_1K),
      outputPricePer1k: Number(evaluatorEnv.JUDGE_OUTPUT_PRICE_PER_1K),
    },
    slos,
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
