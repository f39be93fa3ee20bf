/**
 * The one place where metric names, namespaces, units and dimensions are written down.
 *
 * Functions (gateway, evaluator, publisher), alarms, SLOs, saved queries and dashboards import
 * these definitions instead of repeating strings, so a rename is one edit and a typo is a
 * compile error. This file has no dependencies: Lambda bundles import it too.
 */

/** CloudWatch units used by this platform (a subset of the PutMetricData `StandardUnit`). */
export type MetricUnit = "Milliseconds" | "Seconds" | "Count" | "Count/Second" | "Percent" | "None";

/**
 * Who puts a metric's datapoints into CloudWatch. `aws`: the service itself (native metrics);
 * `gateway` / `quality-publisher`: that function of this repository (EMF / PutMetricData);
 * `judge-calibration`: the judge calibration function (golden-set runs and shadow agreement);
 * `access-log-metric-filter`: a CloudWatch Logs metric filter the inference gateway module creates
 * on the API's access log; `evaluator`: the evaluator function (EMF); `pii-canary`: the PII canary's
 * checker function; `serving-metrics-bridge`: the function that queries SageMaker's detailed serving
 * metrics with PromQL and republishes them (EMF). An alarm on a metric nobody publishes can never fire: a test checks
 * every alarm's metric against its publisher.
 */
export type MetricPublisher =
  | "aws"
  | "gateway"
  | "quality-publisher"
  | "judge-calibration"
  | "access-log-metric-filter"
  | "evaluator"
  | "pii-canary"
  | "serving-metrics-bridge";

export interface MetricDefinition {
  /** Metric name as published to CloudWatch. */
  readonly name: string;
  readonly namespace: string;
  readonly unit: MetricUnit;
  /**
   * Dimension sets the metric is published with (each set is one series per value combination).
   * Alarms and dashboards must use one of these sets exactly, or CloudWatch finds no data.
   */
  readonly dimensionSets: readonly (readonly string[])[];
  /** What the metric means, shown in dashboards and the README. */
  readonly description: string;
  /** Who publishes it. */
  readonly publishedBy: MetricPublisher;
}

export const NAMESPACES = {
  /** Per-request metrics emitted by the gateway function (EMF). */
  inference: "LLMInference/SageMaker",
  /** Quality scores published by the quality publisher at the inference's timestamp. */
  quality: "LLMInference/Quality",
  /** Judge governance: golden-set calibration figures and shadow-judge agreement. */
  judgeCalibration: "LLMInference/JudgeCalibration",
  /** Native SageMaker invocation metrics. */
  sagemakerInvocations: "AWS/SageMaker",
  /** Native SageMaker instance metrics (GPU, CPU, memory, disk) per endpoint variant. */
  sagemakerInstances: "/aws/sagemaker/Endpoints",
  /** Metrics the inference API's access-log metric filters derive (what API Gateway has no metric for). */
  api: "LLMInference/Api",
  /** Client data kept out of the judge: the evaluator's fail-closed last check and the PII canary. */
  privacy: "LLMInference/Privacy",
  /**
   * SageMaker AI's detailed serving metrics (PromQL only at the source), republished each minute by
   * the serving-metrics bridge so that CloudWatch alarms and the in-Region dashboard can read them.
   */
  serving: "LLMInference/Serving",
} as const;

