/**
 * Every metric the gateway publishes with EMF, beside its OpenTelemetry semantic-convention
 * equivalent: the series stay single-published (EMF, docs/adr/0005-emf-metric-route.md); this is
 * the map for a team that reads them as `gen_ai.*`. `docs/tracing.md` holds the table
 * `semconvMetricTable()` renders, kept equal by test/tracing/unit/semconv-metric-map.test.ts.
 */
import { GATEWAY_METRICS } from "./metric-catalogue";

export interface SemconvEquivalent {
  /** The conventions' metric (or span attribute), with the attribute that selects the series. */
  readonly equivalent: string;
  /** The conventions' unit (UCUM). */
  readonly unit: string;
  /** How a value converts, or why there is no exact equivalent. */
  readonly note: string;
}

/** One entry per `GATEWAY_METRICS` key: a new EMF metric without a mapping fails the test. */
export const SEMCONV_METRIC_MAP: Readonly<Record<keyof typeof GATEWAY_METRICS, SemconvEquivalent>> = {
  ttft: { equivalent: "gen_ai.client.operation.time_to_first_chunk", unit: "s", note: "ms / 1000; span attribute gen_ai.response.time_to_first_chunk" },
  itl: { equivalent: "gen_ai.client.operation.time_per_output_chunk", unit: "s", note: "ms / 1000; one value per gap between chunks" },
  tokensPerSecond: { equivalent: "none (derived)", unit: "{token}/s", note: "gen_ai.usage.output_tokens / (duration - time to first chunk)" },
  promptTokens: { equivalent: "gen_ai.client.token.usage {gen_ai.token.type=input}", unit: "{token}", note: "span attribute gen_ai.usage.input_tokens" },
  completionTokens: { equivalent: "gen_ai.client.token.usage {gen_ai.token.type=output}", unit: "{token}", note: "span attribute gen_ai.usage.output_tokens" },
  totalLatency: { equivalent: "gen_ai.client.operation.duration", unit: "s", note: "ms / 1000; completed requests only" },
  cacheHitRate: {
    equivalent: "none (platform)",
    unit: "%",
    note: "llm_observability.cache_hit_rate; server side: vllm:prefix_cache_hits / vllm:prefix_cache_queries",
  },
  requests: { equivalent: "gen_ai.client.operation.duration (count)", unit: "{request}", note: "the histogram's count" },
  failedRequests: { equivalent: "gen_ai.client.operation.duration (count) {error.type set}", unit: "{request}", note: "0/1 per request" },
  throttled: { equivalent: "gen_ai.client.operation.duration (count) {error.type=endpoint_throttled}", unit: "{request}", note: "" },
  modelErrors: { equivalent: "gen_ai.client.operation.duration (count) {error.type=model_error}", unit: "{request}", note: "" },
  timeouts: { equivalent: "gen_ai.client.operation.duration (count) {error.type=timeout}", unit: "{request}", note: "" },
  streamInterrupted: { equivalent: "gen_ai.client.operation.duration (count) {error.type=stream_interrupted}", unit: "{request}", note: "" },
  guardrailTriggered: { equivalent: "none (platform)", unit: "{request}", note: "span attribute llm_observability.guardrail.flagged" },
  inferenceLogDeliveryFailed: { equivalent: "none (platform)", unit: "{record}", note: "log-delivery span with error.type=delivery_failed" },
};

/** The Markdown table of docs/tracing.md. */
export function semconvMetricTable(): string {
  const rows = (Object.keys(SEMCONV_METRIC_MAP) as (keyof typeof GATEWAY_METRICS)[]).map((key) => {
    const metric = GATEWAY_METRICS[key];
    const entry = SEMCONV_METRIC_MAP[key];
    return `| \`${metric.name}\` | ${metric.unit} | ${entry.equivalent.startsWith("none") ? entry.equivalent : `\`${entry.equivalent}\``} | ${entry.unit} | ${entry.note} |`;
  });
  return [
    "| EMF metric (`LLMInference/SageMaker`) | EMF unit | Semantic-convention equivalent | Unit | Conversion / note |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
