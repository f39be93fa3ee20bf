/**
 * Token economics: what each token costs. Latency per token (TTFT, ITL), throughput, token volume,
 * cost per request and per 1,000 generated tokens from the environment's price, cache efficiency,
 * and the same by use case for chargeback (Logs Insights over the gateway's log lines: `use_case`
 * is a log field, not a metric dimension).
 */
import { DIMENSIONS, GATEWAY_LOG_FIELDS as F, GATEWAY_METRICS as G, NAMESPACES } from "../../contracts/metric-catalogue";
import { dimLabel } from "../dimensions";
import { barGaugePanel, lineAt, statPanel, tablePanel, thresholds, timeseriesPanel, unitOf, UNITS, type AnyPanel } from "../panels";
import { labelledQueries, logsQuery, mathQuery, metricQuery, VARIABLES } from "../queries";
import { type RowPanel, rowPanels } from "../row-panel";
import type { UnifiedDashboardInput } from "../types";
import * as cloudwatch from "@grafana/grafana-foundation-sdk/cloudwatch";

/** The source article's prefix-cache bar: below it with repetitive prompts, revisit context construction. */
export const CACHE_HIT_RATE_TARGET_PERCENT = 40;

const num = (value: number): string => String(Number(value.toPrecision(8)));

/** What the endpoint costs per hour: the instance price times the instances it runs. */
export function endpointCostPerHourUsd(input: UnifiedDashboardInput): number {
  return input.model.hourlyPriceUsd * input.model.instanceCount;
}

/**
 * The source article's FAQ: cost per generated token = (cost/hour) / (tokens/s x 3600), with tokens/s the
 * endpoint's generation throughput (completion tokens per period over the period's seconds). Per
 * 1,000 tokens, as metric math over the query id `completion` (Sum of completion tokens).
 */
export function costPer1kTokensExpression(input: UnifiedDashboardInput, completionSumId = "completion"): string {
  return `1000 * ${num(endpointCostPerHourUsd(input))} / ((${completionSumId} / PERIOD(${completionSumId})) * 3600)`;
}

/** Cost per request = (cost/hour) / (requests/hour), over the query id `requests` (Sum of RequestCount). */
export function costPerRequestExpression(input: UnifiedDashboardInput, requestSumId = "requests"): string {
  return `${num(endpointCostPerHourUsd(input))} / ((${requestSumId} / PERIOD(${requestSumId})) * 3600)`;
}

/** A request's share of the instance hour: it holds one of the instance's decode slots (the rolling batch) for its duration. */
export function costPerRequestMillisecondUsd(input: UnifiedDashboardInput): number {
  return input.model.hourlyPriceUsd / 3_600_000 / input.model.decodeConcurrencyPerInstance;
}

/** The TTFT SLO's line: P95 under the threshold. */
const ttftLine = (input: UnifiedDashboardInput) => lineAt({ value: input.ttftThresholdMs, color: "red" });

/** Logs Insights filter on the use-case template variable. */
const USE_CASE_FILTER = `filter ispresent(${F.useCase}) and ${F.useCase} =~ /^\${${VARIABLES.useCase}:regex}$/`;

const ttftPercentiles: RowPanel = (input, d) =>
  timeseriesPanel({
    title: "TTFT P50, P95 and P99",
    description: `${G.ttft.description}. The line is the TTFT SLO: P95 under ${input.ttftThresholdMs} ms.`,
    unit: unitOf(G.ttft),
    targets: ["p50", "p95", "p99"].map((p) => metricQuery(G.ttft, d.endpoint, p, { id: `ttft_${p}`, label: p.toUpperCase() })),
    thresholds: ttftLine(input),
  });

const ttftByRequestType: RowPanel = (input, d) =>
  timeseriesPanel({
    title: "TTFT P95 by request_type",
    description: "The same SLO line, per request type: one slow category is not averaged away.",
    unit: unitOf(G.ttft),
    targets: [metricQuery(G.ttft, d.endpointByRequestType, "p95", { id: "ttft_by_type", label: dimLabel(DIMENSIONS.requestType) })],
    thresholds: ttftLine(input),
  });

const ttftAttainment: RowPanel = (input, d) =>
  statPanel({
    title: `TTFT SLO attainment (<= ${input.ttftThresholdMs} ms)`,
    description: `Share of requests whose first token came within ${input.ttftThresholdMs} ms (percentile rank PR(:${input.ttftThresholdMs})), over the dashboard's range.`,
    unit: UNITS.percent,
    targets: [metricQuery(G.ttft, d.endpoint, `PR(:${input.ttftThresholdMs})`, { id: "ttft_attainment", label: "attainment" })],
    thresholds: thresholds([
      { value: null, color: "red" },
      { value: attainmentBar(input, "ttft"), color: "green" },
    ]),
    reducer: "mean",
    min: 0,
    max: 100,
    width: 8,
  });

