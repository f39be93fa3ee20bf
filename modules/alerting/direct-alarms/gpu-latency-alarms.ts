/** The endpoint's GPU and latency alarms: memory pressure, P99/P50 contention and TTFT P95. */
import { GATEWAY_METRICS, SAGEMAKER_INSTANCE_METRICS, SAGEMAKER_INVOCATION_METRICS } from "../../../contracts/metric-catalogue";
import { FIVE_MINUTES, metricQuery, singleMetric, type DirectAlarmDraft } from "./alarm-config";
import { endpointDimensions, variantDimensions } from "./dimensions";
import type { DirectAlarmKindOf } from "./kinds";
import type { ResolvedDirectAlarmInput } from "./props";

/** Three five-minute periods in a row over the threshold; no data is no alarm. */
const FIFTEEN_MINUTES_BREACHING = { evaluationPeriods: 3, datapointsToAlarm: 3, treatMissingData: "notBreaching" } as const;

/** The `gpu` family: GPU memory above its per-GPU threshold, summed over the instance's GPUs. */
export function gpuAlarms(input: ResolvedDirectAlarmInput): DirectAlarmDraft<DirectAlarmKindOf<"gpu">>[] {
  const { gpuCount, gpuMemoryThresholdPercent: perGpu } = input;
  return [
    {
      kind: "gpuMemory",
      text: {
        what: `GPU memory of endpoint ${input.endpointName} above ${perGpu}% per GPU (${perGpu * gpuCount}% summed over ${gpuCount} GPUs) for 15 minutes: the model is short of VRAM and latency will degrade.`,
        causes:
          "batch size or max concurrent requests too high for the instance, long contexts filling the KV cache, a larger model or lower quantisation deployed.",
      },
      config: {
        ...singleMetric(SAGEMAKER_INSTANCE_METRICS.gpuMemoryUtilization, variantDimensions(input), "Average", FIVE_MINUTES),
        comparisonOperator: "GreaterThanThreshold",
        threshold: perGpu * gpuCount,
        ...FIFTEEN_MINUTES_BREACHING,
      },
    },
  ];
}

/** The `latency` family: ModelLatency P99/P50 contention and the gateway's TTFT P95. */
export function latencyAlarms(input: ResolvedDirectAlarmInput): DirectAlarmDraft<DirectAlarmKindOf<"latency">>[] {
  const variant = variantDimensions(input);
  const ratio = input.contentionRatioThreshold;
  const ttftMs = input.ttftP95ThresholdMs;
  return [
    {
      kind: "latencyContention",
      text: {
        what: `ModelLatency P99 is more than ${ratio}x P50 on endpoint ${input.endpointName} for 15 minutes: requests are queuing or the GPU is thrashing.`,
        causes: "GPU memory pressure, batch size too large, a few very long prompts, too few instances for the load.",
      },
      config: {
        comparisonOperator: "GreaterThanThreshold",
        threshold: ratio,
        ...FIFTEEN_MINUTES_BREACHING,
        metricQuery: [
          metricQuery("p99", SAGEMAKER_INVOCATION_METRICS.modelLatency, variant, "p99", FIVE_MINUTES),
          metricQuery("p50", SAGEMAKER_INVOCATION_METRICS.modelLatency, variant, "p50", FIVE_MINUTES),
          { id: "contention", expression: "IF(p50 > 0, p99 / p50)", label: "ModelLatency P99 / P50", returnData: true },
        ],
      },
    },
    {
      kind: "ttftP95",
      text: {
        what: `TTFT P95 above ${ttftMs} ms on endpoint ${input.endpointName} for 15 minutes: users wait too long for the first token.`,
        causes: "request queuing at the container, GPU memory pressure, prefix-cache misses, unusually long prompts.",
      },
      config: {
        ...singleMetric(GATEWAY_METRICS.ttft, endpointDimensions(input), "p95", FIVE_MINUTES),
        comparisonOperator: "GreaterThanThreshold",
        threshold: ttftMs,
        ...FIFTEEN_MINUTES_BREACHING,
      },
    },
  ];
}
