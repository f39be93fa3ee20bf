import { EVALUATOR_VARIABLES, type NumberVariable, PII_LANGUAGES_VARIABLE } from "../../contracts/evaluator-environment";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { FunctionCodeSigning, type CodeSigningChoice } from "../shared/code-signing";
import { Construct } from "constructs";
import { BundledFunction } from "../shared/bundled-function";
import type { EncryptionKey } from "../shared/encryption-key";
import { FunctionCode } from "../shared/deployment-package";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import type { ReadableBucket } from "../shared/readable-bucket";
import { defaultPiiLanguages, masksWithComprehend } from "./comprehend-regions";
import { DEFAULT_RUBRIC_VERSION, isKnownRubricVersion, judgePairId, RUBRIC_VERSIONS, type JudgePair } from "../../contracts/judge-pair";
import { CANARY_ENV } from "../../contracts/pii-canary";
import { assertVersionedJudgeModelId, judgeModelStatements } from "./judge-model";
import { MAX_RECEIVE_COUNT } from "./evaluation-queues";
import { piiModelStatements } from "./pii-model-endpoint";
import type { ScoresTable } from "./scores-table";
import type { ShadowScoresTable } from "./shadow-scores-table";
import { DEFAULT_FUNCTION_TRACING, type FunctionTracing, grantTraceExport, tracingEnvironment, validateFunctionTracing } from "../shared/function-tracing";

/** A bucket the evaluator reads objects from, under one prefix (granted with `ReadableBucket.grantRead`). */
export interface EvaluatedObjects {
  readonly bucket: ReadableBucket;
  /** Prefix of the objects, e.g. `datacapture/`. */
  readonly prefix: string;
}

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

export interface EvaluatorFunctionProps extends EvaluatorSettings, EvaluatorSizing {
  /** Naming of the environment; the function is `<prefix>-evaluator`. */
  readonly naming: ResourceNaming;
  /** Account of the function (its role trusts Lambda of this account only; the judge profile ARN names it). */
  readonly accountId: string;
  /** Region of the function and of the judge model. */
  readonly region: string;
  /** Key of the function's environment and logs (the layer's key; the role may use it for the queues and table). */
  readonly encryptionKey: EncryptionKey;
  /** Private subnets and security groups; the judge is called through the VPC's bedrock-runtime endpoint. */
  readonly network: { readonly vpcId: string; readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /**
   * The bedrock-runtime VPC endpoint the judge calls go through: its id is the `aws:SourceVpce` of
   * the invoke permission; `created` (the layer's own endpoint, in `network.vpcId`) adds `aws:SourceVpc`.
   */
  readonly judgeEndpoint: { readonly id: string; readonly created: boolean };
  /** Endpoint whose records are evaluated: its name maps to the `ModelName` the scores carry. */
  readonly endpoint: { readonly endpointName: string; readonly modelName: string };
  /** Use cases the gateway accepts; a record naming another is scored under `unknown` (`USE_CASES`). */
  readonly useCases: readonly string[];
  /** Request types the gateway accepts; a record naming another is scored under `unknown` (`REQUEST_TYPES`). */
  readonly requestTypes: readonly string[];
  /** Objects the evaluator reads: DataCapture first, then (optionally) the gateway's inference logs. */
  readonly sources: readonly EvaluatedObjects[];
  /** Where scores are stored (get and conditional put). */
  readonly scoresTable: ScoresTable;
  /** Queue of S3 notifications the evaluator consumes. */
  readonly notificationQueue: SqsQueue;
  /** Queue the evaluator sends records it cannot score to. */
  readonly failedRecordsQueue: SqsQueue;
  /** Retention of the log group (>= 365). @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Judge pairs (`judgePairId`) synth found a passing calibration record for; the function scores
   * only with a pair listed here (`CALIBRATED_JUDGE_PAIRS`), else it dead-letters the records as
   * `judge_pair_uncalibrated`.
   */
  readonly calibratedJudgePairs: readonly string[];
  /** A shadow candidate judging a share of the scored records beside the current judge. @default - none */
  readonly candidateJudge?: JudgePair;
  /** Share (0-1) of scored records the candidate judges too. @default 1 */
  readonly shadowShare?: number;
  /** Where shadow comparisons go; required with `candidateJudge`. */
  readonly shadowScoresTable?: ShadowScoresTable;
  /**
   * Code signing of the module's functions: a `FunctionCodeSigning`, or `"off"`.
   * @default - the stack's own (`FunctionCodeSigning.ofStack`, enforce), shared by every module of the stack
   */
  readonly codeSigning?: CodeSigningChoice;
  /** Bucket of the PII canary: the evaluator keeps canary records' judge messages there (`PII_CANARY_BUCKET`). @default - no canary */
  readonly canaryBucketName?: string;
  /**
   * A SageMaker endpoint of the bank's serving a PII token classifier (`PII_MODEL_ENDPOINT`), called
   * through `vpcEndpoint` (the VPC's sagemaker.runtime endpoint). @default - the local detectors only
   */
  readonly piiModelEndpoint?: { readonly name: string; readonly vpcEndpoint: { readonly id: string; readonly created: boolean } };
  /**
   * The verdict spans, on the request's trace: X-Ray's OTLP endpoint, plus the bank's when set;
   * `false` turns tracing off.
   * @default { sampleRatio: 0.1 }
   */
  readonly tracing?: FunctionTracing | false;
  /** Id of the calibration record that lets the judge pair score, stamped on each verdict span. @default - not stamped */
  readonly calibrationRecordId?: string;
}

/** The names the evaluator accepts, as its environment carries them; the gateway's alphabet, at least one. */
function metadataNames(names: readonly string[], prop: string): string {
  const bad = names.find((name) => !/^[A-Za-z0-9_.-]{1,64}$/.test(name));
  if (names.length === 0 || bad !== undefined) {
    throw new Error(`${prop} must list at least one name of letters, digits, _ . or - (1-64 characters), got ${JSON.stringify(names)}`);
  }
  return names.join(",");
}

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
  const inRange = (v: number, min: number, max: number) => Number.isFinite(v) && v >= min && v <= max;
  const require = (ok: boolean, message: string) => {
    if (!ok) throw new Error(message);
  };
  assertVersionedJudgeModelId(s.judgeModelId);
  require(isKnownRubricVersion(
    s.judgeRubricVersion,
  ), `judge rubric version must be one the evaluator holds (${Object.keys(RUBRIC_VERSIONS).join(", ")}), got "${s.judgeRubricVersion}"`);
  const v = EVALUATOR_VARIABLES;
  const within = (value: number, range: NumberVariable) => (range.integer ? isInt(value, range.min, range.max) : inRange(value, range.min, range.max));
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

/**
 * The LLM-as-judge evaluator function: reads DataCapture and inference-log objects named by S3
 * notifications, samples, masks PII (local masks, plus Comprehend for `en`/`es`), asks the pinned
 * Bedrock judge and stores scores; records it cannot score go to the failed-records queue. Its role
 * may read only the source prefixes, invoke only the judge model from the VPC, and use only the
 * table and queues it is given.
 */
export class EvaluatorFunction extends Construct {
  readonly function: BundledFunction;
  /** Settings with defaults applied. */
  readonly settings: ResolvedEvaluatorSettings;
  /** Function name, known at synth. */
  readonly functionName: string;

