import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { EncryptedLogGroup } from "../shared/encrypted-log-group";
import { EncryptionKey } from "../shared/encryption-key";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { partitionOf } from "../shared/partition";
import { PolicyDocument } from "../shared/policy-document";
import { SecureBucket } from "../shared/secure-bucket";

export interface AuditTrailProps {
  readonly naming: ResourceNaming;
  readonly accountId: string;
  readonly region: string;
  /** Buckets whose object reads and writes are recorded (S3 data events). At least one. */
  readonly dataEventBucketArns: readonly string[];
  /** Roles that may read (decrypt) the trail's log files, e.g. auditors. @default [] */
  readonly readerRoleArns?: readonly string[];
  /** Retention of the trail's CloudWatch log group, at least 365. @default 365 */
  readonly logRetentionDays?: number;
  /** Let `terraform destroy` delete a non-empty trail bucket (sandboxes only). @default false */
  readonly forceDestroy?: boolean;
}

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

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    if (props.dataEventBucketArns.length === 0) {
      throw new Error("audit trail needs at least one bucket ARN in dataEventBucketArns, got none");
    }
    const partition = partitionOf(props.region);
    this.trailName = props.naming.name("audit-trail", 128);
    // Built from the name, not read from the trail: the bucket and key policies must exist first.
    this.trailArn = `arn:${partition}:cloudtrail:${props.region}:${props.accountId}:trail/${this.trailName}`;
    const auditTrailName = props.naming.name(TRAIL_BUCKET_AUDIT, 128);
    const auditTrailArn = `arn:${partition}:cloudtrail:${props.region}:${props.accountId}:trail/${auditTrailName}`;
    // Confused-deputy conditions on every CloudTrail statement: these trails, of this account.
    const fromThisTrail = { "aws:SourceArn": this.trailArn, "aws:SourceAccount": props.accountId };
    const fromEitherTrail = { "aws:SourceArn": [this.trailArn, auditTrailArn], "aws:SourceAccount": props.accountId };

    this.key = new EncryptionKey(this, "key", {
      aliasName: props.naming.name("audit-trail-key", NAME_LIMITS.kmsAlias),
      description: `CloudTrail log files of ${props.naming.prefix}`,
      accountId: props.accountId,
      region: props.region,
    });
    this.key.allowService({
      Sid: "CloudTrailEncryptsLogFiles",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:GenerateDataKey*"],
      Condition: {
        StringEquals: fromEitherTrail,
        StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${props.accountId}:trail/*` },
      },
    });
    this.key.allowService({
      Sid: "CloudTrailDescribesKey",
      Principal: { Service: "cloudtrail.amazonaws.com" },
      Action: ["kms:DescribeKey"],
      Condition: { StringEquals: fromEitherTrail },
    });
    this.key.grantDecrypt("AuditorsReadTrail", props.readerRoleArns ?? []);

    this.bucket = new SecureBucket(this, "bucket", {
      bucketName: props.naming.bucketName("audit-trail"),
      encryptionKey: this.key,
      contentName: "AuditTrail",
      forceDestroy: props.forceDestroy,
    });
    allowTrailDelivery(this.bucket, fromThisTrail, props.accountId);

    this.logGroup = new EncryptedLogGroup(this, "log-group", {
      logGroupName: `/llmobs/${props.naming.prefix}/audit-trail`,
      encryptionKey: this.key,
      accountId: props.accountId,
      region: props.region,
      retentionInDays: props.logRetentionDays,
    });
    this.logsRole = new IamRole(this, "logs-role", {
      name: props.naming.name("audit-trail-logs", NAME_LIMITS.iamRole),
      description: "CloudTrail delivery of the audit trail to CloudWatch Logs",
      // AWS's documented trust policy, exactly (assume_role_policy_document.json of
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html):
      // CloudTrail assumes the role to validate it when the trail is created or updated, and a
      // source condition the validation request does not satisfy makes that fail. What the role may
      // do is what limits it: one log group's CloudTrail streams.
      assumeRolePolicy: new PolicyDocument([{ Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" }]).render(),
    });
    const logsPolicy = new IamRolePolicy(this, "logs-policy", {
      role: this.logsRole.id,
      name: "deliver-audit-trail",
      // AWS's documented role policy (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html):
      // CloudTrail's streams in the one log group, named <account>_CloudTrail_<region>.
      policy: new PolicyDocument([
        {
          Sid: "AWSCloudTrailCreateLogStream",
          Effect: "Allow",
          Action: ["logs:CreateLogStream"],
          Resource: `${this.logGroup.logGroupArn}:log-stream:${props.accountId}_CloudTrail_${props.region}*`,
        },
        {
          Sid: "AWSCloudTrailPutLogEvents",
          Effect: "Allow",
          Action: ["logs:PutLogEvents"],
          Resource: `${this.logGroup.logGroupArn}:log-stream:${props.accountId}_CloudTrail_${props.region}*`,
        },
      ]).render(),
    });

    // The audit of the audit: its own bucket (same key: both hold CloudTrail log files for auditors).
    this.bucketAuditBucket = new SecureBucket(this, "bucket-audit-bucket", {
      bucketName: props.naming.bucketName(TRAIL_BUCKET_AUDIT),
      encryptionKey: this.key,
      contentName: "TrailBucketAudit",
      forceDestroy: props.forceDestroy,
    });
    allowTrailDelivery(this.bucketAuditBucket, { "aws:SourceArn": auditTrailArn, "aws:SourceAccount": props.accountId }, props.accountId);

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
      eventSelector: [
        {
          readWriteType: "All",
          includeManagementEvents: true,
          dataResource: [{ type: "AWS::S3::Object", values: props.dataEventBucketArns.map((arn) => `${arn}/`) }],
        },
        {
          // Reads of the audit-of-the-audit logs; not writes (those are the other trail's deliveries).
          readWriteType: "ReadOnly",
          includeManagementEvents: false,
          dataResource: [{ type: "AWS::S3::Object", values: [`${this.bucketAuditBucket.bucketArn}/`] }],
        },
      ],
      dependsOn: [bucketPolicy, logsPolicy],
    });
    this.bucketAuditTrail = new Cloudtrail(this, "bucket-audit-trail", {
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
