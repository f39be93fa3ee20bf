import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { Construct } from "constructs";
import { EncryptedLogGroup } from "../shared/encrypted-log-group";
import { EncryptionKey } from "../shared/encryption-key";
import type { Grantee } from "../shared/grantee";
import { type EnvironmentScope, NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { dnsSuffixOf, partitionOf } from "../shared/partition";
import { PolicyDocument, type PolicyStatement } from "../shared/policy-document";
import { SecureBucket } from "../shared/secure-bucket";

/** Where inference log records land, partitioned by delivery time (UTC) for Athena/Glue. */
/** Name of the Firehose stream of inference logs (known at synth; `npm run dlq:replay` redrives into it). */
export function inferenceLogStreamName(naming: ResourceNaming): string {
  return naming.name("inference-logs", NAME_LIMITS.firehose);
}

export const INFERENCE_LOG_PREFIX = "inference-logs/";
/** Firehose's S3 prefix: Hive-style date partitions under `inference-logs/`. */
export const INFERENCE_LOG_S3_PREFIX = `${INFERENCE_LOG_PREFIX}year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/`;
/** Records Firehose could not deliver, by error type, so that nothing is lost silently. */
export const INFERENCE_LOG_ERROR_PREFIX =
  "inference-logs-errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";
/** Log stream Firehose writes S3 delivery errors to. */
export const DELIVERY_ERROR_LOG_STREAM = "S3Delivery";

export interface InferenceLogDeliveryProps extends EnvironmentScope {
  /** Roles that write inference data (endpoint, gateway): encrypt only, decrypt explicitly denied. @default [] */
  readonly writerRoleArns?: readonly string[];
  /** Roles that read inference logs (evaluator, auditors): decrypt. @default [] */
  readonly readerRoleArns?: readonly string[];
  /** Key of the delivery-error log group (it holds record fragments, so it is encrypted too). */
  readonly logsKey: EncryptionKey;
  /** Retention of the delivery-error log group, at least 365. @default 365 */
  readonly logRetentionDays?: number;
  /** Firehose buffer size in MiB (1-128). @default 64 */
  readonly bufferingSizeMb?: number;
  /** Firehose buffer interval in seconds (0-900). @default 300 */
  readonly bufferingIntervalSeconds?: number;
  /**
   * S3 Object Lock in compliance mode with this default retention (days, 1-2557): no one, root
   * included, can delete or overwrite a log version before it ends.
   * @default - no Object Lock
   */
  readonly objectLockRetentionDays?: number;
  /** Let `terraform destroy` delete a non-empty bucket (sandboxes only). @default false */
  readonly forceDestroy?: boolean;
}

/**
 * Inference log delivery: a direct-put Firehose stream that buffers the gateway's JSON lines,
 * compresses them (GZIP) and writes them, encrypted with their own customer-managed key, into a
 * dedicated bucket under date partitions; failed records go to an error prefix and delivery errors
 * to an encrypted log group.
 */
export class InferenceLogDelivery extends Construct {
  readonly key: EncryptionKey;
  readonly bucket: SecureBucket;
  readonly deliveryStream: KinesisFirehoseDeliveryStream;
  readonly deliveryRole: IamRole;
  readonly errorLogGroup: EncryptedLogGroup;
  readonly objectLock?: S3BucketObjectLockConfigurationA;

  constructor(scope: Construct, id: string, props: InferenceLogDeliveryProps) {
    super(scope, id);
    const bufferingSize = props.bufferingSizeMb ?? 64;
    const bufferingInterval = props.bufferingIntervalSeconds ?? 300;
    checkDeliverySettings(bufferingSize, bufferingInterval, props.objectLockRetentionDays);
    const streamName = inferenceLogStreamName(props.naming);
    // Firehose's role encrypts. S3 also needs kms:Decrypt on the writer's behalf to complete a
    // multipart upload, so Decrypt is allowed through S3 only, denied otherwise, and the role
    // has no s3:GetObject: it can never read a delivered log.
    const viaS3 = { "kms:ViaService": `s3.${props.region}.${dnsSuffixOf(props.region)}` };

    // Created before the key: the key policy names the role by reference, so Terraform creates the
    // role first (KMS refuses a key policy that names a principal that does not exist yet).
    this.deliveryRole = this.firehoseRole(props);
    this.key = this.inferenceLogKey(props, viaS3);
    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.naming.bucketName("inference-logs"),
      encryptionKey: this.key,
      contentName: "InferenceLogs",
      objectLockEnabled: props.objectLockRetentionDays !== undefined,
      forceDestroy: props.forceDestroy,
    });
    if (props.objectLockRetentionDays !== undefined) {
      this.objectLock = new S3BucketObjectLockConfigurationA(this, "object-lock", {
        bucket: this.bucket.bucket.id,
        rule: { defaultRetention: { mode: "COMPLIANCE", days: props.objectLockRetentionDays } },
      });
    }

    this.errorLogGroup = new EncryptedLogGroup(this, "error-log-group", {
      logGroupName: `/aws/kinesisfirehose/${streamName}`,
      encryptionKey: props.logsKey,
      accountId: props.accountId,
      region: props.region,
      retentionInDays: props.logRetentionDays,
    });
    const errorStream = new CloudwatchLogStream(this, "error-log-stream", {
      name: DELIVERY_ERROR_LOG_STREAM,
      logGroupName: this.errorLogGroup.logGroup.name,
    });
    this.deliveryPolicy(viaS3);

    this.deliveryStream = new KinesisFirehoseDeliveryStream(this, "stream", {
      name: streamName,
      destination: "extended_s3",
      serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: this.key.keyArn },
      extendedS3Configuration: {
        roleArn: this.deliveryRole.arn,
        bucketArn: this.bucket.bucketArn,
        prefix: INFERENCE_LOG_S3_PREFIX,
        errorOutputPrefix: INFERENCE_LOG_ERROR_PREFIX,
        bufferingSize,
        bufferingInterval,
        compressionFormat: "GZIP",
        kmsKeyArn: this.key.keyArn,
        cloudwatchLoggingOptions: { enabled: true, logGroupName: this.errorLogGroup.logGroup.name, logStreamName: errorStream.name },
      },
    });
  }

  /** The role Firehose delivers with, trusted by Firehose for this account only. */
  private firehoseRole(props: InferenceLogDeliveryProps): IamRole {
    return new IamRole(this, "delivery-role", {
      name: props.naming.name("inference-log-delivery", NAME_LIMITS.iamRole),
      description: "Firehose delivery of inference logs to S3 (write only)",
      // Firehose passes the account id as the external id (confused-deputy protection).
      assumeRolePolicy: PolicyDocument.trust("firehose.amazonaws.com", { StringEquals: { "sts:ExternalId": props.accountId } }),
    });
  }

  /** The inference-log key: writers encrypt, readers decrypt, the delivery role only through S3. */
  private inferenceLogKey(props: InferenceLogDeliveryProps, viaS3: Record<string, string>): EncryptionKey {
    const key = new EncryptionKey(this, "key", {
      aliasName: props.naming.name("inference-log-key", NAME_LIMITS.kmsAlias),
      description: `Inference logs (prompts and responses) of ${props.naming.prefix}: writers encrypt, only readers decrypt`,
      accountId: props.accountId,
      region: props.region,
    });
    key.grantEncrypt("WritersEncryptInferenceLogs", props.writerRoleArns ?? []);
    key.grantDecrypt("ReadersDecryptInferenceLogs", props.readerRoleArns ?? []);
    // Whoever deploys the stream lets Firehose create its grant for server-side encryption; no data access.
    key.allowAccountUseVia("DeployerGrantsFirehoseStreamEncryption", ["firehose"], ["kms:CreateGrant", "kms:DescribeKey"]);
    const partition = partitionOf(props.region);
    const objectContext = {
      "kms:EncryptionContext:aws:s3:arn": [
        `arn:${partition}:s3:::${props.naming.bucketName("inference-logs")}/*`,
        `arn:${partition}:s3:::${props.naming.bucketName("inference-logs")}`,
      ],
    };
    key.policy.addStatements(
      {
        Sid: "DeliveryRoleEncryptsThroughS3",
        Effect: "Allow",
        Principal: { AWS: this.deliveryRole.arn },
        Action: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey"],
        Resource: "*",
        Condition: { StringEquals: viaS3, StringLike: objectContext },
      },
      {
        Sid: "DenyDirectDecryptToDeliveryRole",
        Effect: "Deny",
        Principal: { AWS: this.deliveryRole.arn },
        Action: ["kms:Decrypt", "kms:ReEncryptFrom"],
        Resource: "*",
        Condition: { StringNotEquals: viaS3 },
      },
    );
    return key;
  }

  /** What the delivery role may do: write objects, locate the bucket, encrypt through S3, log errors. */
  private deliveryPolicy(viaS3: Record<string, string>): void {
    new IamRolePolicy(this, "delivery-policy", {
      role: this.deliveryRole.id,
      name: "deliver-inference-logs",
      policy: new PolicyDocument([
        {
          Sid: "WriteObjects",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
          Resource: [this.bucket.arnForObjects(INFERENCE_LOG_PREFIX), this.bucket.arnForObjects("inference-logs-errors/")],
        },
        {
          Sid: "LocateBucket",
          Effect: "Allow",
          Action: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
          Resource: this.bucket.bucketArn,
        },
        {
          Sid: "EncryptThroughS3",
          Effect: "Allow",
          Action: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"],
          Resource: this.key.keyArn,
          Condition: { StringEquals: viaS3 },
        },
        {
          Sid: "LogDeliveryErrors",
          Effect: "Allow",
          Action: ["logs:PutLogEvents"],
          Resource: `${this.errorLogGroup.logGroupArn}:log-stream:${DELIVERY_ERROR_LOG_STREAM}`,
        },
      ]).render(),
    });
  }

  get deliveryStreamName(): string {
    return this.deliveryStream.name;
  }

  get deliveryStreamArn(): string {
    return this.deliveryStream.arn;
  }

  /**
   * Lets the grantee (a producer such as the gateway) encrypt with the inference-log key, in the key
   * policy as `<grantName>EncryptsInferenceLogs`; like every writer it is explicitly denied decrypt.
   */
  grantEncrypt(grantee: Grantee): void {
    this.key.grantEncrypt(`${grantee.grantName}EncryptsInferenceLogs`, [grantee.roleArn]);
  }

  /** IAM statement for a producer (the gateway): put records on this stream and nothing else. */
  putRecordStatement(): PolicyStatement {
    return { Sid: "PutInferenceLogs", Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: this.deliveryStream.arn };
  }
}

/** Firehose's buffer limits and the Object Lock retention the logs' expiry allows; throws naming the setting. */
function checkDeliverySettings(bufferingSize: number, bufferingInterval: number, lockDays: number | undefined): void {
  if (!Number.isInteger(bufferingSize) || bufferingSize < 1 || bufferingSize > 128) {
    throw new Error(`firehose buffering size must be a whole number of MiB from 1 to 128, got ${bufferingSize}`);
  }
  if (!Number.isInteger(bufferingInterval) || bufferingInterval < 0 || bufferingInterval > 900) {
    throw new Error(`firehose buffering interval must be a whole number of seconds from 0 to 900, got ${bufferingInterval}`);
  }
  if (lockDays !== undefined && (!Number.isInteger(lockDays) || lockDays < 1 || lockDays > 2557)) {
    throw new Error(`object lock retention must be 1-2557 days (at most the logs' expiry), got ${lockDays}`);
  }
}
