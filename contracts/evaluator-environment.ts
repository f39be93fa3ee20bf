/**
 * The evaluator's and the judge-calibration function's environment variables: each name, default
 * and range declared once. The evaluation layer sets them (modules/evaluation-layer), the functions
 * read them (functions/evaluator/config.ts, functions/judge-calibration/config.ts), and the
 * environment file's settings take their defaults from here through the module.
 */

import type { NumberVariable } from "./environment-variable";

/**
 * The evaluator's other variables, by name (values the module computes: names, ids, lists). The
 * judge's (`judgeModelId`, `judgeRubricVersion`, `candidateJudgePair`, `shadowScoresTableName`) are
 * the calibration function's too.
 */
export const EVALUATOR_ENV = {
  /** DynamoDB table of scores. */
  scoresTableName: "SCORES_TABLE_NAME",
  /** SQS queue of failed-record pointers. */
  failedRecordsQueueUrl: "FAILED_RECORDS_QUEUE_URL",
  /** Pinned, versioned Bedrock model id or inference profile id of the judge. */
  judgeModelId: "JUDGE_MODEL_ID",
  /** Rubric version the judge scores with. */
  judgeRubricVersion: "JUDGE_RUBRIC_VERSION",
  /** Judge pairs with a passing calibration record, a JSON list of `judgePairId`s. */
  calibratedJudgePairs: "CALIBRATED_JUDGE_PAIRS",
  /** Id of the calibration record that lets the current pair score. */
  calibrationRecordId: "JUDGE_CALIBRATION_RECORD_ID",
  /** The shadow candidate's `judgePairId`. */
  candidateJudgePair: "CANDIDATE_JUDGE_PAIR",
  /** DynamoDB table of shadow comparisons. */
  shadowScoresTableName: "SHADOW_SCORES_TABLE_NAME",
  /** Model name per endpoint, a JSON object. */
  endpointModelNames: "ENDPOINT_MODEL_NAMES",
  /** The use cases the gateway accepts, comma-separated. */
  useCases: "USE_CASES",
  /** The request types the gateway accepts, comma-separated. */
  requestTypes: "REQUEST_TYPES",
  /** SageMaker endpoint serving a PII token classifier. */
  piiModelEndpoint: "PII_MODEL_ENDPOINT",
} as const;

/** The evaluator's Powertools service name (its log lines' `service`, its spans' `service.name`). */
export const EVALUATOR_SERVICE_NAME = "llm-evaluator";
/** The calibration function's Powertools service name. */
export const JUDGE_CALIBRATION_SERVICE_NAME = "llm-judge-calibration";

