/**
 * One metric alarm as CloudWatch evaluates a datapoint of it: its metric queries read over the
 * datapoint's window, its metric math evaluated, its value compared with the threshold (or with the
 * upper edge of its anomaly band). Read from either form the platform has of an alarm: the
 * construct's config (camelCase, what the replay table reads) or the synthesized Terraform JSON
 * (snake_case, what the demo and the tests read).
 */
import type { CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { breachesThreshold, type MissingDataTreatment } from "./alarm-state";
import { type DatapointWindow, evaluateMetricMath, idsOf, type MetricMathOptions, UnsupportedExpression, type Value } from "./metric-math";

/** A metric an alarm query reads. */
export interface AlarmMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Sum`, `p95`, `PR(:900)`... */
  readonly stat: string;
  readonly periodSeconds: number;
}

export interface AlarmQuery {
  readonly id: string;
  readonly expression?: string;
  readonly metric?: AlarmMetric;
  readonly returnData: boolean;
}

/** What evaluating a metric alarm needs of its definition. */
export interface MetricAlarm {
  readonly name: string;
  /** A plain metric alarm is one query, `m`. */
  readonly queries: readonly AlarmQuery[];
  /** The query whose value is compared. */
  readonly valueId: string;
  /** The anomaly band's query, for a band alarm. */
  readonly thresholdMetricId?: string;
  readonly threshold?: number;
  readonly comparison: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingDataTreatment;
}

type Json = Record<string, any>;

/** Assembles the alarm once its queries are read, whichever form they came from. */
function metricAlarm(
  name: string,
  queries: readonly AlarmQuery[],
  fields: {
    threshold?: number;
    thresholdMetricId?: string;
    comparison: string;
    period?: number;
    evaluationPeriods: number;
    datapointsToAlarm?: number;
    treatMissingData?: string;
  },
): MetricAlarm {
  const returned = queries.filter((q) => q.returnData && q.id !== fields.thresholdMetricId);
  if (returned.length !== 1) throw new UnsupportedExpression(`alarm ${name}: ${returned.length} queries return data, CloudWatch compares exactly one`);
  const firstMetric = queries.find((q) => q.metric)?.metric;
  return {
    name,
    queries,
    valueId: returned[0]!.id,
    ...(fields.thresholdMetricId ? { thresholdMetricId: fields.thresholdMetricId } : {}),
    ...(fields.threshold !== undefined ? { threshold: fields.threshold } : {}),
    comparison: fields.comparison,
    periodSeconds: fields.period ?? firstMetric?.periodSeconds ?? 60,
    evaluationPeriods: fields.evaluationPeriods,
    datapointsToAlarm: fields.datapointsToAlarm ?? fields.evaluationPeriods,
    treatMissingData: (fields.treatMissingData ?? "missing") as MissingDataTreatment,
  };
}

const num = (value: unknown): number | undefined => (value === undefined || value === null ? undefined : Number(value));

/** An alarm as its construct config holds it (`CloudwatchMetricAlarmConfig`). */
export function metricAlarmFromConfig(name: string, config: Omit<CloudwatchMetricAlarmConfig, "alarmName">): MetricAlarm {
  const metric = (m: Json): AlarmMetric => ({
    namespace: String(m.namespace),
    metricName: String(m.metricName),
    dimensions: (m.dimensions ?? {}) as Record<string, string>,
    stat: String(m.stat ?? m.extendedStatistic ?? m.statistic),
    periodSeconds: Number(m.period),
  });
  const queries: AlarmQuery[] = config.metricQuery
    ? (config.metricQuery as Json[]).map((q) => ({
        id: String(q.id),
        ...(q.expression ? { expression: String(q.expression) } : {}),
        ...(q.metric ? { metric: metric(q.metric) } : {}),
        returnData: q.returnData === true,
      }))
    : [{ id: "m", metric: metric(config), returnData: true }];
  return metricAlarm(name, queries, {
    threshold: num(config.threshold),
    thresholdMetricId: config.thresholdMetricId,
    comparison: config.comparisonOperator,
    period: num(config.period),
    evaluationPeriods: Number(config.evaluationPeriods),
    datapointsToAlarm: num(config.datapointsToAlarm),
    treatMissingData: config.treatMissingData,
  });
}

/** `metric_query` -> `metricQuery`, at every depth but inside `dimensions` (their names are CloudWatch's). */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), key === "dimensions" ? inner : camelKeys(inner)]),
  );
}

/** An `aws_cloudwatch_metric_alarm` of a synthesized stack (cdk.tf.json, snake_case). */
export function metricAlarmFromTerraform(alarm: Json): MetricAlarm {
  const config = camelKeys(alarm) as Omit<CloudwatchMetricAlarmConfig, "alarmName"> & { alarmName: string };
  return metricAlarmFromConfig(String(config.alarmName), config);
}

/** Where an alarm's metrics come from: CloudWatch's data, or a model of it. */
export interface MetricSource {
  /** The value of `metric` over the datapoint's window (undefined: no datapoint). */
  readonly read: (metric: AlarmMetric, window: DatapointWindow) => Value;
  /** The anomaly band's upper edge for the window, where the source models one. */
  readonly anomalyBand?: MetricMathOptions["anomalyBand"];
}

/** One datapoint of an alarm: the compared value and what it is compared with. */
export interface AlarmDatapoint {
  readonly value: Value;
  /** The threshold, or the band's upper edge at this datapoint. */
  readonly threshold: Value;
}

/** The value of query `id`, its metric read or its expression evaluated over `values`, which it joins. */
function queryValue(alarm: MetricAlarm, id: string, values: Record<string, Value>, options: MetricMathOptions): Value {
  if (id in values) return values[id];
  const query = alarm.queries.find((q) => q.id === id);
  if (!query?.expression) throw new UnsupportedExpression(`alarm ${alarm.name}: no query ${id}`);
  for (const ref of idsOf(query.expression)) queryValue(alarm, ref, values, options);
  values[id] = evaluateMetricMath(query.expression, values, options);
  return values[id];
}

/**
 * Evaluates the alarm's queries for the datapoint of `window`, each metric read from `source`.
 * Plain loops and no closures: the replay table evaluates some two million datapoints.
 */
export function alarmDatapoint(alarm: MetricAlarm, source: MetricSource, window: DatapointWindow): AlarmDatapoint {
  const values: Record<string, Value> = {};
  for (const query of alarm.queries) if (query.metric) values[query.id] = source.read(query.metric, window);
  const options: MetricMathOptions = source.anomalyBand ? { anomalyBand: source.anomalyBand, window } : {};
  const value = queryValue(alarm, alarm.valueId, values, options);
  const threshold = alarm.thresholdMetricId ? queryValue(alarm, alarm.thresholdMetricId, values, options) : alarm.threshold;
  return { value, threshold };
}

/** True when the datapoint breaches, false when not, undefined when it is missing. */
export function datapointBreaches(alarm: MetricAlarm, datapoint: AlarmDatapoint): boolean | undefined {
  if (datapoint.value === undefined || datapoint.threshold === undefined) return undefined;
  return breachesThreshold(datapoint.value, datapoint.threshold, alarm.comparison);
}
