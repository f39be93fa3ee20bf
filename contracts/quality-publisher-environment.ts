/**
 * The quality publisher's environment: each variable's name, and the thresholds' default and range,
 * declared once. The evaluation layer sets them (modules/evaluation-layer/quality-publisher.ts), the
 * function reads them (functions/quality-publisher/config.ts).
 */
import { EVALUATOR_ENV } from "./evaluator-environment";

/** The publisher's variables, by name. */
export const QUALITY_PUBLISHER_ENV = {
  /** Minimum quality score per `request_type`, a JSON object with a `default` for the others (`QualityThresholds`). */
  qualityThresholds: "QUALITY_THRESHOLDS",
  /** The judge pair's sensitivity and specificity per request type (`PublisherJudgeError`, JSON). */
  judgeError: "JUDGE_ERROR",
  /** The scores table (the evaluator's variable too), where scores published in a batch that then failed are marked `publishedAt`. */
  scoresTableName: EVALUATOR_ENV.scoresTableName,
} as const;

/** The publisher's Powertools service name. */
export const QUALITY_PUBLISHER_SERVICE_NAME = "llm-quality-publisher";

/** The key of `QUALITY_THRESHOLDS` that holds the threshold of request types not listed. */
export const DEFAULT_THRESHOLD_KEY = "default";

/** Quality threshold per request type, with a `default` for the others. */
export type QualityThresholds = Readonly<Record<string, number>> & { readonly [DEFAULT_THRESHOLD_KEY]: number };

/** A quality threshold's range, and the `default` threshold when `QUALITY_THRESHOLDS` is unset. */
export const QUALITY_THRESHOLD = { default: 0.75, min: 0, max: 1 } as const;

/** Whether a threshold is a number in `QUALITY_THRESHOLD`'s range. */
export function isQualityThreshold(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= QUALITY_THRESHOLD.min && value <= QUALITY_THRESHOLD.max;
}

/** `QUALITY_THRESHOLDS` as the module writes it: the per-request-type thresholds, then the default's. */
export function qualityThresholdsValue(perRequestType: Readonly<Record<string, number>>, defaultThreshold: number): string {
  return JSON.stringify({ ...perRequestType, [DEFAULT_THRESHOLD_KEY]: defaultThreshold });
}
