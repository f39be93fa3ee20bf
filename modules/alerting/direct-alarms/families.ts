/**
 * The families of direct alarms: the switches a caller turns off as a whole, and whether each is
 * on when its switch is left out. Which kinds belong to a family is in `kinds.ts`.
 */

/**
 * Switches for the families of direct alarms; a family left out (or `true`) is created. Turn a
 * family off where another tool already watches it, not to silence a noisy alarm: tune its
 * threshold or severity instead.
 */
export interface DirectAlarmFamilies {
  /** GPU memory pressure (`gpuMemory`). @default true */
  readonly gpu?: boolean;
  /** ModelLatency P99/P50 contention and TTFT P95 (`latencyContention`, `ttftP95`). @default true */
  readonly latency?: boolean;
  /** The largest prompt of a 5-minute period above its learned band, a sign of prompt stuffing (`promptTokensAnomaly`). @default true */
  readonly promptAnomaly?: boolean;
  /**
   * Prefix-cache hit rate below its minimum (`cacheHitRate`). Off by default: the LMI container's
   * `jsonlines` output reports no cached tokens per request, so `cache_hit_rate` has no datapoints
   * and the alarm could never fire (see docs/known-limits.md). Turn it on only where the container's output
   * carries OpenAI-style `usage.prompt_tokens_details.cached_tokens`.
   * @default false
   */
  readonly cacheHitRate?: boolean;
  /** A non-empty dead-letter queue, one alarm per `deadLetterQueueNames` entry (`deadLetterQueue`). @default true */
  readonly deadLetterQueues?: boolean;
  /** Errors and throttles of each of `functionNames` (`lambdaErrors`, `lambdaThrottles`). @default true */
  readonly lambda?: boolean;
  /** Firehose delivery failures and stale data of `deliveryStreamName` (`firehoseDeliveryFailure`, `firehoseDataFreshness`). @default true */
  readonly firehose?: boolean;
  /** Judge (Bedrock) spend over the daily budget (`judgeSpend`). @default true */
  readonly judgeSpend?: boolean;
  /**
   * The current judge pair's golden-set calibration: kappa under its floor, a bias figure over its
   * ceiling, or a failed run (`judgeCalibrationKappa`, `judgeCalibrationBias`, `judgeCalibrationFailed`);
   * created when `judgeCalibration` is given.
   * @default true
   */
  readonly judgeCalibration?: boolean;
  /**
   * Client data kept out of the judge: PII canary leaks and a canary no longer evaluated (pages), records
   * the last check stopped (ticket) (`piiCanaryLeak`, `piiCanaryMissing`, `piiSurvivedMasking`); created when `piiGuard` is given.
   * @default true
   */
  readonly piiGuard?: boolean;
}

/** A family of direct alarms that can be switched off as a whole. */
export type DirectAlarmFamily = keyof DirectAlarmFamilies;

/** Whether a family is created when its switch is left out, in the order the alarms are created. */
export const DIRECT_ALARM_FAMILY_DEFAULTS: Readonly<Record<DirectAlarmFamily, boolean>> = {
  gpu: true,
  latency: true,
  promptAnomaly: true,
  cacheHitRate: false,
  deadLetterQueues: true,
  lambda: true,
  firehose: true,
  judgeSpend: true,
  judgeCalibration: true,
  piiGuard: true,
};

/** The direct families, in creation order. */
export const DIRECT_ALARM_FAMILY_NAMES = Object.keys(DIRECT_ALARM_FAMILY_DEFAULTS) as DirectAlarmFamily[];

/** Whether `family` is created under the switches `families`. */
export function familyIsOn(families: DirectAlarmFamilies | undefined, family: DirectAlarmFamily): boolean {
  return families?.[family] ?? DIRECT_ALARM_FAMILY_DEFAULTS[family];
}

/** Throws on a family switch that is not a known family or not a boolean (plain JavaScript callers, typos). */
export function validateAlarmFamilies(families: object | undefined, known: readonly string[]): void {
  for (const [family, on] of Object.entries(families ?? {})) {
    if (!known.includes(family)) throw new Error(`unknown alarm family "${family}"; use one of ${known.join(", ")}`);
    if (on !== undefined && typeof on !== "boolean") throw new Error(`alarm family ${family} must be true or false, got ${JSON.stringify(on)}`);
  }
}
