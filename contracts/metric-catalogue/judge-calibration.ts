/** Judge governance: golden-set calibration figures and shadow-judge agreement. */
import { metric } from "./definition";
import { DIMENSIONS, NAMESPACES } from "./names";

const CALIBRATION_DIMENSION_SET = [[DIMENSIONS.judgePair, DIMENSIONS.rubricDimension]] as const;
const CALIBRATION_PAIR_SET = [[DIMENSIONS.judgePair]] as const;
const SHADOW_DIMENSION_SET = [[DIMENSIONS.judgePair, DIMENSIONS.candidateJudgePair, DIMENSIONS.rubricDimension]] as const;
const SHADOW_REQUEST_TYPE_SET = [[DIMENSIONS.judgePair, DIMENSIONS.candidateJudgePair, DIMENSIONS.requestType]] as const;
const SHADOW_PAIR_SET = [[DIMENSIONS.judgePair, DIMENSIONS.candidateJudgePair]] as const;

/**
 * What a calibration run of the golden set measured for one judge pair (namespace
 * `LLMInference/JudgeCalibration`, published by the calibration function at the end of the run).
 */
export const CALIBRATION_METRICS = {
  kappa: metric(
    NAMESPACES.judgeCalibration,
    "JudgeKappa",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Judge-human agreement per rubric dimension: quadratic-weighted Cohen's kappa (unweighted for the refusal label)",
  ),
  kappaLow: metric(NAMESPACES.judgeCalibration, "JudgeKappaLow", "None", CALIBRATION_DIMENSION_SET, "Lower bound of kappa's bootstrap 95% interval"),
  kappaHigh: metric(NAMESPACES.judgeCalibration, "JudgeKappaHigh", "None", CALIBRATION_DIMENSION_SET, "Upper bound of kappa's bootstrap 95% interval"),
  exactAgreement: metric(
    NAMESPACES.judgeCalibration,
    "JudgeExactAgreement",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Share of golden items where the judge gave the human consensus score",
  ),
  withinOneAgreement: metric(
    NAMESPACES.judgeCalibration,
    "JudgeWithinOneAgreement",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Share of golden items where judge and human differ by at most one point",
  ),
  spearman: metric(NAMESPACES.judgeCalibration, "JudgeSpearman", "None", CALIBRATION_DIMENSION_SET, "Spearman correlation of judge and human scores"),
  meanSignedDifference: metric(
    NAMESPACES.judgeCalibration,
    "JudgeMeanSignedDifference",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Mean of judge minus human score, in rubric points",
  ),
  humanKappa: metric(
    NAMESPACES.judgeCalibration,
    "HumanInterRaterKappa",
    "None",
    CALIBRATION_DIMENSION_SET,
    "Agreement among the human raters themselves (pooled pairwise kappa): the judge's ceiling",
  ),
  lengthErrorCorrelation: metric(
    NAMESPACES.judgeCalibration,
    "LengthErrorCorrelation",
    "None",
    CALIBRATION_PAIR_SET,
    "Spearman correlation of response length and judge-minus-human quality error (length bias)",
  ),
  paddingGap: metric(
    NAMESPACES.judgeCalibration,
    "PaddingScoreGap",
    "None",
    CALIBRATION_PAIR_SET,
    "Mean judge score of padded copies minus their originals, rubric points over the 1-5 dimensions",
  ),
  refusalPrecision: metric(
    NAMESPACES.judgeCalibration,
    "RefusalPrecision",
    "None",
    CALIBRATION_PAIR_SET,
    "Share of the judge's undue-refusal calls that humans agree with",
  ),
  refusalRecall: metric(NAMESPACES.judgeCalibration, "RefusalRecall", "None", CALIBRATION_PAIR_SET, "Share of the human undue-refusal labels the judge caught"),
  passed: metric(NAMESPACES.judgeCalibration, "CalibrationPassed", "None", CALIBRATION_PAIR_SET, "1 when the run met every floor and ceiling, else 0"),
} as const;

/** Agreement between the current judge and a shadow candidate on the same production samples (namespace `LLMInference/JudgeCalibration`). */
export const SHADOW_METRICS = {
  kappa: metric(
    NAMESPACES.judgeCalibration,
    "ShadowKappa",
    "None",
    SHADOW_DIMENSION_SET,
    "Current-candidate judge agreement per rubric dimension (quadratic-weighted kappa; unweighted for the refusal label)",
  ),
  meanDifference: metric(
    NAMESPACES.judgeCalibration,
    "ShadowMeanDifference",
    "None",
    SHADOW_REQUEST_TYPE_SET,
    "Mean candidate minus current quality score (0-1) per request type",
  ),
  comparisons: metric(NAMESPACES.judgeCalibration, "ShadowComparisons", "Count", SHADOW_PAIR_SET, "Records both judges scored in the agreement window"),
} as const;
