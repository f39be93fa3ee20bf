import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ITerraformDependable } from "cdktf";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { Construct } from "constructs";
import { EncryptedLogGroup } from "../shared/encrypted-log-group";
import { EncryptionKey } from "../shared/encryption-key";
import { type EnvironmentScope, NAME_LIMITS } from "../shared/naming";
import { partitionOf } from "../shared/partition";
import { PolicyDocument } from "../shared/policy-document";
import { DEFAULT_LIFECYCLE, SecureBucket } from "../shared/secure-bucket";

export interface AuditTrailProps extends EnvironmentScope {
  /** Buckets whose object reads and writes are recorded (S3 data events). At least one. */
  readonly dataEventBucketArns: readonly string[];
  /** Roles that may read (decrypt) the trail's log files, e.g. auditors. @default [] */
  readonly readerRoleArns?: readonly string[];
  /** Retention of the trail's CloudWatch log group, at least 365. @default 365 */
  readonly logRetentionDays?: number;
  /** Let `terraform destroy` delete a non-empty trail bucket (sandboxes only). @default false */
  readonly forceDestroy?: boolean;
  /**
   * S3 Object Lock mode of both trail buckets: `COMPLIANCE` (no one, root included, can delete or
   * overwrite a log file before its retention ends) or `GOVERNANCE` (principals granted
   * `s3:BypassGovernanceRetention` can; for non-production stages).
   * @default "COMPLIANCE"
   */
  readonly objectLockMode?: ObjectLockMode;
  /** Days each log file is locked: the buckets' lifecycle expiry, so a file is locked for all of its life. @default 2557 (7 years) */
  readonly objectLockRetentionDays?: number;
}

export type ObjectLockMode = "COMPLIANCE" | "GOVERNANCE";

/** Suffix of the trail that audits the audit trail's own bucket. */
export const TRAIL_BUCKET_AUDIT = "trail-bucket-audit";

