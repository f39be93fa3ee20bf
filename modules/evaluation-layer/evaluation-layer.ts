import { platformEndpointPolicyScope } from "./vpc-endpoint-policies";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { PlatformFunctionOptions } from "../shared/function-options";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import type { BundledFunction } from "../shared/bundled-function";
import { EncryptionKey } from "../shared/encryption-key";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { requireRulePack } from "../shared/policy/packs";
import type { ReadableBucket } from "../shared/readable-bucket";
import { COMPREHEND_REGIONS, masksWithComprehend } from "./comprehend-regions";
import { EvaluationQueues } from "./evaluation-queues";
import {
  EVALUATION_INTERFACE_SERVICES,
  EvaluationVpcEndpoints,
  type EvaluationInterfaceService,
  type VpcEndpointChoice,
  type VpcEndpointService,
  TRACING_INTERFACE_SERVICES,
} from "./evaluation-vpc-endpoints";
import { EVALUATOR_DEFAULTS, EvaluatorFunction, resolveEvaluatorSettings, type EvaluatorSettings, type EvaluatorSizing } from "./evaluator-function";
import {
  DEFAULT_CALIBRATION_THRESHOLDS,
  validateCalibrationThresholds,
  calibrationRecordId,
  type CalibrationRecord,
  type CalibrationThresholds,
} from "../../contracts/calibration-record";
import { isKnownRubricVersion, judgePairId, RUBRIC_VERSIONS, sameJudgePair, type JudgePair } from "../../contracts/judge-pair";
import { isVersionedModelId } from "../../contracts/model-id";
import { type CalibrationRecords, requireCalibratedJudge } from "./calibration-gate";
import type { FunctionTracing } from "../shared/function-tracing";
import { JudgeCalibration } from "./judge-calibration";
import { judgeErrorSettings, type JudgeErrorSettings } from "./judge-error-settings";
import { canaryTarget, PiiCanary, type PiiCanarySettings } from "./pii-canary";
import { EVALUATION_LAYER_RULE_PACK } from "./policy-rules";
import { QualityPublisher } from "./quality-publisher";
import { ScoresTable } from "./scores-table";
import { ShadowScoresTable } from "./shadow-scores-table";

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
export interface EvaluationLayerProps extends EvaluatorSettings, PlatformFunctionOptions {
  /** Naming of the environment; every resource name starts with its prefix. */
  readonly naming: ResourceNaming;
  /** Account of the layer: key policies, role trust and the queue policy's `aws:SourceAccount`. */
  readonly accountId: string;
  /** Region of the layer: VPC endpoint service names, the judge model, Comprehend availability. */
  readonly region: string;
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
  readonly network: { readonly vpcId: string; readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
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

/**
 * LLM-as-judge evaluation: S3 notifications of new DataCapture and inference-log objects go to an
 * SQS queue (CMK, redrive to a DLQ); the evaluator samples, masks PII and asks a Bedrock judge,
 * writing scores to a DynamoDB table (CMK, PITR, TTL, stream); the quality publisher turns new
 * scores into CloudWatch metrics at inference time. Both functions run in the VPC, reaching AWS
 * through VPC endpoints, with least-privilege roles.
 *
 * Composes `ScoresTable`, `EvaluationQueues`, `EvaluationVpcEndpoints`, `EvaluatorFunction` and
 * `QualityPublisher` around one customer-managed key, and wires them: bucket notifications to the
 * queue, the queue to the evaluator, the table's stream to the publisher.
 */
export class EvaluationLayer extends Construct {
  readonly key: EncryptionKey;
  readonly scoresTable: ScoresTable;
  readonly queues: EvaluationQueues;
  readonly evaluatorFunction: EvaluatorFunction;
  readonly qualityPublisher: QualityPublisher;
  readonly table: DynamodbTable;
  readonly notificationQueue: SqsQueue;
  readonly notificationDeadLetterQueue: SqsQueue;
  readonly failedRecordsQueue: SqsQueue;
  readonly publisherDeadLetterQueue: SqsQueue;
  readonly evaluator: BundledFunction;
  readonly publisher: BundledFunction;
  readonly evaluatorMapping: LambdaEventSourceMapping;
  readonly publisherMapping: LambdaEventSourceMapping;
  readonly bucketNotifications: readonly S3BucketNotification[];
  readonly vpcEndpoints: EvaluationVpcEndpoints;
  readonly tableName: string;
  /** Name of the S3-notification queue (known at synth). */
  readonly notificationQueueName: string;
  readonly judgeModelId: string;
  /** Rubric version the judge scores with. */
  readonly judgeRubricVersion: string;
  /**
   * The judge pair scoring production (`judgePairId`): the `JudgePair` dimension value of its quality
   * series, which the quality SLOs and the calibration alarms read.
   */
  readonly judgePair: string;
  /** The passing calibration record synth accepted for the judge pair. */
  readonly calibrationRecord: CalibrationRecord;
  /**
   * The judge's sensitivity and specificity per request type from that record (or why there are
   * none): the publisher's corrected metric and the corrected quality SLOs read them.
   */
  readonly judgeError: JudgeErrorSettings;
  /** Floors and ceilings of the calibration, defaults applied (the calibration alarms use the same). */
  readonly calibrationThresholds: CalibrationThresholds;
  /** The calibration function, its bucket and schedules. */
  readonly calibration: JudgeCalibration;
  /** The PII canary; absent when switched off or when the inference logs are not in a bucket of this stack. */
  readonly piiCanary?: PiiCanary;
  /** Shadow comparisons; present with a candidate judge. */
  readonly shadowScoresTable?: ShadowScoresTable;
  /** Role of the evaluator function (it is already granted read on both sources). */
  readonly evaluatorRoleArn: string;
  /** Function names (known at synth), for the alerting module. */
  readonly functionNames: readonly string[];
  /** Names (known at synth) of the queues that must stay empty (notifications DLQ, failed records, publisher DLQ), for the alerting module. */
  readonly deadLetterQueueNames: readonly string[];

  constructor(scope: Construct, id: string, props: EvaluationLayerProps) {
    super(scope, id);
    requireRulePack(this, EVALUATION_LAYER_RULE_PACK);
    const { naming, accountId, region } = props;
    const evaluatorSettings = resolveEvaluatorSettings(evaluatorSettingsOf(props), region);
    const wiring = validateWiring(props);
    this.judgeModelId = evaluatorSettings.judgeModelId;
    this.judgeRubricVersion = evaluatorSettings.judgeRubricVersion;
    const currentJudge: JudgePair = { judgeModelId: this.judgeModelId, rubricVersion: this.judgeRubricVersion };
    this.judgePair = judgePairId(currentJudge);
    const thresholdProblems = validateCalibrationThresholds(props.calibration.thresholds ?? {}, "calibration.thresholds");
    if (thresholdProblems.length > 0) throw new Error(thresholdProblems.join("; "));
    this.calibrationThresholds = { ...DEFAULT_CALIBRATION_THRESHOLDS, ...(props.calibration.thresholds ?? {}) };
    const candidate = validateCandidate(props.candidateJudge, currentJudge);
    const goldenSetSha256 = fileSha256(props.calibration.goldenSetPath);
    // The gate: no passing record for the pair, no synth (a judge change without calibration stops here).
    const verdict = requireCalibratedJudge({ pair: currentJudge, records: props.calibration.records, thresholds: this.calibrationThresholds, goldenSetSha256 });
    this.calibrationRecord = verdict.record;
    this.judgeError = judgeErrorSettings(verdict.record, props.qualityThresholds, props.defaultQualityThreshold);
    for (const warning of verdict.warnings) Annotations.of(this).addWarning(warning);
    const usesComprehend = evaluatorSettings.piiLanguages.some(masksWithComprehend);
    const comprehendOffered = COMPREHEND_REGIONS.includes(region);
    if (usesComprehend && !comprehendOffered) {
      Annotations.of(this).addWarning(
        `pii languages ${JSON.stringify(evaluatorSettings.piiLanguages)} mask with Amazon Comprehend, which is not offered in ${region}: every record would be ` +
          `dead-lettered as masking_failed; set piiLanguages to ["pt"] (local detectors only) or deploy where Comprehend is offered. ` +
          "No Comprehend VPC endpoint is created here",
      );
    }
    const sources = [
      { id: "capture-notifications", bucket: props.endpoint.captureBucket, prefix: props.endpoint.capturePrefix },
      ...(props.inferenceLogSource
        ? [{ id: "inference-log-notifications", bucket: props.inferenceLogSource.bucket, prefix: props.inferenceLogSource.prefix }]
        : []),
    ];

    this.key = new EncryptionKey(this, "key", {
      aliasName: naming.name("evaluation-key", NAME_LIMITS.kmsAlias),
      description: "Evaluation layer: scores table, queues, function environments and logs",
      accountId,
      region,
    });
    // The layer's functions' log groups only (Lambda's default names: /aws/lambda/<function name>).
    this.key.allowCloudWatchLogs([`/aws/lambda/${naming.prefix}-*`]);
    // Functions read and write the queues and table; SQS and DynamoDB use the key on their behalf.
    this.key.allowAccountUseVia("AccountUsesKeyThroughQueuesAndTable", ["sqs", "dynamodb"]);
    // S3 encrypts notification messages into the queue (AWS's documented statement for SSE-KMS
    // queues), only for the source buckets of this account (confused-deputy conditions).
    this.key.allowService({
      Sid: "S3SendsEncryptedNotifications",
      Principal: { Service: "s3.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Condition: {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": sources.map((source) => source.bucket.bucketArn) },
      },
    });

    // The construct ids below keep every Terraform address of the layer as it was when this class
    // held all resources itself: cdktf leaves a `Default` construct out of logical ids.
    this.scoresTable = new ScoresTable(this, "scores", { naming, encryptionKey: this.key });
    this.queues = new EvaluationQueues(this, "Default", {
      naming,
      accountId,
      encryptionKey: this.key,
      notificationSourceArns: sources.map((source) => source.bucket.bucketArn),
      consumerTimeoutSeconds: evaluatorSettings.timeoutSeconds,
    });

    if ((props as { createVpcEndpoints?: unknown }).createVpcEndpoints !== undefined) {
      throw new Error(
        'createVpcEndpoints was replaced by vpcEndpoints: for each service "create" or the id of the VPC\'s existing endpoint, ' +
          'e.g. { sqs: "vpce-0123456789abcdef0", logs: "vpce-0123456789abcdef1" } (the judge must reach bedrock-runtime privately)',
      );
    }
    this.vpcEndpoints = new EvaluationVpcEndpoints(this, "vpc-endpoints", {
      vpcId: props.network.vpcId,
      region,
      subnetIds: props.network.subnetIds,
      sourceSecurityGroupIds: props.network.securityGroupIds,
      securityGroupName: naming.name("evaluation-endpoints"),
      interfaceServices: [
        ...EVALUATION_INTERFACE_SERVICES.filter((service) => service !== "comprehend" || (usesComprehend && comprehendOffered)),
        ...(props.additionalInterfaceServices ?? []),
        // The PII model is reached privately; one endpoint per service, whoever asked first.
        ...(props.piiModelEndpoint && !(props.additionalInterfaceServices ?? []).includes("sagemaker.runtime") ? (["sagemaker.runtime"] as const) : []),
        // X-Ray's OTLP endpoint (xray.<region>.amazonaws.com) for the spans, privately.
        ...(props.tracing === false ? [] : TRACING_INTERFACE_SERVICES),
      ],
      ...(props.vpcEndpoints ? { endpoints: props.vpcEndpoints } : {}),
      ...(props.routeTableIds ? { routeTableIds: props.routeTableIds } : {}),
      policyScope: platformEndpointPolicyScope({
        naming,
        accountId,
        region,
        judgeModelIds: [this.judgeModelId, ...(candidate ? [candidate.judgeModelId] : [])],
        endpointName: props.endpoint.endpointName,
        externalBuckets: props.vpcEndpointPolicyBuckets ?? [],
      }),
    });
    const judgeEndpoint = this.vpcEndpoints.endpointOf["bedrock-runtime"];
    if (!judgeEndpoint) throw new Error("the judge cannot reach Bedrock privately: no bedrock-runtime vpc endpoint is created or given");

    if (candidate) this.shadowScoresTable = new ShadowScoresTable(this, "shadow-scores", { naming, encryptionKey: this.key });
    const canary = canaryTarget(props.piiCanary, props.inferenceLogSource);
    if (canary.reason) Annotations.of(this).addWarning(canary.reason);

    this.evaluatorFunction = new EvaluatorFunction(this, "evaluator", {
      ...evaluatorSettings,
      naming,
      accountId,
      region,
      encryptionKey: this.key,
      network: props.network,
      judgeEndpoint,
      endpoint: props.endpoint,
      useCases: props.useCases,
      requestTypes: props.requestTypes,
      sources,
      scoresTable: this.scoresTable,
      notificationQueue: this.queues.notificationQueue,
      failedRecordsQueue: this.queues.failedRecordsQueue,
      logRetentionDays: props.logRetentionDays,
      calibratedJudgePairs: [this.judgePair],
      calibrationRecordId: calibrationRecordId(this.calibrationRecord),
      ...(props.tracing !== undefined ? { tracing: props.tracing } : {}),
      ...(candidate && this.shadowScoresTable
        ? {
            candidateJudge: { judgeModelId: candidate.judgeModelId, rubricVersion: candidate.rubricVersion },
            shadowShare: candidate.shadowShare ?? 1,
            shadowScoresTable: this.shadowScoresTable,
          }
        : {}),
      codeSigning: props.codeSigning,
      ...(canary.target ? { canaryBucketName: naming.bucketName("pii-canary") } : {}),
      ...(props.piiModelEndpoint ? { piiModelEndpoint: { name: props.piiModelEndpoint, vpcEndpoint: this.piiModelVpcEndpoint() } } : {}),
    });
    if (canary.target) {
      this.piiCanary = new PiiCanary(this, "pii-canary", {
        naming,
        accountId,
        region,
        encryptionKey: this.key,
        network: props.network,
        inferenceLogs: canary.target,
        endpoint: props.endpoint,
        evaluator: this.evaluatorFunction.function,
        ...(props.piiCanary?.intervalMinutes !== undefined ? { intervalMinutes: props.piiCanary.intervalMinutes } : {}),
        ...(props.piiCanary?.graceMinutes !== undefined ? { graceMinutes: props.piiCanary.graceMinutes } : {}),
        logRetentionDays: props.logRetentionDays,
        codeSigning: props.codeSigning,
      });
    }

    this.calibration = new JudgeCalibration(this, "judge-calibration", {
      naming,
      accountId,
      region,
      encryptionKey: this.key,
      network: props.network,
      judgeEndpoint,
      currentJudge,
      ...(candidate ? { candidateJudge: { judgeModelId: candidate.judgeModelId, rubricVersion: candidate.rubricVersion } } : {}),
      goldenSetPath: props.calibration.goldenSetPath,
      ...(props.calibration.goldenSetName ? { goldenSetName: props.calibration.goldenSetName } : {}),
      thresholds: this.calibrationThresholds,
      verdictThresholds: [...new Set([...Object.values(props.qualityThresholds), props.defaultQualityThreshold])].sort((a, b) => a - b),
      piiLanguages: evaluatorSettings.piiLanguages,
      judgeConcurrency: evaluatorSettings.judgeConcurrency,
      ...(props.calibration.schedule ? { schedule: props.calibration.schedule } : {}),
      ...(props.calibration.scheduleTimezone ? { scheduleTimezone: props.calibration.scheduleTimezone } : {}),
      ...(props.calibration.shadowAgreementSchedule ? { shadowAgreementSchedule: props.calibration.shadowAgreementSchedule } : {}),
      ...(props.calibration.shadowWindowDays !== undefined ? { shadowWindowDays: props.calibration.shadowWindowDays } : {}),
      ...(this.shadowScoresTable ? { shadowScoresTable: this.shadowScoresTable } : {}),
      deadLetterQueue: this.queues.calibrationDeadLetterQueue,
      logRetentionDays: props.logRetentionDays,
      codeSigning: props.codeSigning,
    });

    this.qualityPublisher = new QualityPublisher(this, "publisher", {
      naming,
      accountId,
      region,
      encryptionKey: this.key,
      network: props.network,
      scoresTable: this.scoresTable,
      deadLetterQueue: this.queues.publisherDeadLetterQueue,
      qualityThresholds: props.qualityThresholds,
      defaultQualityThreshold: props.defaultQualityThreshold,
      judgeError: this.judgeError.publisher,
      reservedConcurrency: props.publisherReservedConcurrency,
      logRetentionDays: props.logRetentionDays,
      codeSigning: props.codeSigning,
    });

    // Wiring
    // Functions reach SQS, DynamoDB and Bedrock through the endpoints: invoke them only once they exist.
    const dependsOnEndpoints = this.vpcEndpoints.createdEndpoints;
    this.evaluatorMapping = new LambdaEventSourceMapping(this, "evaluator-source", {
      eventSourceArn: this.queues.notificationQueue.arn,
      functionName: this.evaluatorFunction.functionArn,
      batchSize: wiring.evaluatorBatchSize,
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: evaluatorSettings.reservedConcurrency },
      dependsOn: dependsOnEndpoints,
    });
    this.publisherMapping = new LambdaEventSourceMapping(this, "publisher-source", {
      eventSourceArn: this.scoresTable.streamArn,
      functionName: this.qualityPublisher.functionArn,
      startingPosition: "LATEST",
      batchSize: wiring.publisherBatchSize,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ["ReportBatchItemFailures"],
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: wiring.publisherMaxRetryAttempts,
      destinationConfig: { onFailure: { destinationArn: this.queues.publisherDeadLetterQueue.arn } },
      filterCriteria: { filter: [{ pattern: JSON.stringify({ eventName: ["INSERT"] }) }] },
      dependsOn: dependsOnEndpoints,
    });
    this.bucketNotifications = sources.map(
      (source) =>
        new S3BucketNotification(this, source.id, {
          bucket: source.bucket.bucketName,
          queue: [{ id: "evaluate-new-objects", queueArn: this.queues.notificationQueue.arn, events: ["s3:ObjectCreated:*"], filterPrefix: source.prefix }],
          // S3 checks that it may send to the queue when the notification is created.
          dependsOn: [this.queues.notificationQueuePolicy],
        }),
    );

    this.table = this.scoresTable.table;
    this.tableName = this.scoresTable.tableName;
    this.notificationQueue = this.queues.notificationQueue;
    this.notificationDeadLetterQueue = this.queues.notificationDeadLetterQueue;
    this.failedRecordsQueue = this.queues.failedRecordsQueue;
    this.publisherDeadLetterQueue = this.queues.publisherDeadLetterQueue;
    this.notificationQueueName = this.queues.notificationQueueName;
    this.deadLetterQueueNames = [...this.queues.deadLetterQueueNames, ...(this.piiCanary ? [this.piiCanary.deadLetterQueueName] : [])];
    this.evaluator = this.evaluatorFunction.function;
    this.publisher = this.qualityPublisher.function;
    this.evaluatorRoleArn = this.evaluatorFunction.roleArn;
    this.functionNames = [
      this.evaluatorFunction.functionName,
      this.qualityPublisher.functionName,
      this.calibration.functionName,
      ...(this.piiCanary ? [this.piiCanary.plantFunction.functionName, this.piiCanary.checkFunction.functionName] : []),
    ];
  }

