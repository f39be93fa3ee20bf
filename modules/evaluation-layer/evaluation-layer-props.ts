import type { CalibrationThresholds } from "../../contracts/calibration-record";
import type { JudgePair } from "../../contracts/judge-pair";
import type { PlatformFunctionOptions } from "../shared/function-options";
import type { FunctionNetwork } from "../shared/function-network";
import type { FunctionTracing } from "../shared/function-tracing";
import type { EnvironmentScope } from "../shared/naming";
import type { ReadableBucket } from "../shared/readable-bucket";
import type { CalibrationRecords } from "./calibration-gate";
import type { EvaluationInterfaceService, VpcEndpointChoice, VpcEndpointService } from "./evaluation-vpc-endpoints";
import { EVALUATOR_DEFAULTS, type EvaluatorSettings } from "./evaluator-settings";
import type { PiiCanarySettings } from "./pii-canary";

/** What the evaluation layer needs of the endpoint it evaluates (an `InferenceEndpoint` fits). */
export interface EvaluatedEndpoint {
  readonly endpointName: string;
  readonly modelName: string;
  /**
   * Bucket SageMaker DataCapture writes to: the endpoint's `SecureBucket`, or an `ExistingBucket`
   * for an endpoint managed elsewhere. The evaluator gets `captureBucket.grantRead` under `capturePrefix`.
   */
  readonly captureBucket: ReadableBucket;
  /** DataCapture prefix in the bucket, e.g. `datacapture/`. */
  readonly capturePrefix: string;
}

/** Gateway inference logs (the telemetry module's delivery bucket). */
export interface InferenceLogSource {
  /** The bucket; the evaluator gets `bucket.grantRead` under `prefix` (role policy and, for a `SecureBucket`, key policy). */
  readonly bucket: ReadableBucket;
  /** Prefix of the log objects, e.g. `inference-logs/`. */
  readonly prefix: string;
}

/** Golden-set calibration of the judge: the evidence synth checks and the monthly run that renews it. */
export interface JudgeCalibrationSettings {
  /**
   * Calibration records (read with `readCalibrationRecords(dir)`, e.g. the repository's
   * `calibration/records/`). Synth fails unless one of them is a passing record for the judge pair
   * (`judgeModelId` + `judgeRubricVersion`), recomputed against `thresholds`.
   */
  readonly records: CalibrationRecords;
  /** The golden set (JSON lines) the calibration function runs; uploaded to its bucket. */
  readonly goldenSetPath: string;
  /** Name of the golden set in records and reports. @default - the file name */
  readonly goldenSetName?: string;
  /** Floors and ceilings, over the defaults. @default DEFAULT_CALIBRATION_THRESHOLDS (kappa 0.6, length correlation 0.3, padding 0.5 points, refusal precision and recall 0.75) */
  readonly thresholds?: Partial<CalibrationThresholds>;
  /** EventBridge Scheduler expression of the calibration run. @default "cron(0 6 1 * ? *)" (monthly) */
  readonly schedule?: string;
  /** Time zone of the schedules. @default "UTC" */
  readonly scheduleTimezone?: string;
  /** Schedule of the shadow agreement while a candidate shadows. @default "cron(0 7 * * ? *)" (daily) */
  readonly shadowAgreementSchedule?: string;
  /** Days of shadow comparisons the agreement covers. @default 30 */
  readonly shadowWindowDays?: number;
}

/** A judge pair that shadows the current one before it may be promoted. */
export interface CandidateJudge extends JudgePair {
  /** Share (0-1] of the scored records the candidate judges too. @default 1 */
  readonly shadowShare?: number;
}

