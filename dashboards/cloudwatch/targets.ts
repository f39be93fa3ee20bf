/**
 * The Grafana CloudWatch queries of the dashboard model as CloudWatch dashboard metric entries: a
 * metric query becomes a metric array (or a SEARCH expression when a dimension is a wildcard),
 * metric math stays an expression, a Metrics Insights query is its SQL, a Logs Insights query is a
 * log widget's `SOURCE ... | query`. Template variables are replaced by their values first.
 */

import { BRIDGED_SERVING_METRICS, isByZone, type ServingSeriesKey } from "../../contracts/serving-metrics";
import { DIMENSIONS } from "../../contracts/metric-catalogue";
import { PROMQL_DATA_SOURCE_TYPE } from "../rows/serving";
import { VARIABLES } from "../queries";

type Json = Record<string, any>;

/** Values of the dashboard's template variables (`$endpoint`, `${use_case:regex}`...). */
export type VariableValues = Readonly<Record<string, string>>;

/** Replaces `$name`, `${name}` and `${name:format}` by the variable's value (`name:format` first). */
export function resolveVariables(text: string, values: VariableValues): string {
  return text.replace(/\$\{([a-z_]+)(?::([a-z]+))?\}|\$([a-z_]+)/g, (whole, braced: string, format: string, bare: string) => {
    const name = braced ?? bare;
    return values[format ? `${name}:${format}` : name] ?? values[name] ?? whole;
  });
}

const quoted = (value: string): string => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const schemaName = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quoted(name));

/** Period of a target in seconds: its own, else the widget's. */
function periodOf(target: Json, fallback: number): number {
  const own = Number(target.period);
  return Number.isFinite(own) && own > 0 ? own : fallback;
}

/** The entry options CloudWatch reads beside a metric or expression. */
function options(target: Json, period: number | undefined): Json {
  return {
    id: target.refId,
    ...(target.label ? { label: target.label } : {}),
    ...(period !== undefined ? { period } : {}),
    ...(target.hide ? { visible: false } : {}),
  };
}

/** One metric-widget entry for a Grafana CloudWatch metrics target. */
export function metricEntry(target: Json, values: VariableValues, defaultPeriod: number): unknown[] {
  const explicitPeriod = target.period !== undefined ? periodOf(target, defaultPeriod) : undefined;
  if (target.metricQueryType === 1) {
    // Metrics Insights: the SQL is the expression.
    return [{ expression: target.sqlExpression, ...options(target, explicitPeriod) }];
  }
  if (target.metricEditorMode === 1) {
    return [{ expression: resolveVariables(String(target.expression), values), ...options(target, explicitPeriod) }];
  }
  const dimensions = Object.entries((target.dimensions ?? {}) as Record<string, string>).map(
    ([name, value]) => [name, resolveVariables(value, values)] as const,
  );
  if (dimensions.some(([, value]) => value === "*")) {
    const schema = [quoted(target.namespace), ...dimensions.map(([name]) => schemaName(name))].join(",");
    const filters = [
      `MetricName=${quoted(target.metricName)}`,
      ...dimensions.filter(([, v]) => v !== "*").map(([n, v]) => `${schemaName(n)}=${quoted(v)}`),
    ].join(" ");
    const period = periodOf(target, defaultPeriod);
    return [{ expression: `SEARCH('{${schema}} ${filters}', '${target.statistic}', ${period})`, ...options(target, explicitPeriod) }];
  }
  return [target.namespace, target.metricName, ...dimensions.flat(), { stat: target.statistic, ...options(target, explicitPeriod) }];
}

/** The query of a log widget for a Logs Insights target: its log groups, then its query. */
export function logQuery(target: Json, values: VariableValues): string {
  const sources = ((target.logGroups ?? []) as { name: string }[]).map((group) => `SOURCE '${group.name}'`).join(" | ");
  return `${sources} | ${resolveVariables(String(target.expression), values)}`;
}

export const isLogsTarget = (target: Json): boolean => target.queryMode === "Logs";

/** True for a target of the PromQL data source (the Serving row: SageMaker's detailed serving metrics). */
export const isPromqlTarget = (target: Json): boolean => target.datasource?.type === PROMQL_DATA_SOURCE_TYPE;

/**
 * A PromQL target of the Serving row as the CloudWatch metric the serving-metrics bridge republishes
 * it as (`LLMInference/Serving`, one datum a minute): the target's refId is its query's key in
 * contracts/serving-metrics.ts. The per-zone series become a SEARCH over the zone dimension.
 */
export function bridgedMetricEntry(target: Json, values: VariableValues, defaultPeriod: number, panelTitle: string): unknown[] {
  const key = String(target.refId) as ServingSeriesKey;
  const metric = BRIDGED_SERVING_METRICS[key];
  if (!metric) {
    throw new Error(
      `panel "${panelTitle}": PromQL target ${key} has no bridged CloudWatch metric; add it to BRIDGED_SERVING_METRICS (contracts/serving-metrics.ts)`,
    );
  }
  const byZone = isByZone(key);
  return metricEntry(
    {
      refId: key,
      namespace: metric.namespace,
      metricName: metric.name,
      dimensions: { [DIMENSIONS.endpointName]: `$${VARIABLES.endpoint}`, ...(byZone ? { [DIMENSIONS.availabilityZone]: "*" } : {}) },
      statistic: "Average",
      // A SEARCH labels each zone's series with its dimensions; Grafana's `{{label}}` legend means nothing here.
      ...(byZone ? {} : { label: target.legendFormat }),
    },
    values,
    defaultPeriod,
  );
}
