/**
 * The serving container's own metrics, as SageMaker AI's detailed observability publishes them
 * (`MetricsConfig.EnableDetailedObservability`, on by default for new endpoint configurations since
 * mid-2026): OpenTelemetry metrics in CloudWatch, queried with PromQL at
 * `https://monitoring.<region>.amazonaws.com` (SigV4), labelled with the endpoint and the
 * Availability Zone. Sources (docs/tracing.md, "Server-side serving metrics"):
 * - https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch-detailed-observability.html
 * - https://docs.aws.amazon.com/sagemaker/latest/dg/inference-monitoring.html (labels)
 * - https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-detailed-observability-promql.html
 * - vLLM's V1 metrics (https://github.com/vllm-project/vllm/blob/main/docs/design/metrics.md): the framework metrics SageMaker
 *   scrapes from the container keep vLLM's names.
 *
 * Each panel query is a structured `ServingQuery`, rendered to PromQL by `servingPromql`; the demo
 * evaluates the same structure on its simulated endpoint. The serving-metrics bridge evaluates every
 * one of them per endpoint each minute and republishes the result as the CloudWatch metric
 * `BRIDGED_SERVING_METRICS` names (namespace `LLMInference/Serving`): what alarms and the in-Region
 * CloudWatch dashboard read, since neither can query PromQL with hashicorp/aws 5.100.
 */
import { type MetricDefinition, SERVING_BRIDGE_METRICS } from "./metric-catalogue";

/** OpenTelemetry labels SageMaker puts on every detailed metric. */
export const SERVING_LABELS = {
  endpointName: "aws.sagemaker.endpoint.name",
  variantName: "aws.sagemaker.variant.name",
  availabilityZone: "@resource.cloud.availability_zone",
  instanceType: "@resource.host.type",
} as const;

/** vLLM's metric names (gauges, counters and histograms in seconds). */
export const SERVING_METRICS = {
  requestsWaiting: "vllm:num_requests_waiting",
  requestsRunning: "vllm:num_requests_running",
  kvCacheUsage: "vllm:kv_cache_usage_perc",
  prefixCacheQueries: "vllm:prefix_cache_queries",
  prefixCacheHits: "vllm:prefix_cache_hits",
  timeToFirstToken: "vllm:time_to_first_token_seconds",
  interTokenLatency: "vllm:inter_token_latency_seconds",
  queueTime: "vllm:request_queue_time_seconds",
  prefillTime: "vllm:request_prefill_time_seconds",
  requestSuccess: "vllm:request_success",
} as const;
export type ServingMetric = (typeof SERVING_METRICS)[keyof typeof SERVING_METRICS];

/** A query of the Serving row, in the shapes the row uses. */
export type ServingQuery =
  /** sum / max of a gauge over the endpoint's instances, times `scale`. */
  | { readonly kind: "gauge"; readonly metric: ServingMetric; readonly aggregate: "sum" | "max"; readonly scale?: number }
  /** A histogram's quantile over 5-minute rates, in milliseconds. */
  | { readonly kind: "quantile"; readonly metric: ServingMetric; readonly quantile: number }
  /** 100 x rate(numerator) / rate(denominator) over 5 minutes: a hit rate in percent. */
  | { readonly kind: "ratio"; readonly numerator: ServingMetric; readonly denominator: ServingMetric }
  /** Per-second rate of a counter over 5 minutes, one series per Availability Zone. */
  | { readonly kind: "rateByZone"; readonly metric: ServingMetric };

/** The rate window of every rate and quantile. */
export const SERVING_RATE_WINDOW = "5m";

/** The source article's floor for the prefix-cache hit rate with repetitive prompts. */
export const CACHE_HIT_RATE_MIN_PERCENT = 40;

const selector = (metric: string, endpoint: string, suffix = ""): string => `{"${metric}${suffix}", "${SERVING_LABELS.endpointName}"="${endpoint}"}`;

