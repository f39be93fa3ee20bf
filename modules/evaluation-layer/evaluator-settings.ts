import { withinRange } from "../../contracts/environment-variable";
import { EVALUATOR_VARIABLES } from "../../contracts/evaluator-environment";
import { DEFAULT_RUBRIC_VERSION, isKnownRubricVersion, RUBRIC_VERSIONS } from "../../contracts/judge-pair";
import { defaultPiiLanguages } from "./comprehend-regions";
import { assertVersionedJudgeModelId } from "./judge-model";

/** How the evaluator samples, masks and judges; `EvaluationLayerProps` takes the same settings. */
export interface EvaluatorSettings {
  /**
   * Bedrock model (or cross-region inference profile) id of the judge. Must be versioned (`-vN:M`)
   * so that scores do not drift when the provider moves an alias.
   * @default "anthropic.claude-3-haiku-20240307-v1:0"
   */
  readonly judgeModelId?: string;
  /**
   * Rubric version the judge scores with (`RUBRIC_VERSIONS` in `contracts/judge-pair.ts`). With the
   * model id it forms the judge pair every score carries; a pair scores only with a passing
   * calibration record.
   * @default "bank-qa-rubric/2025-06-v1"
   */
  readonly judgeRubricVersion?: string;
  /** USD per 1,000 judge input tokens (the judge cost metric), 0-1000. @default 0.00025 (Claude 3 Haiku) */
  readonly judgeInputPricePer1k?: number;
  /** USD per 1,000 judge output tokens, 0-1000. @default 0.00125 (Claude 3 Haiku) */
  readonly judgeOutputPricePer1k?: number;
  /** Share (0-1) of ordinary records judged; guardrail-flagged and low-confidence ones always are. @default 0.1 */
  readonly sampleRate?: number;
  /** Mean token entropy (nats) above which a record is low-confidence and always judged. @default 1.5 */
  readonly entropyThreshold?: number;
  /** Judge calls in flight per evaluator invocation (1-64). @default 4 */
  readonly judgeConcurrency?: number;
  /** Judge reply token limit (64-8192). @default 512 */
  readonly judgeMaxTokens?: number;
  /** Characters of prompt and of answer sent to the judge, each (1000-1000000). @default 40000 */
  readonly judgeMaxTextChars?: number;
  /**
   * Languages of the texts, for PII masking. The local detectors (CPF, CNPJ, accounts, cards,
   * phones, e-mails, RG, PIX keys, plates, and Portuguese names, street addresses and CEPs) always
   * run; Amazon Comprehend DetectPiiEntities is called in each listed language it serves (`en`,
   * `es`). A list without `en`/`es` creates no Comprehend VPC endpoint or permission. Comprehend is
   * not offered in every region (not in sa-east-1): there `en`/`es` would dead-letter every record
   * as `masking_failed` (the synth warns), so list `["pt"]`.
   * @default - ["pt", "en"] where Comprehend is offered, ["pt"] (local detectors only) elsewhere, e.g. sa-east-1
   * @example ["pt", "en"]
   */
  readonly piiLanguages?: readonly string[];
  /** Days score items live (DynamoDB TTL), 1-3650. @default 180 */
  readonly scoreTtlDays?: number;
  /** Longest line read from an object, in bytes (1024-268435456); longer lines are `malformed_line`. @default 16777216 */
  readonly maxLineBytes?: number;
}

/** How big the evaluator function is. */
export interface EvaluatorSizing {
  /** Reserved concurrency (2-1000); the SQS mapping's maximum concurrency is the same. @default 5 */
  readonly reservedConcurrency?: number;
  /** Timeout in seconds (60-900). @default 900 */
  readonly timeoutSeconds?: number;
  /** Memory in MB. @default 1024 */
  readonly memorySize?: number;
}

/** The module's defaults for what an environment file can set; `EVALUATION_LAYER_DEFAULTS` reuses them. */
export const EVALUATOR_DEFAULTS = {
  judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0",
  /** Claude 3 Haiku on-demand prices, USD per 1,000 tokens. */
  judgeInputPricePer1k: 0.00025,
  judgeOutputPricePer1k: 0.00125,
  sampleRate: EVALUATOR_VARIABLES.sampleRate.default,
  entropyThreshold: EVALUATOR_VARIABLES.entropyThreshold.default,
  judgeConcurrency: EVALUATOR_VARIABLES.judgeConcurrency.default,
  reservedConcurrency: 5,
} as const;

/** Settings with defaults applied, after validation. */
export type ResolvedEvaluatorSettings = Required<EvaluatorSettings & EvaluatorSizing>;

/**
 * Applies the defaults of `EvaluatorSettings` and `EvaluatorSizing` for a region and validates them; bad values throw
 * lowercase messages that show the value and the allowed range.
 */
