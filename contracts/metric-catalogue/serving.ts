/** The serving container's own metrics, republished by the serving-metrics bridge. */
import { type MetricUnit, metric } from "./definition";
import { DIMENSIONS, NAMESPACES } from "./names";

const SERVING_ENDPOINT_SET = [[DIMENSIONS.endpointName]] as const;
const SERVING_ZONE_SET = [[DIMENSIONS.endpointName, DIMENSIONS.availabilityZone]] as const;
const bridged = (name: string, unit: MetricUnit, description: string, sets: readonly (readonly string[])[] = SERVING_ENDPOINT_SET) =>
  metric(NAMESPACES.serving, name, unit, sets, description, "serving-metrics-bridge");

/**
 * The serving container's own view (namespace `LLMInference/Serving`), one datum per minute: the
 * PromQL queries of contracts/serving-metrics.ts evaluated by the serving-metrics bridge over
 * SageMaker AI's detailed observability metrics (vLLM's names), republished with EMF. Quantiles are
 * over 5-minute rates, so a datum summarises the five minutes before it.
 */
export const SERVING_BRIDGE_METRICS = {
  requestsWaiting: bridged(
    "RequestsWaiting",
    "Count",
    "Requests waiting for a decoding slot, summed over the endpoint's instances (vllm:num_requests_waiting)",
  ),
  requestsRunning: bridged("RequestsRunning", "Count", "Requests decoding, summed over the endpoint's instances (vllm:num_requests_running)"),
  kvCacheUsage: bridged("KvCacheUsage", "Percent", "KV-cache blocks in use on the fullest instance (100 x vllm:kv_cache_usage_perc)"),
  prefixCacheHitRate: bridged(
    "PrefixCacheHitRate",
    "Percent",
    "Prefix-cache hits over prefix-cache queries, 5-minute rates (vllm:prefix_cache_hits / vllm:prefix_cache_queries); no datum without queries",
  ),
  serverTtftP95: bridged("ServerTtftP95", "Milliseconds", "The container's time to first token, 95th percentile (vllm:time_to_first_token_seconds)"),
  serverTtftP50: bridged("ServerTtftP50", "Milliseconds", "The container's time to first token, median (vllm:time_to_first_token_seconds)"),
  timePerOutputTokenP95: bridged(
    "TimePerOutputTokenP95",
    "Milliseconds",
    "The container's inter-token latency, 95th percentile (vllm:inter_token_latency_seconds)",
  ),
  queueTimeP50: bridged("QueueTimeP50", "Milliseconds", "Time a request waited for a decoding slot, median (vllm:request_queue_time_seconds)"),
  prefillTimeP50: bridged("PrefillTimeP50", "Milliseconds", "Prefill time of a request, median (vllm:request_prefill_time_seconds)"),
  completedRequestsByZone: bridged(
    "CompletedRequestsPerSecond",
    "Count/Second",
    "Requests the container completed per second, per Availability Zone of its instance (vllm:request_success)",
    SERVING_ZONE_SET,
  ),
} as const;
