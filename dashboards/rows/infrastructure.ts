/** Infrastructure: is the model healthy? GPU compute beside GPU memory, latency spread, errors, host. */
import {
  DIMENSIONS,
  GATEWAY_METRICS,
  SAGEMAKER_INSTANCE_METRICS as INSTANCE,
  SAGEMAKER_INVOCATION_METRICS as INVOCATION,
} from "../../contracts/metric-catalogue";
import { type DashboardDimensions, dimLabel } from "../dimensions";
import { lineAt, timeseriesPanel, unitOf, UNITS, type AnyPanel } from "../panels";
import { labelledQueries, mathQuery, metricQuery } from "../queries";
import { type RowPanel, rowPanels } from "../row-panel";
import type { UnifiedDashboardInput } from "../types";

/** The source article's contention signal: P99 more than 5x P50. */
export const LATENCY_CONTENTION_RATIO = 5;
/** The source article's memory-pressure alarm level. */
export const DEFAULT_GPU_MEMORY_ALARM_PERCENT = 85;

/** A GPU metric per variant and per instance (per-instance series exist with SageMaker enhanced metrics). */
const perVariantAndInstance = (d: DashboardDimensions, metric: typeof INSTANCE.gpuUtilization, prefix: string) => [
  metricQuery(metric, d.variant, "Average", { id: `${prefix}_variant`, label: "all instances" }),
  metricQuery(metric, d.perInstance, "Average", { id: `${prefix}_instance`, label: dimLabel(DIMENSIONS.instanceId) }),
];

const gpuUtilisation: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "GPU utilisation",
    description: `${INSTANCE.gpuUtilization.description}, per variant and per instance (per-instance series exist when the endpoint has SageMaker enhanced metrics). Read it beside GPU memory: low compute with high memory is VRAM thrashing, a vertical problem.`,
    unit: unitOf(INSTANCE.gpuUtilization),
    targets: perVariantAndInstance(d, INSTANCE.gpuUtilization, "gpu"),
    width: 12,
  });

const gpuMemoryUtilisation: RowPanel = (input, d) => {
  const memoryAlarm = input.gpuMemoryAlarmPercent ?? DEFAULT_GPU_MEMORY_ALARM_PERCENT;
  return timeseriesPanel({
    title: "GPU memory utilisation",
    description: `${INSTANCE.gpuMemoryUtilization.description}. The line is the ${memoryAlarm} % alarm: above it, test batch size and MaxConcurrentRequests before adding instances.`,
    unit: unitOf(INSTANCE.gpuMemoryUtilization),
    targets: perVariantAndInstance(d, INSTANCE.gpuMemoryUtilization, "vram"),
    thresholds: lineAt({ value: memoryAlarm, color: "red" }),
    width: 12,
  });
};

const modelLatency: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "ModelLatency P50 and P99",
    description: `${INVOCATION.modelLatency.description}. A healthy P50 can hide a P99 of seconds.`,
    unit: unitOf(INVOCATION.modelLatency),
    targets: labelledQueries(d.variant, [
      [INVOCATION.modelLatency, "p50", "latency_p50", "P50"],
      [INVOCATION.modelLatency, "p99", "latency_p99", "P99"],
    ]),
  });

const latencyContention: RowPanel = (_input, d) =>
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
  });

const invocationErrors: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Invocations, 4XX and 5XX",
    description: "Requests SageMaker received, rejected (4XX) and failed (5XX), per period.",
    unit: UNITS.count,
    targets: labelledQueries(d.variant, [
      [INVOCATION.invocations, "Sum", "invocations", "invocations"],
      [INVOCATION.invocation4xx, "Sum", "errors_4xx", "4XX"],
      [INVOCATION.invocation5xx, "Sum", "errors_5xx", "5XX"],
    ]),
  });

const hostUtilisation: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "CPU and memory",
    description: `${INSTANCE.cpuUtilization.description}; ${INSTANCE.memoryUtilization.description.toLowerCase()}; ${INSTANCE.diskUtilization.description.toLowerCase()}.`,
    unit: UNITS.percent,
    targets: labelledQueries(d.variant, [
      [INSTANCE.cpuUtilization, "Average", "cpu", "CPU"],
      [INSTANCE.memoryUtilization, "Average", "memory", "memory"],
      [INSTANCE.diskUtilization, "Average", "disk", "disk"],
    ]),
    width: 12,
  });

const gatewayFailures: RowPanel = (_input, d) =>
  timeseriesPanel({
    title: "Server-side failures at the gateway",
    description: "Throttled, failed, timed-out and broken streams as the gateway saw them (the availability SLI's bad events).",
    unit: UNITS.count,
    targets: labelledQueries(d.endpoint, [
      [GATEWAY_METRICS.throttled, "Sum", "throttled", "throttled"],
      [GATEWAY_METRICS.modelErrors, "Sum", "model_errors", "model errors"],
      [GATEWAY_METRICS.timeouts, "Sum", "timeouts", "timeouts"],
      [GATEWAY_METRICS.streamInterrupted, "Sum", "interrupted", "broken streams"],
    ]),
    width: 12,
  });

export function infrastructurePanels(input: UnifiedDashboardInput): AnyPanel[] {
  return rowPanels(input, [gpuUtilisation, gpuMemoryUtilisation, modelLatency, latencyContention, invocationErrors, hostUtilisation, gatewayFailures]);
}
