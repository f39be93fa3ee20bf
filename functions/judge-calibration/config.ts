/** Calibration function configuration, read from environment variables in one place. */
import { DEFAULT_CALIBRATION_THRESHOLDS, validateCalibrationThresholds, type CalibrationThresholds } from "../../contracts/calibration-record";
import { DEFAULT_RUBRIC_VERSION, parseJudgePairId, type JudgePair } from "../../contracts/judge-pair";
import { type EnvironmentVariables as Env, numberVariable, requiredVariable } from "../../contracts/environment-variable";
import {
  EVALUATOR_ENV,
  EVALUATOR_VARIABLES,
  JUDGE_CALIBRATION_ENV,
  JUDGE_CALIBRATION_VARIABLES,
  readPiiLanguages,
} from "../../contracts/evaluator-environment";
import { isVersionedModelId } from "../../contracts/model-id";
import { ConfigError } from "./errors";

export interface CalibrationConfig {
  /** Bucket holding the golden set, the reports and the records. Env `CALIBRATION_BUCKET`. */
  readonly bucket: string;
  /** Key of the golden set in the bucket. Env `GOLDEN_SET_KEY`. */
  readonly goldenSetKey: string;
  /** Name of the golden set in records and reports. Env `GOLDEN_SET_NAME`. @default the key */
  readonly goldenSetName: string;
  /** The judge pair scoring production (the evaluator's). Env `JUDGE_MODEL_ID`, `JUDGE_RUBRIC_VERSION`. */
  readonly currentJudge: JudgePair;
  /** The shadow candidate, when one is configured. Env `CANDIDATE_JUDGE_PAIR`. @default - none */
  readonly candidateJudge?: JudgePair;
  /** Table of shadow comparisons. Env `SHADOW_SCORES_TABLE_NAME`. @default - no shadow agreement task */
  readonly shadowScoresTableName?: string;
  /** Days of shadow comparisons the agreement covers. Env `SHADOW_WINDOW_DAYS`. @default 30 */
  readonly shadowWindowDays: number;
  /**
   * The evaluator's PII languages: the golden set is masked as production is. Env `PII_LANGUAGES`
   * (comma-separated; `PII_LANGUAGE`, one code, is read when it is unset).
   * @default ["en"]
   */
  readonly piiLanguages: readonly string[];
  /** Judge calls in flight. Env `JUDGE_CONCURRENCY`. @default 4 */
  readonly judgeConcurrency: number;
  /** Env `JUDGE_MAX_TOKENS`. @default 512 */
  readonly judgeMaxTokens: number;
  /** Env `JUDGE_MAX_TEXT_CHARS`. @default 40000 */
  readonly judgeMaxTextChars: number;
  /** Floors and ceilings, JSON (any subset). Env `CALIBRATION_THRESHOLDS`. @default DEFAULT_CALIBRATION_THRESHOLDS */
  readonly thresholds: CalibrationThresholds;
  /** Bootstrap resamples per kappa interval. Env `BOOTSTRAP_RESAMPLES`. @default 2000 */
  readonly bootstrapResamples: number;
  /**
   * Quality thresholds of the request types' SLOs, at each of which the judge's sensitivity and
   * specificity for "good" are measured. Env `VERDICT_THRESHOLDS`, numbers in (0, 1] separated by commas.
   * @default [] - no verdict figures
   * @example [0.75, 0.9]
   */
  readonly verdictThresholds: readonly number[];
}

function required(env: Env, name: string): string {
  return requiredVariable(env, name, ConfigError);
}

/** Reads the floors and ceilings (any subset of `CalibrationThresholds`) over the defaults. */
export function parseThresholds(raw: string | undefined): CalibrationThresholds {
  if (!raw?.trim()) return DEFAULT_CALIBRATION_THRESHOLDS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`environment variable ${JUDGE_CALIBRATION_ENV.thresholds} must be a JSON object such as {"kappaFloor":0.6}, got "${raw}"`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new ConfigError(`environment variable ${JUDGE_CALIBRATION_ENV.thresholds} must be a JSON object, got "${raw}"`);
  const unknown = Object.keys(parsed).filter((key) => !(key in DEFAULT_CALIBRATION_THRESHOLDS));
  if (unknown.length > 0)
    throw new ConfigError(
      `environment variable ${JUDGE_CALIBRATION_ENV.thresholds} has unknown fields ${unknown.join(", ")}; allowed: ${Object.keys(DEFAULT_CALIBRATION_THRESHOLDS).join(", ")}`,
    );
  const problems = validateCalibrationThresholds(parsed as Partial<CalibrationThresholds>, JUDGE_CALIBRATION_ENV.thresholds);
  if (problems.length > 0) throw new ConfigError(`environment variable ${problems.join("; ")}`);
  return { ...DEFAULT_CALIBRATION_THRESHOLDS, ...(parsed as Partial<CalibrationThresholds>) };
}

