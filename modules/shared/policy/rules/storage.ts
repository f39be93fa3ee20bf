import { asArray, attr, policyStatements } from "../synthesized-stack";
import type { PolicyRule, SynthesizedResource, SynthesizedStack } from "../types";

const BUCKET = ["aws_s3_bucket"];

/** A bucket check: compliant when a resource of `settingType` that references the bucket passes `passes`. */
function bucketHasSetting(settingType: string, passes: (setting: SynthesizedResource) => boolean): PolicyRule["check"] {
  return (bucket: SynthesizedResource, stack: SynthesizedStack) => (stack.referencing(bucket, settingType).some(passes) ? "compliant" : "non-compliant");
}

export const s3BucketSseKms: PolicyRule = {
  id: "LLMOBS-S3-1",
  description:
    "S3 buckets must use SSE-KMS with a customer-managed key (aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms and kms_master_key_id)",
  resourceTypes: BUCKET,
  references: ["checkov CKV_AWS_145", "cdk-nag AwsSolutions-S1/NIST.800.53.R5-S3DefaultEncryptionKMS", "NIST 800-53 SC-28"],
  check: bucketHasSetting("aws_s3_bucket_server_side_encryption_configuration", (sse) => {
    const d = attr(sse.config, "rule", "apply_server_side_encryption_by_default") as Record<string, unknown> | undefined;
    return d?.sse_algorithm === "aws:kms" && typeof d.kms_master_key_id === "string" && d.kms_master_key_id.length > 0;
  }),
};

export const s3BucketPublicAccessBlock: PolicyRule = {
  id: "LLMOBS-S3-2",
  description: "S3 buckets must block all public access (aws_s3_bucket_public_access_block with all four settings true)",
  resourceTypes: BUCKET,
  references: ["checkov CKV2_AWS_6", "cdk-nag NIST.800.53.R5-S3BucketLevelPublicAccessProhibited", "NIST 800-53 AC-3, AC-21"],
  check: bucketHasSetting("aws_s3_bucket_public_access_block", (b) =>
    ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => b.config[k] === true),
  ),
};

export const s3BucketTlsOnly: PolicyRule = {
  id: "LLMOBS-S3-3",
  description: "S3 buckets must have a bucket policy that denies requests without TLS (aws:SecureTransport false)",
  resourceTypes: BUCKET,
  references: ["cdk-nag AwsSolutions-S10", "cdk-nag NIST.800.53.R5-S3BucketSSLRequestsOnly", "NIST 800-53 SC-8"],
  check: bucketHasSetting("aws_s3_bucket_policy", (p) =>
    policyStatements(p.config.policy).some((s) => {
      const condition = s.Condition as Record<string, Record<string, unknown>> | undefined;
      return s.Effect === "Deny" && String(condition?.Bool?.["aws:SecureTransport"]) === "false";
    }),
  ),
};

export const s3BucketVersioning: PolicyRule = {
  id: "LLMOBS-S3-4",
  description: "S3 buckets must have versioning enabled (audit data must survive overwrite and deletion)",
  resourceTypes: BUCKET,
  references: ["checkov CKV_AWS_21", "cdk-nag NIST.800.53.R5-S3BucketVersioningEnabled", "NIST 800-53 CP-10, SI-12"],
  check: bucketHasSetting("aws_s3_bucket_versioning", (v) => attr(v.config, "versioning_configuration", "status") === "Enabled"),
};

export const s3BucketLifecycle: PolicyRule = {
  id: "LLMOBS-S3-5",
  description: "S3 buckets must have a lifecycle configuration (inference logs grow linearly; without one, S3 cost overtakes GPU cost)",
  resourceTypes: BUCKET,
  references: ["checkov CKV2_AWS_61", "NIST 800-53 SI-12"],
  check: bucketHasSetting("aws_s3_bucket_lifecycle_configuration", () => true),
};

