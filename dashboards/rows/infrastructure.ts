/** Infrastructure: is the model healthy? GPU compute beside GPU memory, latency spread, errors, host. */
import {
  DIMENSIONS,
  GATEWAY_METRICS,
  SAGEMAKER_INSTANCE_METRICS as INSTANCE,
  SAGEMAKER_INVOCATION_METRICS as INVOCATION,
} from "../../contracts/metric-catalogue";
import { dashboardDimensions, dimLabel } from "../dimensions";
import { lineAt, timeseriesPanel, unitOf, UNITS, type AnyPanel } from "../panels";
import { mathQuery, metricQuery } from "../queries";
import type { UnifiedDashboardInput } from "../types";

/** The source article's contention signal: P99 more than 5x P50. */
export const LATENCY_CONTENTION_RATIO = 5;
/** The source article's memory-pressure alarm level. */
export const DEFAULT_GPU_MEMORY_ALARM_PERCENT = 85;

export function infrastructurePanels(input: UnifiedDashboardInput): AnyPanel[] {
  const d = dashboardDimensions(input);
  const gpu = (metric: typeof INSTANCE.gpuUtilization, prefix: string) => [
    metricQuery(metric, d.variant, "Average", { id: `${prefix}_variant`, label: "all instances" }),
    metricQuery(metric, d.perInstance, "Average", { id: `${prefix}_instance`, label: dimLabel(DIMENSIONS.instanceId) }),
  ];
  const memoryAlarm = input.gpuMemoryAlarmPercent ?? DEFAULT_GPU_MEMORY_ALARM_PERCENT;
  return [
    timeseriesPanel({
      title: "GPU utilisation",
      description: `${INSTANCE.gpuUtilization.description}, per variant and per instance (per-instance series exist when the endpoint has SageMaker enhanced metrics). Read it beside GPU memory: low compute with high memory is VRAM thrashing, a vertical problem.`,
      unit: unitOf(INSTANCE.gpuUtilization),
      targets: gpu(INSTANCE.gpuUtilization, "gpu"),
      width: 12,
    }),
    timeseriesPanel({
      title: "GPU memory utilisation",
      description: `${INSTANCE.gpuMemoryUtilization.description}. The line is the ${memoryAlarm} % alarm: above it, test batch size and MaxConcurrentRequests before adding instances.`,
      unit: unitOf(INSTANCE.gpuMemoryUtilization),
      targets: gpu(INSTANCE.gpuMemoryUtilization, "vram"),
      thresholds: lineAt({ value: memoryAlarm, color: "red" }),
      width: 12,
    }),
    timeseriesPanel({
      title: "ModelLatency P50 and P99",
      description: `${INVOCATION.modelLatency.description}. A healthy P50 can hide a P99 of seconds.`,
      unit: unitOf(INVOCATION.modelLatency),
      targets: [
        metricQuery(INVOCATION.modelLatency, d.variant, "p50", { id: "latency_p50", label: "P50" }),
        metricQuery(INVOCATION.modelLatency, d.variant, "p99", { id: "latency_p99", label: "P99" }),
      ],
    }),
    timeseriesPanel({
      title: "ModelLatency P99 / P50",
      description: `Above ${LATENCY_CONTENTION_RATIO}x there is contention: GPU thrashing or requests queuing in the container.`,
      unit: UNITS.ratio,
      targets: [
        metricQuery(INVOCATION.modelLatency, d.variant, "p50", { id: "ratio_p50", hide: true }),
        metricQuery(INVOCATION.modelLatency, d.variant, "p99", { id: "ratio_p99", hide: true }),
        mathQuery("contention", "ratio_p99 / ratio_p50", "P99 / P50"),
      ],
      thresholds: lineAt({ value: LATENCY_CONTENTION_RATIO, color: "red" }),
      min: 0,
    }),
    timeseriesPanel({
      title: "Invocations, 4XX and 5XX",
      description: "Requests SageMaker received, rejected (4XX) and failed (5XX), per period.",
      unit: UNITS.count,
      targets: [
        metricQuery(INVOCATION.invocations, d.variant, "Sum", { id: "invocations", label: "invocations" }),
        metricQuery(INVOCATION.invocation4xx, d.variant, "Sum", { id: "errors_4xx", label: "4XX" }),
        metricQuery(INVOCATION.invocation5xx, d.variant, "Sum", { id: "errors_5xx", label: "5XX" }),
      ],
    }),
    timeseriesPanel({
      title: "CPU and memory",
      description: `${INSTANCE.cpuUtilization.description}; ${INSTANCE.memoryUtilization.description.toLowerCase()}; ${INSTANCE.diskUtilization.description.toLowerCase()}.`,
      unit: UNITS.percent,
      targets: [
        metricQuery(INSTANCE.cpuUtilization, d.variant, "Average", { id: "cpu", label: "CPU" }),
        metricQuery(INSTANCE.memoryUtilization, d.variant, "Average", { id: "memory", label: "memory" }),
        metricQuery(INSTANCE.diskUtilization, d.variant, "Average", { id: "disk", label: "disk" }),
      ],
      width: 12,
    }),
    timeseriesPanel({
      title: "Server-side failures at the gateway",
      description: "Throttled, failed, timed-out and broken streams as the gateway saw them (the availability SLI's bad events).",
      unit: UNITS.count,
      targets: [
        metricQuery(GATEWAY_METRICS.throttled, d.endpoint, "Sum", { id: "throttled", label: "throttled" }),
        metricQuery(GATEWAY_METRICS.modelErrors, d.endpoint, "Sum", { id: "model_errors", label: "model errors" }),
        metricQuery(GATEWAY_METRICS.timeouts, d.endpoint, "Sum", { id: "timeouts", label: "timeouts" }),
        metricQuery(GATEWAY_METRICS.streamInterrupted, d.endpoint, "Sum", { id: "interrupted", label: "broken streams" }),
      ],
      width: 12,
    }),
  ];
}
