import type { MetricDefinition } from "../../../contracts/metric-catalogue";

/** Who is told when an alarm fires: `page` wakes someone up, `ticket` is handled in working hours. */
export type Severity = "page" | "ticket";

/**
 * How an alarm treats a window with no datapoint (CloudWatch `treat_missing_data`): `notBreaching`
 * counts it as good, so an alarm returns to OK once traffic stops; `ignore` keeps the last state.
 */
export type MissingDataTreatment = "notBreaching" | "ignore";

/** One row of an alerting policy: how much budget spent how fast warrants which severity. */
export interface BurnRatePolicyEntry {
  readonly severity: Severity;
  /** Share of the period's error budget spent within the long window, e.g. `0.02`. */
  readonly budgetConsumed: number;
  /** Long window, seconds: the spend is measured over it. */
  readonly longWindowSeconds: number;
  /**
   * Long window divided by this is the short window, which makes the alert reset soon after the
   * burn stops.
   * @default 12 (the workbook's 1 h / 5 min)
   */
  readonly shortWindowDivisor?: number;
  /**
   * The short window, seconds, when it is sized otherwise (to hold enough events of a sparse SLI,
   * late data included): one datapoint of this period, and `shortWindowDivisor` is not used.
   * @default - long window / shortWindowDivisor
   */
  readonly shortWindowSeconds?: number;
}

/** Seconds in a day, the unit SLO periods are usually written in. */
export const DAY_SECONDS = 86_400;

/**
 * One CloudWatch metric an SLI reads, with the statistic and the dimension values that select
 * a single series. The id is the metric-math name used in `good` and `total`.
 */
export interface SliMetricQuery {
  /** Metric-math id: starts with a lower-case letter, then letters, digits or `_`. */
  readonly id: string;
  /** Catalogue entry of the metric (namespace, name, dimension sets). */
  readonly metric: MetricDefinition;
  /** Dimension values; the names must be one of the metric's dimension sets exactly. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** CloudWatch statistic, e.g. `Sum`, `SampleCount`, `PR(:1500)`. */
  readonly stat: string;
}

/**
 * A service level indicator as two metric-math expressions over `queries`: the number of good
 * events and the number of all events in a window. The SLI is `good / total`.
 */
export interface Sli {
  /** The metrics the expressions read. */
  readonly queries: readonly SliMetricQuery[];
  /** Metric-math expression for good events, e.g. `requests - failed`. */
  readonly good: string;
  /** Metric-math expression for all events, e.g. `requests`. */
  readonly total: string;
  /** One line for people: what counts as good. */
  readonly description: string;
}

/** An objective over a rolling period, judged by multi-window, multi-burn-rate alarms. */
export interface Slo {
  /** Kebab-case, unique within an environment; part of alarm names, e.g. `availability`. */
  readonly name: string;
  readonly sli: Sli;
  /** Share of good events to hold, strictly between 0 and 1, e.g. `0.995`. */
  readonly objective: number;
  /**
   * Rolling period of the objective, in seconds.
   * @default 2_592_000 (30 days)
   */
  readonly periodSeconds?: number;
  /** Runbook family (file `runbooks/<family>.md`) linked from this SLO's alarms. */
  readonly runbookFamily: string;
  /** What a breach means and its likely causes, written into every alarm description. */
  readonly breachMeaning: string;
  /**
   * How long after an event its data can still arrive (seconds). Above zero, the alarms use the
   * late-data settings described in `burn-rate.ts` (`lateDataShape`).
   * @default 0
   */
  readonly dataDelaySeconds?: number;
  /**
   * Fewest events a window must hold before its burn rate is judged; below it the window has
   * no datapoint. Guards sparse, sampled SLIs (quality) against one bad evaluation paging.
   * @default 1
   */
  readonly minEventsPerWindow?: number;
  /**
   * The SLO's own burn-rate windows, e.g. short windows sized to hold enough sampled evaluations
   * (`sizeQualityWindows`). Wins over the alarm construct's `policy`.
   * @default - the construct's policy (SRE_WORKBOOK_POLICY)
   */
  readonly policy?: readonly BurnRatePolicyEntry[];
  /**
   * Missing-data treatment of the window alarms. `notBreaching` lets an alarm return to OK when
   * traffic stops; `ignore` would hold a page overnight.
   * @default "notBreaching"
   */
  readonly treatMissingData?: MissingDataTreatment;
  /**
   * Problems found while building the SLO (e.g. too little traffic for a fast page), with figures.
   * `Alerting` turns each into a synth warning.
   * @default []
   */
  readonly warnings?: readonly string[];
}

/** The 30-day period the SRE workbook's factors are written for. */
export const DEFAULT_SLO_PERIOD_SECONDS = 30 * DAY_SECONDS;

/** `periodSeconds` of an SLO with its default applied. */
export function sloPeriodSeconds(slo: Slo): number {
  return slo.periodSeconds ?? DEFAULT_SLO_PERIOD_SECONDS;
}
