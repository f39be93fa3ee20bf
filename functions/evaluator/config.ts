/** Evaluator configuration, read from environment variables in one place. */
import { ConfigError } from "./errors";
import { DEFAULT_RUBRIC_VERSION, parseJudgePairId, type JudgePair } from "../../contracts/judge-pair";
import { type EnvironmentVariables as Env, numberVariable, requiredVariable } from "../../contracts/environment-variable";
import { EVALUATOR_ENV, EVALUATOR_SERVICE_NAME, EVALUATOR_VARIABLES, readPiiLanguages } from "../../contracts/evaluator-environment";
import { isVersionedModelId } from "../../contracts/model-id";
import { CANARY_ENV } from "../../contracts/pii-canary";

export interface EvaluatorConfig {
  /** DynamoDB table of scores (partition key `eventId`, S). Env `SCORES_TABLE_NAME`. */
  readonly scoresTableName: string;
  /** SQS queue for failed-record pointers. Env `FAILED_RECORDS_QUEUE_URL`. */
  readonly failedRecordsQueueUrl: string;
  /** Pinned, versioned Bedrock model id or inference profile id. Env `JUDGE_MODEL_ID`. */
  readonly judgeModelId: string;
  /**
   * Rubric version the judge scores with; must be one this code holds (`judge/rubrics.ts`), else
   * every sampled record is dead-lettered as `judge_pair_uncalibrated`. Env `JUDGE_RUBRIC_VERSION`.
   * @default "bank-qa-rubric/2025-06-v1"
   */
  readonly rubricVersion: string;
  /**
   * Judge pairs (`judgePairId`) with a passing calibration record, as synth verified them. A pair
   * not listed never scores: its records are dead-lettered as `judge_pair_uncalibrated`.
   * Env `CALIBRATED_JUDGE_PAIRS`, a JSON list.
   * @default [] - no pair may score
   * @example ["anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1"]
   */
  readonly calibratedJudgePairs: readonly string[];
  /**
   * Id of the calibration record that let the current pair score (`calibrationRecordId`), stamped
   * on each verdict's span. Env `JUDGE_CALIBRATION_RECORD_ID`.
   * @default - not stamped
   */
  readonly calibrationRecordId?: string;
  /**
   * A candidate judge that scores a share of the same sampled records beside the current one (shadow
   * judging); its verdicts go to `shadowScoresTableName`, never to the scores table.
   * Env `CANDIDATE_JUDGE_PAIR` (a `judgePairId`).
   * @default - no shadow judging
   */
  readonly candidateJudge?: JudgePair;
  /** Share (0-1) of scored records the candidate also judges. Env `SHADOW_SHARE`. @default 1 */
  readonly shadowShare: number;
  /** DynamoDB table of shadow comparisons; required with a candidate. Env `SHADOW_SCORES_TABLE_NAME`. */
  readonly shadowScoresTableName?: string;
  /** USD per 1,000 judge input tokens. Env `JUDGE_INPUT_PRICE_PER_1K`. */
  readonly judgeInputPricePer1k: number;
  /** USD per 1,000 judge output tokens. Env `JUDGE_OUTPUT_PRICE_PER_1K`. */
  readonly judgeOutputPricePer1k: number;
  /**
   * Share (0-1) of records that are neither guardrail-flagged nor low-confidence to judge. Env `SAMPLE_RATE`.
   * @default 0.1
   */
  readonly sampleRate: number;
  /**
   * Mean token entropy (nats) above which a record is low-confidence and always judged. Env `ENTROPY_THRESHOLD`.
   * @default 1.5
   */
  readonly entropyThreshold: number;
  /**
   * Judge calls in flight per invocation. Env `JUDGE_CONCURRENCY`.
   * @default 4
   */
  readonly judgeConcurrency: number;
  /**
   * Maximum tokens the judge may generate per reply. Env `JUDGE_MAX_TOKENS`.
   * @default 512
   */
  readonly judgeMaxTokens: number;
  /**
   * Characters of prompt and of response sent to the judge (each); longer texts are cut on a
   * word boundary and the judge is told so. Env `JUDGE_MAX_TEXT_CHARS`.
   * @default 40000
   */
  readonly judgeMaxTextChars: number;
  /**
   * Language codes of the texts. The local detectors (Brazilian identifiers, Portuguese names and
   * addresses) always run; Comprehend is called once per listed language it serves (`en`, `es`).
   * Env `PII_LANGUAGES`, comma-separated (`PII_LANGUAGE`, one code, is read when it is unset).
   * @default ["en"]
   * @example ["pt", "en"]
   */
  readonly piiLanguages: readonly string[];
  /**
   * Days a score is kept before DynamoDB TTL removes it. Env `SCORE_TTL_DAYS`.
   * @default 180
   */
  readonly scoreTtlDays: number;
  /**
   * Longest line read from an object, in bytes; a longer line is dead-lettered as malformed
   * without being held in memory. Env `MAX_LINE_BYTES`.
   * @default 16777216
   */
  readonly maxLineBytes: number;
  /**
   * Model name per endpoint for DataCapture records, which do not carry one. JSON object.
   * Env `ENDPOINT_MODEL_NAMES`.
   * @default {} - the endpoint name is used as the model name
   * @example {"llm-prod-endpoint":"llama-3-8b-instruct"}
   */
  readonly endpointModelNames: Readonly<Record<string, string>>;
  /**
   * The use cases the gateway accepts. A record naming another one (the custom attributes are the
   * client's to write) is stored as `unknown`, its value only as a hash. Env `USE_CASES`, comma-separated.
   */
  readonly useCases: readonly string[];
  /** The request types the gateway accepts, treated as `useCases` are. Env `REQUEST_TYPES`, comma-separated. */
  readonly requestTypes: readonly string[];
  /**
   * Longest a judge call may take, its retries included; past it the call is cut off (a hung judge
   * holds no slot longer). Env `JUDGE_CALL_TIMEOUT_MS`.
   * @default 30000
   */
  readonly judgeCallTimeoutMs: number;
  /**
   * Attempts per judge call (the SDK's standard retries: exponential backoff with full jitter, capped
   * at 20 s). Env `JUDGE_MAX_ATTEMPTS`.
   * @default 4
   */
  readonly judgeMaxAttempts: number;
  /**
   * Deliveries of a notification before SQS moves it to the dead-letter queue (the queue's
   * `maxReceiveCount`): before the last one, records the judge throttled wait for the next delivery
   * instead of being dead-lettered. Env `NOTIFICATION_MAX_RECEIVE_COUNT`.
   * @default 1 - every delivery is taken as the last
   */
  readonly notificationMaxReceiveCount: number;
  /**
   * The function's own name, the `Evaluator` dimension of its privacy metrics (one series per
   * environment). Env `AWS_LAMBDA_FUNCTION_NAME`, which Lambda sets.
   * @default "llm-evaluator"
   */
  readonly functionName?: string;
  /**
   * Bucket of the PII canary: for canary records only, the message sent to the judge is written
   * under `payloads/` for the canary's checker. Env `PII_CANARY_BUCKET`.
   * @default - no canary payloads kept
   */
  readonly canaryBucket?: string;
  /**
   * A SageMaker endpoint in the same region serving a PII token classifier; its person and address
   * entities are masked with the local detectors'. Env `PII_MODEL_ENDPOINT`.
   * @default - the local detectors only
   * @example "pii-ner-ptbr"
   */
  readonly piiModelEndpoint?: string;
  /** Model entities scored below this are ignored (0-1). Env `PII_MODEL_MIN_SCORE`. @default 0.5 */
  readonly piiModelMinScore: number;
}