const itlDistribution: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "ITL distribution",
    description: `${G.itl.description}: P10 to P99 and the maximum. A wide spread means GPU contention.`,
    unit: unitOf(G.itl),
    targets: ["p10", "p50", "p90", "p99", "Maximum"].map((s) =>
      metricQuery(G.itl, d.endpoint, s, { id: `itl_${s.toLowerCase()}`, label: s === "Maximum" ? "max" : s.toUpperCase() }),
    ),
  });

const tokensPerSecond: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Tokens per second",
    description: `${G.tokensPerSecond.description} (per request, P50 and P10), and the endpoint's generation throughput: completion tokens per period over the period's seconds.`,
    unit: UNITS.tokensPerSecond,
    targets: [
      ...labelledQueries(d.endpoint, [
        [G.tokensPerSecond, "p50", "tps_p50", "per request P50"],
        [G.tokensPerSecond, "p10", "tps_p10", "per request P10"],
      ]),
      metricQuery(G.completionTokens, d.endpoint, "Sum", { id: "throughput_tokens", hide: true }),
      mathQuery("throughput", "throughput_tokens / PERIOD(throughput_tokens)", "endpoint throughput"),
    ],
  });

const tokenVolume: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Prompt and completion tokens",
    description: "Tokens per period. A jump in prompt tokens without more requests is a prompt-injection signal.",
    unit: UNITS.count,
    targets: labelledQueries(d.endpoint, [
      [G.promptTokens, "Sum", "prompt_sum", "prompt"],
      [G.completionTokens, "Sum", "completion_sum", "completion"],
    ]),
  });

const lengthPerRequest: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Prompt and generation length per request",
    description: "P50 and P99 of prompt and completion tokens per request (the length distributions).",
    unit: UNITS.count,
    targets: labelledQueries(d.endpoint, [
      [G.promptTokens, "p50", "prompt_p50", "prompt P50"],
      [G.promptTokens, "p99", "prompt_p99", "prompt P99"],
      [G.completionTokens, "p50", "completion_p50", "completion P50"],
      [G.completionTokens, "p99", "completion_p99", "completion P99"],
    ]),
  });

const requestsPerSecond: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Requests per second",
    description: `${G.requests.description}, per second.`,
    unit: "reqps",
    targets: [
      metricQuery(G.requests, d.endpoint, "Sum", { id: "rate_requests", hide: true }),
      mathQuery("request_rate", "rate_requests / PERIOD(rate_requests)", "requests/s"),
    ],
  });

const costPerRequestAndToken: RowPanel = (input, d) =>
  timeseriesPanel({
    title: "Cost per request and per 1,000 generated tokens",
    description:
      `From the environment's price: ${num(input.model.hourlyPriceUsd)} USD per instance-hour x ${input.model.instanceCount} instance(s) = ${num(endpointCostPerHourUsd(input))} USD/hour. ` +
      "Cost per 1,000 tokens = 1000 x cost/hour / (tokens/s x 3600); cost per request = cost/hour / requests per hour. Idle capacity is charged to the traffic there is.",
    unit: UNITS.usd,
    targets: [
      metricQuery(G.requests, d.endpoint, "Sum", { id: "requests", hide: true }),
      metricQuery(G.completionTokens, d.endpoint, "Sum", { id: "completion", hide: true }),
      mathQuery("cost_per_request", costPerRequestExpression(input), "per request"),
      mathQuery("cost_per_1k_tokens", costPer1kTokensExpression(input), "per 1,000 generated tokens"),
    ],
  });

const endpointCostInRange: RowPanel = (input, d) => {
  const perHour = endpointCostPerHourUsd(input);
  return statPanel({
    title: "Endpoint cost in range",
    description: `Instance-hours in the dashboard's range at ${num(perHour)} USD/hour (total cost).`,
    unit: UNITS.usd,
    targets: [
      metricQuery(G.requests, d.endpoint, "Sum", { id: "cost_requests", hide: true, period: 3600 }),
      mathQuery("cost_total", `FILL(cost_requests, 0) * 0 + ${num(perHour)} * PERIOD(cost_requests) / 3600`, "cost", { period: 3600 }),
    ],
    reducer: "sum",
    width: 4,
  });
};

const averageCostPer1kTokens: RowPanel = (input, d) =>
  statPanel({
    title: "Average cost per 1,000 tokens",
    description: "The mean of the cost per 1,000 generated tokens over the range.",
    unit: UNITS.usd,
    targets: [
      metricQuery(G.completionTokens, d.endpoint, "Sum", { id: "completion", hide: true }),
      mathQuery("avg_cost_per_1k", costPer1kTokensExpression(input), "per 1,000 tokens"),
    ],
    reducer: "mean",
    width: 4,
  });