/** The layer's props; the evaluator's sampling, masking and judge settings are `EvaluatorSettings`. */
export interface EvaluationLayerProps extends EvaluatorSettings, EnvironmentScope, PlatformFunctionOptions {
  /** The endpoint whose DataCapture objects are evaluated. */
  readonly endpoint: EvaluatedEndpoint;
  /**
   * Use cases the gateway accepts (its `useCases`). Records name theirs in data a client can write:
   * any other value is scored under `unknown`, and kept only as a hash.
   */
  readonly useCases: readonly string[];
  /** Request types the gateway accepts (its `requestTypes`), checked the same way. */
  readonly requestTypes: readonly string[];
  /** Gateway inference logs, evaluated too. @default - DataCapture only */
  readonly inferenceLogSource?: InferenceLogSource;
  /** Private subnets and security groups of the environment VPC; both functions run there. */
  readonly network: FunctionNetwork;
  /**
   * Buckets outside the platform's names that callers in the VPC read through the S3 gateway
   * endpoint, such as the bucket of the staged model weights (its policy names only the platform's
   * buckets and these).
   * @default []
   */
  readonly vpcEndpointPolicyBuckets?: readonly string[];
  /**
   * Route tables of the private subnets, for the S3 and DynamoDB gateway endpoints.
   * @default - no gateway endpoints (a synth warning says so)
   */
  readonly routeTableIds?: readonly string[];
  /**
   * Per service the functions need (bedrock-runtime, comprehend where used, sqs, monitoring, logs,
   * kms, the additional services; s3 and dynamodb gateways): `"create"`, or the id of the endpoint
   * the VPC already has (`"vpce-..."`, e.g. the landing zone's). The judge's Bedrock permission is
   * bound to the bedrock-runtime endpoint actually used (`aws:SourceVpce`).
   * @default - "create" for every service
   */
  readonly vpcEndpoints?: Readonly<Partial<Record<VpcEndpointService, VpcEndpointChoice>>>;
  /**
   * More interface endpoints to create in the same VPC for other functions there (the inference
   * gateway calls SageMaker Runtime and Firehose), so the VPC gets one set of endpoints.
   * @default - none
   */
  readonly additionalInterfaceServices?: readonly EvaluationInterfaceService[];
  /**
   * Judge governance: the calibration records synth requires for the judge pair, the golden set and
   * the schedule of the calibration function. There is no default: a judge pair without a passing
   * record fails synth.
   */
  readonly calibration: JudgeCalibrationSettings;
  /**
   * A candidate judge (model id + rubric version) judging a share of the same sampled records beside
   * the current one; its verdicts are stored apart (`ShadowScoresTable`) and its agreement with the
   * current judge is published daily. Promote it by making it `judgeModelId` / `judgeRubricVersion`:
   * synth accepts that only with a passing calibration record of the candidate.
   * @default - no shadow judging
   */
  readonly candidateJudge?: CandidateJudge;
  /**
   * The PII canary (`PiiCanary`): on a schedule, a synthetic record with fresh canary client data
   * travels the real path and a checker pages on any leak. Needs `inferenceLogSource` with a bucket
   * this stack manages.
   * @default - on, every 60 minutes, where the inference-log bucket is writable; otherwise off, with a synth warning
   */
  readonly piiCanary?: PiiCanarySettings;
  /**
   * Name of a SageMaker endpoint in this account and region serving a PII token classifier (a
   * Portuguese BERT NER model, for example); the evaluator masks its person and address entities too,
   * calling it through the VPC's sagemaker.runtime endpoint (created unless given in `vpcEndpoints`).
   * @default - the local detectors only
   */
  readonly piiModelEndpoint?: string;
  /** Minimum quality score (0-1) per `request_type` for the publisher's `QualityGood`. */
  readonly qualityThresholds: Readonly<Record<string, number>>;
  /** Threshold (0-1) for request types not listed. */
  readonly defaultQualityThreshold: number;
  /** Reserved concurrency of the evaluator (2-1000); also the SQS mapping's maximum concurrency. @default 5 */
  readonly evaluatorReservedConcurrency?: number;
  /** Reserved concurrency of the publisher (1-1000). @default 2 */
  readonly publisherReservedConcurrency?: number;
  /** Evaluator timeout in seconds (60-900); the queue's visibility timeout is 6x this. @default 900 */
  readonly evaluatorTimeoutSeconds?: number;
  /** Memory of the evaluator in MB. @default 1024 */
  readonly evaluatorMemorySize?: number;
  /** S3 notifications (objects) per evaluator invocation, 1-10; objects are processed one after another. @default 2 */
  readonly evaluatorBatchSize?: number;
  /** Stream records per publisher invocation (1-1000). @default 100 */
  readonly publisherBatchSize?: number;
  /** Retries of a failed stream batch before it goes to the publisher DLQ (0-10000). @default 10 */
  readonly publisherMaxRetryAttempts?: number;
  /**
   * The evaluator's verdict spans (on the request's trace): X-Ray, plus the bank's OTLP endpoint when
   * set; `false` turns tracing off. With tracing on, an X-Ray interface endpoint joins the VPC endpoints.
   * @default { sampleRatio: 0.1 }
   */
  readonly tracing?: FunctionTracing | false;
}

/** The module's defaults for the settings an environment file can set; the environment section reuses them. */
export const EVALUATION_LAYER_DEFAULTS = {
  judgeModelId: EVALUATOR_DEFAULTS.judgeModelId,
  judgeInputPricePer1k: EVALUATOR_DEFAULTS.judgeInputPricePer1k,
  judgeOutputPricePer1k: EVALUATOR_DEFAULTS.judgeOutputPricePer1k,
  sampleRate: EVALUATOR_DEFAULTS.sampleRate,
  entropyThreshold: EVALUATOR_DEFAULTS.entropyThreshold,
  judgeConcurrency: EVALUATOR_DEFAULTS.judgeConcurrency,
  evaluatorReservedConcurrency: EVALUATOR_DEFAULTS.reservedConcurrency,
} as const;