function required(env: Env, name: string): string {
  return requiredVariable(env, name, ConfigError);
}

/** A numeric variable of the contract (`EVALUATOR_VARIABLES`): its default when unset, else checked against its range. */
function variable(env: Env, name: keyof typeof EVALUATOR_VARIABLES): number {
  return numberVariable(env, EVALUATOR_VARIABLES[name], ConfigError);
}

function stringMap(env: Env, name: string): Record<string, string> {
  const raw = env[name]?.trim();
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`environment variable ${name} must be a JSON object of strings, got "${raw}"`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== "string")) {
    throw new ConfigError(`environment variable ${name} must be a JSON object of strings, got "${raw}"`);
  }
  return parsed as Record<string, string>;
}

function pairList(env: Env, name: string): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.some((id) => typeof id !== "string" || parseJudgePairId(id) === undefined)) {
    throw new ConfigError(`environment variable ${name} must be a JSON list of judge pairs "<model id>|<rubric version>", got "${raw}"`);
  }
  return parsed as string[];
}

function candidate(env: Env): JudgePair | undefined {
  const name = EVALUATOR_ENV.candidateJudgePair;
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const pair = parseJudgePairId(raw);
  if (!pair || !isVersionedModelId(pair.judgeModelId)) {
    throw new ConfigError(`environment variable ${name} must be "<versioned model id>|<rubric version>", got "${raw}"`);
  }
  return pair;
}

/** `PII_LANGUAGES`, read as the contract says (`readPiiLanguages`). */
function languages(env: Env): string[] {
  const read = readPiiLanguages(env);
  if ("problem" in read) throw new ConfigError(read.problem);
  return read.codes;
}

