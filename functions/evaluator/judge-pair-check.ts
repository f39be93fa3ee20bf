/**
 * The runtime half of judge versioning: the evaluator scores only with a judge pair it holds the
 * rubric of and that synth found a passing calibration record for. Synth refuses such a pair
 * first; this catches a function whose environment was edited by hand or a bundle from another build.
 */
import { judgePairId, type JudgePair } from "../../contracts/judge-pair";
import { RUBRICS, rubricFor, rubricMatchesContract } from "./judge/rubrics";

/** Why `pair` may not score, or undefined when it may. */
export function judgePairRefusal(pair: JudgePair, calibratedJudgePairs: readonly string[]): string | undefined {
  const rubric = rubricFor(pair.rubricVersion);
  if (!rubric) return `rubric version "${pair.rubricVersion}" is not held by this evaluator (it holds ${Object.keys(RUBRICS).join(", ")})`;
  if (!rubricMatchesContract(rubric)) return `rubric ${pair.rubricVersion} does not match the fingerprint its version was calibrated with`;
  const id = judgePairId(pair);
  if (!calibratedJudgePairs.includes(id)) {
    return `judge pair "${id}" has no passing calibration record (calibrated pairs: ${calibratedJudgePairs.join(", ") || "none"}); calibrate it before it scores`;
  }
  return undefined;
}
