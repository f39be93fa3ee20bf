/** What a catalogue metric is, and the one function that declares one. */
import { NAMESPACES } from "./names";

/** CloudWatch units used by this platform (a subset of the PutMetricData `StandardUnit`). */
export type MetricUnit = "Milliseconds" | "Seconds" | "Count" | "Count/Second" | "Percent" | "None";

/**
 * Who puts a metric's datapoints into CloudWatch. `aws`: the service itself (native metrics);
 * `gateway` / `quality-publisher`: that function of this repository (EMF / PutMetricData);
 * `judge-calibration`: the judge calibration function (golden-set runs and shadow agreement);
 * `access-log-metric-filter`: a CloudWatch Logs metric filter the inference gateway module creates
 * on the API's access log; `evaluator`: the evaluator function (EMF); `pii-canary`: the PII canary's
 * checker function; `serving-metrics-bridge`: the function that queries SageMaker's detailed serving
 * metrics with PromQL and republishes them (EMF). An alarm on a metric nobody publishes can never
 * fire: a test checks every alarm's metric against its publisher.
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

/** A catalogue metric; its publisher is the one its namespace belongs to unless `publishedBy` says otherwise. */
export function metric(
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
