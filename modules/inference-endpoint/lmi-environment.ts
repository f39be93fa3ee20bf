/** Settings of the LMI (DJL Serving) container that the module turns into its environment. */
export interface LmiSettings {
  readonly huggingFaceModelId?: string;
  readonly tensorParallelDegree: number | "max";
  readonly prefixCaching: boolean;
  readonly maxRollingBatchSize: number;
  readonly maxConcurrentRequests: number;
  /** Extra variables, added last (they may override the ones above). */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The container environment. `OPTION_OUTPUT_FORMATTER=jsonlines` makes the streamed output one
 * JSON object per token, which the gateway needs to time TTFT and ITL; log level 20 is INFO.
 */
export function lmiEnvironment(settings: LmiSettings): Record<string, string> {
  return {
    OPTION_OUTPUT_FORMATTER: "jsonlines",
    SAGEMAKER_CONTAINER_LOG_LEVEL: "20",
    // Prefix caching is a vLLM feature: pin the backend so the switch means something.
    OPTION_ROLLING_BATCH: "vllm",
    OPTION_ENABLE_PREFIX_CACHING: String(settings.prefixCaching),
    OPTION_MAX_ROLLING_BATCH_SIZE: String(settings.maxRollingBatchSize),
    // Requests beyond the rolling batch wait in DJL Serving's job queue; past it the container answers 503.
    SERVING_JOB_QUEUE_SIZE: String(settings.maxConcurrentRequests),
    OPTION_TENSOR_PARALLEL_DEGREE: String(settings.tensorParallelDegree),
    ...(settings.huggingFaceModelId ? { HF_MODEL_ID: settings.huggingFaceModelId } : {}),
    ...(settings.extra ?? {}),
  };
}
