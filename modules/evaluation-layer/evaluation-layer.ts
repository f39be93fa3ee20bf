import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Annotations } from "cdktf";
import { Construct } from "constructs";
import { requireRulePack } from "../shared/policy/packs";
import { COMPREHEND_REGIONS, defaultPiiLanguages, masksWithComprehend } from "./comprehend-regions";
import { BundledFunction } from "../shared/bundled-function";
import { FunctionCode } from "../shared/function-code";
import { EncryptionKey } from "../shared/encryption-key";
import { NAMESPACES } from "../../contracts/metric-catalogue";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { PolicyDocument, type PolicyStatement } from "../shared/policy-document";
import type { SecureBucket } from "../shared/secure-bucket";
import { EVALUATION_INTERFACE_SERVICES, EvaluationVpcEndpoints, type EvaluationInterfaceService } from "./evaluation-vpc-endpoints";
import { judgeModelStatements } from "./judge-model";
import { DEAD_LETTER_TAG, EVALUATION_LAYER_RULE_PACK } from "./policy-rules";

/** SQS keeps messages at most 14 days; dead letters are kept that long for investigation. */
const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;
/** Deliveries of a notification before it moves to the notifications DLQ. */
export const MAX_RECEIVE_COUNT = 5;
/** The notification queue's visibility timeout is this many times the evaluator's timeout (AWS guidance). */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** What the evaluation layer needs of the endpoint it evaluates (an `InferenceEndpoint` fits). */
export interface EvaluatedEndpoint {
  readonly endpointName: string;
  readonly modelName: string;
  /** Bucket SageMaker DataCapture writes to. */
  readonly captureBucket: SecureBucket;
  /** Key of the capture bucket; the evaluator is granted decrypt on it. */
  readonly captureKey: EncryptionKey;
  /** DataCapture prefix in the bucket, e.g. `datacapture/`. */
  readonly capturePrefix: string;
}

/** Gateway inference logs (the telemetry module's delivery bucket). */
export interface InferenceLogSource {
  readonly bucket: SecureBucket;
  /** Key of the bucket. Grant the evaluator decrypt on it (`key.grantDecrypt(sid, [evaluatorRoleArn])`). */
  readonly key: EncryptionKey;
  /** Prefix of the log objects, e.g. `inference-logs/`. */
  readonly prefix: string;
}

