/**
 * How a CloudWatch metric alarm turns datapoints into a state: the comparison with its threshold,
 * then M of the last N datapoints, with its missing-data treatment. Shared by the replay table
 * (every minute of a synthetic series) and the demo (the end of a run).
 */
import { UnsupportedExpression } from "./metric-math-parser";

/** `treat_missing_data` of a metric alarm. */
export type MissingDataTreatment = "notBreaching" | "breaching" | "ignore" | "missing";

/**
 * True when `value` breaches `threshold` under `comparison`. For a band alarm
 * (`GreaterThanUpperThreshold`), `threshold` is the band's upper edge at that datapoint.
 */
export function breachesThreshold(value: number, threshold: number, comparison: string): boolean {
  switch (comparison) {
    case "GreaterThanThreshold":
    case "GreaterThanUpperThreshold":
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

/**
 * Whether the alarm is in ALARM after one evaluation, from its last N datapoints (newest first or
 * not: only counts matter): true breaches, false does not, undefined is missing. M must breach. A
 * missing datapoint breaches under `breaching` and counts as good under `notBreaching` and
 * `missing`; under `ignore`, fewer than M real datapoints cannot decide, and the alarm keeps
 * `inAlarm`, its state before.
 */
export function alarmStateAfter(
  points: readonly (boolean | undefined)[],
  datapointsToAlarm: number,
  treatMissingData: MissingDataTreatment,
  inAlarm: boolean,
): boolean {
  let breaching = 0;
  let present = 0;
  for (const point of points) {
    if (point !== undefined) present += 1;
    if (point === true || (point === undefined && treatMissingData === "breaching")) breaching += 1;
  }
  if (breaching >= datapointsToAlarm) return true;
  return present < datapointsToAlarm && treatMissingData === "ignore" ? inAlarm : false;
}

/** How one metric alarm evaluates, read from its config. */
export interface ThresholdAlarmShape {
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** @default "notBreaching" */
  readonly treatMissingData?: MissingDataTreatment;
}

/**
 * Minutes (of `minutes`, evaluated every minute) at which a metric alarm is in ALARM.
 * `breaches(from, to)` judges the datapoint of minutes `[from, to)`: true when it breaches, false
 * when not, undefined when there is none.
 */
export function replayThresholdAlarm(
  minutes: number,
  shape: ThresholdAlarmShape,
  breaches: (from: number, to: number) => boolean | undefined,
): readonly number[] {
  const period = shape.periodSeconds / 60;
  const treatMissing = shape.treatMissingData ?? "notBreaching";
  const alarmMinutes: number[] = [];
  const points: (boolean | undefined)[] = new Array(shape.evaluationPeriods);
  let inAlarm = false;
  for (let minute = 0; minute < minutes; minute++) {
    const end = minute + 1;
    for (let k = 0; k < shape.evaluationPeriods; k++) points[k] = breaches(end - (k + 1) * period, end - k * period);
    inAlarm = alarmStateAfter(points, shape.datapointsToAlarm, treatMissing, inAlarm);
    if (inAlarm) alarmMinutes.push(minute);
  }
  return alarmMinutes;
}