/** `VERDICT_THRESHOLDS` ("0.75,0.9"): distinct thresholds in (0, 1]. */
export function parseVerdictThresholds(raw: string | undefined): number[] {
  if (!raw?.trim()) return [];
  const values = raw.split(",").map((part) => Number(part.trim()));
  if (values.some((v) => !(Number.isFinite(v) && v > 0 && v <= 1))) {
    throw new ConfigError(
      `environment variable ${JUDGE_CALIBRATION_ENV.verdictThresholds} must be numbers in (0, 1] separated by commas, such as 0.75,0.9, got "${raw}"`,
    );
  }
  return [...new Set(values)].sort((a, b) => a - b);
}

/** `PII_LANGUAGES` ("pt,en"), read as the evaluator reads it (`readPiiLanguages`). */
function languages(env: Env): string[] {
  const read = readPiiLanguages(env);
  if ("problem" in read) throw new ConfigError(read.problem);
  return read.codes;
}

export function loadConfig(env: Env = process.env): CalibrationConfig {
  const judge = EVALUATOR_ENV;
  const own = JUDGE_CALIBRATION_ENV;
  const judgeModelId = required(env, judge.judgeModelId);
  if (!isVersionedModelId(judgeModelId))
    throw new ConfigError(`environment variable ${judge.judgeModelId} must be a versioned model id, got "${judgeModelId}"`);
  const rawCandidate = env[judge.candidateJudgePair]?.trim();
  const candidateJudge = rawCandidate ? parseJudgePairId(rawCandidate) : undefined;
  if (rawCandidate && (!candidateJudge || !isVersionedModelId(candidateJudge.judgeModelId))) {
    throw new ConfigError(`environment variable ${judge.candidateJudgePair} must be "<versioned model id>|<rubric version>", got "${rawCandidate}"`);
  }
  const goldenSetKey = required(env, own.goldenSetKey);
  const shadowScoresTableName = env[judge.shadowScoresTableName]?.trim() || undefined;
  return {
    bucket: required(env, own.bucket),
    goldenSetKey,
    goldenSetName: env[own.goldenSetName]?.trim() || goldenSetKey,
    currentJudge: { judgeModelId, rubricVersion: env[judge.judgeRubricVersion]?.trim() || DEFAULT_RUBRIC_VERSION },
    ...(candidateJudge ? { candidateJudge } : {}),
    ...(shadowScoresTableName ? { shadowScoresTableName } : {}),
    shadowWindowDays: numberVariable(env, JUDGE_CALIBRATION_VARIABLES.shadowWindowDays, ConfigError),
    piiLanguages: languages(env),
    judgeConcurrency: numberVariable(env, EVALUATOR_VARIABLES.judgeConcurrency, ConfigError),
    judgeMaxTokens: numberVariable(env, EVALUATOR_VARIABLES.judgeMaxTokens, ConfigError),
    judgeMaxTextChars: numberVariable(env, EVALUATOR_VARIABLES.judgeMaxTextChars, ConfigError),
    thresholds: parseThresholds(env[own.thresholds]),
    bootstrapResamples: numberVariable(env, JUDGE_CALIBRATION_VARIABLES.bootstrapResamples, ConfigError),
    verdictThresholds: parseVerdictThresholds(env[own.verdictThresholds]),
  };
}

/**
 * Where the judge runs, for the record: a loopback endpoint (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME` or
 * `AWS_ENDPOINT_URL`) is a local stub; anything else is Bedrock.
 */
export function judgeServiceFrom(env: Env = process.env): { judgeService: "bedrock" | "local-stub"; judgeLocation: string } {
  const endpoint = env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME?.trim() || env.AWS_ENDPOINT_URL?.trim();
  if (endpoint) {
    let host = "";
    try {
      host = new URL(endpoint).hostname;
    } catch {
      host = "";
    }
    if (host === "localhost" || host === "::1" || host === "[::1]" || /^127\./.test(host)) return { judgeService: "local-stub", judgeLocation: endpoint };
    return { judgeService: "bedrock", judgeLocation: host || endpoint };
  }
  return { judgeService: "bedrock", judgeLocation: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "unknown region" };
}