/** Dimension names, spelled once. */
export const DIMENSIONS = {
  modelName: "ModelName",
  endpointName: "EndpointName",
  instanceType: "InstanceType",
  requestType: "request_type",
  variantName: "VariantName",
  /** Per-instance series of SageMaker enhanced metrics (EnableEnhancedMetrics on the endpoint config). */
  instanceId: "InstanceId",
  /** Per-GPU series of SageMaker enhanced GPU metrics. */
  acceleratorId: "AcceleratorId",
  /**
   * The judge model id and rubric version that produced a score (`judgePairId`): quality series
   * of different pairs are never mixed, so a judge change starts new series.
   */
  judgePair: "JudgePair",
  /** The candidate judge pair of a shadow comparison. */
  candidateJudgePair: "CandidateJudgePair",
  /** A rubric dimension: factuality, completeness, toneCompliance or undueRefusal. */
  rubricDimension: "RubricDimension",
  /** Why an evaluated record was judged: `guardrail_flagged`, `low_confidence` or `random` (score item `stratum`). */
  stratum: "stratum",
  /** The evaluator function (its name) whose masking a privacy metric is about: one series per environment. */
  evaluator: "Evaluator",
  /** The Availability Zone of the serving instances (SageMaker's `@resource.cloud.availability_zone` label). */
  availabilityZone: "AvailabilityZone",
} as const;

/**
 * Fields of the gateway's structured (EMF) log lines besides the metric names: what Logs Insights
 * queries group and filter by. `ModelName` and `request_type` are the dimensions above.
 */
export const GATEWAY_LOG_FIELDS = {
  useCase: "use_case",
  requestType: DIMENSIONS.requestType,
  status: "status",
  requestId: "requestId",
  modelName: DIMENSIONS.modelName,
  endpointName: DIMENSIONS.endpointName,
} as const;

const ENDPOINT_SET = [DIMENSIONS.modelName, DIMENSIONS.endpointName, DIMENSIONS.instanceType] as const;
const ENDPOINT_BY_REQUEST_TYPE_SET = [...ENDPOINT_SET, DIMENSIONS.requestType] as const;
/** Gateway metrics: one series per endpoint, plus one per endpoint and request type. */
const GATEWAY_SETS = [ENDPOINT_SET, ENDPOINT_BY_REQUEST_TYPE_SET] as const;
/** Gateway counters that only need the endpoint-level series. */
const GATEWAY_ENDPOINT_ONLY = [ENDPOINT_SET] as const;
/**
 * Quality series are per judge pair: a score of another judge model or rubric version never lands in
 * the same series. The sets without `stratum` hold the random stratum only: a simple random sample
 * of ordinary answers, so their good share is an unbiased estimate the quality SLOs can read.
 */
const QUALITY_SETS = [
  [DIMENSIONS.modelName, DIMENSIONS.judgePair],
  [DIMENSIONS.modelName, DIMENSIONS.judgePair, DIMENSIONS.requestType],
] as const;
/**
 * Quality metrics that are also published per sampling stratum, every stratum as a series of its own,
 * so guardrail-flagged and low-confidence answers (judged at 100 %) are seen apart from the random sample.
 */
const QUALITY_STRATUM_SETS = [...QUALITY_SETS, [DIMENSIONS.modelName, DIMENSIONS.judgePair, DIMENSIONS.stratum]] as const;
const CALIBRATION_DIMENSION_SET = [[DIMENSIONS.judgePair, DIMENSIONS.rubricDimension]] as const;
const CALIBRATION_PAIR_SET = [[DIMENSIONS.judgePair]] as const;
const SHADOW_DIMENSION_SET = [[DIMENSIONS.judgePair, DIMENSIONS.candidateJudgePair, DIMENSIONS.rubricDimension]] as const;
const SHADOW_REQUEST_TYPE_SET = [[DIMENSIONS.judgePair, DIMENSIONS.candidateJudgePair, DIMENSIONS.requestType]] as const;
const SHADOW_PAIR_SET = [[DIMENSIONS.judgePair, DIMENSIONS.candidateJudgePair]] as const;
const VARIANT_SET = [[DIMENSIONS.endpointName, DIMENSIONS.variantName]] as const;
/**
 * Instance metrics: per variant always; per instance when the endpoint config enables SageMaker
 * enhanced metrics (the `InstanceId` dimension, available for all real-time endpoints).
 */