/**
 * A CloudTrail trail that records who read or wrote inference data: S3 data events (read and
 * write) on the given buckets plus management events (so every `kms:Decrypt` of the data keys is
 * on record), log file integrity validation, log files encrypted with the trail's own key in a
 * locked-down bucket, and delivery to an encrypted CloudWatch log group for queries and alarms.
 *
 * The audit of the audit: a second trail (`<prefix>-trail-bucket-audit`, data events only) records
 * every read and write of the audit trail's bucket, with validation, into a bucket of its own; the
 * main trail records every read of that second bucket. Neither trail records its own deliveries:
 * a trail writing into a bucket whose writes it logs would log its own log files without end, so
 * the main trail takes only read-only events of the second bucket (CloudTrail's deliveries are writes).
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly key: EncryptionKey;
  readonly bucket: SecureBucket;
  readonly logGroup: EncryptedLogGroup;
  readonly logsRole: IamRole;
  readonly trailName: string;
  readonly trailArn: string;
  /** The trail that records reads and writes of `bucket` (the audit of the audit). */
  readonly bucketAuditTrail: Cloudtrail;
  /** Where `bucketAuditTrail` delivers: read-only data events of the main trail cover it. */
  readonly bucketAuditBucket: SecureBucket;
  /** Object Lock of both buckets: mode and days. */
  readonly objectLock: { readonly mode: ObjectLockMode; readonly days: number };

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    if (props.dataEventBucketArns.length === 0) {
      throw new Error("audit trail needs at least one bucket ARN in dataEventBucketArns, got none");
    }
    const lock = { mode: props.objectLockMode ?? "COMPLIANCE", days: props.objectLockRetentionDays ?? DEFAULT_LIFECYCLE.expireAfterDays };
    if (!Number.isInteger(lock.days) || lock.days < 1 || lock.days > DEFAULT_LIFECYCLE.expireAfterDays) {
      throw new Error(`audit trail object lock must be 1-${DEFAULT_LIFECYCLE.expireAfterDays} days (at most the buckets' expiry), got ${lock.days}`);
    }
    this.objectLock = lock;
    const partition = partitionOf(props.region);
    this.trailName = props.naming.name("audit-trail", 128);
    // Built from the name, not read from the trail: the bucket and key policies must exist first.
    this.trailArn = `arn:${partition}:cloudtrail:${props.region}:${props.accountId}:trail/${this.trailName}`;
    const auditTrailName = props.naming.name(TRAIL_BUCKET_AUDIT, 128);
    const auditTrailArn = `arn:${partition}:cloudtrail:${props.region}:${props.accountId}:trail/${auditTrailName}`;

    this.key = this.trailKey(props, [this.trailArn, auditTrailArn]);
    this.bucket = this.trailBucket(props, { id: "bucket", purpose: "audit-trail", contentName: "AuditTrail", trailArn: this.trailArn });
    this.logGroup = new EncryptedLogGroup(this, "log-group", {
      logGroupName: `/llmobs/${props.naming.prefix}/audit-trail`,
      encryptionKey: this.key,
      accountId: props.accountId,
      region: props.region,
      retentionInDays: props.logRetentionDays,
    });
    this.logsRole = this.cloudWatchLogsRole(props);
    const logsPolicy = this.cloudWatchLogsPolicy(props);

    // The audit of the audit: its own bucket (same key: both hold CloudTrail log files for auditors).
    this.bucketAuditBucket = this.trailBucket(props, {
      id: "bucket-audit-bucket",
      purpose: TRAIL_BUCKET_AUDIT,
      contentName: "TrailBucketAudit",
      trailArn: auditTrailArn,
    });
    // Where the second trail delivers its own files (log files and digests): the first trail records
    // every write and delete in its bucket except these deliveries, which would otherwise loop
    // (each delivery recorded, the record delivered, that delivery recorded, ...).
    const auditTrailDeliveries = `${this.bucketAuditBucket.bucketArn}/AWSLogs/${props.accountId}/CloudTrail`;

    const bucketPolicy = this.bucket.node.findChild("policy") as unknown as ITerraformDependable;
    const auditBucketPolicy = this.bucketAuditBucket.node.findChild("policy") as unknown as ITerraformDependable;
    this.trail = new Cloudtrail(this, "trail", {
      name: this.trailName,
      s3BucketName: this.bucket.bucketName,
      kmsKeyId: this.key.keyArn,
      enableLogFileValidation: true,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      cloudWatchLogsGroupArn: `${this.logGroup.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: this.logsRole.arn,
      advancedEventSelector: trailSelectors(props.dataEventBucketArns, this.bucketAuditBucket.bucketArn, auditTrailDeliveries),
      dependsOn: [bucketPolicy, logsPolicy],
    });
    this.bucketAuditTrail = new Cloudtrail(this, "bucket-audit-trail", {
      // Every read, write and delete of the audit trail's bucket (its deliveries included: this
      // trail delivers elsewhere, so recording them starts no loop).
      name: auditTrailName,
      s3BucketName: this.bucketAuditBucket.bucketName,
      kmsKeyId: this.key.keyArn,
      enableLogFileValidation: true,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      eventSelector: [
        {
          // Every read and write of the audit trail's log files: who read the audit, and any tampering.
          readWriteType: "All",
          includeManagementEvents: false,
          dataResource: [{ type: "AWS::S3::Object", values: [`${this.bucket.bucketArn}/`] }],
        },
      ],
      dependsOn: [auditBucketPolicy],
    });
  }

  /** The key of both trails' log files: CloudTrail encrypts for these trails only, auditors decrypt. */
  private trailKey(props: AuditTrailProps, trailArns: readonly string[]): EncryptionKey {
    const key = new EncryptionKey(this, "key", {
      aliasName: props.naming.name("audit-trail-key", NAME_LIMITS.kmsAlias),
      description: `CloudTrail log files of ${props.naming.prefix}`,
      accountId: props.accountId,
      region: props.region,
    });
    // Confused-deputy conditions on every CloudTrail statement: these trails, of this account.
    const fromEitherTrail = { "aws:SourceArn": [...trailArns], "aws:SourceAccount": props.accountId };
    key.allowService({
      Sid: "CloudTrailEncryptsLogFiles",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:GenerateDataKey*"],
      Condition: {
        StringEquals: fromEitherTrail,
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partitionOf(props.region)}:cloudtrail:*:${props.accountId}:trail/*` },
      },
    });
    key.allowService({
      Sid: "CloudTrailDescribesKey",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:DescribeKey"],
      Condition: { StringEquals: fromEitherTrail },
    });
    key.grantDecrypt("AuditorsReadTrail", props.readerRoleArns ?? []);
    return key;
  }

  /** A locked bucket one trail delivers into (confused-deputy conditions: that trail, this account). */
  private trailBucket(props: AuditTrailProps, bucket: { id: string; purpose: string; contentName: string; trailArn: string }): SecureBucket {
    const trailBucket = new SecureBucket(this, bucket.id, {
      bucketName: props.naming.bucketName(bucket.purpose),
      encryptionKey: this.key,
      contentName: bucket.contentName,
      forceDestroy: props.forceDestroy,
      objectLockEnabled: true,
    });
    lockObjects(trailBucket, this.objectLock);
    allowTrailDelivery(trailBucket, { "aws:SourceArn": bucket.trailArn, "aws:SourceAccount": props.accountId }, props.accountId);
    return trailBucket;
  }

  /**
   * The role CloudTrail delivers to CloudWatch Logs with. AWS's documented trust policy, exactly
   * (assume_role_policy_document.json of
   * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html):
   * CloudTrail assumes the role to validate it when the trail is created or updated, and a source
   * condition the validation request does not satisfy makes that fail. What the role may do is what
   * limits it: one log group's CloudTrail streams.
   */
  private cloudWatchLogsRole(props: AuditTrailProps): IamRole {
    return new IamRole(this, "logs-role", {
      name: props.naming.name("audit-trail-logs", NAME_LIMITS.iamRole),
      description: "CloudTrail delivery of the audit trail to CloudWatch Logs",
      assumeRolePolicy: PolicyDocument.trust("cloudtrail.amazonaws.com"),
    });
  }

  /**
   * AWS's documented role policy (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html):
   * CloudTrail's streams in the one log group, named <account>_CloudTrail_<region>.
   */
  private cloudWatchLogsPolicy(props: AuditTrailProps): IamRolePolicy {
    const streams = `${this.logGroup.logGroupArn}:log-stream:${props.accountId}_CloudTrail_${props.region}*`;
    return new IamRolePolicy(this, "logs-policy", {
      role: this.logsRole.id,
      name: "deliver-audit-trail",
      policy: new PolicyDocument([
        { Sid: "AWSCloudTrailCreateLogStream", Effect: "Allow", Action: ["logs:CreateLogStream"], Resource: streams },
        { Sid: "AWSCloudTrailPutLogEvents", Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: streams },
      ]).render(),
    });
  }
}