/** The evaluator's numeric variables (the judge-calibration function reads the judge's too). */
export const EVALUATOR_VARIABLES = {
  /** USD per 1,000 judge input tokens (Claude 3 Haiku's on-demand price by default, set by the module). */
  judgeInputPricePer1k: { name: "JUDGE_INPUT_PRICE_PER_1K", min: 0, max: 1000, integer: false },
  /** USD per 1,000 judge output tokens. */
  judgeOutputPricePer1k: { name: "JUDGE_OUTPUT_PRICE_PER_1K", min: 0, max: 1000, integer: false },
  /** Share of ordinary records judged (the random stratum); flagged and low-confidence ones always are. */
  sampleRate: { name: "SAMPLE_RATE", default: 0.1, min: 0, max: 1, integer: false },
  /** Mean token entropy (nats) above which a record is low-confidence and always judged. */
  entropyThreshold: { name: "ENTROPY_THRESHOLD", default: 1.5, min: 0, max: 100, integer: false },
  /** Judge calls in flight per invocation. */
  judgeConcurrency: { name: "JUDGE_CONCURRENCY", default: 4, min: 1, max: 64, integer: true },
  /** Tokens the judge may generate per reply. */
  judgeMaxTokens: { name: "JUDGE_MAX_TOKENS", default: 512, min: 64, max: 8192, integer: true },
  /** Characters of prompt and response the judge sees. */
  judgeMaxTextChars: { name: "JUDGE_MAX_TEXT_CHARS", default: 40_000, min: 1000, max: 1_000_000, integer: true },
  /** Days a score is kept (DynamoDB TTL). */
  scoreTtlDays: { name: "SCORE_TTL_DAYS", default: 180, min: 1, max: 3650, integer: true },
  /** Longest line of an object the evaluator reads, bytes. */
  maxLineBytes: { name: "MAX_LINE_BYTES", default: 16 * 1024 * 1024, min: 1024, max: 256 * 1024 * 1024, integer: true },
  /** Share of the scored records the candidate judge judges too. */
  shadowShare: { name: "SHADOW_SHARE", default: 1, min: 0, max: 1, integer: false },
  /** Deliveries of a notification before SQS dead-letters it (the queue's `maxReceiveCount`); 1: every delivery is the last. */
  notificationMaxReceiveCount: { name: "NOTIFICATION_MAX_RECEIVE_COUNT", default: 1, min: 1, max: 1000, integer: true },
  /** Longest a judge call may take, its retries included, in milliseconds (the function's own; the module leaves it). */
  judgeCallTimeoutMs: { name: "JUDGE_CALL_TIMEOUT_MS", default: 30_000, min: 1_000, max: 300_000, integer: true },
  /** Attempts per judge call (the function's own). */
  judgeMaxAttempts: { name: "JUDGE_MAX_ATTEMPTS", default: 4, min: 1, max: 10, integer: true },
  /** PII model entities scored below this are ignored (the function's own). */
  piiModelMinScore: { name: "PII_MODEL_MIN_SCORE", default: 0.5, min: 0, max: 1, integer: false },
} as const satisfies Record<string, NumberVariable>;

/** The calibration function's own numeric variables. */
export const JUDGE_CALIBRATION_VARIABLES = {
  /** Days of shadow comparisons the agreement covers. */
  shadowWindowDays: { name: "SHADOW_WINDOW_DAYS", default: 30, min: 1, max: 180, integer: true },
  /** Bootstrap resamples per kappa interval (the function's own; the module leaves it). */
  bootstrapResamples: { name: "BOOTSTRAP_RESAMPLES", default: 2000, min: 100, max: 100_000, integer: true },
} as const satisfies Record<string, NumberVariable>;

/** The calibration function's other variables, by name (it reads the judge's from `EVALUATOR_ENV`). */
export const JUDGE_CALIBRATION_ENV = {
  /** Bucket of the golden set, the reports and the records. */
  bucket: "CALIBRATION_BUCKET",
  /** Key of the golden set in the bucket. */
  goldenSetKey: "GOLDEN_SET_KEY",
  /** Name of the golden set in records and reports. */
  goldenSetName: "GOLDEN_SET_NAME",
  /** Floors and ceilings, JSON (any subset of `CalibrationThresholds`). */
  thresholds: "CALIBRATION_THRESHOLDS",
  /** Quality thresholds of the request types' SLOs, numbers in (0, 1] separated by commas. */
  verdictThresholds: "VERDICT_THRESHOLDS",
} as const;

/** `PII_LANGUAGES` ("pt,en"); the older `PII_LANGUAGE` (one code) is read when it is unset. */
export const PII_LANGUAGES_VARIABLE = { name: "PII_LANGUAGES", formerName: "PII_LANGUAGE", default: "en" } as const;

/**
 * The PII languages an environment gives the evaluator or the calibration function, or the
 * message that says what is wrong with them (each function throws it as its own error).
 */
export function readPiiLanguages(env: Readonly<Record<string, string | undefined>>): { readonly codes: string[] } | { readonly problem: string } {
  const v = PII_LANGUAGES_VARIABLE;
  const name = env[v.name]?.trim() ? v.name : v.formerName;
  const raw = env[name]?.trim() || v.default;
  const codes = raw
    .toLowerCase()
    .split(",")
    .map((code) => code.trim());
  if (codes.some((code) => !/^[a-z]{2}(-[a-z]{2})?$/.test(code)) || new Set(codes).size !== codes.length) {
    return { problem: `environment variable ${name} must be distinct language codes separated by commas, such as pt,en, got "${raw}"` };
  }
  return { codes };
}