export interface EvaluationLayerProps {
  readonly naming: ResourceNaming;
  readonly accountId: string;
  readonly region: string;
  /** The endpoint whose DataCapture objects are evaluated. */
  readonly endpoint: EvaluatedEndpoint;
  /** Gateway inference logs, evaluated too. @default - DataCapture only */
  readonly inferenceLogSource?: InferenceLogSource;
  /** Private subnets and security groups of the environment VPC; both functions run there. */
  readonly network: { readonly vpcId: string; readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /**
   * Route tables of the private subnets, for the S3 and DynamoDB gateway endpoints.
   * @default - no gateway endpoints (synth warning)
   */
  readonly routeTableIds?: readonly string[];
  /** Create the VPC endpoints; false where the network team provides them centrally. @default true */
  readonly createVpcEndpoints?: boolean;
  /**
   * More interface endpoints to create in the same VPC for other functions there (the inference
   * gateway calls SageMaker Runtime and Firehose), so the VPC gets one set of endpoints.
   * @default - none
   */
  readonly additionalInterfaceServices?: readonly EvaluationInterfaceService[];
  /** Versioned Bedrock model or inference-profile id of the judge. @default "anthropic.claude-3-haiku-20240307-v1:0" */
  readonly judgeModelId?: string;
  /** USD per 1k judge input tokens. @default 0.00025 */
  readonly judgeInputPricePer1k?: number;
  /** USD per 1k judge output tokens. @default 0.00125 */
  readonly judgeOutputPricePer1k?: number;
  /** Share (0-1) of ordinary records judged. @default 0.1 */
  readonly sampleRate?: number;
  /** Mean token entropy (nats) above which a record is always judged. @default 1.5 */
  readonly entropyThreshold?: number;
  /** Judge calls in flight per invocation (1-64). @default 4 */
  readonly judgeConcurrency?: number;
  /** Judge reply token limit. @default 512 */
  readonly judgeMaxTokens?: number;
  /** Characters of prompt and of answer sent to the judge (each). @default 40000 */
  readonly judgeMaxTextChars?: number;
  /**
   * Languages of the texts, for PII masking. The local detectors (Brazilian identifiers, Portuguese
   * names and addresses) always run; Comprehend is called in each listed language it serves (`en`, `es`).
   * @default - ["pt", "en"] where Comprehend is offered, ["pt"] (local detectors only) elsewhere, e.g. sa-east-1
   * @example ["pt", "en"]
   */
  readonly piiLanguages?: readonly string[];
  /** Days score items live (DynamoDB TTL). @default 180 */
  readonly scoreTtlDays?: number;
  /** Longest line read from an object, in bytes. @default 16777216 */
  readonly maxLineBytes?: number;
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
  /** @default 1024 */
  readonly evaluatorMemorySize?: number;
  /** S3 notifications (objects) per evaluator invocation, 1-10; objects are processed one after another. @default 2 */
  readonly evaluatorBatchSize?: number;
  /** Stream records per publisher invocation (1-1000). @default 100 */
  readonly publisherBatchSize?: number;
  /** Retries of a failed stream batch before it goes to the publisher DLQ (0-10000). @default 10 */
  readonly publisherMaxRetryAttempts?: number;
  /** Retention of the function log groups (>= 365). @default 365 */
  readonly logRetentionDays?: number;
}

/**
 * LLM-as-judge evaluation: S3 notifications of new DataCapture and inference-log objects go to an
 * SQS queue (CMK, redrive to a DLQ); the evaluator samples, masks PII and asks a Bedrock judge,
 * writing scores to a DynamoDB table (CMK, PITR, TTL, stream); the quality publisher turns new
 * scores into CloudWatch metrics at inference time. Both functions run in the VPC, reaching AWS
 * through VPC endpoints, with least-privilege roles.
 */
export class EvaluationLayer extends Construct {
  readonly key: EncryptionKey;
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
  readonly vpcEndpoints?: EvaluationVpcEndpoints;
  readonly tableName: string;
  /** Name of the S3-notification queue (known at synth). */
  readonly notificationQueueName: string;
  readonly judgeModelId: string;
  /** Evaluator role: grant it decrypt on the inference-log key. */
  readonly evaluatorRoleArn: string;
  /** Function names (known at synth), for the alerting module. */
  readonly functionNames: readonly string[];
  /** Names (known at synth) of the queues that must stay empty (notifications DLQ, failed records, publisher DLQ), for the alerting module. */
  readonly deadLetterQueueNames: readonly string[];