/** Object Lock with a default retention on every new object version of the bucket. */
function lockObjects(bucket: SecureBucket, lock: { readonly mode: ObjectLockMode; readonly days: number }): void {
  new S3BucketObjectLockConfigurationA(bucket, "object-lock", {
    bucket: bucket.bucket.id,
    rule: { defaultRetention: { mode: lock.mode, days: lock.days } },
  });
}

/**
 * The first trail's selectors: management events; every data event on the watched buckets; and on
 * the second trail's bucket, every read, every write and delete outside that trail's deliveries,
 * and every write other than a delivery (a delete, an overwrite of the lock) inside them.
 */
function trailSelectors(watched: readonly string[], auditBucketArn: string, deliveries: string) {
  const objects = [
    { field: "eventCategory", equalTo: ["Data"] },
    { field: "resources.type", equalTo: ["AWS::S3::Object"] },
  ];
  return [
    { name: "Management events", fieldSelector: [{ field: "eventCategory", equalTo: ["Management"] }] },
    { name: "Inference data reads and writes", fieldSelector: [...objects, { field: "resources.ARN", startsWith: watched.map((arn) => `${arn}/`) }] },
    {
      name: "Reads of the trail-bucket audit",
      fieldSelector: [...objects, { field: "readOnly", equalTo: ["true"] }, { field: "resources.ARN", startsWith: [`${auditBucketArn}/`] }],
    },
    {
      name: "Writes and deletes of the trail-bucket audit, outside its deliveries",
      fieldSelector: [
        ...objects,
        { field: "readOnly", equalTo: ["false"] },
        { field: "resources.ARN", startsWith: [`${auditBucketArn}/`], notStartsWith: [deliveries] },
      ],
    },
    {
      name: "Deletes and lock changes of the trail-bucket audit's deliveries",
      fieldSelector: [
        ...objects,
        { field: "readOnly", equalTo: ["false"] },
        { field: "eventName", notEquals: ["PutObject"] },
        { field: "resources.ARN", startsWith: [deliveries] },
      ],
    },
  ];
}

/** CloudTrail's documented bucket statements (ACL check, write under AWSLogs/<account>/), for one trail. */
function allowTrailDelivery(bucket: SecureBucket, fromTrail: Record<string, string>, accountId: string): void {
  bucket.policy.addStatements(
    {
      Sid: "CloudTrailAclCheck",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:GetBucketAcl",
      Resource: bucket.bucketArn,
      Condition: { StringEquals: fromTrail },
    },
    {
      Sid: "CloudTrailWrite",
      Effect: "Allow",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: bucket.arnForObjects(`AWSLogs/${accountId}/`),
      Condition: { StringEquals: { ...fromTrail, "s3:x-amz-acl": "bucket-owner-full-control" } },
    },
  );
}
