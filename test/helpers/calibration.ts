/** Calibration settings for construct tests: the repository's example golden set and committed records. */
import * as path from "node:path";
import type { CalibrationRecord } from "../../contracts/calibration-record";
import { judgePairId, type JudgePair } from "../../contracts/judge-pair";
import { readCalibrationRecords, type CalibrationRecordSource } from "../../modules/evaluation-layer/calibration-gate";
import type { JudgeCalibrationSettings } from "../../modules/evaluation-layer/evaluation-layer";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const EXAMPLE_GOLDEN_SET = path.join(REPO_ROOT, "calibration", "golden", "example-set.jsonl");
export const RECORDS_DIR = path.join(REPO_ROOT, "calibration", "records");
/** The platform's default judge pair, which the committed record calibrates. */
export const DEFAULT_JUDGE_PAIR = "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1";

/** The committed records (parsed). */
export function committedRecords(): CalibrationRecordSource[] {
  return readCalibrationRecords(RECORDS_DIR);
}

/** `EvaluationLayerProps.calibration` with the committed records and the example golden set. */
export function testCalibration(overrides: Partial<JudgeCalibrationSettings> = {}): JudgeCalibrationSettings {
  return { records: committedRecords(), goldenSetPath: EXAMPLE_GOLDEN_SET, ...overrides };
}

/**
 * The committed record re-keyed to another pair: a passing record for tests whose subject is not
 * calibration (a judge given as an inference profile, say). Never written to calibration/records/.
 */
export function recordFor(pair: JudgePair, changes: Partial<CalibrationRecord> = {}): CalibrationRecordSource {
  const committed = committedRecords()[0]!.record as CalibrationRecord;
  return { source: `test record for ${judgePairId(pair)}`, record: { ...committed, ...pair, judgePair: judgePairId(pair), ...changes } };
}
