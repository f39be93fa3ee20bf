/**
 * The synth half of judge versioning: a judge pair scores production only with a passing
 * calibration record. Pass/fail is recomputed from the record's figures against the configured
 * floors and ceilings (`evaluateCalibration`), never read from the record's own `passed` field,
 * and the record must have been computed with the rubric text its version names.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { evaluateCalibration, validateCalibrationRecord, type CalibrationRecord, type CalibrationThresholds } from "../../contracts/calibration-record";
import { isKnownRubricVersion, judgePairId, judgePairSlug, RUBRIC_VERSIONS, sameJudgePair, type JudgePair } from "../../contracts/judge-pair";

/** A calibration record as read, with where it came from (shown in every message). */
export interface CalibrationRecordSource {
  /** File (or S3 key) the record was read from. */
  readonly source: string;
  /** The parsed JSON; checked by the gate. */
  readonly record: unknown;
}

/** The records of a folder, and the folder itself, so that a missing record's error can name where it looked. */
export interface CalibrationRecords extends ReadonlyArray<CalibrationRecordSource> {
  /** The folder `readCalibrationRecords` searched. */
  readonly searchedIn?: string;
}

/** Reads every `*.json` under `dir` (none when it does not exist); unreadable JSON throws naming the file. */
export function readCalibrationRecords(dir: string): CalibrationRecords {
  const records = fs.existsSync(dir) ? readRecordFiles(dir) : [];
  return Object.assign(records, { searchedIn: path.resolve(dir) });
}

function readRecordFiles(dir: string): CalibrationRecordSource[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      try {
        return { source: file, record: JSON.parse(fs.readFileSync(file, "utf8")) as unknown };
      } catch (error) {
        throw new Error(`calibration record ${file} is not valid JSON (${(error as Error).message}); fix or remove it`);
      }
    });
}

export interface CalibrationVerdict {
  /** The newest passing record of the pair. */
  readonly record: CalibrationRecord;
  readonly source: string;
  /** Soft problems: a record made against a stub, a golden set other than the configured one. */
  readonly warnings: readonly string[];
}

export interface CalibrationGateInput {
  readonly pair: JudgePair;
  readonly records: CalibrationRecords;
  readonly thresholds: CalibrationThresholds;
  /** SHA-256 (hex) of the golden set the environment calibrates with, to warn on a record made on another one. */
  readonly goldenSetSha256?: string;
}

/** Why each record of the pair is refused; empty for a record that passes. */
function refusals(entry: CalibrationRecordSource, thresholds: CalibrationThresholds): string[] {
  const problems = validateCalibrationRecord(entry.record);
  if (problems.length > 0) return [`malformed: ${problems.join("; ")}`];
  const record = entry.record as CalibrationRecord;
  const reasons: string[] = [];
  const expected = isKnownRubricVersion(record.rubricVersion) ? RUBRIC_VERSIONS[record.rubricVersion].fingerprint : undefined;
  if (record.rubricFingerprint !== expected) {
    reasons.push(`it was computed with rubric text ${record.rubricFingerprint}, not the text of ${record.rubricVersion} (${expected}): recalibrate`);
  }
  reasons.push(...evaluateCalibration(record, thresholds));
  return reasons;
}

/** The pair's passing record, or undefined with the reason of every refused record. */
export function findPassingRecord(input: CalibrationGateInput): { verdict?: CalibrationVerdict; refused: readonly string[] } {
  const refused: string[] = [];
  const passing: { record: CalibrationRecord; source: string }[] = [];
  for (const entry of input.records) {
    const record = entry.record as Partial<CalibrationRecord> | null;
    if (typeof record !== "object" || record === null || typeof record.judgeModelId !== "string" || typeof record.rubricVersion !== "string") {
      const problems = validateCalibrationRecord(entry.record);
      refused.push(`${entry.source}: not a calibration record (${problems[0] ?? "unknown shape"})`);
      continue;
    }
    if (!sameJudgePair(record as JudgePair, input.pair)) continue;
    const reasons = refusals(entry, input.thresholds);
    if (reasons.length === 0) passing.push({ record: record as CalibrationRecord, source: entry.source });
    else refused.push(`${entry.source}: ${reasons.join("; ")}`);
  }
  passing.sort((a, b) => Date.parse(b.record.calibratedAt) - Date.parse(a.record.calibratedAt));
  const best = passing[0];
  if (!best) return { refused };
  const warnings: string[] = [];
  if (best.record.judgeService === "local-stub") {
    warnings.push(
      `the calibration record of judge pair ${judgePairId(input.pair)} (${best.source}) was computed against a local Bedrock stub, not Bedrock: ` +
        "it proves the pipeline, not the judge; recalibrate against Bedrock (npm run judge:calibrate, or the calibration function) before relying on quality scores",
    );
  }
  if (input.goldenSetSha256 !== undefined && best.record.goldenSet.sha256 !== input.goldenSetSha256) {
    warnings.push(
      `the calibration record of judge pair ${judgePairId(input.pair)} (${best.source}) was computed on golden set ${best.record.goldenSet.name} ` +
        `(sha256 ${best.record.goldenSet.sha256.slice(0, 12)}), not the configured one (${input.goldenSetSha256.slice(0, 12)}): recalibrate on the current golden set`,
    );
  }
  return { verdict: { record: best.record, source: best.source, warnings }, refused };
}

/**
 * The pair's passing record; throws when there is none, naming every refused record and how to
 * produce a passing one.
 */
export function requireCalibratedJudge(input: CalibrationGateInput, role = "judge"): CalibrationVerdict {
  const { verdict, refused } = findPassingRecord(input);
  if (verdict) return verdict;
  const id = judgePairId(input.pair);
  const slug = judgePairSlug(input.pair);
  const folder = input.records.searchedIn ?? "the records folder you read";
  const pairFlags = `--judge-model-id ${input.pair.judgeModelId} --rubric-version ${input.pair.rubricVersion}`;
  throw new Error(
    `${role} pair "${id}" has no passing calibration record, so it may not score production` +
      (refused.length > 0 ? `; refused: ${refused.join(" | ")}` : `; no record of this pair was found in ${folder}`) +
      `. Calibrate it against Bedrock with \`npx llmobs-calibrate --golden <golden set> ${pairFlags} --records ${folder} --write-record\` ` +
      `(npm run judge:calibrate -- ... in this package's repository; add --stub honest to try the pipeline offline, never for production), ` +
      `or with the calibration function ({"task":"calibrate","pair":"candidate"}) while it shadows, and commit the record ${slug}.json in that folder`,
  );
}