  constructor(scope: Construct, id: string, props: EvaluationLayerProps) {
    super(scope, id);
    requireRulePack(this, EVALUATION_LAYER_RULE_PACK);
    const { naming, accountId, region } = props;
    const s = settings(props);
    this.judgeModelId = s.judgeModelId;
    const judgeStatements = judgeModelStatements({ modelId: s.judgeModelId, region, accountId, vpcId: props.network.vpcId });
    const usesComprehend = s.piiLanguages.some(masksWithComprehend);
    const comprehendOffered = COMPREHEND_REGIONS.includes(region);
    if (usesComprehend && !comprehendOffered) {
      Annotations.of(this).addWarning(
        `pii languages ${JSON.stringify(s.piiLanguages)} mask with Amazon Comprehend, which is not offered in ${region}: every record would be ` +
          `dead-lettered as masking_failed; set piiLanguages to ["pt"] (local detectors only) or deploy where Comprehend is offered. ` +
          "No Comprehend VPC endpoint is created here",
      );
    }

    this.key = new EncryptionKey(this, "key", {
      aliasName: naming.name("evaluation-key", NAME_LIMITS.kmsAlias),
      description: "Evaluation layer: scores table, queues, function environments and logs",
      accountId,
      region,
    });
    this.key.allowCloudWatchLogs();
    // Functions read and write the queues and table; SQS and DynamoDB use the key on their behalf.
    this.key.allowAccountUseVia("AccountUsesKeyThroughQueuesAndTable", ["sqs", "dynamodb"]);
    const sourceBuckets = [props.endpoint.captureBucket, ...(props.inferenceLogSource ? [props.inferenceLogSource.bucket] : [])];
    // S3 encrypts notification messages into the queue (AWS's documented statement for SSE-KMS queues).
    this.key.allowService({
      Sid: "S3SendsEncryptedNotifications",
      Principal: { Service: "s3.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
    });

    // Table
    this.tableName = naming.name("evaluation-scores", NAME_LIMITS.dynamodbTable);
    this.table = new DynamodbTable(this, "scores", {
      name: this.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "eventId",
      attribute: [{ name: "eventId", type: "S" }],
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: this.key.keyArn },
      ttl: { attributeName: "expiresAt", enabled: true },
      streamEnabled: true,
      streamViewType: "NEW_IMAGE",
      deletionProtectionEnabled: true,
    });

    // Queues
    const queueNames = {
      notifications: naming.name("evaluation-notifications", NAME_LIMITS.sqsQueue),
      notificationsDlq: naming.name("evaluation-notifications-dlq", NAME_LIMITS.sqsQueue),
      failedRecords: naming.name("evaluation-failed-records", NAME_LIMITS.sqsQueue),
      publisherDlq: naming.name("quality-publisher-dlq", NAME_LIMITS.sqsQueue),
    };
    this.notificationQueueName = queueNames.notifications;
    this.notificationDeadLetterQueue = this.queue("notifications-dlq", queueNames.notificationsDlq, {
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      tags: { ...DEAD_LETTER_TAG },
    });
    this.notificationQueue = this.queue("notifications", queueNames.notifications, {
      visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_FACTOR * s.evaluatorTimeoutSeconds,
      messageRetentionSeconds: 345_600,
      redrivePolicy: JSON.stringify({ deadLetterTargetArn: this.notificationDeadLetterQueue.arn, maxReceiveCount: MAX_RECEIVE_COUNT }),
    });
    this.failedRecordsQueue = this.queue("failed-records", queueNames.failedRecords, {
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      tags: { ...DEAD_LETTER_TAG },
    });
    this.publisherDeadLetterQueue = this.queue("publisher-dlq", queueNames.publisherDlq, {
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
      tags: { ...DEAD_LETTER_TAG },
    });
    const queuePolicy = new SqsQueuePolicy(this, "notifications-policy", {
      queueUrl: this.notificationQueue.url,
      policy: new PolicyDocument([
        {
          Sid: "BucketsSendObjectCreatedNotifications",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: this.notificationQueue.arn,
          Condition: {
            ArnLike: { "aws:SourceArn": sourceBuckets.map((b) => b.bucketArn) },
            StringEquals: { "aws:SourceAccount": accountId },
          },
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "sqs:*",
          Resource: this.notificationQueue.arn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]).render(),
    });

    // Network
    const createEndpoints = props.createVpcEndpoints ?? EVALUATION_LAYER_DEFAULTS.createVpcEndpoints;
    if (createEndpoints) {
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
        ...(props.routeTableIds ? { routeTableIds: props.routeTableIds } : {}),
      });
    }
    const network = {
      vpcId: props.network.vpcId,
      subnetIds: props.network.subnetIds,
      securityGroupIds: props.network.securityGroupIds,
    };

