/**
 * Replays a good/total time series through the burn-rate alarms the way CloudWatch evaluates them
 * (sliding windows, evaluated every minute, M of N datapoints, missing-data treatment) and the
 * composite rules (long AND short per pair, pairs OR-ed per severity, ticket suppressed while the
 * page fires). Late data is modelled: with a delay of d minutes, a window evaluated at minute m
 * sees only the events of minutes before m + 1 - d. Pure: the replay script and tests drive it with
 * synthetic series.
 */
import { burnRate, formatDuration, type AlarmShape, type BurnRateWindow } from "../../modules/alerting/slo/burn-rate";
import type { Severity } from "../../modules/alerting/slo/slo";
import { alarmStateAfter, type MissingDataTreatment } from "./alarm-state";

/** One minute of SLI events. */
export interface MinuteSample {
  readonly good: number;
  readonly total: number;
}

/**
 * Good and total events of minutes `[from, to)` (indexes into the series), or undefined where the
 * SLI has no datapoint there (no traffic).
 */
export type SliWindow = (from: number, to: number) => { readonly good: number; readonly total: number } | undefined;

export interface ReplayOptions {
  readonly objective: number;
  readonly windows: readonly BurnRateWindow[];
  /** @default 1 */
  readonly minEventsPerWindow?: number;
  /** @default "notBreaching" */
  readonly treatMissingData?: MissingDataTreatment;
  /**
   * Minutes an event's data takes to reach CloudWatch: a window evaluated at minute m sees only
   * minutes before m + 1 - delay.
   * @default 0
   */
  readonly dataDelayMinutes?: number;
  /**
   * Judges one window alarm's datapoint over minutes `[from, to)` (the delay already applied): true
   * when its burn rate is above the alarm's threshold, undefined when it has no datapoint. The
   * replay passes the deployed metric math here.
   * @default - the burn rate of `series` against the window's factor, with `minEventsPerWindow`
   */
  readonly datapoint?: (from: number, to: number, window: BurnRateWindow, which: "long" | "short") => boolean | undefined;
}

export interface SeverityTimeline {
  /** Minutes (index into the series) at which the severity's composite alarm was in ALARM. */
  readonly alarmMinutes: readonly number[];
  /** Minutes at which it would have notified (in ALARM and not suppressed). */
  readonly notifiedMinutes: readonly number[];
}

export interface ReplayResult {
  readonly page: SeverityTimeline;
  readonly ticket: SeverityTimeline;
  /** Child alarm transitions, for a readable trace. */
  readonly transitions: readonly { readonly minute: number; readonly alarm: string; readonly state: "ALARM" | "OK" }[];
}

/** Name of a child alarm in traces, e.g. `page 14.4x 1h`. */
export function childAlarmLabel(window: BurnRateWindow, which: "long" | "short"): string {
  const seconds = which === "long" ? window.longWindowSeconds : window.shortWindowSeconds;
  return `${window.severity} ${Math.round(window.factor * 100) / 100}x ${formatDuration(seconds)}`;
}

/** Sums of a one-sample-per-minute series as an `SliWindow` (a window with no events has no datapoint). */
export function seriesWindow(series: readonly MinuteSample[]): SliWindow {
  const goodPrefix = prefixSums(series.map((s) => s.good));
  const totalPrefix = prefixSums(series.map((s) => s.total));
  const clamp = (i: number) => Math.min(series.length, Math.max(0, i));
  return (from, to) => {
    const total = totalPrefix[clamp(to)]! - totalPrefix[clamp(from)]!;
    return total > 0 ? { good: goodPrefix[clamp(to)]! - goodPrefix[clamp(from)]!, total } : undefined;
  };
}

/**
 * Replays `series` (one sample per minute, oldest first, or `minutes` of an `SliWindow`) and reports
 * when each severity fires.
 */
export function replayBurnRateAlarms(
  series: readonly MinuteSample[] | { readonly minutes: number; readonly window: SliWindow },
  options: ReplayOptions,
): ReplayResult {
  const minEvents = options.minEventsPerWindow ?? 1;
  const treatMissing = options.treatMissingData ?? "notBreaching";
  const delay = options.dataDelayMinutes ?? 0;
  const source = Array.isArray(series) ? { minutes: series.length, window: seriesWindow(series) } : (series as { minutes: number; window: SliWindow });

  const children = options.windows.flatMap((window) =>
    (["long", "short"] as const).map((which) => ({
      window,
      which,
      label: childAlarmLabel(window, which),
      shape: which === "long" ? window.longShape : window.shortShape,
      inAlarm: false,
    })),
  );

  const datapointBreaches = (end: number, shape: AlarmShape, factor: number, window: BurnRateWindow, which: "long" | "short"): boolean | undefined => {
    const minutes = shape.periodSeconds / 60;
    if (options.datapoint) return options.datapoint(end - minutes, end - delay, window, which);
    const sli = source.window(end - minutes, end - delay);
    if (sli === undefined || sli.total < minEvents) return undefined;
    const rate = burnRate(sli.good, sli.total, options.objective);
    return rate !== undefined && rate > factor;
  };

  const transitions: { minute: number; alarm: string; state: "ALARM" | "OK" }[] = [];
  const timeline: Record<Severity, { alarmMinutes: number[]; notifiedMinutes: number[] }> = {
    page: { alarmMinutes: [], notifiedMinutes: [] },
    ticket: { alarmMinutes: [], notifiedMinutes: [] },
  };

  for (let minute = 0; minute < source.minutes; minute++) {
    const end = minute + 1;
    for (const child of children) {
      const { shape } = child;
      const points: (boolean | undefined)[] = [];
      for (let k = 0; k < shape.evaluationPeriods; k++) {
        points.push(datapointBreaches(end - (k * shape.periodSeconds) / 60, shape, child.window.factor, child.window, child.which));
      }
      const next = alarmStateAfter(points, shape.datapointsToAlarm, treatMissing, child.inAlarm);
      if (next !== child.inAlarm) transitions.push({ minute, alarm: child.label, state: next ? "ALARM" : "OK" });
      child.inAlarm = next;
    }
    const severityInAlarm = (severity: Severity) =>
      options.windows.some((window) => window.severity === severity && children.filter((c) => c.window === window).every((c) => c.inAlarm));
    const page = severityInAlarm("page");
    const ticket = severityInAlarm("ticket");
    if (page) {
      timeline.page.alarmMinutes.push(minute);
      timeline.page.notifiedMinutes.push(minute);
    }
    if (ticket) {
      timeline.ticket.alarmMinutes.push(minute);
      // The ticket composite names the page composite as its actions suppressor.
      if (!page) timeline.ticket.notifiedMinutes.push(minute);
    }
  }
  return { page: timeline.page, ticket: timeline.ticket, transitions };
}

function prefixSums(values: readonly number[]): number[] {
  const out = [0];
  for (const value of values) out.push(out[out.length - 1]! + value);
  return out;
}
