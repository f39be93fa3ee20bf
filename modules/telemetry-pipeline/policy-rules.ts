/**
 * Policy-aspect rules for the telemetry pipeline's resource kinds: Firehose streams encrypted with
 * a customer-managed key, CloudTrail trails with log file validation and KMS, and log groups
 * encrypted and kept at least a year.
 */
import { MIN_LOG_RETENTION_DAYS } from "../shared/encrypted-log-group";
import { asArray, attr } from "../shared/policy/synthesized-stack";
import type { PolicyRule, RuleResult, RulePack, SynthesizedResource, SynthesizedStack } from "../shared/policy/types";

function verdict(ok: boolean): RuleResult {
  return ok ? "compliant" : "non-compliant";
}

function nonEmpty(value: unknown): boolean {
  return typeof value === "string" && value.length > 0;
}

export const firehoseSseCmk: PolicyRule = {
  id: "LLMOBS-FH-1",
  description:
    "Firehose delivery streams must use server-side encryption with a customer-managed key (server_side_encryption enabled, key_type CUSTOMER_MANAGED_CMK, key_arn)",
  resourceTypes: ["aws_kinesis_firehose_delivery_stream"],
  references: ["checkov CKV_AWS_240, CKV_AWS_241", "NIST 800-53 SC-28"],
  check(stream) {
    const sse = attr(stream.config, "server_side_encryption") as Record<string, unknown> | undefined;
    return verdict(sse?.enabled === true && sse.key_type === "CUSTOMER_MANAGED_CMK" && nonEmpty(sse.key_arn));
  },
};

export const cloudTrailValidationAndKms: PolicyRule = {
  id: "LLMOBS-CT-1",
  description: "CloudTrail trails must enable log file validation and encrypt log files with a KMS key (enable_log_file_validation, kms_key_id)",
  resourceTypes: ["aws_cloudtrail"],
  references: ["checkov CKV_AWS_36, CKV_AWS_35", "cdk-nag NIST.800.53.R5-CloudTrailLogFileValidationEnabled, CloudTrailEncryptionEnabled", "NIST 800-53 AU-9"],
  check(trail) {
    return verdict(trail.config.enable_log_file_validation === true && nonEmpty(trail.config.kms_key_id));
  },
};

export const logGroupKmsAndRetention: PolicyRule = {
  id: "LLMOBS-LOGS-1",
  description: `CloudWatch log groups must be encrypted with a KMS key and keep events at least ${MIN_LOG_RETENTION_DAYS} days (kms_key_id, retention_in_days)`,
  resourceTypes: ["aws_cloudwatch_log_group"],
  references: [
    "checkov CKV_AWS_158, CKV_AWS_338",
    "cdk-nag NIST.800.53.R5-CloudWatchLogGroupEncrypted, CloudWatchLogGroupRetentionPeriod",
    "NIST 800-53 AU-11",
  ],
  check(group) {
    const retention = group.config.retention_in_days;
    return verdict(nonEmpty(group.config.kms_key_id) && typeof retention === "number" && retention >= MIN_LOG_RETENTION_DAYS);
  },
};

/** How `bucketName` (a trail's `s3_bucket_name`) can be written: the stack's bucket by reference, or the name itself. */
function bucketForms(bucketName: unknown, stack: SynthesizedStack): { arns: string[]; ids: string[] } {
  if (typeof bucketName !== "string") return { arns: [], ids: [] };
  const reference = /^\$\{aws_s3_bucket\.([\w-]+)\.(bucket|id)\}$/.exec(bucketName);
  const bucket = reference ? stack.byType("aws_s3_bucket").find((b) => b.name === reference[1]) : undefined;
  if (bucket) {
    return { arns: [`\${${bucket.address}.arn}`], ids: [`\${${bucket.address}.id}`, `\${${bucket.address}.bucket}`] };
  }
  return { arns: [`arn:aws:s3:::${bucketName}`], ids: [bucketName] };
}

