import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { Annotations } from "cdktf";
import type { IConstruct } from "constructs";
import {
  type CalibrationRecord,
  type CalibrationThresholds,
  DEFAULT_CALIBRATION_THRESHOLDS,
  validateCalibrationThresholds,
} from "../../contracts/calibration-record";
import { isKnownRubricVersion, type JudgePair, judgePairId, RUBRIC_VERSIONS, sameJudgePair } from "../../contracts/judge-pair";
import { isVersionedModelId } from "../../contracts/model-id";
import { requireCalibratedJudge } from "./calibration-gate";
import type { CandidateJudge, EvaluationLayerProps } from "./evaluation-layer-props";
import type { ResolvedEvaluatorSettings } from "./evaluator-settings";
import { type JudgeErrorSettings, judgeErrorSettings } from "./judge-error-settings";

/** The judges synth lets score: the current pair with its passing calibration record, and a checked candidate. */
export interface GovernedJudges {
  readonly currentJudge: JudgePair;
  /** `judgePairId` of the current pair. */
  readonly judgePair: string;
  readonly candidate?: CandidateJudge;
  /** Floors and ceilings of the calibration, defaults applied. */
  readonly calibrationThresholds: CalibrationThresholds;
  /** The passing record synth accepted for the current pair. */
  readonly calibrationRecord: CalibrationRecord;
  /** The judge's sensitivity and specificity per request type from that record. */
  readonly judgeError: JudgeErrorSettings;
}

/**
 * The gate: no passing calibration record for the judge pair, no synth (a judge change without
 * calibration stops here). Also checks the thresholds and the candidate; the record's warnings
 * become synth warnings on `scope`.
 */
export function governJudges(scope: IConstruct, props: EvaluationLayerProps, settings: ResolvedEvaluatorSettings): GovernedJudges {
  const currentJudge: JudgePair = { judgeModelId: settings.judgeModelId, rubricVersion: settings.judgeRubricVersion };
  const thresholdProblems = validateCalibrationThresholds(props.calibration.thresholds ?? {}, "calibration.thresholds");
  if (thresholdProblems.length > 0) throw new Error(thresholdProblems.join("; "));
  const calibrationThresholds = { ...DEFAULT_CALIBRATION_THRESHOLDS, ...(props.calibration.thresholds ?? {}) };
  const candidate = validateCandidate(props.candidateJudge, currentJudge);
  const goldenSetSha256 = fileSha256(props.calibration.goldenSetPath);
  const verdict = requireCalibratedJudge({ pair: currentJudge, records: props.calibration.records, thresholds: calibrationThresholds, goldenSetSha256 });
  const judgeError = judgeErrorSettings(verdict.record, props.qualityThresholds, props.defaultQualityThreshold);
  for (const warning of verdict.warnings) Annotations.of(scope).addWarning(warning);
  return {
    currentJudge,
    judgePair: judgePairId(currentJudge),
    ...(candidate ? { candidate } : {}),
    calibrationThresholds,
    calibrationRecord: verdict.record,
    judgeError,
  };
}

/** SHA-256 (hex) of a file; a clear error when it is missing. */
function fileSha256(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`calibration golden set ${file} does not exist; set calibration.goldenSetPath to your golden set (JSON lines)`);
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** Checks the candidate judge: versioned, a rubric the evaluator holds, not the current pair. */
function validateCandidate(candidate: CandidateJudge | undefined, current: JudgePair): CandidateJudge | undefined {
  if (candidate === undefined) return undefined;
  if (!isVersionedModelId(candidate.judgeModelId))
    throw new Error(`candidate judge model id "${candidate.judgeModelId}" is not versioned: use an id ending in -vN:M`);
  if (!isKnownRubricVersion(candidate.rubricVersion)) {
    throw new Error(`candidate rubric version must be one the evaluator holds (${Object.keys(RUBRIC_VERSIONS).join(", ")}), got "${candidate.rubricVersion}"`);
  }
  if (sameJudgePair(candidate, current))
    throw new Error(
      `candidate judge ${judgePairId(candidate)} is the current judge; a candidate must differ in model id or rubric version (or remove candidateJudge after a promotion)`,
    );
  const share = candidate.shadowShare ?? 1;
  if (!(Number.isFinite(share) && share > 0 && share <= 1)) throw new Error(`candidate shadow share must be above 0 and at most 1, got ${share}`);
  return candidate;
}
