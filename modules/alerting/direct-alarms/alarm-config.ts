/**
 * What a builder returns for one alarm, and the helpers that turn a catalogue metric into the
 * alarm's CloudWatch settings.
 */
import type { CloudwatchMetricAlarmConfig, CloudwatchMetricAlarmMetricQuery } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { MetricDefinition } from "../../../contracts/metric-catalogue";
import type { DirectAlarmKind } from "./kinds";

/** The evaluation settings of an alarm's config, in one place (what the replay reads). */
export type DirectAlarmConfig = Omit<CloudwatchMetricAlarmConfig, "alarmName" | "alarmDescription" | "alarmActions" | "okActions" | "tags">;

/** The description's parts a builder writes: what is wrong, and what usually causes it. */
export interface DirectAlarmText {
  readonly what: string;
  readonly causes: string;
}

/** One alarm as a family builder writes it; its runbook and severity come from its kind's record. */
export interface DirectAlarmDraft<K extends DirectAlarmKind = DirectAlarmKind> {
  readonly kind: K;
  /** The instance the alarm watches (queue or function name). @default - one alarm per endpoint */
  readonly idSuffix?: string;
  readonly text: DirectAlarmText;
  readonly config: DirectAlarmConfig;
}

/** Five minutes, the period of most direct alarms. */
export const FIVE_MINUTES = 300;
/** One day, the period of the judge's spend and calibration alarms. */
export const ONE_DAY = 86_400;

type SingleMetricConfig = Pick<CloudwatchMetricAlarmConfig, "namespace" | "metricName" | "dimensions" | "period" | "statistic" | "extendedStatistic">;

/** An alarm on one metric; a percentile (`p95`) goes to `extendedStatistic`. */
export function singleMetric(metric: MetricDefinition, dimensions: Record<string, string>, stat: string, period: number): SingleMetricConfig {
  const config: SingleMetricConfig = { namespace: metric.namespace, metricName: metric.name, dimensions, period };
  return /^p\d/.test(stat) ? { ...config, extendedStatistic: stat } : { ...config, statistic: stat };
}

/** One metric of a metric-math alarm, not returned itself. */
export function metricQuery(
  id: string,
  metric: MetricDefinition,
  dimensions: Record<string, string>,
  stat: string,
  period: number,
): CloudwatchMetricAlarmMetricQuery {
  return { id, returnData: false, metric: { namespace: metric.namespace, metricName: metric.name, dimensions, stat, period } };
}
