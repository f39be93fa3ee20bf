/**
 * Pure mapping from a score item to CloudWatch datums: every QUALITY_METRICS metric, with each of
 * its catalogue dimension sets, timestamped at the inference's own time.
 */
import { correctedContribution, type PublisherJudgeError } from "../../contracts/judge-error";
import { judgePairId } from "../../contracts/judge-pair";
import { DIMENSIONS, QUALITY_METRICS, type MetricDefinition } from "../../contracts/metric-catalogue";
import { STRATA, type Stratum } from "../../contracts/score-item";
import { InvalidScoreItemError } from "./errors";
import type { Datum, QualityThresholds, ScoreImage } from "./types";

/** CloudWatch accepts data points up to two weeks old and two hours ahead. */
export const MAX_AGE_MS = 14 * 24 * 3600 * 1000;
export const MAX_FUTURE_MS = 2 * 3600 * 1000;
/** Margin so that a record near the edge is not rejected by the time the call lands. */
const EDGE_MARGIN_MS = 10 * 60 * 1000;

export function thresholdFor(requestType: string, thresholds: QualityThresholds): number {
  return Object.hasOwn(thresholds, requestType) ? thresholds[requestType]! : thresholds.default;
}

function isScore(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
}

/** Validates the fields the publisher needs; throws InvalidScoreItemError naming the first bad one. */
export function toScoreImage(item: Record<string, unknown>): ScoreImage {
  const text = (field: string): string => {
    const value = item[field];
    if (typeof value !== "string" || value === "") throw new InvalidScoreItemError(`score item field ${field} is missing`);
    return value;
  };
  const number = (field: string, min: number, max: number): number => {
    const value = item[field];
    if (!isScore(value, min, max)) throw new InvalidScoreItemError(`score item field ${field} must be a number from ${min} to ${max}`);
    return value;
  };
  const inferenceTime = text("inferenceTime");
  if (Number.isNaN(Date.parse(inferenceTime))) throw new InvalidScoreItemError("score item field inferenceTime is not a time");
  if (typeof item.undueRefusal !== "boolean") throw new InvalidScoreItemError("score item field undueRefusal must be a boolean");
  const stratum = text("stratum");
  if (!(STRATA as readonly string[]).includes(stratum)) throw new InvalidScoreItemError(`score item field stratum must be one of ${STRATA.join(", ")}`);
  return {
    eventId: text("eventId"),
    inferenceTime,
    modelName: text("modelName"),
    requestType: text("requestType"),
    judgeModelId: text("judgeModelId"),
    rubricVersion: text("rubricVersion"),
    stratum: stratum as Stratum,
    qualityScore: number("qualityScore", 0, 1),
    factuality: number("factuality", 1, 5),
    completeness: number("completeness", 1, 5),
    toneCompliance: number("toneCompliance", 1, 5),
    undueRefusal: item.undueRefusal,
    judgeCostUsd: number("judgeCostUsd", 0, Number.MAX_SAFE_INTEGER),
  };
}

/** Why a timestamp cannot be published now, or undefined when it can. */
export function timestampProblem(inferenceTime: Date, now: Date): string | undefined {
  const age = now.getTime() - inferenceTime.getTime();
  if (age > MAX_AGE_MS - EDGE_MARGIN_MS) return "inference is older than CloudWatch accepts (two weeks)";
  if (-age > MAX_FUTURE_MS - EDGE_MARGIN_MS) return "inference time is more than two hours ahead";
  return undefined;
}

function dimensionValue(name: string, score: ScoreImage): string {
  if (name === DIMENSIONS.modelName) return score.modelName;
  if (name === DIMENSIONS.requestType) return score.requestType;
  // The judge pair keeps series of different judge models or rubric versions apart.
  if (name === DIMENSIONS.judgePair) return judgePairId(score);
  if (name === DIMENSIONS.stratum) return score.stratum;
  throw new InvalidScoreItemError(`no score item field for dimension ${name}`);
}

/**
 * The dimension sets a score is published in: every set for the random stratum; only the sets with
 * `stratum` for the others, so the sets without it stay an unbiased random sample.
 */
function setsFor(metric: MetricDefinition, score: ScoreImage): readonly (readonly string[])[] {
  if (score.stratum === "random" || metric === QUALITY_METRICS.judgeCost) return metric.dimensionSets;
  return metric.dimensionSets.filter((set) => set.includes(DIMENSIONS.stratum));
}

function datums(metric: MetricDefinition, value: number, score: ScoreImage, timestamp: Date): Datum[] {
  return setsFor(metric, score).map((set) => ({
    MetricName: metric.name,
    Dimensions: set.map((name) => ({ Name: name, Value: dimensionValue(name, score) })),
    Timestamp: timestamp,
    Value: value,
    Unit: metric.unit === "Count" ? "Count" : "None",
  }));
}

/**
 * The score's Rogan–Gladen contribution, when the judge error of its own judge pair and request
 * type is known: a score of another pair (during a promotion) is never corrected with these figures.
 */
function correctedValue(score: ScoreImage, good: boolean, judgeError: PublisherJudgeError | undefined): number | undefined {
  if (!judgeError || judgePairId(score) !== judgeError.judgePair) return undefined;
  const { corrections } = judgeError;
  const correction = Object.hasOwn(corrections, score.requestType) ? corrections[score.requestType] : corrections.default;
  if (!correction) return undefined;
  return correctedContribution(good, { ...correction, sensitivityVariance: 0, specificityVariance: 0 });
}

export function scoreToDatums(score: ScoreImage, thresholds: QualityThresholds, judgeError?: PublisherJudgeError): Datum[] {
  const timestamp = new Date(score.inferenceTime);
  const good = score.qualityScore >= thresholdFor(score.requestType, thresholds) ? 1 : 0;
  const corrected = correctedValue(score, good === 1, judgeError);
  return [
    ...datums(QUALITY_METRICS.qualityScore, score.qualityScore, score, timestamp),
    ...datums(QUALITY_METRICS.factuality, score.factuality, score, timestamp),
    ...datums(QUALITY_METRICS.completeness, score.completeness, score, timestamp),
    ...datums(QUALITY_METRICS.toneCompliance, score.toneCompliance, score, timestamp),
    ...datums(QUALITY_METRICS.undueRefusal, score.undueRefusal ? 1 : 0, score, timestamp),
    ...datums(QUALITY_METRICS.qualityGood, good, score, timestamp),
    ...(corrected === undefined ? [] : datums(QUALITY_METRICS.qualityGoodCorrected, corrected, score, timestamp)),
    ...datums(QUALITY_METRICS.qualityTotal, 1, score, timestamp),
    ...datums(QUALITY_METRICS.judgeCost, score.judgeCostUsd, score, timestamp),
  ];
}