const INSTANCE_SETS = [...VARIANT_SET, [DIMENSIONS.endpointName, DIMENSIONS.variantName, DIMENSIONS.instanceId]] as const;
/** GPU metrics add a per-GPU series (`AcceleratorId`) under enhanced metrics. */
const GPU_SETS = [...INSTANCE_SETS, [DIMENSIONS.endpointName, DIMENSIONS.variantName, DIMENSIONS.instanceId, DIMENSIONS.acceleratorId]] as const;

function metric(
  namespace: string,
  name: string,
  unit: MetricUnit,
  dimensionSets: readonly (readonly string[])[],
  description: string,
  publishedBy: MetricPublisher = publisherOf(namespace),
): MetricDefinition {
  return { namespace, name, unit, dimensionSets, description, publishedBy };
}

function publisherOf(namespace: string): MetricPublisher {
  if (namespace === NAMESPACES.inference) return "gateway";
  if (namespace === NAMESPACES.quality) return "quality-publisher";
  if (namespace === NAMESPACES.judgeCalibration) return "judge-calibration";
  if (namespace === NAMESPACES.api) return "access-log-metric-filter";
  return "aws";
}

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

/**
 * Metrics the quality publisher emits at the inference's timestamp (namespace `LLMInference/Quality`).
 * Score metrics: the random stratum only in the sets without `stratum`, every stratum in the set with it
 * (QualityScore, UndueRefusal, QualityGood, QualityTotal); the other score metrics: the random stratum only.
 * `JudgeCostUSD` counts every evaluation, whatever its stratum.
 */
export const QUALITY_METRICS = {
  qualityScore: metric(NAMESPACES.quality, "QualityScore", "None", QUALITY_STRATUM_SETS, "Normalised judge score, 0 to 1"),
  factuality: metric(NAMESPACES.quality, "Factuality", "None", QUALITY_SETS, "Judge factuality score, 1 to 5"),
  completeness: metric(NAMESPACES.quality, "Completeness", "None", QUALITY_SETS, "Judge completeness score, 1 to 5"),
  toneCompliance: metric(NAMESPACES.quality, "ToneCompliance", "None", QUALITY_SETS, "Judge tone and compliance score, 1 to 5"),
  undueRefusal: metric(NAMESPACES.quality, "UndueRefusal", "Count", QUALITY_STRATUM_SETS, "1 when the judge found an undue refusal, else 0"),
  qualityGood: metric(
    NAMESPACES.quality,
    "QualityGood",
    "Count",
    QUALITY_STRATUM_SETS,
    "Evaluations at or above the request type's threshold (quality SLI good: the random stratum in the sets without stratum)",
  ),
  qualityGoodCorrected: metric(
    NAMESPACES.quality,
    "QualityGoodCorrected",
    "None",
    QUALITY_STRATUM_SETS,
    "Each evaluation's Rogan–Gladen contribution (Sp/J when judged good, -(1-Sp)/J when not, from the judge pair's calibration record): its Sum over QualityTotal is the good share corrected for the judge's sensitivity and specificity; absent where the calibration is insufficient",
  ),
  qualityTotal: metric(
    NAMESPACES.quality,
    "QualityTotal",
    "Count",
    QUALITY_STRATUM_SETS,
    "Evaluations published (quality SLI total: the random stratum in the sets without stratum)",
  ),
  judgeCost: metric(NAMESPACES.quality, "JudgeCostUSD", "None", [[DIMENSIONS.modelName]], "Judge spend in US dollars per evaluation"),
} as const;

/**
 * What a calibration run of the golden set measured for one judge pair (namespace
 * `LLMInference/JudgeCalibration`, published by the calibration function at the end of the run).
 */
