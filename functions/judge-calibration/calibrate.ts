/**
 * A calibration run: every golden item goes through the evaluator's own masking and judge code,
 * and the judge's verdicts are compared with the human consensus per rubric dimension, with the
 * bias probes (length, padding, refusals). The figures become the calibration record.
 */
import {
  CALIBRATION_RECORD_SCHEMA_VERSION,
  CALIBRATION_RECORD_TYPE,
  evaluateCalibration,
  ORDINAL_DIMENSIONS,
  type BiasProbes,
  type CalibrationFigures,
  type CalibrationRecord,
  type CalibrationThresholds,
  type DimensionAgreement,
  type GoldenSetSummary,
  type JudgeService,
  type RubricDimension,
} from "../../contracts/calibration-record";
import { MIN_ITEMS_PER_CLASS, verdictAgreement } from "../../contracts/judge-error";
import { judgePairId, type JudgePair } from "../../contracts/judge-pair";
import { maskJudgeInput } from "../evaluator/judge-input";
import { rubricFingerprint, rubricFor } from "../evaluator/judge/rubrics";
import { qualityScore } from "../evaluator/judge/score-math";
import { Limiter } from "../evaluator/limiter";
import type { PiiEntityDetector } from "../evaluator/pii/masker";
import type { Judge } from "../evaluator/ports";
import type { RubricScores } from "../evaluator/types";
import type { GoldenItem } from "./golden-set";
import {
  BINARY_SCALE,
  FIVE_POINT_SCALE,
  exactAgreement,
  kappaWithInterval,
  lowerMedian,
  meanSignedDifference,
  pooledPairwiseAgreement,
  seedFrom,
  spearman,
  withinOneAgreement,
} from "./statistics";

/** One golden item after the judge: its verdict, or why there is none. */
export interface JudgedItem {
  readonly item: GoldenItem;
  readonly verdict?: RubricScores;
  readonly error?: string;
}

/** Judge and human on one item, for the report. */
export interface ItemComparison {
  readonly id: string;
  readonly category: string;
  readonly requestType: string;
  readonly responseChars: number;
  readonly human: RubricScores;
  readonly judge: RubricScores;
}

/** One padded copy against its original. */
export interface PaddedPair {
  readonly originalId: string;
  readonly paddedId: string;
  /** Judge score of the copy minus the original, summed over the 1-5 dimensions. */
  readonly judgeGapPoints: number;
  readonly humanGapPoints: number;
}

export interface CalibrationFiguresDetail extends CalibrationFigures {
  readonly comparisons: readonly ItemComparison[];
  readonly paddedPairs: readonly PaddedPair[];
  readonly failed: readonly { readonly id: string; readonly error: string }[];
}

const toNumber = (scores: RubricScores, dimension: RubricDimension): number =>
  dimension === "undueRefusal" ? (scores.undueRefusal ? 1 : 0) : scores[dimension];

/**
 * The human reference score of an item: per dimension the lower median of its ratings (with two
 * raters who disagree, the stricter one), and for the refusal label the lower median of 0/1 (a tie
 * is "not undue").
 */
export function humanConsensus(item: GoldenItem): RubricScores {
  const of = (dimension: RubricDimension) => lowerMedian(item.ratings.map((rating) => toNumber(rating, dimension)));
  return { factuality: of("factuality"), completeness: of("completeness"), toneCompliance: of("toneCompliance"), undueRefusal: of("undueRefusal") === 1 };
}

const pointsOver = (scores: RubricScores) => ORDINAL_DIMENSIONS.reduce((sum, dimension) => sum + scores[dimension], 0);

export interface FigureOptions {
  /** Seeds the bootstrap (with the dimension), e.g. the golden set's SHA-256: same data, same interval. */
  readonly seed: string;
  /** @default 2000 */
  readonly resamples?: number;
  /**
   * Thresholds (normalised score, 0-1) the request types' quality SLOs use: the judge's sensitivity
   * and specificity for "good" are measured at each.
   * @default [] - no verdict figures
   */
  readonly qualityThresholds?: readonly number[];
}

