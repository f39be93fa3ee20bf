/**
 * The stack's own alarms, evaluated on the run's data the way CloudWatch evaluates them: each
 * metric alarm's datapoints (period, statistic, metric math), M out of N, the missing-data
 * treatment, the comparison; then the composite alarms' rules. Two verdicts per alarm:
 * - `now`: at the end of the run, with datapoints older than the run missing (as right after a deploy);
 * - `sustained`: as if the run's traffic had gone on for the alarm's whole evaluation range (every
 *   datapoint equal to the run's own value).
 */
import { type MetricStore, pointsIn, statistic } from "../../testing/aws/metric-store";
import type { AlarmDefinition } from "../platform";
import { evaluate, type Operand, UnsupportedExpression } from "./metric-math";

export type AlarmState = "ALARM" | "OK";

export interface AlarmVerdict {
  readonly name: string;
  readonly kind: "metric" | "composite";
  readonly tags: Readonly<Record<string, string>>;
  readonly now: AlarmState;
  readonly sustained: AlarmState;
  /** The compared value over the run (the newest datapoint), when there was data. */
  readonly value?: number;
  readonly threshold?: number;
  readonly comparison?: string;
  /** Why the alarm could not be evaluated on local data (it then stays OK, as with no data). */
  readonly notEvaluated?: string;
  readonly noData?: boolean;
  /** Composite only: the composite that suppresses this one's actions, and whether it is in ALARM. */
  readonly suppressedBy?: string;
}

interface Window {
  readonly from: number;
  readonly to: number;
}

/** Value of one metric (namespace, name, dimensions, stat) over a window. */
function metricValue(
  store: MetricStore,
  metric: { namespace: string; metric_name: string; dimensions?: Record<string, string>; stat?: string },
  window: Window,
): number | undefined {
  const series = store.find(metric.namespace, metric.metric_name, metric.dimensions ?? {});
  return statistic(pointsIn(series, window.from, window.to), metric.stat ?? "Average");
}

function breaches(value: number, threshold: number, comparison: string): boolean {
  switch (comparison) {
    case "GreaterThanThreshold":
      return value > threshold;
    case "GreaterThanOrEqualToThreshold":
      return value >= threshold;
    case "LessThanThreshold":
      return value < threshold;
    case "LessThanOrEqualToThreshold":
      return value <= threshold;
    default:
      throw new UnsupportedExpression(`comparison ${comparison} is not evaluated locally`);
  }
}

/** The alarm's compared value over one window (undefined: no datapoint). */
function alarmValue(store: MetricStore, alarm: AlarmDefinition, window: Window): number | undefined {
  if (!alarm.metric_query) {
    return metricValue(
      store,
      { namespace: alarm.namespace, metric_name: alarm.metric_name, dimensions: alarm.dimensions, stat: alarm.extended_statistic ?? alarm.statistic },
      window,
    );
  }
  const queries = alarm.metric_query as { id: string; expression?: string; metric?: Record<string, any>; return_data?: boolean }[];
  if (alarm.threshold_metric_id) throw new UnsupportedExpression("anomaly-detection band (needs two weeks of history)");
  const values = new Map<string, Operand>();
  const periodOf = (id: string): number => Number(queries.find((q) => q.id === id)?.metric?.period ?? 60);
  const lookup = (id: string): Operand => {
    const known = values.get(id);
    if (known) return known;
    const query = queries.find((q) => q.id === id);
    if (!query) throw new UnsupportedExpression(`no query ${id}`);
    let operand: Operand;
    if (query.expression) operand = evaluate(query.expression, lookup);
    else operand = { kind: "series", values: [metricValue(store, query.metric as never, window)], periodSeconds: periodOf(id) };
    values.set(id, operand);
    return operand;
  };
  const returned = queries.find((q) => q.return_data !== false && q.expression) ?? queries.find((q) => q.return_data !== false);
  if (!returned) throw new UnsupportedExpression("no query returns data");
  const result = lookup(returned.id);
  return result.kind === "scalar" ? result.value : result.values[0];
}

function periodSeconds(alarm: AlarmDefinition): number {
  if (alarm.period) return Number(alarm.period);
  const metric = (alarm.metric_query as { metric?: { period?: number } }[] | undefined)?.find((q) => q.metric?.period)?.metric;
  return Number(metric?.period ?? 60);
}

