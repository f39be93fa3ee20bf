import type { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import type { CodeSigningChoice } from "../shared/function-code-signing";
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
} from "./evaluation-vpc-endpoints";
import { EVALUATOR_DEFAULTS, EvaluatorFunction, resolveEvaluatorSettings, type EvaluatorSettings, type EvaluatorSizing } from "./evaluator-function";
import { EVALUATION_LAYER_RULE_PACK } from "./policy-rules";
import { QualityPublisher } from "./quality-publisher";
import { ScoresTable } from "./scores-table";

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

/** The layer's props; the evaluator's sampling, masking and judge settings are `EvaluatorSettings`. */
export interface EvaluationLayerProps extends EvaluatorSettings {
  /** Naming of the environment; every resource name starts with its prefix. */
  readonly naming: ResourceNaming;
  /** Account of the layer: key policies, role trust and the queue policy's `aws:SourceAccount`. */
  readonly accountId: string;
  /** Region of the layer: VPC endpoint service names, the judge model, Comprehend availability. */
  readonly region: string;
  /** The endpoint whose DataCapture objects are evaluated. */
  readonly endpoint: EvaluatedEndpoint;
  /** Gateway inference logs, evaluated too. @default - DataCapture only */
  readonly inferenceLogSource?: InferenceLogSource;
  /** Private subnets and security groups of the environment VPC; both functions run there. */
  readonly network: { readonly vpcId: string; readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
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
  /** Retention of the function log groups (>= 365). @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Code signing of the module's functions: a `FunctionCodeSigning`, or `"off"`.
   * @default - the stack's own (`FunctionCodeSigning.ofStack`, enforce), shared by every module of the stack
   */
  readonly codeSigning?: CodeSigningChoice;
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
    this.key.allowCloudWatchLogs();
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
      ],
      ...(props.vpcEndpoints ? { endpoints: props.vpcEndpoints } : {}),
      ...(props.routeTableIds ? { routeTableIds: props.routeTableIds } : {}),
    });
    const judgeEndpoint = this.vpcEndpoints.endpointOf["bedrock-runtime"];
    if (!judgeEndpoint) throw new Error("the judge cannot reach Bedrock privately: no bedrock-runtime vpc endpoint is created or given");

    this.evaluatorFunction = new EvaluatorFunction(this, "evaluator", {
      ...evaluatorSettings,
      naming,
      accountId,
      region,
      encryptionKey: this.key,
      network: props.network,
      judgeEndpoint,
      endpoint: props.endpoint,
      sources,
      scoresTable: this.scoresTable,
      notificationQueue: this.queues.notificationQueue,
      failedRecordsQueue: this.queues.failedRecordsQueue,
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
    this.bucketNotifications = sources.map((source) =>
      new S3BucketNotification(this, source.id, {
        bucket: source.bucket.bucketName,
        queue: [{ id: "evaluate-new-objects", queueArn: this.queues.notificationQueue.arn, events: ["s3:ObjectCreated:*"], filterPrefix: source.prefix }],
        // S3 checks that it may send to the queue when the notification is created.
        dependsOn: [this.queues.notificationQueuePolicy],
      }));

    this.table = this.scoresTable.table;
    this.tableName = this.scoresTable.tableName;
    this.notificationQueue = this.queues.notificationQueue;
    this.notificationDeadLetterQueue = this.queues.notificationDeadLetterQueue;
    this.failedRecordsQueue = this.queues.failedRecordsQueue;
    this.publisherDeadLetterQueue = this.queues.publisherDeadLetterQueue;
    this.notificationQueueName = this.queues.notificationQueueName;
    this.deadLetterQueueNames = this.queues.deadLetterQueueNames;
    this.evaluator = this.evaluatorFunction.function;
    this.publisher = this.qualityPublisher.function;
    this.evaluatorRoleArn = this.evaluatorFunction.roleArn;
    this.functionNames = [this.evaluatorFunction.functionName, this.qualityPublisher.functionName];
  }
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
  if (!isInt(wiring.publisherBatchSize, 1, 1000)) throw new Error(`publisher batch size must be a whole number from 1 to 1000, got ${wiring.publisherBatchSize}`);
  if (!isInt(wiring.publisherMaxRetryAttempts, 0, 10_000)) {
    throw new Error(`publisher max retry attempts must be a whole number from 0 to 10000, got ${wiring.publisherMaxRetryAttempts}`);
  }
  return wiring;
}
