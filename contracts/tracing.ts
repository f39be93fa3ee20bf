/**
 * What the gateway, the evaluator and the modules agree on about traces: the W3C trace context
 * the request carries into the inference-log record and the DataCapture custom attributes, the
 * platform's own (namespaced) span attribute names, the exporter names the functions accept in
 * `OTEL_TRACES_EXPORTER`, and the evaluation labels. Dependency-free.
 */

/** A W3C trace context: 32 hex trace id, 16 hex parent span id, sampled flag. */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  readonly sampled: boolean;
}

const TRACEPARENT_PATTERN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const INVALID_TRACE_ID = "0".repeat(32);
const INVALID_SPAN_ID = "0".repeat(16);

/** `00-<trace id>-<span id>-<flags>`, the W3C `traceparent` header value. */
export function formatTraceparent(context: TraceContext): string {
  return `00-${context.traceId}-${context.spanId}-${context.sampled ? "01" : "00"}`;
}

/** Parses a version-00 `traceparent`; undefined for anything else (an all-zero id included). */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const match = TRACEPARENT_PATTERN.exec(value?.trim().toLowerCase() ?? "");
  if (!match) return undefined;
  const [, traceId, spanId, flags] = match as unknown as [string, string, string, string];
  if (traceId === INVALID_TRACE_ID || spanId === INVALID_SPAN_ID) return undefined;
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/** The key of the trace context in the gateway's SageMaker custom attributes (and DataCapture). */
export const TRACEPARENT_ATTRIBUTE = "traceparent";

/** Namespace of the platform's span attributes (the GenAI conventions have no `use_case`). */
export const TRACE_ATTRIBUTE_NAMESPACE = "llm_observability";

/** The platform's span attribute names. Sizes, counts, ids and names only: never text. */
export const PLATFORM_SPAN_ATTRIBUTES = {
  useCase: `${TRACE_ATTRIBUTE_NAMESPACE}.use_case`,
  requestType: `${TRACE_ATTRIBUTE_NAMESPACE}.request_type`,
  requestId: `${TRACE_ATTRIBUTE_NAMESPACE}.request_id`,
  status: `${TRACE_ATTRIBUTE_NAMESPACE}.status`,
  guardrailFlagged: `${TRACE_ATTRIBUTE_NAMESPACE}.guardrail.flagged`,
  guardrailRules: `${TRACE_ATTRIBUTE_NAMESPACE}.guardrail.rules`,
  promptChars: `${TRACE_ATTRIBUTE_NAMESPACE}.prompt.chars`,
  responseChars: `${TRACE_ATTRIBUTE_NAMESPACE}.response.chars`,
  promptTokensEstimated: `${TRACE_ATTRIBUTE_NAMESPACE}.prompt_tokens.estimated`,
  chunkCount: `${TRACE_ATTRIBUTE_NAMESPACE}.chunks`,
  itlP50Ms: `${TRACE_ATTRIBUTE_NAMESPACE}.itl.p50_ms`,
  itlP95Ms: `${TRACE_ATTRIBUTE_NAMESPACE}.itl.p95_ms`,
  itlMaxMs: `${TRACE_ATTRIBUTE_NAMESPACE}.itl.max_ms`,
  tokensPerSecond: `${TRACE_ATTRIBUTE_NAMESPACE}.tokens_per_second`,
  cacheHitRate: `${TRACE_ATTRIBUTE_NAMESPACE}.cache_hit_rate`,
  totalMs: `${TRACE_ATTRIBUTE_NAMESPACE}.total_ms`,
  logDelivered: `${TRACE_ATTRIBUTE_NAMESPACE}.log_delivery.delivered`,
  /** Why a span the head sampler passed over was exported anyway (`error`, `guardrail`). */
  keptBecause: `${TRACE_ATTRIBUTE_NAMESPACE}.sampling.kept_because`,
  judgeRubricVersion: `${TRACE_ATTRIBUTE_NAMESPACE}.judge.rubric_version`,
  judgeCalibrationRecordId: `${TRACE_ATTRIBUTE_NAMESPACE}.judge.calibration_record_id`,
  judgeStratum: `${TRACE_ATTRIBUTE_NAMESPACE}.judge.sampling_stratum`,
  judgeQualityScore: `${TRACE_ATTRIBUTE_NAMESPACE}.judge.quality_score`,
  evaluationSource: `${TRACE_ATTRIBUTE_NAMESPACE}.evaluation.source`,
  /** Prefix of the masking counts: `llm_observability.masking.<ENTITY_TYPE>` = count. */
  maskingPrefix: `${TRACE_ATTRIBUTE_NAMESPACE}.masking.`,
} as const;

/** `gen_ai.provider.name` of the gateway's spans: SageMaker AI is not in the conventions' list, so namespaced like theirs. */
export const SAGEMAKER_PROVIDER_NAME = "aws.sagemaker";
/** `gen_ai.provider.name` of the judge (a well-known value of the conventions). */
export const BEDROCK_PROVIDER_NAME = "aws.bedrock";

/**
 * `OTEL_TRACES_EXPORTER` values the functions understand (comma separated): `otlp` reads the
 * standard `OTEL_EXPORTER_OTLP_*` variables; `xray` is the CloudWatch / X-Ray OTLP endpoint of the
 * function's region, SigV4-signed; `none` exports nothing.
 */
export const TRACE_EXPORTERS = ["xray", "otlp", "none"] as const;
export type TraceExporterName = (typeof TRACE_EXPORTERS)[number];

/** X-Ray's OTLP traces endpoint in `region` (needs Transaction Search; see docs/tracing.md). */
export function xrayOtlpEndpoint(region: string): string {
  return `https://xray.${region}.amazonaws.com/v1/traces`;
}

/** The label of a 1-5 rubric score (`gen_ai.evaluation.score.label`): low cardinality, documented. */
export function rubricScoreLabel(score: number): "poor" | "fair" | "good" {
  if (score >= 4) return "good";
  if (score >= 3) return "fair";
  return "poor";
}
