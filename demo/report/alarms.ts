/**
 * The stack's own alarms, evaluated on the run's data the way CloudWatch evaluates them: each
 * metric alarm's datapoints (period, statistic, metric math), M out of N, the missing-data
 * treatment, the comparison; then the composite alarms' rules. Two verdicts per alarm:
 * - `now`: at the end of the run, with datapoints older than the run missing (as right after a deploy);
 * - `sustained`: as if the run's traffic had gone on for the alarm's whole evaluation range (every
 *   datapoint equal to the run's own value).
 */
import { type MetricStore, pointsIn, statistic } from "../../testing/aws/metric-store";
import { alarmStateAfter } from "../../testing/cloudwatch/alarm-state";
import { type AlarmState, evaluateRule } from "../../testing/cloudwatch/composite-rule";
import { alarmDatapoint, datapointBreaches, type MetricSource, metricAlarmFromTerraform } from "../../testing/cloudwatch/metric-alarm";
import { UnsupportedExpression } from "../../testing/cloudwatch/metric-math";
import type { AlarmDefinition } from "../synthesized-stack";

export type { AlarmState } from "../../testing/cloudwatch/composite-rule";

export interface AlarmVerdict {
  readonly name: string;
  readonly kind: "metric" | "composite";
  readonly tags: Readonly<Record<string, string>>;
  /** Who it notifies: `page` or `ticket`; none for a window alarm that only feeds a composite. */
  readonly severity?: string;
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

/** The alarm's severity: its tag, else the alert topic its actions notify (`...-page`, `...-ticket`). */
function severityOf(definition: AlarmDefinition): string | undefined {
  const tagged = (definition.tags as Record<string, string> | undefined)?.severity;
  if (tagged) return tagged;
  const actions = ((definition.alarm_actions ?? []) as unknown[]).map(String).join(" ");
  return /\bpage\b|-page\b/.exec(actions) ? "page" : /\bticket\b|-ticket\b/.exec(actions) ? "ticket" : undefined;
}

interface Window {
  readonly from: number;
  readonly to: number;
}

/** The run's metrics as CloudWatch would return them: the statistic of the raw values in the window. */
function storeSource(store: MetricStore): MetricSource {
  return {
    read: (metric, window) => statistic(pointsIn(store.find(metric.namespace, metric.metricName, metric.dimensions), window.from, window.to), metric.stat),
  };
}

export function evaluateMetricAlarm(store: MetricStore, definition: AlarmDefinition, run: Window): AlarmVerdict {
  const base = {
    name: String(definition.alarm_name),
    kind: "metric" as const,
    tags: (definition.tags ?? {}) as Record<string, string>,
    ...(severityOf(definition) ? { severity: severityOf(definition) } : {}),
    threshold: definition.threshold,
    comparison: definition.comparison_operator,
  };
  try {
    // The band is learned from two weeks of history: a run of minutes has none.
    if (definition.threshold_metric_id) throw new UnsupportedExpression("anomaly-detection band (needs two weeks of history)");
    const alarm = metricAlarmFromTerraform(definition);
    const source = storeSource(store);
    const period = alarm.periodSeconds * 1000;
    const datapoints = Array.from({ length: alarm.evaluationPeriods }, (_, k) =>
      alarmDatapoint(alarm, source, { from: run.to - (k + 1) * period, to: run.to - k * period }),
    );
    const newest = datapoints[0]!;
    const now: AlarmState = alarmStateAfter(
      datapoints.map((point) => datapointBreaches(alarm, point)),
      alarm.datapointsToAlarm,
      alarm.treatMissingData,
      false,
    )
      ? "ALARM"
      : "OK";
    // As if every datapoint of the evaluation range were the run's own.
    const sustained: AlarmState = alarmStateAfter(
      datapoints.map(() => datapointBreaches(alarm, newest)),
      alarm.datapointsToAlarm,
      alarm.treatMissingData,
      false,
    )
      ? "ALARM"
      : "OK";
    return { ...base, now, sustained, ...(newest.value !== undefined ? { value: newest.value } : { noData: true }) };
  } catch (error) {
    if (!(error instanceof UnsupportedExpression)) throw error;
    return { ...base, now: "OK", sustained: "OK", notEvaluated: error.message };
  }
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
      ...(severityOf(alarm) ? { severity: severityOf(alarm) } : {}),
      now: evaluateRule(rule, of("now")) ? "ALARM" : "OK",
      sustained: evaluateRule(rule, of("sustained")) ? "ALARM" : "OK",
      ...(alarm.actions_suppressor?.alarm ? { suppressedBy: String(alarm.actions_suppressor.alarm) } : {}),
    };
  });
  return [...metric, ...composite];
}