export const CALIBRATION_METRICS = {
  kappa: metric(
    NAMESPACES.judgeCalibration,
    "JudgeKappa",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Judge-human agreement per rubric dimension: quadratic-weighted Cohen's kappa (unweighted for the refusal label)",
  ),
  kappaLow: metric(NAMESPACES.judgeCalibration, "JudgeKappaLow", "None", CALIBRATION_DIMENSION_SET, "Lower bound of kappa's bootstrap 95% interval"),
  kappaHigh: metric(NAMESPACES.judgeCalibration, "JudgeKappaHigh", "None", CALIBRATION_DIMENSION_SET, "Upper bound of kappa's bootstrap 95% interval"),
  exactAgreement: metric(
    NAMESPACES.judgeCalibration,
    "JudgeExactAgreement",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Share of golden items where the judge gave the human consensus score",
  ),
  withinOneAgreement: metric(
    NAMESPACES.judgeCalibration,
    "JudgeWithinOneAgreement",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Share of golden items where judge and human differ by at most one point",
  ),
  spearman: metric(NAMESPACES.judgeCalibration, "JudgeSpearman", "None", CALIBRATION_DIMENSION_SET, "Spearman correlation of judge and human scores"),
  meanSignedDifference: metric(
    NAMESPACES.judgeCalibration,
    "JudgeMeanSignedDifference",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Mean of judge minus human score, in rubric points",
  ),
  humanKappa: metric(
    NAMESPACES.judgeCalibration,
    "HumanInterRaterKappa",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Agreement among the human raters themselves (pooled pairwise kappa): the judge's ceiling",
  ),
  lengthErrorCorrelation: metric(
    NAMESPACES.judgeCalibration,
    "LengthErrorCorrelation",
    "None",
    CALIBRATION_PAIR_SET,
    "Spearman correlation of response length and judge-minus-human quality error (length bias)",
  ),
  paddingGap: metric(
    NAMESPACES.judgeCalibration,
    "PaddingScoreGap",
    "None",
    CALIBRATION_PAIR_SET,
    "Mean judge score of padded copies minus their originals, rubric points over the 1-5 dimensions",
  ),
  refusalPrecision: metric(
    NAMESPACES.judgeCalibration,
    "RefusalPrecision",
    "None",
    CALIBRATION_PAIR_SET,
    "Share of the judge's undue-refusal calls that humans agree with",
  ),
  refusalRecall: metric(NAMESPACES.judgeCalibration, "RefusalRecall", "None", CALIBRATION_PAIR_SET, "Share of the human undue-refusal labels the judge caught"),
  passed: metric(NAMESPACES.judgeCalibration, "CalibrationPassed", "None", CALIBRATION_PAIR_SET, "1 when the run met every floor and ceiling, else 0"),
} as const;

/** Agreement between the current judge and a shadow candidate on the same production samples (namespace `LLMInference/JudgeCalibration`). */
export const SHADOW_METRICS = {
  kappa: metric(
    NAMESPACES.judgeCalibration,
    "ShadowKappa",
    "None",
    SHADOW_DIMENSION_SET,
    "Current-candidate judge agreement per rubric dimension (quadratic-weighted kappa; unweighted for the refusal label)",
  ),
  meanDifference: metric(
    NAMESPACES.judgeCalibration,
    "ShadowMeanDifference",
    "None",
    SHADOW_REQUEST_TYPE_SET,
    "Mean candidate minus current quality score (0-1) per request type",
  ),
  comparisons: metric(NAMESPACES.judgeCalibration, "ShadowComparisons", "Count", SHADOW_PAIR_SET, "Records both judges scored in the agreement window"),
} as const;

const EVALUATOR_SET = [[DIMENSIONS.evaluator]] as const;

/**
 * Client data kept out of the judge (namespace `LLMInference/Privacy`): the evaluator's fail-closed
 * last check (EMF, once per invocation) and the PII canary's checker (after each canary run is due).
 */
