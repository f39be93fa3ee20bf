/**
 * Sizes a quality SLO's burn-rate windows from the traffic it will see. Quality is sampled (10 % of
 * ordinary answers by default) and split by request type, and its scores arrive minutes late: at
 * the source article's 10,000 requests a day over three request types, one request type gets about 14
 * evaluations an hour, so a 5-minute short window is nearly always empty and a page never fires.
 *
 * The long windows stay the policy's (they define how much budget a page stands for). Each short
 * window is made long enough that, after the data delay, it still holds `coverage` times the minimum
 * number of evaluations at the expected rate, and never shorter than the policy's own (long / 12).
 * A pair whose long window cannot hold that many is infeasible at this volume: it keeps its windows
 * (it fires if traffic turns out higher) and a warning gives the figures.
 */
import { formatDuration, SRE_WORKBOOK_POLICY, type BurnRatePolicyEntry } from "./burn-rate";
import { DEFAULT_SLO_PERIOD_SECONDS } from "./slo";

/** The source article's traffic: 10,000 requests a day per endpoint. */
export const DEFAULT_EXPECTED_REQUESTS_PER_DAY = 10_000;
/** Fewest evaluations a quality window must hold before its burn rate is judged. */
export const DEFAULT_MIN_QUALITY_EVALUATIONS = 5;
/**
 * Expected evaluations in a short window, in multiples of the minimum: at 2x (10 expected for a
 * minimum of 5), a Poisson count falls under the minimum in about 3 % of windows, so a firing
 * page rarely flaps to OK on an unlucky quiet spell.
 */
export const QUALITY_WINDOW_COVERAGE = 2;
/** A total quality failure must page within this long. */
export const FAST_PAGE_TARGET_SECONDS = 3_600;

export interface QualityTraffic {
  /** Requests per day the endpoint serves. */
  readonly requestsPerDay: number;
  /** Share of those requests of this request type, (0, 1]. */
  readonly requestTypeShare: number;
  /** Share of ordinary answers the evaluator judges (the random stratum the SLO counts), (0, 1]. */
  readonly sampleRate: number;
}

export interface QualityWindowOptions {
  /** Seconds a score can reach CloudWatch after its inference. */
  readonly dataDelaySeconds: number;
  /** Objective of the SLO, e.g. 0.95: sets the error ratio each pair fires at. */
  readonly objective: number;
  /** @default 2_592_000 (30 days) */
  readonly periodSeconds?: number;
  /** @default SRE_WORKBOOK_POLICY */
  readonly policy?: readonly BurnRatePolicyEntry[];
  /** @default DEFAULT_MIN_QUALITY_EVALUATIONS (5) */
  readonly minEventsPerWindow?: number;
  /** @default QUALITY_WINDOW_COVERAGE (2) */
  readonly coverage?: number;
}

export interface QualityWindowSizing {
  /** Evaluations of this request type per hour at the expected traffic. */
  readonly evaluationsPerHour: number;
  readonly minEventsPerWindow: number;
  /** The policy with sized short windows. */
  readonly policy: readonly BurnRatePolicyEntry[];
  /**
   * Minutes after a total failure (every answer bad) begins that the first page fires, by the
   * window arithmetic at the expected rate; undefined when no page pair can be judged.
   */
  readonly totalFailurePageMinutes?: number;
  /** What is wrong at this volume, with the figures; empty when a total failure pages within 60 min. */
  readonly warnings: readonly string[];
}

function roundUpTo5Minutes(seconds: number): number {
  return Math.max(300, Math.ceil(seconds / 300) * 300);
}

/** The sized policy of one quality SLO (see the module comment). */
export function sizeQualityWindows(traffic: QualityTraffic, options: QualityWindowOptions): QualityWindowSizing {
  for (const [name, value] of Object.entries(traffic)) {
    if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) throw new Error(`${name} must be a positive number, got ${value}`);
  }
  if (traffic.requestTypeShare > 1 || traffic.sampleRate > 1) {
    throw new Error(`requestTypeShare and sampleRate are shares of at most 1, got ${traffic.requestTypeShare} and ${traffic.sampleRate}`);
  }
  const policy = options.policy ?? SRE_WORKBOOK_POLICY;
  const period = options.periodSeconds ?? DEFAULT_SLO_PERIOD_SECONDS;
  const minEvents = options.minEventsPerWindow ?? DEFAULT_MIN_QUALITY_EVALUATIONS;
  const coverage = options.coverage ?? QUALITY_WINDOW_COVERAGE;
  const delay = options.dataDelaySeconds;
  const perSecond = (traffic.requestsPerDay / 86_400) * traffic.requestTypeShare * traffic.sampleRate;
  const needed = coverage * minEvents;

  let firstPage: number | undefined;
  const infeasible: BurnRatePolicyEntry[] = [];
  const sized = policy.map((entry): BurnRatePolicyEntry => {
    const long = entry.longWindowSeconds;
    const workbookShort = Math.max(60, Math.ceil(long / (entry.shortWindowDivisor ?? 12) / 60) * 60);
    const short = Math.min(long, Math.max(workbookShort, roundUpTo5Minutes(delay + needed / perSecond)));
    const feasible = perSecond * (long - delay) >= needed;
    if (!feasible) infeasible.push(entry);
    if (feasible && entry.severity === "page") {
      // Every answer bad from t = 0: the visible part of the long window, [t - L, t - delay], passes
      // the pair's error ratio once that share of it lies in the incident.
      const errorRatio = ((entry.budgetConsumed * period) / long) * (1 - options.objective);
      const seconds = delay + Math.min(1, errorRatio) * (long - delay);
      firstPage = firstPage === undefined ? seconds : Math.min(firstPage, seconds);
    }
    return { ...entry, shortWindowSeconds: short };
  });

  const evaluationsPerHour = perSecond * 3_600;
  const warnings: string[] = [];
  if (firstPage === undefined || firstPage > FAST_PAGE_TARGET_SECONDS) {
    const sampleRateForFastPage = needed / (FAST_PAGE_TARGET_SECONDS - delay) / ((traffic.requestsPerDay / 86_400) * traffic.requestTypeShare);
    warnings.push(
      `at ${traffic.requestsPerDay} requests a day, a request-type share of ${pct(traffic.requestTypeShare)} and a sample rate of ${pct(traffic.sampleRate)} ` +
        `this SLO gets ${evaluationsPerHour.toFixed(1)} evaluations an hour; a window needs ${minEvents} (x${coverage} expected) after a ${formatDuration(delay)} delay, ` +
        `so ${infeasible.map((e) => `the ${e.severity} pair over ${formatDuration(e.longWindowSeconds)}`).join(" and ")} cannot be judged and ` +
        (firstPage === undefined ? "a total quality failure never pages" : `a total quality failure pages only after about ${Math.round(firstPage / 60)} min`) +
        `; a page within ${FAST_PAGE_TARGET_SECONDS / 60} min needs a sample rate of at least ${pct(Math.min(1, sampleRateForFastPage))} (or more traffic)`,
    );
  }
  return {
    evaluationsPerHour,
    minEventsPerWindow: minEvents,
    policy: sized,
    ...(firstPage !== undefined ? { totalFailurePageMinutes: firstPage / 60 } : {}),
    warnings,
  };
}

function pct(share: number): string {
  return `${Number((share * 100).toPrecision(3))}%`;
}