const cacheHitRate: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Cache hit rate",
    description: `${G.cacheHitRate.description}. Below ${CACHE_HIT_RATE_TARGET_PERCENT} % with repetitive prompts, revisit how the context is built (fixed prefix first).`,
    unit: unitOf(G.cacheHitRate),
    targets: [metricQuery(G.cacheHitRate, d.endpoint, "Average", { id: "cache_hit", label: "hit rate" })],
    thresholds: lineAt({ value: CACHE_HIT_RATE_TARGET_PERCENT, color: "orange" }),
    min: 0,
    max: 100,
  });

const requestOutcomes: RowPanel = (input) =>
  barGaugePanel({
    title: "Request outcomes",
    description: `How requests ended (${F.status} of the gateway's log lines: ok, throttled, model error, timeout, broken stream, blocked by the guardrail).`,
    unit: UNITS.count,
    targets: [
      logsQuery(
        "outcomes",
        [input.gatewayLogGroup],
        [`fields ${F.status}`, `| filter ispresent(${F.status})`, `| ${USE_CASE_FILTER}`, `| stats count(*) as requests by ${F.status}`].join("\n"),
      ),
    ],
    width: 8,
  });

const topModels: RowPanel = () =>
  barGaugePanel({
    title: "Top models by requests",
    description: "Requests per model in this account and region (CloudWatch Metrics Insights).",
    unit: UNITS.count,
    targets: [
      new cloudwatch.MetricsQueryBuilder()
        .queryMode(cloudwatch.QueryMode.Metrics)
        .metricQueryType(cloudwatch.MetricQueryType.Insights)
        .metricEditorMode(cloudwatch.MetricEditorMode.Code)
        .id("top_models")
        .refId("top_models")
        .region("default")
        .sqlExpression(
          `SELECT SUM(${G.requests.name}) FROM SCHEMA("${NAMESPACES.inference}", ${[DIMENSIONS.modelName, DIMENSIONS.endpointName, DIMENSIONS.instanceType].join(", ")}) GROUP BY ${DIMENSIONS.modelName} ORDER BY SUM() DESC LIMIT 10`,
        ),
    ],
  });

const costByUseCase: RowPanel = (input) =>
  tablePanel({
    title: "Tokens and estimated cost by use_case",
    description:
      `Chargeback: requests, tokens and the instance time each use case held (a request holds one of the ${input.model.decodeConcurrencyPerInstance} decode slots (rolling batch) of an instance for its duration; at ${num(input.model.hourlyPriceUsd)} USD/instance-hour). ` +
      "Lower bound: idle capacity is not attributed.",
    unit: UNITS.count,
    targets: [
      logsQuery(
        "by_use_case",
        [input.gatewayLogGroup],
        [
          `fields ${F.useCase}, ${G.promptTokens.name}, ${G.completionTokens.name}, ${G.totalLatency.name} * ${costPerRequestMillisecondUsd(input).toPrecision(6)} as request_cost_usd`,
          `| filter ispresent(${G.promptTokens.name})`,
          `| ${USE_CASE_FILTER}`,
          `| stats count(*) as requests, sum(${G.promptTokens.name}) as prompt_tokens, sum(${G.completionTokens.name}) as completion_tokens, sum(request_cost_usd) as est_cost_usd by ${F.useCase}`,
          "| sort est_cost_usd desc",
        ].join("\n"),
      ),
    ],
    width: 8,
  }).overrideByName("est_cost_usd", [{ id: "unit", value: UNITS.usd }]);

const completionTokensByUseCase: RowPanel = (input) =>
  timeseriesPanel({
    title: "Completion tokens by use_case",
    description: "Generated tokens per use case over time, from the gateway's log lines.",
    unit: UNITS.count,
    targets: [
      logsQuery(
        "tokens_by_use_case",
        [input.gatewayLogGroup],
        [
          `fields ${F.useCase}, ${G.completionTokens.name}`,
          `| filter ispresent(${G.completionTokens.name})`,
          `| ${USE_CASE_FILTER}`,
          `| stats sum(${G.completionTokens.name}) as completion_tokens by bin(5m), ${F.useCase}`,
        ].join("\n"),
      ).statsGroups([F.useCase]),
    ],
    width: 8,
  });

export function tokenEconomicsPanels(input: UnifiedDashboardInput): AnyPanel[] {
  return rowPanels(input, [
    ttftPercentiles,
    ttftByRequestType,
    ttftAttainment,
    itlDistribution,
    tokensPerSecond,
    tokenVolume,
    lengthPerRequest,
    requestsPerSecond,
    costPerRequestAndToken,
    endpointCostInRange,
    averageCostPer1kTokens,
    cacheHitRate,
    requestOutcomes,
    topModels,
    costByUseCase,
    completionTokensByUseCase,
  ]);
}

/** The objective of an SLO as a percentage, for attainment tiles. */
function attainmentBar(input: UnifiedDashboardInput, sloName: string): number {
  const slo = input.slos.find((s) => s.name === sloName);
  if (!slo) throw new Error(`the dashboard draws the ${sloName} SLO's attainment; input.slos has ${input.slos.map((s) => s.name).join(", ") || "none"}`);
  return Number((slo.objective * 100).toPrecision(6));
}