export const PRIVACY_METRICS = {
  survivedMasking: metric(
    NAMESPACES.privacy,
    "PiiSurvivedMasking",
    "Count",
    EVALUATOR_SET,
    "Records whose masked text still held client data at the last check before the judge: never sent, dead-lettered as pii_survived_masking",
    "evaluator",
  ),
  canaryLeaks: metric(
    NAMESPACES.privacy,
    "PiiCanaryLeaks",
    "Count",
    EVALUATOR_SET,
    "Planted canary values (name, street, CEP, CPF, account) found in the payload the evaluator sent to the judge",
    "pii-canary",
  ),
  canaryMissing: metric(
    NAMESPACES.privacy,
    "PiiCanaryMissing",
    "Count",
    EVALUATOR_SET,
    "Canary records planted and due but with no judge payload: the path (notification, evaluator, last check, judge) did not evaluate them",
    "pii-canary",
  ),
  canaryEvaluated: metric(
    NAMESPACES.privacy,
    "PiiCanaryEvaluated",
    "Count",
    EVALUATOR_SET,
    "Canary records whose judge payload the checker compared with the planted values",
    "pii-canary",
  ),
} as const;

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

/** Native SageMaker invocation metrics (namespace `AWS/SageMaker`). */
export const SAGEMAKER_INVOCATION_METRICS = {
  invocations: metric(NAMESPACES.sagemakerInvocations, "Invocations", "Count", VARIANT_SET, "Requests sent to the endpoint"),
  modelLatency: metric(
    NAMESPACES.sagemakerInvocations,
    "ModelLatency",
    "Milliseconds",
    VARIANT_SET,
    "Time the model took to respond (reported in microseconds by SageMaker)",
  ),
  overheadLatency: metric(
    NAMESPACES.sagemakerInvocations,
    "OverheadLatency",
    "Milliseconds",
    VARIANT_SET,
    "SageMaker overhead around the model (reported in microseconds)",
  ),
  invocation4xx: metric(NAMESPACES.sagemakerInvocations, "Invocation4XXErrors", "Count", VARIANT_SET, "Requests the endpoint rejected"),
  invocation5xx: metric(NAMESPACES.sagemakerInvocations, "Invocation5XXErrors", "Count", VARIANT_SET, "Requests the endpoint failed"),
} as const;

/** Native SageMaker instance metrics (namespace `/aws/sagemaker/Endpoints`). */
export const SAGEMAKER_INSTANCE_METRICS = {
  gpuUtilization: metric(NAMESPACES.sagemakerInstances, "GPUUtilization", "Percent", GPU_SETS, "GPU compute utilisation, summed over GPUs"),
  gpuMemoryUtilization: metric(
    NAMESPACES.sagemakerInstances,
    "GPUMemoryUtilization",
    "Percent",
    GPU_SETS,
    "GPU memory utilisation: the primary memory-pressure signal",
  ),
  cpuUtilization: metric(NAMESPACES.sagemakerInstances, "CPUUtilization", "Percent", INSTANCE_SETS, "CPU utilisation, summed over cores"),
  memoryUtilization: metric(NAMESPACES.sagemakerInstances, "MemoryUtilization", "Percent", INSTANCE_SETS, "Host memory utilisation"),
  diskUtilization: metric(NAMESPACES.sagemakerInstances, "DiskUtilization", "Percent", INSTANCE_SETS, "Disk utilisation"),
} as const;

/** Namespaces of the AWS services around the pipeline (API, dead-letter queues, functions, log delivery). */
export const AWS_SERVICE_NAMESPACES = {
  apiGateway: "AWS/ApiGateway",
  sqs: "AWS/SQS",
  lambda: "AWS/Lambda",
  firehose: "AWS/Firehose",
} as const;

/** Dimension names of those AWS service metrics. */
export const AWS_SERVICE_DIMENSIONS = {
  apiName: "ApiName",
  stage: "Stage",
  /** The REST API's id: the access-log metric filters' dimension (the log line has no API name). */
  apiId: "ApiId",
  queueName: "QueueName",
  functionName: "FunctionName",
  deliveryStreamName: "DeliveryStreamName",
} as const;

const API_STAGE_SET = [[AWS_SERVICE_DIMENSIONS.apiName, AWS_SERVICE_DIMENSIONS.stage]] as const;

/**
 * Native API Gateway (REST) metrics per stage: what clients see, including the failures before the
 * gateway function runs (Lambda throttles and init failures come back as 5XX, stage throttles as 429).
 */
