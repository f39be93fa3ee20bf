/** Namespaces, dimension names and gateway log fields: the names every metric family is built from. */

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
