/**
 * CloudWatch queries of the dashboard, built from catalogue entries only: a metric query names a
 * `MetricDefinition` and dimension values for one of its dimension sets, so no metric name or
 * dimension name is written here, and a dimension set CloudWatch does not publish fails the build.
 */
import * as cloudwatch from "@grafana/grafana-foundation-sdk/cloudwatch";
import type { DataSourceRef } from "@grafana/grafana-foundation-sdk/common";
import type { MetricDefinition } from "../contracts/metric-catalogue";

/** The dashboard's template variables, by name. */
export const VARIABLES = {
  environment: "environment",
  endpoint: "endpoint",
  model: "model",
  requestType: "request_type",
  useCase: "use_case",
} as const;

/** `$name` of a template variable. */
export const ref = (name: (typeof VARIABLES)[keyof typeof VARIABLES]): string => `$${name}`;

export const cloudwatchDataSource = (uid: string): DataSourceRef => ({ type: "cloudwatch", uid });

export interface MetricQueryOptions {
  /** Metric-math id (lower-case letter first); also the refId. */
  readonly id: string;
  /** Series label; dynamic labels such as `${PROP('Dim.InstanceId')}` work. */
  readonly label?: string;
  /** Period in seconds. @default - Grafana's auto period */
  readonly period?: number;
  /** Hidden queries feed metric math only. @default false */
  readonly hide?: boolean;
}

const ID = /^[a-z][A-Za-z0-9_]*$/;

/** The dimension set of `metric` that `names` is exactly, or an error naming the sets it has. */
export function requireDimensionSet(metric: MetricDefinition, names: readonly string[]): readonly string[] {
  const key = [...names].sort().join(",");
  const set = metric.dimensionSets.find((s) => [...s].sort().join(",") === key);
  if (!set) {
    throw new Error(
      `${metric.namespace} ${metric.name} is not published with dimensions [${names.join(", ")}]; its sets are ${metric.dimensionSets.map((s) => `[${s.join(", ")}]`).join(", ")}`,
    );
  }
  return set;
}

/** A metric query on one catalogue metric, matching its dimension set exactly. */
export function metricQuery(
  metric: MetricDefinition,
  dimensions: Readonly<Record<string, string>>,
  statistic: string,
  options: MetricQueryOptions,
): cloudwatch.MetricsQueryBuilder {
  if (!ID.test(options.id)) throw new Error(`query id must start with a lower-case letter and hold letters, digits or _, got "${options.id}"`);
  requireDimensionSet(metric, Object.keys(dimensions));
  const query = new cloudwatch.MetricsQueryBuilder()
    .queryMode(cloudwatch.QueryMode.Metrics)
    .metricQueryType(cloudwatch.MetricQueryType.Search)
    .metricEditorMode(cloudwatch.MetricEditorMode.Builder)
    .id(options.id)
    .refId(options.id)
    .region("default")
    .namespace(metric.namespace)
    .metricName(metric.name)
    .dimensions(Object.fromEntries(Object.entries(dimensions).map(([k, v]) => [k, v])))
    .matchExact(true)
    .statistic(statistic);
  if (options.label !== undefined) query.label(options.label);
  if (options.period !== undefined) query.period(String(options.period));
  if (options.hide) query.hide(true);
  return query;
}

/** A labelled series of a panel: the catalogue metric, its statistic, the query id and the legend label. */
export type LabelledSeries = readonly [metric: MetricDefinition, statistic: string, id: string, label: string];

/** One labelled query per series, all on the same dimensions. */
export function labelledQueries(dimensions: Readonly<Record<string, string>>, series: readonly LabelledSeries[]): cloudwatch.MetricsQueryBuilder[] {
  return series.map(([metric, statistic, id, label]) => metricQuery(metric, dimensions, statistic, { id, label }));
}

/** A metric-math expression over other queries of the same panel (code mode). */
export function mathQuery(
  id: string,
  expression: string,
  label: string,
  options: { readonly period?: number; readonly hide?: boolean } = {},
): cloudwatch.MetricsQueryBuilder {
  if (!ID.test(id)) throw new Error(`query id must start with a lower-case letter and hold letters, digits or _, got "${id}"`);
  const query = new cloudwatch.MetricsQueryBuilder()
    .queryMode(cloudwatch.QueryMode.Metrics)
    .metricQueryType(cloudwatch.MetricQueryType.Search)
    .metricEditorMode(cloudwatch.MetricEditorMode.Code)
    .id(id)
    .refId(id)
    .region("default")
    .expression(expression)
    .label(label);
  if (options.period !== undefined) query.period(String(options.period));
  if (options.hide) query.hide(true);
  return query;
}

/** A Logs Insights query over the given log groups. */
export function logsQuery(
  refId: string,
  logGroups: readonly { readonly name: string; readonly arn: string }[],
  expression: string,
): cloudwatch.LogsQueryBuilder {
  return new cloudwatch.LogsQueryBuilder()
    .queryMode(cloudwatch.QueryMode.Logs)
    .queryLanguage(cloudwatch.LogsQueryLanguage.CWLI)
    .refId(refId)
    .id(refId)
    .region("default")
    .logGroups(logGroups.map((group) => new cloudwatch.LogGroupBuilder().name(group.name).arn(group.arn)))
    .expression(expression);
}

/** Replaces whole-word query ids in a metric-math expression (`requests - failed` -> `a_requests - a_failed`). */
export function renameIds(expression: string, names: Readonly<Record<string, string>>): string {
  return expression.replace(/\b[a-z][A-Za-z0-9_]*\b/g, (id) => names[id] ?? id);
}