/** What the gateway allows in a name (it travels in `key=value;` custom attributes). */
const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

function nameList(env: Env, name: string): string[] {
  const names = required(env, name)
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
  const bad = names.find((item) => !NAME_PATTERN.test(item));
  if (names.length === 0 || bad !== undefined) {
    throw new ConfigError(`environment variable ${name} must list names matching ${NAME_PATTERN.source}, comma separated, got "${env[name]}"`);
  }
  return [...new Set(names)];
}

/** `PII_MODEL_ENDPOINT`: a SageMaker endpoint name, never an ARN (the endpoint is in the function's region). */
function modelEndpoint(env: Env): string | undefined {
  const name = EVALUATOR_ENV.piiModelEndpoint;
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/.test(raw)) {
    throw new ConfigError(`environment variable ${name} must be a SageMaker endpoint name (letters, digits, hyphens), got "${raw}"`);
  }
  return raw;
}

/** The current judge's model id (versioned) and the candidate with the table of its verdicts, if any. */
function judges(env: Env): Pick<EvaluatorConfig, "judgeModelId" | "candidateJudge" | "shadowScoresTableName"> {
  const judgeModelId = required(env, EVALUATOR_ENV.judgeModelId);
  if (!isVersionedModelId(judgeModelId)) {
    throw new ConfigError(
      `environment variable ${EVALUATOR_ENV.judgeModelId} must be a versioned model id such as anthropic.claude-3-haiku-20240307-v1:0, got "${judgeModelId}"`,
    );
  }
  const candidateJudge = candidate(env);
  const shadowScoresTableName = env[EVALUATOR_ENV.shadowScoresTableName]?.trim() || undefined;
  if (candidateJudge && !shadowScoresTableName) {
    throw new ConfigError(
      `environment variable ${EVALUATOR_ENV.shadowScoresTableName} is required with ${EVALUATOR_ENV.candidateJudgePair}: shadow verdicts are stored apart from the scores`,
    );
  }
  return { judgeModelId, ...(candidateJudge ? { candidateJudge, shadowScoresTableName } : {}) };
}

/** Reads and validates the configuration; throws `ConfigError` naming the bad variable. */
export function loadConfig(env: Env = process.env): EvaluatorConfig {
  const e = EVALUATOR_ENV;
  const calibrationRecordId = env[e.calibrationRecordId]?.trim();
  const canaryBucket = env[CANARY_ENV.bucket]?.trim();
  const piiModelEndpoint = modelEndpoint(env);
  return {
    scoresTableName: required(env, e.scoresTableName),
    failedRecordsQueueUrl: required(env, e.failedRecordsQueueUrl),
    ...judges(env),
    rubricVersion: env[e.judgeRubricVersion]?.trim() || DEFAULT_RUBRIC_VERSION,
    calibratedJudgePairs: pairList(env, e.calibratedJudgePairs),
    ...(calibrationRecordId ? { calibrationRecordId } : {}),
    shadowShare: variable(env, "shadowShare"),
    judgeInputPricePer1k: variable(env, "judgeInputPricePer1k"),
    judgeOutputPricePer1k: variable(env, "judgeOutputPricePer1k"),
    sampleRate: variable(env, "sampleRate"),
    entropyThreshold: variable(env, "entropyThreshold"),
    judgeConcurrency: variable(env, "judgeConcurrency"),
    judgeMaxTokens: variable(env, "judgeMaxTokens"),
    judgeMaxTextChars: variable(env, "judgeMaxTextChars"),
    piiLanguages: languages(env),
    scoreTtlDays: variable(env, "scoreTtlDays"),
    maxLineBytes: variable(env, "maxLineBytes"),
    endpointModelNames: stringMap(env, e.endpointModelNames),
    useCases: nameList(env, e.useCases),
    requestTypes: nameList(env, e.requestTypes),
    judgeCallTimeoutMs: variable(env, "judgeCallTimeoutMs"),
    judgeMaxAttempts: variable(env, "judgeMaxAttempts"),
    notificationMaxReceiveCount: variable(env, "notificationMaxReceiveCount"),
    // Lambda sets AWS_LAMBDA_FUNCTION_NAME itself; the module does not.
    functionName: env.AWS_LAMBDA_FUNCTION_NAME?.trim() || EVALUATOR_SERVICE_NAME,
    ...(canaryBucket ? { canaryBucket } : {}),
    ...(piiModelEndpoint ? { piiModelEndpoint } : {}),
    piiModelMinScore: variable(env, "piiModelMinScore"),
  };
}