/** Does another trail record data events on objects of the bucket (basic or advanced selectors)? */
function coveredByAnotherTrail(trail: SynthesizedResource, arns: string[], stack: SynthesizedStack): boolean {
  return stack.byType("aws_cloudtrail").some((other) => {
    if (other === trail) return false;
    const basic = asArray(other.config.event_selector as Record<string, unknown>[] | undefined).flatMap((selector) =>
      asArray(selector.data_resource as Record<string, unknown>[] | undefined).flatMap((r) => asArray(r.values as string[] | undefined)),
    );
    const advanced = JSON.stringify(other.config.advanced_event_selector ?? []);
    return arns.some((arn) => basic.some((v) => v.startsWith(arn)) || advanced.includes(arn));
  });
}

/** Does S3 server access logging of the bucket go to another bucket? */
function accessLogged(ids: string[], stack: SynthesizedStack): boolean {
  return stack
    .byType("aws_s3_bucket_logging")
    .some((l) => ids.includes(String(l.config.bucket)) && typeof l.config.target_bucket === "string" && !ids.includes(l.config.target_bucket));
}

export const trailBucketAudited: PolicyRule = {
  id: "LLMOBS-CT-2",
  description:
    "The bucket a CloudTrail trail delivers to must itself be audited (the audit of the audit): another trail's S3 data events cover its objects, " +
    "or its server access logs go to another bucket (aws_s3_bucket_logging)",
  resourceTypes: ["aws_cloudtrail"],
  references: ["checkov CKV_AWS_18 (S3 access logging)", "CIS AWS Foundations 3.6", "NIST 800-53 AU-9"],
  check(trail, stack) {
    const { arns, ids } = bucketForms(trail.config.s3_bucket_name, stack);
    if (arns.length === 0) return "non-compliant";
    return verdict(coveredByAnotherTrail(trail, arns, stack) || accessLogged(ids, stack));
  },
};

/**
 * The bucket a trail delivers to is write-once: Object Lock on, with a default retention, so a log
 * file cannot be deleted or overwritten by the account that wrote it before the retention ends.
 */
export const trailBucketWriteOnce: PolicyRule = {
  id: "LLMOBS-CT-3",
  description:
    "The bucket a CloudTrail trail delivers to has S3 Object Lock with a default retention (aws_s3_bucket_object_lock_configuration, COMPLIANCE or GOVERNANCE): " +
    "its own account cannot rewrite the audit trail",
  resourceTypes: ["aws_cloudtrail"],
  references: ["NIST 800-53 AU-9, AU-11", "SEC 17a-4(f) / FINRA 4511 (WORM)", "CIS AWS Foundations 3.x (CloudTrail S3 bucket)"],
  check(trail, stack) {
    const { ids } = bucketForms(trail.config.s3_bucket_name, stack);
    const bucket = stack.byType("aws_s3_bucket").find((b) => ids.some((id) => id.startsWith(`\${${b.address}.`)));
    if (!bucket || bucket.config.object_lock_enabled !== true) return "non-compliant";
    const locks = stack.byType("aws_s3_bucket_object_lock_configuration").filter((l) => ids.includes(String(l.config.bucket)));
    return verdict(
      locks.some((l) => {
        const retention = attr(l.config, "rule", "default_retention") as Record<string, unknown> | undefined;
        return (retention?.mode === "COMPLIANCE" || retention?.mode === "GOVERNANCE") && (Number(retention.days) > 0 || Number(retention.years) > 0);
      }),
    );
  },
};

export const TELEMETRY_RULES: readonly PolicyRule[] = [
  firehoseSseCmk,
  cloudTrailValidationAndKms,
  trailBucketAudited,
  trailBucketWriteOnce,
  logGroupKmsAndRetention,
];

/** The rules this module brings to the policy aspect of any stack that uses it. */
export const TELEMETRY_RULE_PACK: RulePack = { name: "telemetry", rules: TELEMETRY_RULES };