  /** The sagemaker.runtime endpoint the PII model is called through. */
  private piiModelVpcEndpoint(): { id: string; created: boolean } {
    const endpoint = this.vpcEndpoints.endpointOf["sagemaker.runtime"];
    if (!endpoint) throw new Error("the pii model endpoint cannot be reached privately: no sagemaker.runtime vpc endpoint is created or given");
    return endpoint;
  }
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

/** The evaluator's settings and sizing among the layer's props (the sizing props carry an `evaluator` prefix there). */
function evaluatorSettingsOf(props: EvaluationLayerProps): EvaluatorSettings & EvaluatorSizing {
  return {
    ...props,
    reservedConcurrency: props.evaluatorReservedConcurrency,
    timeoutSeconds: props.evaluatorTimeoutSeconds,
    memorySize: props.evaluatorMemorySize,
  };
}

/** The event source mappings' settings with defaults applied, after validation. */
function validateWiring(props: EvaluationLayerProps) {
  const wiring = {
    evaluatorBatchSize: props.evaluatorBatchSize ?? 2,
    publisherBatchSize: props.publisherBatchSize ?? 100,
    publisherMaxRetryAttempts: props.publisherMaxRetryAttempts ?? 10,
  };
  const isInt = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  if (!isInt(wiring.evaluatorBatchSize, 1, 10)) throw new Error(`evaluator batch size must be a whole number from 1 to 10, got ${wiring.evaluatorBatchSize}`);
  if (!isInt(wiring.publisherBatchSize, 1, 1000))
    throw new Error(`publisher batch size must be a whole number from 1 to 1000, got ${wiring.publisherBatchSize}`);
  if (!isInt(wiring.publisherMaxRetryAttempts, 0, 10_000)) {
    throw new Error(`publisher max retry attempts must be a whole number from 0 to 10000, got ${wiring.publisherMaxRetryAttempts}`);
  }
  return wiring;
}