/** The PromQL of a query for one endpoint (a Grafana variable such as `$endpoint` works). */
export function servingPromql(query: ServingQuery, endpoint: string): string {
  switch (query.kind) {
    case "gauge": {
      const base = `${query.aggregate}(${selector(query.metric, endpoint)})`;
      return query.scale === undefined ? base : `${query.scale} * ${base}`;
    }
    case "quantile":
      return `1000 * histogram_quantile(${query.quantile}, sum by (le) (rate(${selector(query.metric, endpoint, "_bucket")}[${SERVING_RATE_WINDOW}])))`;
    case "ratio":
      return `100 * sum(rate(${selector(query.numerator, endpoint)}[${SERVING_RATE_WINDOW}])) / sum(rate(${selector(query.denominator, endpoint)}[${SERVING_RATE_WINDOW}]))`;
    case "rateByZone":
      return `sum by ("${SERVING_LABELS.availabilityZone}") (rate(${selector(query.metric, endpoint)}[${SERVING_RATE_WINDOW}]))`;
  }
}

/** The queries of the Serving row, by panel series. */
export const SERVING_QUERIES = {
  queueDepth: { kind: "gauge", metric: SERVING_METRICS.requestsWaiting, aggregate: "sum" },
  running: { kind: "gauge", metric: SERVING_METRICS.requestsRunning, aggregate: "sum" },
  kvCacheUsage: { kind: "gauge", metric: SERVING_METRICS.kvCacheUsage, aggregate: "max", scale: 100 },
  serverTtftP95: { kind: "quantile", metric: SERVING_METRICS.timeToFirstToken, quantile: 0.95 },
  serverTtftP50: { kind: "quantile", metric: SERVING_METRICS.timeToFirstToken, quantile: 0.5 },
  timePerOutputTokenP95: { kind: "quantile", metric: SERVING_METRICS.interTokenLatency, quantile: 0.95 },
  queueTimeP50: { kind: "quantile", metric: SERVING_METRICS.queueTime, quantile: 0.5 },
  prefillTimeP50: { kind: "quantile", metric: SERVING_METRICS.prefillTime, quantile: 0.5 },
  prefixCacheHitRate: { kind: "ratio", numerator: SERVING_METRICS.prefixCacheHits, denominator: SERVING_METRICS.prefixCacheQueries },
  requestsByZone: { kind: "rateByZone", metric: SERVING_METRICS.requestSuccess },
} as const satisfies Readonly<Record<string, ServingQuery>>;

/** The query of each Serving-row series, by its key (what a panel target's refId is). */
export type ServingSeriesKey = keyof typeof SERVING_QUERIES;

/** The CloudWatch metric each Serving-row query is republished as by the serving-metrics bridge. */
export const BRIDGED_SERVING_METRICS = {
  queueDepth: SERVING_BRIDGE_METRICS.requestsWaiting,
  running: SERVING_BRIDGE_METRICS.requestsRunning,
  kvCacheUsage: SERVING_BRIDGE_METRICS.kvCacheUsage,
  serverTtftP95: SERVING_BRIDGE_METRICS.serverTtftP95,
  serverTtftP50: SERVING_BRIDGE_METRICS.serverTtftP50,
  timePerOutputTokenP95: SERVING_BRIDGE_METRICS.timePerOutputTokenP95,
  queueTimeP50: SERVING_BRIDGE_METRICS.queueTimeP50,
  prefillTimeP50: SERVING_BRIDGE_METRICS.prefillTimeP50,
  prefixCacheHitRate: SERVING_BRIDGE_METRICS.prefixCacheHitRate,
  requestsByZone: SERVING_BRIDGE_METRICS.completedRequestsByZone,
} as const satisfies Readonly<Record<ServingSeriesKey, MetricDefinition>>;

/** Whether a query gives one series per Availability Zone (its bridged metric has the zone dimension). */
export const isByZone = (key: ServingSeriesKey): boolean => SERVING_QUERIES[key].kind === "rateByZone";

/** The bridge function's environment, declared once for the module that sets it and the function that reads it. */
export const SERVING_BRIDGE_ENV = {
  /** Comma-separated SageMaker endpoint names whose serving metrics to republish. */
  endpointNames: "SERVING_ENDPOINT_NAMES",
} as const;

/** The PromQL endpoint of a Region, as SageMaker AI documents it (SigV4 service `monitoring`). */
export const promqlEndpointUrl = (region: string, dnsSuffix = "amazonaws.com"): string => `https://monitoring.${region}.${dnsSuffix}`;