export const API_GATEWAY_METRICS = {
  count: metric(AWS_SERVICE_NAMESPACES.apiGateway, "Count", "Count", API_STAGE_SET, "Requests the stage received"),
  clientErrors: metric(AWS_SERVICE_NAMESPACES.apiGateway, "4XXError", "Count", API_STAGE_SET, "Responses with a 4XX status, throttles (429) included"),
  serverErrors: metric(
    AWS_SERVICE_NAMESPACES.apiGateway,
    "5XXError",
    "Count",
    API_STAGE_SET,
    "Responses with a 5XX status: API Gateway's own, the gateway function's 502/504, Lambda errors, throttles and timeouts",
  ),
} as const;

/** Metrics the inference API's access-log metric filters publish (namespace `LLMInference/Api`). */
export const ACCESS_LOG_METRICS = {
  throttled: metric(
    NAMESPACES.api,
    "ApiThrottled",
    "Count",
    [[AWS_SERVICE_DIMENSIONS.apiId, AWS_SERVICE_DIMENSIONS.stage]],
    "Responses with status 429: stage throttling and the gateway's endpoint_throttled (API Gateway counts them only inside 4XXError)",
  ),
} as const;

/** Native SQS metrics (namespace `AWS/SQS`), per queue. */
export const SQS_METRICS = {
  messagesVisible: metric(
    AWS_SERVICE_NAMESPACES.sqs,
    "ApproximateNumberOfMessagesVisible",
    "Count",
    [[AWS_SERVICE_DIMENSIONS.queueName]],
    "Messages available for retrieval (on a dead-letter queue: records that could not be processed)",
  ),
} as const;

/** Native Lambda metrics (namespace `AWS/Lambda`), per function. */
export const LAMBDA_METRICS = {
  errors: metric(AWS_SERVICE_NAMESPACES.lambda, "Errors", "Count", [[AWS_SERVICE_DIMENSIONS.functionName]], "Invocations that ended in a function error"),
  throttles: metric(
    AWS_SERVICE_NAMESPACES.lambda,
    "Throttles",
    "Count",
    [[AWS_SERVICE_DIMENSIONS.functionName]],
    "Invocation requests throttled for lack of concurrency",
  ),
} as const;

/** Native Firehose metrics (namespace `AWS/Firehose`), per delivery stream. */
export const FIREHOSE_METRICS = {
  deliveryToS3Success: metric(
    AWS_SERVICE_NAMESPACES.firehose,
    "DeliveryToS3.Success",
    "Count",
    [[AWS_SERVICE_DIMENSIONS.deliveryStreamName]],
    "Successful S3 put commands over all S3 put commands (1 when every delivery succeeded)",
  ),
  deliveryToS3DataFreshness: metric(
    AWS_SERVICE_NAMESPACES.firehose,
    "DeliveryToS3.DataFreshness",
    "Seconds",
    [[AWS_SERVICE_DIMENSIONS.deliveryStreamName]],
    "Age of the oldest record in the stream not yet delivered to S3",
  ),
} as const;

/** Every metric of the platform, for documentation and for tests that check references. */
export const METRIC_CATALOGUE: readonly MetricDefinition[] = [
  ...Object.values(GATEWAY_METRICS),
  ...Object.values(API_GATEWAY_METRICS),
  ...Object.values(ACCESS_LOG_METRICS),
  ...Object.values(QUALITY_METRICS),
  ...Object.values(CALIBRATION_METRICS),
  ...Object.values(SHADOW_METRICS),
  ...Object.values(PRIVACY_METRICS),
  ...Object.values(SERVING_BRIDGE_METRICS),
  ...Object.values(SAGEMAKER_INVOCATION_METRICS),
  ...Object.values(SAGEMAKER_INSTANCE_METRICS),
  ...Object.values(SQS_METRICS),
  ...Object.values(LAMBDA_METRICS),
  ...Object.values(FIREHOSE_METRICS),
];
