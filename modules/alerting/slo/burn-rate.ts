/**
 * Burn-rate arithmetic of the SRE workbook ("Alerting on SLOs", multiwindow, multi-burn-rate
 * alerts), as pure functions. The alarm construct, the simulator and the README table all call
 * these, so what is documented is what is deployed.
 *
 * Burn rate = observed error ratio / error budget ratio (1 - objective). Spending a share `b` of
 * the budget of a period `T` within a window `w` means a burn rate of `b * T / w`: 2 % of a 30-day
 * budget in one hour is 0.02 * 720 h / 1 h = 14.4.
 */
import { DAY_SECONDS, sloPeriodSeconds, type BurnRatePolicyEntry, type Severity, type Slo } from "./slo";

export type { BurnRatePolicyEntry };

/**
 * The workbook's recommendation for a 30-day SLO: page on 2 % of budget in 1 h or 5 % in 6 h,
 * ticket on 10 % in 1 day or 10 % in 3 days. Factors are derived, not written here.
 */
export const SRE_WORKBOOK_POLICY: readonly BurnRatePolicyEntry[] = [
  { severity: "page", budgetConsumed: 0.02, longWindowSeconds: 3_600 },
  { severity: "page", budgetConsumed: 0.05, longWindowSeconds: 6 * 3_600 },
  { severity: "ticket", budgetConsumed: 0.1, longWindowSeconds: DAY_SECONDS },
  { severity: "ticket", budgetConsumed: 0.1, longWindowSeconds: 3 * DAY_SECONDS },
];

/** How a CloudWatch metric alarm samples a window (sliding, evaluated every minute). */
export interface AlarmShape {
  /** Period of each datapoint, seconds (a multiple of 60). */
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  /** Breaching datapoints among `evaluationPeriods` needed to alarm. */
  readonly datapointsToAlarm: number;
}

/** A long/short window pair with its derived factor, ready to become two alarms. */
export interface BurnRateWindow {
  readonly severity: Severity;
  readonly budgetConsumed: number;
  readonly longWindowSeconds: number;
  readonly shortWindowSeconds: number;
  /** Burn rate both windows must exceed. */
  readonly factor: number;
  /** The same as an error ratio: `factor * (1 - objective)`. */
  readonly errorRatioThreshold: number;
  readonly longShape: AlarmShape;
  readonly shortShape: AlarmShape;
}

export interface BurnRateOptions {
  /**
   * Alerting policy.
   * @default SRE_WORKBOOK_POLICY
   */
  readonly policy?: readonly BurnRatePolicyEntry[];
  /**
   * Seconds after an event during which its data may still arrive; see `lateDataShortShape`.
   * @default 0
   */
  readonly dataDelaySeconds?: number;
}

/** Longest period of a metric-math alarm datapoint used here: one day. */
export const MAX_ALARM_PERIOD_SECONDS = DAY_SECONDS;
/** PutMetricAlarm: period x evaluation periods at most 7 days (1 day when the period is under 1 h). */
export const MAX_EVALUATION_RANGE_SECONDS = 7 * DAY_SECONDS;
export const MAX_SHORT_PERIOD_EVALUATION_RANGE_SECONDS = DAY_SECONDS;

/** Burn rate that spends `budgetConsumed` of a `periodSeconds` budget within `windowSeconds`. */
export function burnRateFactor(budgetConsumed: number, periodSeconds: number, windowSeconds: number): number {
  return (budgetConsumed * periodSeconds) / windowSeconds;
}

/** Burn rate of an observed window: error ratio over the error budget ratio. */
export function burnRate(good: number, total: number, objective: number): number | undefined {
  if (total <= 0) return undefined;
  return (1 - good / total) / (1 - objective);
}

/**
 * How an alarm samples a window within PutMetricAlarm's limits: a window of up to one day is one
 * datapoint of that period; a longer window (a whole number of days, at most 7) is that many daily
 * datapoints that must all breach. The latter is stricter than the window's average (every day
 * must burn, not the days on balance), so it fires later or not at all for a burn that is uneven
 * across days; the one-day ticket window catches those.
 */
export function alarmShape(windowSeconds: number): AlarmShape {
  if (!Number.isInteger(windowSeconds) || windowSeconds <= 0 || windowSeconds % 60 !== 0) {
    throw new Error(`alarm window must be a positive whole number of minutes, got ${windowSeconds} s`);
  }
  if (windowSeconds <= MAX_ALARM_PERIOD_SECONDS) {
    return { periodSeconds: windowSeconds, evaluationPeriods: 1, datapointsToAlarm: 1 };
  }
  if (windowSeconds % DAY_SECONDS !== 0 || windowSeconds > MAX_EVALUATION_RANGE_SECONDS) {
    throw new Error(`alarm window over one day must be 2 to 7 whole days, got ${windowSeconds / DAY_SECONDS} days`);
  }
  const days = windowSeconds / DAY_SECONDS;
  return { periodSeconds: DAY_SECONDS, evaluationPeriods: days, datapointsToAlarm: days };
}