export function evaluateMetricAlarm(store: MetricStore, alarm: AlarmDefinition, run: Window): AlarmVerdict {
  const base = {
    name: String(alarm.alarm_name),
    kind: "metric" as const,
    tags: (alarm.tags ?? {}) as Record<string, string>,
    threshold: alarm.threshold,
    comparison: alarm.comparison_operator,
  };
  try {
    const period = periodSeconds(alarm) * 1000;
    const n = Number(alarm.evaluation_periods ?? 1);
    const m = Number(alarm.datapoints_to_alarm ?? n);
    const points: (number | undefined)[] = [];
    for (let k = 0; k < n; k += 1) points.push(alarmValue(store, alarm, { from: run.to - (k + 1) * period, to: run.to - k * period }));
    const newest = points[0];
    const isBreaching = (value: number | undefined): boolean =>
      value !== undefined && breaches(value, Number(alarm.threshold), String(alarm.comparison_operator));
    // With `notBreaching` (every alarm of the platform) a missing datapoint counts as good.
    const missingBreaches = alarm.treat_missing_data === "breaching";
    const count = points.filter((p) => isBreaching(p) || (p === undefined && missingBreaches)).length;
    const now: AlarmState = count >= m ? "ALARM" : "OK";
    const sustained: AlarmState = newest !== undefined ? (isBreaching(newest) ? "ALARM" : "OK") : missingBreaches ? "ALARM" : "OK";
    return { ...base, now, sustained, ...(newest !== undefined ? { value: newest } : { noData: true }) };
  } catch (error) {
    if (!(error instanceof UnsupportedExpression)) throw error;
    return { ...base, now: "OK", sustained: "OK", notEvaluated: error.message };
  }
}

/** Evaluates a composite alarm rule over the states of the alarms it names. */
export function evaluateRule(rule: string, state: (name: string) => AlarmState | undefined): boolean {
  const tokens = rule.match(/\(|\)|"[^"]*"|[A-Za-z_]+/g) ?? [];
  let i = 0;
  const expr = (): boolean => {
    let left = term();
    while (tokens[i]?.toUpperCase() === "OR") {
      i += 1;
      const right = term();
      left = left || right;
    }
    return left;
  };
  const term = (): boolean => {
    let left = factor();
    while (tokens[i]?.toUpperCase() === "AND") {
      i += 1;
      const right = factor();
      left = left && right;
    }
    return left;
  };
  const factor = (): boolean => {
    const token = tokens[i++]!;
    const upper = token.toUpperCase();
    if (upper === "NOT") return !factor();
    if (token === "(") {
      const inner = expr();
      i += 1;
      return inner;
    }
    if (upper === "TRUE") return true;
    if (upper === "FALSE") return false;
    if (["ALARM", "OK", "INSUFFICIENT_DATA"].includes(upper)) {
      i += 1; // (
      const name = tokens[i++]!.replace(/^"|"$/g, "");
      i += 1; // )
      const current = state(name) ?? "OK";
      return upper === "ALARM" ? current === "ALARM" : upper === "OK" ? current === "OK" : false;
    }
    throw new Error(`cannot read composite rule at "${token}": ${rule}`);
  };
  return expr();
}

export function evaluateAlarms(
  store: MetricStore,
  metricAlarms: readonly AlarmDefinition[],
  compositeAlarms: readonly AlarmDefinition[],
  run: Window,
): AlarmVerdict[] {
  const metric = metricAlarms.map((alarm) => evaluateMetricAlarm(store, alarm, run));
  const byName = new Map(metric.map((v) => [v.name, v]));
  const composite = compositeAlarms.map((alarm): AlarmVerdict => {
    const rule = String(alarm.alarm_rule);
    const of = (which: "now" | "sustained") => (name: string) => byName.get(name)?.[which];
    return {
      name: String(alarm.alarm_name),
      kind: "composite",
      tags: (alarm.tags ?? {}) as Record<string, string>,
      now: evaluateRule(rule, of("now")) ? "ALARM" : "OK",
      sustained: evaluateRule(rule, of("sustained")) ? "ALARM" : "OK",
      ...(alarm.actions_suppressor?.alarm ? { suppressedBy: String(alarm.actions_suppressor.alarm) } : {}),
    };
  });
  return [...metric, ...composite];
}