  constructor(scope: Construct, id: string, props: EvaluatorFunctionProps) {
    super(scope, id);
    const s = resolveEvaluatorSettings(props, props.region);
    this.settings = s;
    if (props.sources.length === 0) throw new Error("sources is empty; pass at least the capture bucket and its prefix");
    if (props.candidateJudge && !props.shadowScoresTable)
      throw new Error("candidateJudge needs shadowScoresTable: shadow verdicts are stored apart from the scores");
    const shadowShare = props.shadowShare ?? 1;
    if (!(Number.isFinite(shadowShare) && shadowShare > 0 && shadowShare <= 1))
      throw new Error(`shadow share must be a share above 0 and at most 1, got ${shadowShare}`);
    const { naming, accountId, region } = props;
    const judgeStatements = judgeModelStatements({
      modelId: s.judgeModelId,
      region,
      accountId,
      sourceVpceId: props.judgeEndpoint.id,
      ...(props.judgeEndpoint.created ? { vpcId: props.network.vpcId } : {}),
    });

    this.functionName = naming.name("evaluator", NAME_LIMITS.lambda);
    const tracing = props.tracing ?? DEFAULT_FUNCTION_TRACING;
    validateFunctionTracing(tracing);
    // "Default" keeps the function's Terraform addresses (and asset folder) what they were before this construct existed.
    this.function = new BundledFunction(this, "Default", {
      functionName: this.functionName,
      code: FunctionCode.platform("evaluator"),
      description: "LLM-as-judge evaluator: samples DataCapture and inference-log records, masks PII, scores with Bedrock",
      grantName: "Evaluator",
      accountId,
      region,
      encryptionKey: props.encryptionKey,
      environment: {
        SCORES_TABLE_NAME: props.scoresTable.table.name,
        FAILED_RECORDS_QUEUE_URL: props.failedRecordsQueue.url,
        JUDGE_MODEL_ID: s.judgeModelId,
        JUDGE_RUBRIC_VERSION: s.judgeRubricVersion,
        CALIBRATED_JUDGE_PAIRS: JSON.stringify(props.calibratedJudgePairs),
        ...(props.candidateJudge && props.shadowScoresTable
          ? {
              CANDIDATE_JUDGE_PAIR: judgePairId(props.candidateJudge),
              [EVALUATOR_VARIABLES.shadowShare.name]: String(props.shadowShare ?? EVALUATOR_VARIABLES.shadowShare.default),
              SHADOW_SCORES_TABLE_NAME: props.shadowScoresTable.tableName,
            }
          : {}),
        [EVALUATOR_VARIABLES.judgeInputPricePer1k.name]: String(s.judgeInputPricePer1k),
        [EVALUATOR_VARIABLES.judgeOutputPricePer1k.name]: String(s.judgeOutputPricePer1k),
        [EVALUATOR_VARIABLES.sampleRate.name]: String(s.sampleRate),
        [EVALUATOR_VARIABLES.entropyThreshold.name]: String(s.entropyThreshold),
        [EVALUATOR_VARIABLES.judgeConcurrency.name]: String(s.judgeConcurrency),
        [EVALUATOR_VARIABLES.judgeMaxTokens.name]: String(s.judgeMaxTokens),
        [EVALUATOR_VARIABLES.judgeMaxTextChars.name]: String(s.judgeMaxTextChars),
        [PII_LANGUAGES_VARIABLE.name]: s.piiLanguages.join(","),
        [EVALUATOR_VARIABLES.scoreTtlDays.name]: String(s.scoreTtlDays),
        [EVALUATOR_VARIABLES.maxLineBytes.name]: String(s.maxLineBytes),
        ENDPOINT_MODEL_NAMES: JSON.stringify({ [props.endpoint.endpointName]: props.endpoint.modelName }),
        // Before the last delivery, records a throttled judge could not score wait for the next one.
        NOTIFICATION_MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT),
        USE_CASES: metadataNames(props.useCases, "useCases"),
        REQUEST_TYPES: metadataNames(props.requestTypes, "requestTypes"),
        ...(props.canaryBucketName ? { [CANARY_ENV.bucket]: props.canaryBucketName } : {}),
        ...(props.piiModelEndpoint ? { PII_MODEL_ENDPOINT: props.piiModelEndpoint.name } : {}),
        POWERTOOLS_SERVICE_NAME: "llm-evaluator",
        ...(props.calibrationRecordId ? { JUDGE_CALIBRATION_RECORD_ID: props.calibrationRecordId } : {}),
        ...tracingEnvironment(tracing, "llm-evaluator"),
      },
      vpcId: props.network.vpcId,
      subnetIds: props.network.subnetIds,
      securityGroupIds: props.network.securityGroupIds,
      timeoutSeconds: s.timeoutSeconds,
      memorySize: s.memorySize,
      reservedConcurrency: s.reservedConcurrency,
      logRetentionDays: props.logRetentionDays,
      codeSigning: FunctionCodeSigning.resolve(this, props.codeSigning, { naming, accountId, region }),
    });
    if (tracing !== false) grantTraceExport(this.function, region);
    // Read and decrypt in the role policy, decrypt in each source key's policy (`EvaluatorDecrypts<contentName>`).
    for (const source of props.sources) source.bucket.grantRead(this.function, source.prefix);
    const candidate = props.candidateJudge;
    this.function.addToRolePolicy(
      ...judgeStatements,
      ...(candidate && candidate.judgeModelId !== s.judgeModelId
        ? judgeModelStatements({
            modelId: candidate.judgeModelId,
            region,
            accountId,
            sourceVpceId: props.judgeEndpoint.id,
            ...(props.judgeEndpoint.created ? { vpcId: props.network.vpcId } : {}),
            sidSuffix: "Candidate",
          })
        : []),
      ...(s.piiLanguages.some(masksWithComprehend)
        ? [{ Sid: "DetectPii", Effect: "Allow" as const, Action: "comprehend:DetectPiiEntities", Resource: "*" }]
        : []),
      ...(props.piiModelEndpoint
        ? piiModelStatements({
            endpointName: props.piiModelEndpoint.name,
            region,
            accountId,
            sourceVpceId: props.piiModelEndpoint.vpcEndpoint.id,
            ...(props.piiModelEndpoint.vpcEndpoint.created ? { vpcId: props.network.vpcId } : {}),
          })
        : []),
    );
    props.scoresTable.grantReadWriteItems(this.function);
    if (candidate) props.shadowScoresTable?.grantWriteItems(this.function);
    this.function.addToRolePolicy(
      { Sid: "SendFailedRecords", Effect: "Allow", Action: "sqs:SendMessage", Resource: props.failedRecordsQueue.arn },
      {
        Sid: "ConsumeNotifications",
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
        Resource: props.notificationQueue.arn,
      },
      { Sid: "UseLayerKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: props.encryptionKey.keyArn },
    );
  }

  get roleArn(): string {
    return this.function.roleArn;
  }

  get functionArn(): string {
    return this.function.functionArn;
  }
}
