import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import type { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { type CalibrationRecord, type CalibrationThresholds, calibrationRecordId } from "../../contracts/calibration-record";
import type { BundledFunction } from "../shared/bundled-function";
import type { EncryptionKey } from "../shared/encryption-key";
import { requireRulePack } from "../shared/policy/packs";
import type { EvaluationLayerProps } from "./evaluation-layer-props";
import { EvaluationQueues } from "./evaluation-queues";
import type { EvaluationVpcEndpoints, ServiceEndpoint } from "./evaluation-vpc-endpoints";
import { EvaluatorFunction } from "./evaluator-function";
import { type EvaluatorSizing, type EvaluatorSettings, type ResolvedEvaluatorSettings, resolveEvaluatorSettings } from "./evaluator-settings";
import { JudgeCalibration } from "./judge-calibration";
import type { JudgeErrorSettings } from "./judge-error-settings";
import { type GovernedJudges, governJudges } from "./judge-governance";
import { callsComprehend, layerVpcEndpoints, piiModelVpcEndpoint } from "./layer-endpoints";
import type { LayerFunctionProps } from "./layer-function";
import { evaluationLayerKey } from "./layer-key";
import { type NotificationSource, notificationSources, validateWiring, wireLayer } from "./layer-wiring";
import { canaryTarget, PiiCanary } from "./pii-canary";
import { EVALUATION_LAYER_RULE_PACK } from "./policy-rules";
import { QualityPublisher } from "./quality-publisher";
import { ScoresTable } from "./scores-table";
import { ShadowScoresTable } from "./shadow-scores-table";

export {
  type CandidateJudge,
  type EvaluatedEndpoint,
  EVALUATION_LAYER_DEFAULTS,
  type EvaluationLayerProps,
  type InferenceLogSource,
  type JudgeCalibrationSettings,
} from "./evaluation-layer-props";

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
    const { naming, region } = props;
    const evaluatorSettings = resolveEvaluatorSettings(evaluatorSettingsOf(props), region);
    const wiring = validateWiring(props);
    this.judgeModelId = evaluatorSettings.judgeModelId;
    this.judgeRubricVersion = evaluatorSettings.judgeRubricVersion;
    const judges = governJudges(this, props, evaluatorSettings);
    this.judgePair = judges.judgePair;
    this.calibrationThresholds = judges.calibrationThresholds;
    this.calibrationRecord = judges.calibrationRecord;
    this.judgeError = judges.judgeError;
    const comprehend = callsComprehend(this, evaluatorSettings.piiLanguages, region);
    const sources = notificationSources(props);

    this.key = evaluationLayerKey(
      this,
      props,
      sources.map((source) => source.bucket.bucketArn),
    );
    // The construct ids below keep every Terraform address of the layer as it was when this class
    // held all resources itself: cdktf leaves a `Default` construct out of logical ids.
    this.scoresTable = new ScoresTable(this, "scores", { naming, encryptionKey: this.key });
    this.queues = new EvaluationQueues(this, "Default", {
      naming,
      accountId: props.accountId,
      encryptionKey: this.key,
      notificationSourceArns: sources.map((source) => source.bucket.bucketArn),
      consumerTimeoutSeconds: evaluatorSettings.timeoutSeconds,
    });
    const candidateModel = judges.candidate ? [judges.candidate.judgeModelId] : [];
    const endpoints = layerVpcEndpoints(this, props, { judgeModelIds: [this.judgeModelId, ...candidateModel], callsComprehend: comprehend });
    this.vpcEndpoints = endpoints.vpcEndpoints;
    if (judges.candidate) this.shadowScoresTable = new ShadowScoresTable(this, "shadow-scores", { naming, encryptionKey: this.key });

    // Every function of the layer: the environment, the layer's key, the VPC, log retention, code signing.
    const functionScope: LayerFunctionProps = {
      naming,
      accountId: props.accountId,
      region,
      encryptionKey: this.key,
      network: props.network,
      logRetentionDays: props.logRetentionDays,
      codeSigning: props.codeSigning,
    };
    const judging = this.createEvaluator(props, functionScope, { evaluatorSettings, judges, sources, judgeEndpoint: endpoints.judgeEndpoint });
    this.evaluatorFunction = judging.evaluator;
    if (judging.piiCanary) this.piiCanary = judging.piiCanary;
    this.calibration = this.createCalibration(props, functionScope, { evaluatorSettings, judges, judgeEndpoint: endpoints.judgeEndpoint });
    this.qualityPublisher = new QualityPublisher(this, "publisher", {
      ...functionScope,
      scoresTable: this.scoresTable,
      deadLetterQueue: this.queues.publisherDeadLetterQueue,
      qualityThresholds: props.qualityThresholds,
      defaultQualityThreshold: props.defaultQualityThreshold,
      judgeError: this.judgeError.publisher,
      reservedConcurrency: props.publisherReservedConcurrency,
    });

    const wired = wireLayer(this, {
      settings: wiring,
      sources,
      queues: this.queues,
      scoresTable: this.scoresTable,
      evaluatorArn: this.evaluatorFunction.functionArn,
      evaluatorReservedConcurrency: evaluatorSettings.reservedConcurrency,
      publisherArn: this.qualityPublisher.functionArn,
      // Functions reach SQS, DynamoDB and Bedrock through the endpoints: invoke them only once they exist.
      endpoints: this.vpcEndpoints.createdEndpoints,
    });
    this.evaluatorMapping = wired.evaluatorMapping;
    this.publisherMapping = wired.publisherMapping;
    this.bucketNotifications = wired.bucketNotifications;

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

  /** The evaluator, and the PII canary that plants records for it (where the inference-log bucket is this stack's). */
  private createEvaluator(
    props: EvaluationLayerProps,
    functionScope: LayerFunctionProps,
    inputs: EvaluatorInputs,
  ): { readonly evaluator: EvaluatorFunction; readonly piiCanary?: PiiCanary } {
    const { judges } = inputs;
    const candidate = judges.candidate;
    const canary = canaryTarget(props.piiCanary, props.inferenceLogSource);
    if (canary.reason) Annotations.of(this).addWarning(canary.reason);
    const evaluator = new EvaluatorFunction(this, "evaluator", {
      ...inputs.evaluatorSettings,
      ...functionScope,
      judgeEndpoint: inputs.judgeEndpoint,
      endpoint: props.endpoint,
      useCases: props.useCases,
      requestTypes: props.requestTypes,
      sources: inputs.sources,
      scoresTable: this.scoresTable,
      notificationQueue: this.queues.notificationQueue,
      failedRecordsQueue: this.queues.failedRecordsQueue,
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
      ...(canary.target ? { canaryBucketName: props.naming.bucketName("pii-canary") } : {}),
      ...(props.piiModelEndpoint ? { piiModelEndpoint: { name: props.piiModelEndpoint, vpcEndpoint: piiModelVpcEndpoint(this.vpcEndpoints) } } : {}),
    });
    if (!canary.target) return { evaluator };
    const piiCanary = new PiiCanary(this, "pii-canary", {
      ...functionScope,
      inferenceLogs: canary.target,
      endpoint: props.endpoint,
      evaluator: evaluator.function,
      ...(props.piiCanary?.intervalMinutes !== undefined ? { intervalMinutes: props.piiCanary.intervalMinutes } : {}),
      ...(props.piiCanary?.graceMinutes !== undefined ? { graceMinutes: props.piiCanary.graceMinutes } : {}),
    });
    return { evaluator, piiCanary };
  }

  /** The golden-set calibration of the judges, with the evaluator's masking and concurrency. */
  private createCalibration(props: EvaluationLayerProps, functionScope: LayerFunctionProps, inputs: Omit<EvaluatorInputs, "sources">): JudgeCalibration {
    const { judges, evaluatorSettings } = inputs;
    const candidate = judges.candidate;
    const calibration = props.calibration;
    return new JudgeCalibration(this, "judge-calibration", {
      ...functionScope,
      judgeEndpoint: inputs.judgeEndpoint,
      currentJudge: judges.currentJudge,
      ...(candidate ? { candidateJudge: { judgeModelId: candidate.judgeModelId, rubricVersion: candidate.rubricVersion } } : {}),
      goldenSetPath: calibration.goldenSetPath,
      ...(calibration.goldenSetName ? { goldenSetName: calibration.goldenSetName } : {}),
      thresholds: this.calibrationThresholds,
      verdictThresholds: [...new Set([...Object.values(props.qualityThresholds), props.defaultQualityThreshold])].sort((a, b) => a - b),
      piiLanguages: evaluatorSettings.piiLanguages,
      judgeConcurrency: evaluatorSettings.judgeConcurrency,
      ...(calibration.schedule ? { schedule: calibration.schedule } : {}),
      ...(calibration.scheduleTimezone ? { scheduleTimezone: calibration.scheduleTimezone } : {}),
      ...(calibration.shadowAgreementSchedule ? { shadowAgreementSchedule: calibration.shadowAgreementSchedule } : {}),
      ...(calibration.shadowWindowDays !== undefined ? { shadowWindowDays: calibration.shadowWindowDays } : {}),
      ...(this.shadowScoresTable ? { shadowScoresTable: this.shadowScoresTable } : {}),
      deadLetterQueue: this.queues.calibrationDeadLetterQueue,
    });
  }
}

/** What the layer's judging functions are built from. */
interface EvaluatorInputs {
  readonly evaluatorSettings: ResolvedEvaluatorSettings;
  readonly judges: GovernedJudges;
  readonly sources: readonly NotificationSource[];
  readonly judgeEndpoint: ServiceEndpoint;
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