    // Evaluator
    const readPrefixes = [
      `${props.endpoint.captureBucket.bucketArn}/${props.endpoint.capturePrefix}*`,
      ...(props.inferenceLogSource ? [`${props.inferenceLogSource.bucket.bucketArn}/${props.inferenceLogSource.prefix}*`] : []),
    ];
    const sourceKeys = [props.endpoint.captureKey.keyArn, ...(props.inferenceLogSource ? [props.inferenceLogSource.key.keyArn] : [])];
    const evaluatorStatements: PolicyStatement[] = [
      { Sid: "ReadEvaluatedObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: readPrefixes },
      { Sid: "DecryptEvaluatedObjects", Effect: "Allow", Action: "kms:Decrypt", Resource: sourceKeys },
      ...judgeStatements,
      ...(usesComprehend
        ? [{ Sid: "DetectPii", Effect: "Allow" as const, Action: "comprehend:DetectPiiEntities", Resource: "*" }]
        : []),
      { Sid: "ReadAndWriteScores", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: this.table.arn },
      { Sid: "SendFailedRecords", Effect: "Allow", Action: "sqs:SendMessage", Resource: this.failedRecordsQueue.arn },
      {
        Sid: "ConsumeNotifications",
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
        Resource: this.notificationQueue.arn,
      },
      { Sid: "UseLayerKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: this.key.keyArn },
    ];
    const evaluatorName = naming.name("evaluator", NAME_LIMITS.lambda);
    this.evaluator = new BundledFunction(this, "evaluator", {
      functionName: evaluatorName,
      code: FunctionCode.platform("evaluator"),
      description: "LLM-as-judge evaluator: samples DataCapture and inference-log records, masks PII, scores with Bedrock",
      accountId,
      region,
      encryptionKey: this.key,
      environment: {
        SCORES_TABLE_NAME: this.table.name,
        FAILED_RECORDS_QUEUE_URL: this.failedRecordsQueue.url,
        JUDGE_MODEL_ID: s.judgeModelId,
        JUDGE_INPUT_PRICE_PER_1K: String(s.judgeInputPricePer1k),
        JUDGE_OUTPUT_PRICE_PER_1K: String(s.judgeOutputPricePer1k),
        SAMPLE_RATE: String(s.sampleRate),
        ENTROPY_THRESHOLD: String(s.entropyThreshold),
        JUDGE_CONCURRENCY: String(s.judgeConcurrency),
        JUDGE_MAX_TOKENS: String(s.judgeMaxTokens),
        JUDGE_MAX_TEXT_CHARS: String(s.judgeMaxTextChars),
        PII_LANGUAGES: s.piiLanguages.join(","),
        SCORE_TTL_DAYS: String(s.scoreTtlDays),
        MAX_LINE_BYTES: String(s.maxLineBytes),
        ENDPOINT_MODEL_NAMES: JSON.stringify({ [props.endpoint.endpointName]: props.endpoint.modelName }),
        POWERTOOLS_SERVICE_NAME: "llm-evaluator",
      },
      statements: evaluatorStatements,
      ...network,
      timeoutSeconds: s.evaluatorTimeoutSeconds,
      memorySize: s.evaluatorMemorySize,
      reservedConcurrency: s.evaluatorReservedConcurrency,
      logRetentionDays: s.logRetentionDays,
    });
    this.evaluatorRoleArn = this.evaluator.roleArn;
    props.endpoint.captureKey.grantDecrypt("EvaluatorDecryptsCapture", [this.evaluator.roleArn]);

    // Publisher
    const publisherName = naming.name("quality-publisher", NAME_LIMITS.lambda);
    this.publisher = new BundledFunction(this, "publisher", {
      functionName: publisherName,
      code: FunctionCode.platform("quality-publisher"),
      description: "Quality publisher: new judge scores to CloudWatch metrics at inference time",
      accountId,
      region,
      encryptionKey: this.key,
      environment: {
        QUALITY_THRESHOLDS: JSON.stringify({ ...props.qualityThresholds, default: props.defaultQualityThreshold }),
        POWERTOOLS_SERVICE_NAME: "llm-quality-publisher",
      },
      statements: [
        {
          Sid: "PublishQualityMetrics",
          Effect: "Allow",
          Action: "cloudwatch:PutMetricData",
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": NAMESPACES.quality } },
        },
        {
          Sid: "ReadScoresStream",
          Effect: "Allow",
          Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"],
          Resource: `${this.table.arn}/stream/*`,
        },
        { Sid: "SendFailedBatches", Effect: "Allow", Action: "sqs:SendMessage", Resource: this.publisherDeadLetterQueue.arn },
        { Sid: "UseLayerKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: this.key.keyArn },
      ],
      ...network,
      timeoutSeconds: 60,
      memorySize: 512,
      reservedConcurrency: s.publisherReservedConcurrency,
      logRetentionDays: s.logRetentionDays,
    });

    // Wiring
    // Functions reach SQS, DynamoDB and Bedrock through the endpoints: invoke them only once they exist.
    const dependsOnEndpoints = this.vpcEndpoints
      ? [...Object.values(this.vpcEndpoints.interfaceEndpoints), ...Object.values(this.vpcEndpoints.gatewayEndpoints)]
      : [];
    this.evaluatorMapping = new LambdaEventSourceMapping(this, "evaluator-source", {
      eventSourceArn: this.notificationQueue.arn,
      functionName: this.evaluator.function.arn,
      batchSize: s.evaluatorBatchSize,
      functionResponseTypes: ["ReportBatchItemFailures"],
      scalingConfig: { maximumConcurrency: s.evaluatorReservedConcurrency },
      dependsOn: dependsOnEndpoints,
    });
    this.publisherMapping = new LambdaEventSourceMapping(this, "publisher-source", {
      eventSourceArn: this.table.streamArn,
      functionName: this.publisher.function.arn,
      startingPosition: "LATEST",
      batchSize: s.publisherBatchSize,
      maximumBatchingWindowInSeconds: 5,
      functionResponseTypes: ["ReportBatchItemFailures"],
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: s.publisherMaxRetryAttempts,
      destinationConfig: { onFailure: { destinationArn: this.publisherDeadLetterQueue.arn } },
      filterCriteria: { filter: [{ pattern: JSON.stringify({ eventName: ["INSERT"] }) }] },
      dependsOn: dependsOnEndpoints,
    });

    const sources: { id: string; bucket: SecureBucket; prefix: string }[] = [
      { id: "capture-notifications", bucket: props.endpoint.captureBucket, prefix: props.endpoint.capturePrefix },
      ...(props.inferenceLogSource
        ? [{ id: "inference-log-notifications", bucket: props.inferenceLogSource.bucket, prefix: props.inferenceLogSource.prefix }]
        : []),
    ];
    this.bucketNotifications = sources.map((source) =>
      new S3BucketNotification(this, source.id, {
        bucket: source.bucket.bucket.id,
        queue: [{ id: "evaluate-new-objects", queueArn: this.notificationQueue.arn, events: ["s3:ObjectCreated:*"], filterPrefix: source.prefix }],
        // S3 checks that it may send to the queue when the notification is created.
        dependsOn: [queuePolicy],
      }));

    this.functionNames = [evaluatorName, publisherName];
    this.deadLetterQueueNames = [queueNames.notificationsDlq, queueNames.failedRecords, queueNames.publisherDlq];
  }

  private queue(id: string, name: string, config: Partial<ConstructorParameters<typeof SqsQueue>[2]>): SqsQueue {
    return new SqsQueue(this, id, {
      name,
      kmsMasterKeyId: this.key.keyArn,
      kmsDataKeyReusePeriodSeconds: 300,
      ...config,
    });
  }
}

/** The module's defaults for the settings an environment file can set; the environment section reuses them. */
export const EVALUATION_LAYER_DEFAULTS = {
  judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0",
  /** Claude 3 Haiku on-demand prices, USD per 1,000 tokens. */
  judgeInputPricePer1k: 0.00025,
  judgeOutputPricePer1k: 0.00125,
  sampleRate: 0.1,
  entropyThreshold: 1.5,
  judgeConcurrency: 4,
  evaluatorReservedConcurrency: 5,
  createVpcEndpoints: true,
} as const;

/** Props with defaults applied, after validation (bad props throw lowercase messages naming the fix). */
function settings(props: EvaluationLayerProps) {
  const d = EVALUATION_LAYER_DEFAULTS;
  const s = {
    judgeModelId: props.judgeModelId ?? d.judgeModelId,
    judgeInputPricePer1k: props.judgeInputPricePer1k ?? d.judgeInputPricePer1k,
    judgeOutputPricePer1k: props.judgeOutputPricePer1k ?? d.judgeOutputPricePer1k,
    sampleRate: props.sampleRate ?? d.sampleRate,
    entropyThreshold: props.entropyThreshold ?? d.entropyThreshold,
    judgeConcurrency: props.judgeConcurrency ?? d.judgeConcurrency,
    judgeMaxTokens: props.judgeMaxTokens ?? 512,
    judgeMaxTextChars: props.judgeMaxTextChars ?? 40_000,
    piiLanguages: props.piiLanguages ?? defaultPiiLanguages(props.region),
    scoreTtlDays: props.scoreTtlDays ?? 180,
    maxLineBytes: props.maxLineBytes ?? 16_777_216,
    evaluatorReservedConcurrency: props.evaluatorReservedConcurrency ?? d.evaluatorReservedConcurrency,
    publisherReservedConcurrency: props.publisherReservedConcurrency ?? 2,
    evaluatorTimeoutSeconds: props.evaluatorTimeoutSeconds ?? 900,
    evaluatorMemorySize: props.evaluatorMemorySize ?? 1024,
    evaluatorBatchSize: props.evaluatorBatchSize ?? 2,
    publisherBatchSize: props.publisherBatchSize ?? 100,
    publisherMaxRetryAttempts: props.publisherMaxRetryAttempts ?? 10,
    logRetentionDays: props.logRetentionDays ?? 365,
  };
  const isInt = (v: number, min: number, max: number) => Number.isInteger(v) && v >= min && v <= max;
  const inRange = (v: number, min: number, max: number) => Number.isFinite(v) && v >= min && v <= max;
  const require = (ok: boolean, message: string) => {
    if (!ok) throw new Error(message);
  };
  require(inRange(s.judgeInputPricePer1k, 0, 1000), `judge input price must be USD per 1k tokens from 0 to 1000, got ${s.judgeInputPricePer1k}`);
  require(inRange(s.judgeOutputPricePer1k, 0, 1000), `judge output price must be USD per 1k tokens from 0 to 1000, got ${s.judgeOutputPricePer1k}`);
  require(inRange(s.sampleRate, 0, 1), `sample rate must be a share from 0 to 1, got ${s.sampleRate}`);
  require(inRange(s.entropyThreshold, 0, 100) && s.entropyThreshold > 0, `entropy threshold must be greater than 0 and at most 100 nats, got ${s.entropyThreshold}`);
  require(isInt(s.judgeConcurrency, 1, 64), `judge concurrency must be a whole number from 1 to 64, got ${s.judgeConcurrency}`);
  require(isInt(s.judgeMaxTokens, 64, 8192), `judge max tokens must be a whole number from 64 to 8192, got ${s.judgeMaxTokens}`);
  require(isInt(s.judgeMaxTextChars, 1000, 1_000_000), `judge max text chars must be a whole number from 1000 to 1000000, got ${s.judgeMaxTextChars}`);
  require(s.piiLanguages.length > 0 && s.piiLanguages.every((code) => /^[a-z]{2}(-[a-z]{2})?$/.test(code)) && new Set(s.piiLanguages).size === s.piiLanguages.length,
    `pii languages must be distinct lower-case codes such as ["pt", "en"], got ${JSON.stringify(s.piiLanguages)}`);
  require(isInt(s.scoreTtlDays, 1, 3650), `score ttl must be a whole number of days from 1 to 3650, got ${s.scoreTtlDays}`);
  require(isInt(s.maxLineBytes, 1024, 268_435_456), `max line bytes must be a whole number from 1024 to 268435456, got ${s.maxLineBytes}`);
  require(isInt(s.evaluatorReservedConcurrency, 2, 1000),
    `evaluator reserved concurrency must be a whole number from 2 to 1000 (the sqs mapping's maximum concurrency is at least 2), got ${s.evaluatorReservedConcurrency}`);
  require(isInt(s.publisherReservedConcurrency, 1, 1000), `publisher reserved concurrency must be a whole number from 1 to 1000, got ${s.publisherReservedConcurrency}`);
  require(isInt(s.evaluatorTimeoutSeconds, 60, 900), `evaluator timeout must be a whole number of seconds from 60 to 900, got ${s.evaluatorTimeoutSeconds}`);
  require(isInt(s.evaluatorBatchSize, 1, 10), `evaluator batch size must be a whole number from 1 to 10, got ${s.evaluatorBatchSize}`);
  require(isInt(s.publisherBatchSize, 1, 1000), `publisher batch size must be a whole number from 1 to 1000, got ${s.publisherBatchSize}`);
  require(isInt(s.publisherMaxRetryAttempts, 0, 10_000), `publisher max retry attempts must be a whole number from 0 to 10000, got ${s.publisherMaxRetryAttempts}`);
  require(Number.isInteger(s.logRetentionDays) && s.logRetentionDays >= 365, `log retention must be at least 365 days, got ${s.logRetentionDays}`);
  require(inRange(props.defaultQualityThreshold, 0, 1), `default quality threshold must be from 0 to 1, got ${props.defaultQualityThreshold}`);
  for (const [requestType, threshold] of Object.entries(props.qualityThresholds)) {
    require(requestType !== "default", `quality thresholds may not have a "default" request type; set defaultQualityThreshold instead`);
    require(inRange(threshold, 0, 1), `quality threshold for "${requestType}" must be from 0 to 1, got ${threshold}`);
  }
  return s;
}
