/**
 * Replays a good/total time series through the burn-rate alarms the way CloudWatch evaluates them
 * (sliding windows, evaluated every minute, M of N datapoints, missing-data treatment) and the
 * composite rules (long AND short per pair, pairs OR-ed per severity, ticket suppressed while the
 * page fires). Pure: the simulator script and tests drive it with synthetic series.
 */
import { burnRate, formatDuration, type AlarmShape, type BurnRateWindow } from "./burn-rate";
import type { MissingDataTreatment, Severity } from "./slo";

/** One minute of SLI events. */
export interface MinuteSample {
  readonly good: number;
  readonly total: number;
}


export interface ReplayOptions {
  readonly objective: number;
  readonly windows: readonly BurnRateWindow[];
  /** @default 1 */
  readonly minEventsPerWindow?: number;
  /** @default "notBreaching" */
  readonly treatMissingData?: MissingDataTreatment;
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

/** Replays `series` (one sample per minute, oldest first) and reports when each severity fires. */
export function replayBurnRateAlarms(series: readonly MinuteSample[], options: ReplayOptions): ReplayResult {
  const minEvents = options.minEventsPerWindow ?? 1;
  const treatMissing = options.treatMissingData ?? "notBreaching";
  const goodPrefix = prefixSums(series.map((s) => s.good));
  const totalPrefix = prefixSums(series.map((s) => s.total));
  const sum = (prefix: number[], from: number, to: number) => prefix[Math.max(0, to)]! - prefix[Math.max(0, from)]!;

  const children = options.windows.flatMap((window) =>
    (["long", "short"] as const).map((which) => ({
      window,
      which,
      label: childAlarmLabel(window, which),
      shape: which === "long" ? window.longShape : window.shortShape,
      inAlarm: false,
    })),
  );

  const datapointBreaches = (end: number, shape: AlarmShape, factor: number): boolean | undefined => {
    const minutes = shape.periodSeconds / 60;
    const total = sum(totalPrefix, end - minutes, end);
    if (total < minEvents) return undefined;
    const rate = burnRate(sum(goodPrefix, end - minutes, end), total, options.objective);
    return rate !== undefined && rate > factor;
  };

  const transitions: { minute: number; alarm: string; state: "ALARM" | "OK" }[] = [];
  const timeline: Record<Severity, { alarmMinutes: number[]; notifiedMinutes: number[] }> = {
    page: { alarmMinutes: [], notifiedMinutes: [] },
    ticket: { alarmMinutes: [], notifiedMinutes: [] },
  };

  for (let minute = 0; minute < series.length; minute++) {
    const end = minute + 1;
    for (const child of children) {
      const { shape } = child;
      const points: (boolean | undefined)[] = [];
      for (let k = 0; k < shape.evaluationPeriods; k++) {
        points.push(datapointBreaches(end - (k * shape.periodSeconds) / 60, shape, child.window.factor));
      }
      const breaching = points.filter((p) => p === true).length;
      const present = points.filter((p) => p !== undefined).length;
      // Fewer real datapoints than M cannot decide either way: `ignore` keeps the state (as
      // CloudWatch does), `notBreaching` counts the gaps as good.
      const undecided = present < shape.datapointsToAlarm && treatMissing === "ignore";
      const next = breaching >= shape.datapointsToAlarm ? true : undecided ? child.inAlarm : false;
      if (next !== child.inAlarm) transitions.push({ minute, alarm: child.label, state: next ? "ALARM" : "OK" });
      child.inAlarm = next;
    }
    const severityInAlarm = (severity: Severity) =>
      options.windows.some(
        (window) => window.severity === severity && children.filter((c) => c.window === window).every((c) => c.inAlarm),
      );
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