export function resolveEvaluatorSettings(settings: EvaluatorSettings & EvaluatorSizing, region: string): ResolvedEvaluatorSettings {
  const d = EVALUATOR_DEFAULTS;
  const s: ResolvedEvaluatorSettings = {
    judgeModelId: settings.judgeModelId ?? d.judgeModelId,
    judgeRubricVersion: settings.judgeRubricVersion ?? DEFAULT_RUBRIC_VERSION,
    judgeInputPricePer1k: settings.judgeInputPricePer1k ?? d.judgeInputPricePer1k,
    judgeOutputPricePer1k: settings.judgeOutputPricePer1k ?? d.judgeOutputPricePer1k,
    sampleRate: settings.sampleRate ?? d.sampleRate,
    entropyThreshold: settings.entropyThreshold ?? d.entropyThreshold,
    judgeConcurrency: settings.judgeConcurrency ?? d.judgeConcurrency,
    reservedConcurrency: settings.reservedConcurrency ?? d.reservedConcurrency,
    judgeMaxTokens: settings.judgeMaxTokens ?? EVALUATOR_VARIABLES.judgeMaxTokens.default,
    judgeMaxTextChars: settings.judgeMaxTextChars ?? EVALUATOR_VARIABLES.judgeMaxTextChars.default,
    piiLanguages: settings.piiLanguages ?? defaultPiiLanguages(region),
    scoreTtlDays: settings.scoreTtlDays ?? EVALUATOR_VARIABLES.scoreTtlDays.default,
    maxLineBytes: settings.maxLineBytes ?? EVALUATOR_VARIABLES.maxLineBytes.default,
    timeoutSeconds: settings.timeoutSeconds ?? 900,
    memorySize: settings.memorySize ?? 1024,
  };
  const isInt = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  const require = (ok: boolean, message: string) => {
    if (!ok) throw new Error(message);
  };
  assertVersionedJudgeModelId(s.judgeModelId);
  require(isKnownRubricVersion(
    s.judgeRubricVersion,
  ), `judge rubric version must be one the evaluator holds (${Object.keys(RUBRIC_VERSIONS).join(", ")}), got "${s.judgeRubricVersion}"`);
  const v = EVALUATOR_VARIABLES;
  const within = withinRange;
  require(within(s.judgeInputPricePer1k, v.judgeInputPricePer1k), `judge input price must be USD per 1k tokens from 0 to 1000, got ${s.judgeInputPricePer1k}`);
  require(within(
    s.judgeOutputPricePer1k,
    v.judgeOutputPricePer1k,
  ), `judge output price must be USD per 1k tokens from 0 to 1000, got ${s.judgeOutputPricePer1k}`);
  require(within(s.sampleRate, v.sampleRate), `sample rate must be a share from 0 to 1, got ${s.sampleRate}`);
  require(within(s.entropyThreshold, v.entropyThreshold) &&
    s.entropyThreshold > 0, `entropy threshold must be greater than 0 and at most 100 nats, got ${s.entropyThreshold}`);
  require(within(s.judgeConcurrency, v.judgeConcurrency), `judge concurrency must be a whole number from 1 to 64, got ${s.judgeConcurrency}`);
  require(within(s.judgeMaxTokens, v.judgeMaxTokens), `judge max tokens must be a whole number from 64 to 8192, got ${s.judgeMaxTokens}`);
  require(within(s.judgeMaxTextChars, v.judgeMaxTextChars), `judge max text chars must be a whole number from 1000 to 1000000, got ${s.judgeMaxTextChars}`);
  require(s.piiLanguages.length > 0 &&
    s.piiLanguages.every((code) => /^[a-z]{2}(-[a-z]{2})?$/.test(code)) &&
    new Set(s.piiLanguages).size ===
      s.piiLanguages.length, `pii languages must be distinct lower-case codes such as ["pt", "en"], got ${JSON.stringify(s.piiLanguages)}`);
  require(within(s.scoreTtlDays, v.scoreTtlDays), `score ttl must be a whole number of days from 1 to 3650, got ${s.scoreTtlDays}`);
  require(within(s.maxLineBytes, v.maxLineBytes), `max line bytes must be a whole number from 1024 to 268435456, got ${s.maxLineBytes}`);
  require(isInt(
    s.reservedConcurrency,
    2,
    1000,
  ), `evaluator reserved concurrency must be a whole number from 2 to 1000 (the sqs mapping's maximum concurrency is at least 2), got ${s.reservedConcurrency}`);
  require(isInt(s.timeoutSeconds, 60, 900), `evaluator timeout must be a whole number of seconds from 60 to 900, got ${s.timeoutSeconds}`);
  return s;
}