export const kmsKeyRotation: PolicyRule = {
  id: "LLMOBS-KMS-1",
  description: "KMS keys must have automatic rotation enabled",
  resourceTypes: ["aws_kms_key"],
  references: ["checkov CKV_AWS_7", "cdk-nag NIST.800.53.R5-KMSBackingKeyRotationEnabled", "NIST 800-53 SC-12"],
  check(key) {
    return key.config.enable_key_rotation === true ? "compliant" : "non-compliant";
  },
};

export const kmsKeyNoOpenPrincipal: PolicyRule = {
  id: "LLMOBS-KMS-2",
  description: "KMS key policies must not allow a wildcard principal",
  resourceTypes: ["aws_kms_key"],
  references: ["checkov CKV_AWS_33", "NIST 800-53 AC-3"],
  check(key) {
    if (typeof key.config.policy !== "string") return "non-compliant";
    const open = policyStatements(key.config.policy).some((s) => {
      const principal = s.Principal as unknown;
      const aws = typeof principal === "object" && principal !== null ? (principal as Record<string, unknown>).AWS : undefined;
      return s.Effect === "Allow" && (principal === "*" || asArray(aws as string | string[] | undefined).includes("*"));
    });
    return open ? "non-compliant" : "compliant";
  },
};

/** Role ARNs written out as text (`arn:aws:iam::123456789012:role/name`), not Terraform references. */
const LITERAL_ROLE_ARN = /arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)/g;

export const kmsKeyPolicyReferencesRoles: PolicyRule = {
  id: "LLMOBS-KMS-3",
  description:
    "Key policies must name the roles of the same stack by reference (role.arn), not by an ARN written out: KMS rejects a policy that names " +
    "a principal that does not exist yet, and only a reference makes Terraform create the role first",
  resourceTypes: ["aws_kms_key"],
  references: ["AWS KMS Developer Guide: key policies, principals that must exist"],
  check(key, stack) {
    if (typeof key.config.policy !== "string") return "not-applicable";
    const stackRoles = new Set(
      stack
        .byType("aws_iam_role")
        .map((r) => r.config.name)
        .filter((n): n is string => typeof n === "string"),
    );
    const named = [...key.config.policy.matchAll(LITERAL_ROLE_ARN)].map((m) => m[1]!);
    return named.some((name) => stackRoles.has(name)) ? "non-compliant" : "compliant";
  },
};

/** The log groups a CloudWatch Logs key statement names through `kms:EncryptionContext:aws:logs:arn`. */
function logGroupContexts(statement: Record<string, unknown>): string[] {
  const condition = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
  return Object.values(condition).flatMap((block) => asArray((block ?? {})["kms:EncryptionContext:aws:logs:arn"] as string | string[] | undefined));
}

export const kmsLogsKeyScopedToOwnLogGroups: PolicyRule = {
  id: "LLMOBS-KMS-4",
  description:
    "A key CloudWatch Logs may use names the log groups it is for (kms:EncryptionContext:aws:logs:arn with a log group name or name prefix), " +
    "never every log group of the account (log-group:*): any workload's logs could otherwise be written under the platform's key",
  resourceTypes: ["aws_kms_key"],
  references: ["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html", "NIST 800-53 SC-12"],
  check(key) {
    const statements = policyStatements(key.config.policy).filter((s) => {
      const principal = s.Principal as { Service?: string | string[] } | undefined;
      return s.Effect === "Allow" && asArray(principal?.Service).some((service) => /^logs\./.test(service));
    });
    if (statements.length === 0) return "not-applicable";
    return statements.every((s) => {
      const contexts = logGroupContexts(s);
      return contexts.length > 0 && contexts.every((arn) => !/:log-group:\*?$/.test(arn) && !/:log-group:\*:/.test(arn));
    })
      ? "compliant"
      : "non-compliant";
  },
};

export const STORAGE_RULES: readonly PolicyRule[] = [
  s3BucketSseKms,
  s3BucketPublicAccessBlock,
  s3BucketTlsOnly,
  s3BucketVersioning,
  s3BucketLifecycle,
  kmsKeyRotation,
  kmsKeyNoOpenPrincipal,
  kmsKeyPolicyReferencesRoles,
  kmsLogsKeyScopedToOwnLogGroups,
];
