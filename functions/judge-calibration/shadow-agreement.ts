/**
 * Agreement between the current judge and a shadow candidate on the production samples both
 * scored: kappa per rubric dimension and the mean candidate-minus-current quality score per
 * request type. Shadow items carry both verdicts, so no join is needed.
 */
import { ORDINAL_DIMENSIONS, RUBRIC_DIMENSIONS, type RubricDimension } from "../../contracts/calibration-record";
import { DIMENSIONS, SHADOW_METRICS } from "../../contracts/metric-catalogue";
import type { JudgeScores, ShadowScoreItem } from "../../contracts/score-item";
import { datum, type Datum } from "./metrics";
import { BINARY_SCALE, FIVE_POINT_SCALE, cohensKappa } from "./statistics";

export interface ShadowAgreement {
  readonly currentJudgePair: string;
  readonly candidateJudgePair: string;
  readonly comparisons: number;
  /** Kappa per dimension (null where undefined), with why. */
  readonly kappa: Readonly<Record<RubricDimension, { readonly kappa: number | null; readonly reason?: string }>>;
  /** Mean candidate minus current quality score (0-1), per request type. */
  readonly meanDifferenceByRequestType: Readonly<Record<string, { readonly comparisons: number; readonly meanDifference: number }>>;
}

const value = (scores: JudgeScores, dimension: RubricDimension) => (dimension === "undueRefusal" ? (scores.undueRefusal ? 1 : 0) : scores[dimension]);

/** One agreement per (current pair, candidate pair) among `items`. */
export function shadowAgreement(items: readonly ShadowScoreItem[]): ShadowAgreement[] {
  const groups = new Map<string, ShadowScoreItem[]>();
  for (const item of items) {
    const key = `${item.currentJudgePair}\u0000${item.candidateJudgePair}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].map((group) => {
    const kappa = {} as Record<RubricDimension, { kappa: number | null; reason?: string }>;
    for (const dimension of RUBRIC_DIMENSIONS) {
      const ordinal = (ORDINAL_DIMENSIONS as readonly string[]).includes(dimension);
      const result = cohensKappa(
        group.map((item) => value(item.candidate, dimension)),
        group.map((item) => value(item.current, dimension)),
        ordinal ? FIVE_POINT_SCALE : BINARY_SCALE,
        ordinal ? "quadratic" : "none",
      );
      kappa[dimension] = { kappa: result.kappa, ...(result.reason ? { reason: result.reason } : {}) };
    }
    const byType: Record<string, { comparisons: number; meanDifference: number }> = {};
    for (const item of group) {
      const entry = byType[item.requestType] ?? { comparisons: 0, meanDifference: 0 };
      const difference = item.candidate.qualityScore - item.current.qualityScore;
      // Running mean: exact for the sizes shadow windows hold.
      entry.meanDifference += (difference - entry.meanDifference) / (entry.comparisons + 1);
      entry.comparisons += 1;
      byType[item.requestType] = entry;
    }
    return {
      currentJudgePair: group[0]!.currentJudgePair,
      candidateJudgePair: group[0]!.candidateJudgePair,
      comparisons: group.length,
      kappa,
      meanDifferenceByRequestType: byType,
    };
  });
}

/** The agreement as `ShadowKappa`, `ShadowMeanDifference` and `ShadowComparisons` datums. */
export function shadowDatums(agreement: ShadowAgreement, at: Date): Datum[] {
  const pairs = { [DIMENSIONS.judgePair]: agreement.currentJudgePair, [DIMENSIONS.candidateJudgePair]: agreement.candidateJudgePair };
  return [
    ...datum(SHADOW_METRICS.comparisons, pairs, agreement.comparisons, at),
    ...RUBRIC_DIMENSIONS.flatMap((dimension) =>
      datum(SHADOW_METRICS.kappa, { ...pairs, [DIMENSIONS.rubricDimension]: dimension }, agreement.kappa[dimension].kappa, at),
    ),
    ...Object.entries(agreement.meanDifferenceByRequestType).flatMap(([requestType, entry]) =>
      datum(SHADOW_METRICS.meanDifference, { ...pairs, [DIMENSIONS.requestType]: requestType }, entry.meanDifference, at),
    ),
  ];
}
