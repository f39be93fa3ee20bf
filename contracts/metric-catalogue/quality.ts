/** The quality publisher's score metrics. */
import { metric } from "./definition";
import { DIMENSIONS, NAMESPACES } from "./names";

/**
 * Quality series are per judge pair: a score of another judge model or rubric version never lands in
 * the same series. The sets without `stratum` hold the random stratum only: a simple random sample
 * of ordinary answers, so their good share is an unbiased estimate the quality SLOs can read.
 */
const QUALITY_SETS = [
  [DIMENSIONS.modelName, DIMENSIONS.judgePair],
  [DIMENSIONS.modelName, DIMENSIONS.judgePair, DIMENSIONS.requestType],
] as const;
/**
 * Quality metrics that are also published per sampling stratum, every stratum as a series of its own,
 * so guardrail-flagged and low-confidence answers (judged at 100 %) are seen apart from the random sample.
 */
const QUALITY_STRATUM_SETS = [...QUALITY_SETS, [DIMENSIONS.modelName, DIMENSIONS.judgePair, DIMENSIONS.stratum]] as const;

/**
 * Metrics the quality publisher emits at the inference's timestamp (namespace `LLMInference/Quality`).
 * Score metrics: the random stratum only in the sets without `stratum`, every stratum in the set with it
 * (QualityScore, UndueRefusal, QualityGood, QualityTotal); the other score metrics: the random stratum only.
 * `JudgeCostUSD` counts every evaluation, whatever its stratum.
 */
export const QUALITY_METRICS = {
  qualityScore: metric(NAMESPACES.quality, "QualityScore", "None", QUALITY_STRATUM_SETS, "Normalised judge score, 0 to 1"),
  factuality: metric(NAMESPACES.quality, "Factuality", "None", QUALITY_SETS, "Judge factuality score, 1 to 5"),
  completeness: metric(NAMESPACES.quality, "Completeness", "None", QUALITY_SETS, "Judge completeness score, 1 to 5"),
  toneCompliance: metric(NAMESPACES.quality, "ToneCompliance", "None", QUALITY_SETS, "Judge tone and compliance score, 1 to 5"),
  undueRefusal: metric(NAMESPACES.quality, "UndueRefusal", "Count", QUALITY_STRATUM_SETS, "1 when the judge found an undue refusal, else 0"),
  qualityGood: metric(
    NAMESPACES.quality,
    "QualityGood",
    "Count",
    QUALITY_STRATUM_SETS,
    "Evaluations at or above the request type's threshold (quality SLI good: the random stratum in the sets without stratum)",
  ),
  qualityGoodCorrected: metric(
    NAMESPACES.quality,
    "QualityGoodCorrected",
    "None",
    QUALITY_STRATUM_SETS,
    "Each evaluation's Rogan–Gladen contribution (Sp/J when judged good, -(1-Sp)/J when not, from the judge pair's calibration record): its Sum over QualityTotal is the good share corrected for the judge's sensitivity and specificity; absent where the calibration is insufficient",
  ),
  qualityTotal: metric(
    NAMESPACES.quality,
    "QualityTotal",
    "Count",
    QUALITY_STRATUM_SETS,
    "Evaluations published (quality SLI total: the random stratum in the sets without stratum)",
  ),
  judgeCost: metric(NAMESPACES.quality, "JudgeCostUSD", "None", [[DIMENSIONS.modelName]], "Judge spend in US dollars per evaluation"),
} as const;