/** Every figure of the record from the judged items. */
export function computeFigures(judged: readonly JudgedItem[], options: FigureOptions): CalibrationFiguresDetail {
  const comparisons: ItemComparison[] = [];
  const failed: { id: string; error: string }[] = [];
  for (const { item, verdict, error } of judged) {
    if (!verdict) {
      failed.push({ id: item.id, error: error ?? "no verdict" });
      continue;
    }
    comparisons.push({
      id: item.id,
      category: item.category,
      requestType: item.requestType,
      responseChars: item.response.length,
      human: humanConsensus(item),
      judge: verdict,
    });
  }
  const allItems = judged.map((entry) => entry.item);
  const dimensions = {} as Record<RubricDimension, DimensionAgreement>;
  for (const dimension of [...ORDINAL_DIMENSIONS, "undueRefusal"] as const) {
    const binary = dimension === "undueRefusal";
    const scale = binary ? BINARY_SCALE : FIVE_POINT_SCALE;
    const weights = binary ? "none" : "quadratic";
    const human = comparisons.map((c) => toNumber(c.human, dimension));
    const judge = comparisons.map((c) => toNumber(c.judge, dimension));
    const kappa = kappaWithInterval(judge, human, scale, weights, { seed: seedFrom(`${options.seed}:${dimension}`), resamples: options.resamples ?? 2000 });
    const humans = pooledPairwiseAgreement(
      allItems.map((item) => item.ratings.map((rating) => toNumber(rating, dimension))),
      scale,
      weights,
    );
    dimensions[dimension] = {
      items: comparisons.length,
      exactAgreement: exactAgreement(judge, human),
      withinOneAgreement: withinOneAgreement(judge, human),
      kappa: kappa.kappa,
      kappaInterval: kappa.interval,
      spearman: spearman(judge, human),
      meanSignedDifference: meanSignedDifference(judge, human),
      humanAgreement: { items: humans.items, pairs: humans.pairs, exactAgreement: humans.exactAgreement, kappa: humans.kappa },
      ...(kappa.reason ? { kappaUndefinedReason: kappa.reason } : {}),
    };
  }

  const byId = new Map(comparisons.map((c) => [c.id, c]));
  const paddedPairs: PaddedPair[] = [];
  for (const { item } of judged) {
    if (item.paddedFrom === undefined) continue;
    const copy = byId.get(item.id);
    const original = byId.get(item.paddedFrom);
    if (!copy || !original) continue;
    paddedPairs.push({
      originalId: original.id,
      paddedId: copy.id,
      judgeGapPoints: pointsOver(copy.judge) - pointsOver(original.judge),
      humanGapPoints: pointsOver(copy.human) - pointsOver(original.human),
    });
  }
  const mean = (values: readonly number[]) => (values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length);
  const judgeFlags = comparisons.filter((c) => c.judge.undueRefusal);
  const humanFlags = comparisons.filter((c) => c.human.undueRefusal);
  const bothFlag = comparisons.filter((c) => c.judge.undueRefusal && c.human.undueRefusal).length;
  const bias: BiasProbes = {
    lengthErrorCorrelation: spearman(
      comparisons.map((c) => c.responseChars),
      comparisons.map((c) => qualityScore(c.judge) - qualityScore(c.human)),
    ),
    paddedPairs: paddedPairs.length,
    paddingGapPoints: mean(paddedPairs.map((pair) => pair.judgeGapPoints)),
    humanPaddingGapPoints: mean(paddedPairs.map((pair) => pair.humanGapPoints)),
    refusalPrecision: judgeFlags.length === 0 ? null : bothFlag / judgeFlags.length,
    refusalRecall: humanFlags.length === 0 ? null : bothFlag / humanFlags.length,
  };
  const scored = comparisons.map((c) => ({ human: qualityScore(c.human), judge: qualityScore(c.judge) }));
  const thresholds = [...new Set(options.qualityThresholds ?? [])].sort((a, b) => a - b);
  const verdicts = thresholds.map((threshold) => verdictAgreement(scored, threshold));
  return { dimensions, bias, verdicts, judged: comparisons.length, failedItems: failed.length, comparisons, paddedPairs, failed };
}

export interface JudgeGoldenSetOptions {
  /** PII languages of the evaluator (`PII_LANGUAGES`): the golden set is masked as production is. */
  readonly piiLanguages: readonly string[];
  /** Comprehend, for `en`/`es`, as in the evaluator. */
  readonly detector?: PiiEntityDetector;
  /** Judge calls in flight. @default 4 */
  readonly concurrency?: number;
}

/** Masks and judges every item with the evaluator's code; a failed item keeps its error. */
export async function judgeGoldenSet(items: readonly GoldenItem[], judge: Judge, options: JudgeGoldenSetOptions): Promise<JudgedItem[]> {
  const limiter = new Limiter(options.concurrency ?? 4);
  return Promise.all(
    items.map(async (item): Promise<JudgedItem> => {
      try {
        const masked = await maskJudgeInput(item, options.piiLanguages, options.detector);
        const verdict = await limiter.run(() => judge.evaluate(masked.input));
        return { item, verdict: verdict.scores };
      } catch (error) {
        return { item, error: `${(error as Error).name}: ${(error as Error).message}`.slice(0, 500) };
      }
    }),
  );
}

export interface RecordInput {
  readonly pair: JudgePair;
  readonly figures: CalibrationFigures;
  readonly thresholds: CalibrationThresholds;
  readonly goldenSet: GoldenSetSummary;
  readonly judgeService: JudgeService;
  readonly judgeLocation: string;
  readonly piiLanguages: readonly string[];
  readonly calibratedAt: Date;
  readonly reports?: { readonly json: string; readonly markdown: string };
}

function rubricFingerprintOf(version: string): string {
  const rubric = rubricFor(version);
  if (!rubric) throw new RangeError(`rubric version "${version}" is not held by this code`);
  return rubricFingerprint(rubric);
}

/** The record of a run; `passed` and `failures` come from `evaluateCalibration`, as synth recomputes them. */
export function buildCalibrationRecord(input: RecordInput): CalibrationRecord {
  const failures = evaluateCalibration(input.figures, input.thresholds);
  return {
    recordType: CALIBRATION_RECORD_TYPE,
    schemaVersion: CALIBRATION_RECORD_SCHEMA_VERSION,
    judgeModelId: input.pair.judgeModelId,
    rubricVersion: input.pair.rubricVersion,
    judgePair: judgePairId(input.pair),
    // The fingerprint of the text the judge was given, not of the contract: synth compares the two.
    rubricFingerprint: rubricFingerprintOf(input.pair.rubricVersion),
    calibratedAt: input.calibratedAt.toISOString(),
    judgeService: input.judgeService,
    judgeLocation: input.judgeLocation,
    piiLanguages: [...input.piiLanguages],
    goldenSet: input.goldenSet,
    judged: input.figures.judged,
    failedItems: input.figures.failedItems,
    thresholds: input.thresholds,
    dimensions: input.figures.dimensions,
    bias: input.figures.bias,
    ...(input.figures.verdicts ? { verdicts: input.figures.verdicts, minItemsPerClass: MIN_ITEMS_PER_CLASS } : {}),
    passed: failures.length === 0,
    failures,
    ...(input.reports ? { reports: input.reports } : {}),
  };
}
