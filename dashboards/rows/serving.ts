/**
 * Serving: the container's own view, from SageMaker AI's detailed serving metrics (PromQL, see
 * contracts/serving-metrics.ts): queue depth and running requests, KV-cache usage, server TTFT and
 * time per output token beside the client's, the prefix-cache hit rate (the source article's primary
 * efficiency KPI), per-AZ traffic, and the client's TTFT beside the server's queueing and prefill,
 * each series labelled with exactly what it measures.
 */
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { GATEWAY_METRICS } from "../../contracts/metric-catalogue";
import { CACHE_HIT_RATE_MIN_PERCENT, SERVING_LABELS, SERVING_QUERIES, type ServingSeriesKey, servingPromql } from "../../contracts/serving-metrics";
import type { DashboardDimensions } from "../dimensions";
import { lineAt, statPanel, timeseriesPanel, UNITS, type AnyPanel } from "../panels";
import { metricQuery, ref, VARIABLES } from "../queries";
import { type RowPanel, rowPanels } from "../row-panel";
import type { UnifiedDashboardInput } from "../types";

/** The data source type of CloudWatch's PromQL endpoint in Amazon Managed Grafana (modules/grafana creates it). */
export const PROMQL_DATA_SOURCE_TYPE = "grafana-amazonprometheus-datasource";

/**
 * A PromQL target whose refId is its query's key: the CloudWatch rendering reads the same series as
 * the metric the serving-metrics bridge republishes it as (BRIDGED_SERVING_METRICS).
 */
function promql(input: UnifiedDashboardInput, key: ServingSeriesKey, legend: string): prometheus.DataqueryBuilder {
  return new prometheus.DataqueryBuilder()
    .refId(key)
    .datasource({ type: PROMQL_DATA_SOURCE_TYPE, uid: input.promqlDataSourceUid })
    .expr(servingPromql(SERVING_QUERIES[key], ref(VARIABLES.endpoint)))
    .legendFormat(legend)
    .range();
}

/** The gateway's (client) TTFT of the endpoint at a statistic, as a series of the row's panels. */
const clientTtft = (d: DashboardDimensions, stat: string, id: string, label: string) => metricQuery(GATEWAY_METRICS.ttft, d.endpoint, stat, { id, label });

const queueDepthAndRunning: RowPanel = (input) =>
  timeseriesPanel({
    title: "Queue depth and running requests (server)",
    description:
      "Requests waiting for a decoding slot and requests decoding, summed over the endpoint's instances (vLLM's scheduler gauges). A queue that grows while running stays at the batch size is saturation.",
    unit: UNITS.count,
    targets: [promql(input, "queueDepth", "waiting"), promql(input, "running", "running")],
    width: 8,
  });

const kvCacheUsage: RowPanel = (input) =>
  timeseriesPanel({
    title: "KV-cache usage (server)",
    description: "Share of KV-cache blocks in use on the fullest instance. Near 100 % requests are preempted or queue.",
    unit: UNITS.percent,
    targets: [promql(input, "kvCacheUsage", "KV cache used")],
    thresholds: lineAt({ value: 90, color: "orange" }),
    min: 0,
    max: 100,
    width: 8,
  });

const prefixCacheHitRate: RowPanel = (input) => {
  const repeated = input.repeatedPrefixUseCases ?? [];
  return statPanel({
    title: "Prefix-cache hit rate (server)",
    description:
      `The source article's primary efficiency KPI: prefix-cache hits over queries (vLLM's counters, 5-minute rate). ` +
      (repeated.length > 0
        ? `Use cases declaring a repeated system prompt (${repeated.join(", ")}): below ${CACHE_HIT_RATE_MIN_PERCENT} % revisit how the context is built; the alarm watches it.`
        : "No use case declares a repeated system prompt, so no floor is drawn."),
    unit: UNITS.percent,
    targets: [promql(input, "prefixCacheHitRate", "hit rate")],
    ...(repeated.length > 0 ? { thresholds: lineAt({ value: CACHE_HIT_RATE_MIN_PERCENT, color: "red" }) } : {}),
    width: 8,
  });
};

const ttftServerBesideClient: RowPanel = (input, d) =>
  timeseriesPanel({
    title: "TTFT: server beside client (p95)",
    description:
      "The container's own time to first token beside the gateway's (client) TTFT: the gap is the network between the gateway function and the endpoint, SageMaker's routing and the LMI front-end.",
    unit: UNITS.ms,
    targets: [promql(input, "serverTtftP95", "server p95"), clientTtft(d, "p95", "client_ttft", "client p95")],
    width: 8,
  });

const timePerOutputToken: RowPanel = (input, d) =>
  timeseriesPanel({
    title: "Time per output token: server beside client (p95)",
    description: "The container's inter-token latency beside the gateway's ITL between streamed chunks.",
    unit: UNITS.ms,
    targets: [
      promql(input, "timePerOutputTokenP95", "server p95"),
      metricQuery(GATEWAY_METRICS.itl, d.endpoint, "p95", { id: "client_itl", label: "client p95" }),
    ],
    width: 8,
  });

const ttftSplit: RowPanel = (input, d) =>
  timeseriesPanel({
    title: "Client TTFT beside the server's queueing and prefill (p50)",
    description:
      "What each series measures. Client TTFT (the gateway's ttft_ms): from the gateway function's InvokeEndpointWithResponseStream call to the first streamed chunk; " +
      "the gateway's own work before the call (authorisation, guardrail pre-check, parsing) and API Gateway are not in it. " +
      "Server TTFT (vLLM): from the request's arrival at the engine to its first token, which is queueing plus prefill. " +
      "Queued (vLLM): time waiting for a decoding slot. Prefill (vLLM): time processing the prompt. " +
      "Client minus server TTFT is the network between the function and the endpoint, SageMaker's routing and the LMI front-end before vLLM. " +
      "These are medians of different distributions: they do not add exactly; read the proportions.",
    unit: UNITS.ms,
    targets: [
      clientTtft(d, "p50", "client_ttft_p50", "client TTFT p50 (gateway: invoke to first chunk)"),
      promql(input, "queueTimeP50", "queued p50 (vLLM: waiting for a slot)"),
      promql(input, "prefillTimeP50", "prefill p50 (vLLM: prompt processing)"),
      promql(input, "serverTtftP50", "server TTFT p50 (vLLM: arrival to first token)"),
    ],
    width: 16,
  });

const trafficPerZone: RowPanel = (input) =>
  timeseriesPanel({
    title: "Traffic per Availability Zone (server)",
    description: `Completed requests per second by the instance's zone (${SERVING_LABELS.availabilityZone}): an unbalanced endpoint shows here first.`,
    unit: "reqps",
    targets: [promql(input, "requestsByZone", `{{${SERVING_LABELS.availabilityZone}}}`)],
    width: 8,
  });

export function servingPanels(input: UnifiedDashboardInput): AnyPanel[] {
  return rowPanels(input, [queueDepthAndRunning, kvCacheUsage, prefixCacheHitRate, ttftServerBesideClient, timePerOutputToken, ttftSplit, trafficPerZone]);
}
