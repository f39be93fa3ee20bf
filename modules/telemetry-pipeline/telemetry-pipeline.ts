import { Construct } from "constructs";
import type { ObjectLockMode } from "./audit-trail";
import { requireRulePack } from "../shared/policy/packs";
import { TELEMETRY_RULE_PACK } from "./policy-rules";
import { EncryptionKey } from "../shared/encryption-key";
import type { Grantee } from "../shared/grantee";
import { type EnvironmentScope, NAME_LIMITS } from "../shared/naming";
import type { PolicyStatement } from "../shared/policy-document";
import type { SecureBucket } from "../shared/secure-bucket";
import { AuditTrail } from "./audit-trail";
import { INFERENCE_LOG_PREFIX, InferenceLogDelivery, type InferenceLogDeliveryProps } from "./inference-log-delivery";
import { LogInsightsQueries, type QueryCostModel } from "./log-insights-queries";

/** The delivery's writers, readers, Object Lock, retention and `forceDestroy` are the pipeline's (retention and `forceDestroy` apply to the audit trail too). */
export interface TelemetryPipelineProps
  extends EnvironmentScope,
    Pick<InferenceLogDeliveryProps, "writerRoleArns" | "readerRoleArns" | "logRetentionDays" | "objectLockRetentionDays" | "forceDestroy"> {
  /** The endpoint's DataCapture bucket (`InferenceEndpoint.captureBucket`): its object access is audited. */
  readonly captureBucket: SecureBucket;
  /**
   * Other buckets whose object reads and writes the audit trail records as it records the capture
   * bucket's: the judge calibration bucket (golden sets and calibration reports), the code-signing
   * artifact bucket (where a supply-chain change to the functions would land).
   * @default []
   */
  readonly auditedBucketArns?: readonly string[];
  /** Auditors: decrypt inference logs and the audit trail. @default [] */
  readonly auditRoleArns?: readonly string[];
  /** Log group of the gateway function (its EMF lines); the saved queries run against it. */
  readonly gatewayLogGroupName: string;
  /** Object Lock mode of the audit-trail buckets (`AuditTrailProps.objectLockMode`). @default "COMPLIANCE" */
  readonly auditObjectLockMode?: ObjectLockMode;
  /** Firehose buffer size in MiB. @default 64 */
  readonly firehoseBufferingSizeMb?: number;
  /** Firehose buffer interval in seconds. @default 300 */
  readonly firehoseBufferingIntervalSeconds?: number;
  /** Adds an estimated cost column to the token usage query. @default - tokens only */
  readonly queryCost?: QueryCostModel;
}

/**
 * The telemetry pipeline: inference log delivery (Firehose to a dedicated, locked-down bucket),
 * an audit trail over inference data (and over the trail's own bucket), and saved Logs Insights
 * queries over the gateway's EMF lines.
 */
export class TelemetryPipeline extends Construct {
  /** Key of the pipeline's log groups (delivery errors). */
  readonly logsKey: EncryptionKey;
  readonly delivery: InferenceLogDelivery;
  readonly auditTrail: AuditTrail;
  readonly queries: LogInsightsQueries;
  /** Prefix under which inference log records land in `inferenceLogBucket`. */
  readonly inferenceLogPrefix = INFERENCE_LOG_PREFIX;
  readonly deliveryStreamName: string;
  readonly deliveryStreamArn: string;
  readonly inferenceLogBucket: SecureBucket;
  readonly inferenceLogKey: EncryptionKey;

  constructor(scope: Construct, id: string, props: TelemetryPipelineProps) {
    super(scope, id);
    requireRulePack(this, TELEMETRY_RULE_PACK);
    const auditors = props.auditRoleArns ?? [];
    this.logsKey = new EncryptionKey(this, "logs-key", {
      aliasName: props.naming.name("telemetry-logs-key", NAME_LIMITS.kmsAlias),
      description: `Telemetry pipeline log groups of ${props.naming.prefix}`,
      accountId: props.accountId,
      region: props.region,
    });
    this.delivery = new InferenceLogDelivery(this, "inference-logs", {
      naming: props.naming,
      accountId: props.accountId,
      region: props.region,
      writerRoleArns: props.writerRoleArns,
      readerRoleArns: [...(props.readerRoleArns ?? []), ...auditors],
      logsKey: this.logsKey,
      logRetentionDays: props.logRetentionDays,
      bufferingSizeMb: props.firehoseBufferingSizeMb,
      bufferingIntervalSeconds: props.firehoseBufferingIntervalSeconds,
      objectLockRetentionDays: props.objectLockRetentionDays,
      forceDestroy: props.forceDestroy,
    });
    ({
      deliveryStreamName: this.deliveryStreamName,
      deliveryStreamArn: this.deliveryStreamArn,
      bucket: this.inferenceLogBucket,
      key: this.inferenceLogKey,
    } = this.delivery);
    this.auditTrail = new AuditTrail(this, "audit-trail", {
      naming: props.naming,
      accountId: props.accountId,
      region: props.region,
      dataEventBucketArns: [this.delivery.bucket.bucketArn, props.captureBucket.bucketArn, ...(props.auditedBucketArns ?? [])],
      ...(props.auditObjectLockMode ? { objectLockMode: props.auditObjectLockMode } : {}),
      readerRoleArns: auditors,
      logRetentionDays: props.logRetentionDays,
      forceDestroy: props.forceDestroy,
    });
    this.queries = new LogInsightsQueries(this, "queries", {
      gatewayLogGroupName: props.gatewayLogGroupName,
      folder: props.naming.prefix,
      cost: props.queryCost,
    });
  }

  /**
   * Lets a producer of inference logs (the gateway function) encrypt with the inference-log key and
   * never decrypt: key-policy statement `<grantName>EncryptsInferenceLogs` plus the writers' deny.
   */
  grantEncryptInferenceLogs(grantee: Grantee): void {
    this.delivery.grantEncrypt(grantee);
  }

  /**
   * Lets a reader (the evaluator, an analytics job) read and decrypt the inference logs: see
   * `SecureBucket.grantRead`; the prefix is `inferenceLogPrefix`.
   */
  grantReadInferenceLogs(grantee: Grantee): void {
    this.delivery.bucket.grantRead(grantee, this.inferenceLogPrefix);
  }

  /** IAM statement for the gateway: firehose:PutRecord/PutRecordBatch on this stream only. */
  putRecordStatement(): PolicyStatement {
    return this.delivery.putRecordStatement();
  }
}