/**
 * Short-window shape for data that arrives up to `dataDelaySeconds` late (quality scores are
 * published at the inference's timestamp, minutes after it). CloudWatch metric math cannot shift a
 * window back in time, so the short window is made at least as long as the delay and judged as two
 * consecutive datapoints that must both breach: the older one, `[t - 2s, t - s]`, lies wholly past
 * the delay, so a page never rests on a window whose data may still be arriving alone.
 */
export function lateDataShortShape(shortWindowSeconds: number, dataDelaySeconds: number): AlarmShape {
  const period = Math.max(shortWindowSeconds, roundUpToMinute(dataDelaySeconds));
  if (period >= 3_600 ? 2 * period > MAX_EVALUATION_RANGE_SECONDS : 2 * period > MAX_SHORT_PERIOD_EVALUATION_RANGE_SECONDS) {
    throw new Error(`late-data short window of ${period} s exceeds the alarm evaluation range limit`);
  }
  return { periodSeconds: period, evaluationPeriods: 2, datapointsToAlarm: 2 };
}

/**
 * The policy's window pairs for an objective and period, with derived factors.
 * Throws when a pair could never fire (error ratio threshold above 1) or breaks the alarm limits.
 */
export function deriveBurnRateWindows(objective: number, periodSeconds: number, options: BurnRateOptions = {}): BurnRateWindow[] {
  if (!(objective > 0 && objective < 1)) {
    throw new Error(`objective must be strictly between 0 and 1, got ${objective}`);
  }
  if (!(periodSeconds > 0)) throw new Error(`slo period must be positive, got ${periodSeconds} s`);
  const delay = options.dataDelaySeconds ?? 0;
  if (delay < 0) throw new Error(`data delay must be zero or more, got ${delay} s`);
  const policy = options.policy ?? SRE_WORKBOOK_POLICY;
  return policy.map((entry) => {
    const divisor = entry.shortWindowDivisor ?? 12;
    if (entry.longWindowSeconds >= periodSeconds) {
      throw new Error(`long window ${entry.longWindowSeconds} s must be shorter than the slo period ${periodSeconds} s`);
    }
    if (!(entry.budgetConsumed > 0 && entry.budgetConsumed <= 1)) {
      throw new Error(`budget consumed must be in (0, 1], got ${entry.budgetConsumed}`);
    }
    const explicitShort = entry.shortWindowSeconds;
    if (explicitShort !== undefined && !(explicitShort > 0 && explicitShort <= entry.longWindowSeconds)) {
      throw new Error(`short window ${explicitShort} s must be positive and at most the long window ${entry.longWindowSeconds} s`);
    }
    const shortWindowSeconds = explicitShort ?? roundUpToMinute(entry.longWindowSeconds / divisor);
    const factor = burnRateFactor(entry.budgetConsumed, periodSeconds, entry.longWindowSeconds);
    const errorRatioThreshold = factor * (1 - objective);
    if (errorRatioThreshold > 1) {
      throw new Error(
        `burn rate ${round(factor)} over ${formatDuration(entry.longWindowSeconds)} needs an error ratio of ${round(errorRatioThreshold)}, above 1, ` +
          `so it can never fire: raise the objective (${objective}) or lower the budget share (${entry.budgetConsumed})`,
      );
    }
    // An explicit short window was sized with the delay in mind: one datapoint of it.
    const lateShape = delay > 0 && explicitShort === undefined;
    const shortShape = lateShape ? lateDataShortShape(shortWindowSeconds, delay) : alarmShape(shortWindowSeconds);
    return {
      severity: entry.severity,
      budgetConsumed: entry.budgetConsumed,
      longWindowSeconds: entry.longWindowSeconds,
      // With late data each short datapoint is widened to cover the delay.
      shortWindowSeconds: lateShape ? shortShape.periodSeconds : shortWindowSeconds,
      factor,
      errorRatioThreshold,
      longShape: alarmShape(entry.longWindowSeconds),
      shortShape,
    };
  });
}

/**
 * The window pairs of an SLO's alarms: its own `policy` when it has one, else `fallback`. The
 * alarm construct, the SLO table and the replay all call this.
 */
export function sloWindows(slo: Slo, fallback: readonly BurnRatePolicyEntry[] = SRE_WORKBOOK_POLICY): BurnRateWindow[] {
  return deriveBurnRateWindows(slo.objective, sloPeriodSeconds(slo), { policy: slo.policy ?? fallback, dataDelaySeconds: slo.dataDelaySeconds ?? 0 });
}

/** The threshold a window alarm is created with: the factor, rounded to 3 decimals. */
export function alarmThreshold(window: Pick<BurnRateWindow, "factor">): number {
  return Math.round(window.factor * 1000) / 1000;
}

/** `3600` -> `1h`, `300` -> `5m`, `259200` -> `3d`, `5400` -> `1h30m`. */
export function formatDuration(seconds: number): string {
  if (seconds % DAY_SECONDS === 0) return `${seconds / DAY_SECONDS}d`;
  const hours = Math.floor(seconds / 3_600);
  const minutes = Math.round((seconds % 3_600) / 60);
  if (hours === 0) return `${minutes}m`;
  return minutes === 0 ? `${hours}h` : `${hours}h${minutes}m`;
}

function roundUpToMinute(seconds: number): number {
  return Math.max(60, Math.ceil(seconds / 60) * 60);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
