/** The gateway function's per-request metrics. */
import { metric } from "./definition";
import { DIMENSIONS, NAMESPACES } from "./names";

const ENDPOINT_SET = [DIMENSIONS.modelName, DIMENSIONS.endpointName, DIMENSIONS.instanceType] as const;
const ENDPOINT_BY_REQUEST_TYPE_SET = [...ENDPOINT_SET, DIMENSIONS.requestType] as const;
/** Gateway metrics: one series per endpoint, plus one per endpoint and request type. */
const GATEWAY_SETS = [ENDPOINT_SET, ENDPOINT_BY_REQUEST_TYPE_SET] as const;
/** Gateway counters that only need the endpoint-level series. */
const GATEWAY_ENDPOINT_ONLY = [ENDPOINT_SET] as const;

/** Metrics the gateway function emits per request (namespace `LLMInference/SageMaker`). */
export const GATEWAY_METRICS = {
  ttft: metric(NAMESPACES.inference, "ttft_ms", "Milliseconds", GATEWAY_SETS, "Time from invoke to the first streamed chunk"),
  itl: metric(NAMESPACES.inference, "itl_ms", "Milliseconds", GATEWAY_SETS, "Each gap between consecutive streamed chunks (the distribution, not the mean)"),
  tokensPerSecond: metric(
    NAMESPACES.inference,
    "tokens_per_second",
    "Count/Second",
    GATEWAY_SETS,
    "Completion tokens divided by generation time after the first token",
  ),
  promptTokens: metric(NAMESPACES.inference, "prompt_tokens", "Count", GATEWAY_SETS, "Prompt tokens per request"),
  completionTokens: metric(NAMESPACES.inference, "completion_tokens", "Count", GATEWAY_SETS, "Completion tokens per request"),
  totalLatency: metric(NAMESPACES.inference, "total_latency_ms", "Milliseconds", GATEWAY_SETS, "Time from invoke to the end of the stream"),
  cacheHitRate: metric(
    NAMESPACES.inference,
    "cache_hit_rate",
    "Percent",
    GATEWAY_ENDPOINT_ONLY,
    "Prefix-cache hit rate of a request, from OpenAI-style usage.prompt_tokens_details.cached_tokens; the LMI jsonlines output reports no cached tokens, so with it there is no datapoint",
  ),
  requests: metric(NAMESPACES.inference, "RequestCount", "Count", GATEWAY_SETS, "Requests that reached the endpoint (availability SLI total)"),
  failedRequests: metric(
    NAMESPACES.inference,
    "FailedRequestCount",
    "Count",
    GATEWAY_SETS,
    "Requests that failed on the server side: throttled, model error, timeout or broken stream (availability SLI bad)",
  ),
  throttled: metric(NAMESPACES.inference, "EndpointThrottled", "Count", GATEWAY_ENDPOINT_ONLY, "Invocations throttled by SageMaker"),
  modelErrors: metric(NAMESPACES.inference, "ModelError", "Count", GATEWAY_ENDPOINT_ONLY, "Invocations the model container failed"),
  timeouts: metric(NAMESPACES.inference, "InvocationTimeout", "Count", GATEWAY_ENDPOINT_ONLY, "Invocations that exceeded the gateway's deadline"),
  streamInterrupted: metric(NAMESPACES.inference, "StreamInterrupted", "Count", GATEWAY_ENDPOINT_ONLY, "Streams that broke after they started"),
  guardrailTriggered: metric(NAMESPACES.inference, "GuardrailTriggered", "Count", GATEWAY_ENDPOINT_ONLY, "Requests flagged by the prompt-injection pre-check"),
  inferenceLogDeliveryFailed: metric(
    NAMESPACES.inference,
    "InferenceLogDeliveryFailed",
    "Count",
    GATEWAY_ENDPOINT_ONLY,
    "Inference log records the gateway could not put to Firehose after one retry",
  ),
} as const;
