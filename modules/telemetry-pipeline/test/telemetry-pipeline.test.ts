import type { TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { EncryptionKey } from "../../shared/encryption-key";
import { SecureBucket } from "../../shared/secure-bucket";
import { TelemetryPipeline, type TelemetryPipelineProps } from "../telemetry-pipeline";
import { testGrantee } from "../../../testing/fixtures/grantee";
import { onlyResource, resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming, type SynthesizedJson } from "../../../testing/fixtures/synth";

const WRITER = "arn:aws:iam::123456789012:role/gateway";
const READER = "arn:aws:iam::123456789012:role/evaluator";
const AUDITOR = "arn:aws:iam::123456789012:role/auditor";
const GATEWAY_LOGS = "/aws/lambda/llmobs-retail-banking-staging-gateway";

function build(overrides: Partial<TelemetryPipelineProps> = {}, grant?: (telemetry: TelemetryPipeline, stack: TerraformStack) => void): SynthesizedJson {
  return synthStack((stack: TerraformStack) => {
    const captureKey = new EncryptionKey(stack, "capture-key", { aliasName: "c", description: "c", accountId: TEST_ACCOUNT, region: TEST_REGION });
    const captureBucket = new SecureBucket(stack, "capture-bucket", { bucketName: "capture", encryptionKey: captureKey });
    const telemetry = new TelemetryPipeline(stack, "telemetry", {
      naming: testNaming(),
      accountId: TEST_ACCOUNT,
      region: TEST_REGION,
      captureBucket,
      writerRoleArns: [WRITER],
      readerRoleArns: [READER],
      auditRoleArns: [AUDITOR],
      gatewayLogGroupName: GATEWAY_LOGS,
      ...overrides,
    });
    grant?.(telemetry, stack);
  });
}

/** The resource whose Terraform name contains `fragment` (the construct path). */
function named(json: SynthesizedJson, type: string, fragment: string): Record<string, any> {
  const entries = Object.entries(json.resource?.[type] ?? {}).filter(([name]) => name.includes(fragment));
  if (entries.length !== 1) throw new Error(`expected one ${type} named like ${fragment}, found ${entries.map(([n]) => n).join(", ") || "none"}`);
  return entries[0]![1];
}

function bucketAddress(json: SynthesizedJson, fragment: string): string {
  const names = Object.keys(json.resource.aws_s3_bucket ?? {}).filter((n) => n.includes(fragment));
  if (names.length !== 1) throw new Error(`expected one bucket named like ${fragment}, found ${names.join(", ") || "none"}`);
  return names[0]!;
}

function keyPolicy(json: SynthesizedJson, fragment: string): any[] {
  return JSON.parse(named(json, "aws_kms_key", fragment).policy).Statement;
}

/** Whether the key policy lets `principal` perform `action` with no condition: an Allow and no Deny. */
function unconditionallyAllowed(statements: any[], principal: string, action: string): boolean {
  const covers = (s: any) => [s.Principal?.AWS].flat().includes(principal) && [s.Action].flat().includes(action);
  return statements.some((s) => s.Effect === "Allow" && covers(s) && !s.Condition) && !statements.some((s) => s.Effect === "Deny" && covers(s) && !s.Condition);
}

describe("TelemetryPipeline: inference log delivery", () => {
  const json = build();
  const stream = onlyResource(json, "aws_kinesis_firehose_delivery_stream");

  it("delivers direct puts to S3, buffered 64 MiB / 300 s, GZIP, under date partitions with an error prefix", () => {
    const s3 = stream.extended_s3_configuration;
    expect(stream.destination).toBe("extended_s3");
    expect(stream.kinesis_source_configuration).toBeUndefined();
    expect(s3.buffering_size).toBe(64);
    expect(s3.buffering_interval).toBe(300);
    expect(s3.compression_format).toBe("GZIP");
    expect(s3.prefix).toBe("inference-logs/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/");
    expect(s3.error_output_prefix).toMatch(/^inference-logs-errors\/!\{firehose:error-output-type\}\//);
    expect(s3.cloudwatch_logging_options.enabled).toBe(true);
    expect(s3.kms_key_arn).toContain("aws_kms_key.telemetry_inference-logs_key");
  });

  it("encrypts the stream with the inference log CMK", () => {
    expect(stream.server_side_encryption).toEqual({ enabled: true, key_type: "CUSTOMER_MANAGED_CMK", key_arn: expect.stringContaining("inference-logs_key") });
  });

  it("honours buffering settings and refuses impossible ones", () => {
    const custom = onlyResource(build({ firehoseBufferingSizeMb: 128, firehoseBufferingIntervalSeconds: 60 }), "aws_kinesis_firehose_delivery_stream");
    expect(custom.extended_s3_configuration.buffering_size).toBe(128);
    expect(custom.extended_s3_configuration.buffering_interval).toBe(60);
    expect(() => build({ firehoseBufferingSizeMb: 200 })).toThrow("firehose buffering size must be a whole number of MiB from 1 to 128, got 200");
  });

  it("the bucket has SSE-KMS with its own CMK, versioning, public access block and the 90 d / Glacier IR / 2,557 d lifecycle", () => {
    const bucket = named(json, "aws_s3_bucket", "inference-logs_bucket");
    expect(bucket.bucket).toBe(testNaming().bucketName("inference-logs"));
    const sse = named(json, "aws_s3_bucket_server_side_encryption_configuration", "inference-logs_bucket").rule[0];
    expect(sse.apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(sse.apply_server_side_encryption_by_default.kms_master_key_id).toContain("telemetry_inference-logs_key");
    expect(named(json, "aws_s3_bucket_versioning", "inference-logs_bucket").versioning_configuration.status).toBe("Enabled");
    const pab = named(json, "aws_s3_bucket_public_access_block", "inference-logs_bucket");
    expect([pab.block_public_acls, pab.block_public_policy, pab.ignore_public_acls, pab.restrict_public_buckets]).toEqual([true, true, true, true]);
    const rule = named(json, "aws_s3_bucket_lifecycle_configuration", "inference-logs_bucket").rule[0];
    expect(rule.transition).toEqual([{ days: 90, storage_class: "GLACIER_IR" }]);
    expect(rule.expiration).toEqual([{ days: 2557 }]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: 7 }]);
    const policy = JSON.parse(named(json, "aws_s3_bucket_policy", "inference-logs_bucket").policy).Statement;
    expect(policy.find((s: any) => s.Sid === "DenyInsecureTransport").Condition.Bool["aws:SecureTransport"]).toBe("false");
  });

  it("uses a key separate from the capture key and from the audit trail's", () => {
    const keys = Object.keys(json.resource.aws_kms_key!);
    expect(keys.filter((k) => k.includes("inference-logs_key"))).toHaveLength(1);
    expect(
      new Set(
        [
          named(json, "aws_s3_bucket_server_side_encryption_configuration", "inference-logs_bucket"),
          named(json, "aws_s3_bucket_server_side_encryption_configuration", "capture-bucket"),
        ].map((c) => c.rule[0].apply_server_side_encryption_by_default.kms_master_key_id),
      ).size,
    ).toBe(2);
  });

  it("locks inference-log objects in compliance mode only when a retention is configured", () => {
    const inferenceLocks = (j: typeof json) =>
      resourcesOf(j, "aws_s3_bucket_object_lock_configuration").filter((l) => String(l.bucket).includes("inference-logs"));
    expect(inferenceLocks(json)).toHaveLength(0);
    expect(named(json, "aws_s3_bucket", "inference-logs_bucket").object_lock_enabled).toBe(false);
    const locked = build({ objectLockRetentionDays: 2557 });
    expect(named(locked, "aws_s3_bucket", "inference-logs_bucket").object_lock_enabled).toBe(true);
    expect(inferenceLocks(locked).map((l) => l.rule.default_retention)).toEqual([{ mode: "COMPLIANCE", days: 2557 }]);
    expect(() => build({ objectLockRetentionDays: 3000 })).toThrow("object lock retention must be 1-2557 days");
  });

  it("the delivery role writes objects but cannot read them", () => {
    const policy = JSON.parse(named(json, "aws_iam_role_policy", "inference-logs_delivery-policy").policy).Statement;
    const actions = policy.flatMap((s: any) => [s.Action].flat());
    expect(actions).toContain("s3:PutObject");
    expect(actions).not.toContain("s3:GetObject");
    expect(policy.find((s: any) => s.Sid === "EncryptThroughS3").Condition.StringEquals["kms:ViaService"]).toBe("s3.sa-east-1.amazonaws.com");
  });
});

describe("TelemetryPipeline: key policy separation of duties", () => {
  const json = build();
  const statements = keyPolicy(json, "inference-logs_key");
  // A reference to the role, not its ARN written out: Terraform creates the role before the key policy names it.
  const deliveryRole = `\${aws_iam_role.${Object.keys(json.resource.aws_iam_role!).find((n) => n.includes("inference-logs_delivery-role"))}.arn}`;

  it("writers (endpoint, gateway) may encrypt and are explicitly denied decrypt", () => {
    expect(unconditionallyAllowed(statements, WRITER, "kms:GenerateDataKey")).toBe(true);
    expect(unconditionallyAllowed(statements, WRITER, "kms:Decrypt")).toBe(false);
    const deny = statements.find((s) => s.Effect === "Deny" && s.Principal.AWS.includes(WRITER));
    expect(deny.Action).toContain("kms:Decrypt");
  });

  it("readers (evaluator) and auditors may decrypt but not encrypt", () => {
    for (const reader of [READER, AUDITOR]) {
      expect(unconditionallyAllowed(statements, reader, "kms:Decrypt")).toBe(true);
      expect(unconditionallyAllowed(statements, reader, "kms:GenerateDataKey")).toBe(false);
    }
  });

  it("Firehose's role encrypts through S3 only and is denied direct decrypt", () => {
    const allow = statements.find((s) => s.Sid === "DeliveryRoleEncryptsThroughS3");
    expect(allow.Principal.AWS).toBe(deliveryRole);
    expect(allow.Condition.StringEquals["kms:ViaService"]).toBe("s3.sa-east-1.amazonaws.com");
    const deny = statements.find((s) => s.Sid === "DenyDirectDecryptToDeliveryRole");
    expect(deny).toMatchObject({
      Effect: "Deny",
      Principal: { AWS: deliveryRole },
      Condition: { StringNotEquals: { "kms:ViaService": "s3.sa-east-1.amazonaws.com" } },
    });
    expect(unconditionallyAllowed(statements, deliveryRole, "kms:Decrypt")).toBe(false);
    expect(named(json, "aws_kms_key", "inference-logs_key").policy).not.toContain(":role/llmobs-retail-banking-staging-inference-log-delivery");
  });

  it("the account root administers the key but cannot use it", () => {
    const root = statements.find((s) => s.Principal?.AWS === "arn:aws:iam::123456789012:root");
    expect(root.Action).not.toContain("kms:Decrypt");
    expect(root.Action).not.toContain("kms:Encrypt");
  });
});

describe("TelemetryPipeline: grants", () => {
  const PRODUCER = "arn:aws:iam::123456789012:role/producer";
  const ANALYST = "arn:aws:iam::123456789012:role/analyst";
  const json = build({ writerRoleArns: [], readerRoleArns: [], auditRoleArns: [] }, (telemetry, stack) => {
    telemetry.grantEncryptInferenceLogs(testGrantee(stack, "producer", "Producer", PRODUCER));
    telemetry.grantReadInferenceLogs(testGrantee(stack, "analyst", "Analyst", ANALYST));
  });
  const statements = keyPolicy(json, "inference-logs_key");

  it("grantEncryptInferenceLogs lets a producer encrypt and denies it decrypt, by name in the key policy", () => {
    expect(statements.find((s) => s.Sid === "ProducerEncryptsInferenceLogs").Principal.AWS).toEqual([PRODUCER]);
    expect(unconditionallyAllowed(statements, PRODUCER, "kms:GenerateDataKey")).toBe(true);
    expect(unconditionallyAllowed(statements, PRODUCER, "kms:Decrypt")).toBe(false);
    expect(statements.find((s) => s.Sid === "DenyDecryptToWriters").Principal.AWS).toEqual([PRODUCER]);
  });

  it("grantReadInferenceLogs lets a reader decrypt (key policy) and read under inference-logs/ (its role policy)", () => {
    expect(unconditionallyAllowed(statements, ANALYST, "kms:Decrypt")).toBe(true);
    const reads = JSON.parse(named(json, "aws_iam_role_policy", "analyst").policy).Statement.find((s: any) => s.Sid === "ReadInferenceLogs");
    expect(reads.Resource).toEqual([expect.stringMatching(/\.arn\}\/inference-logs\/\*$/)]);
  });
});

describe("TelemetryPipeline: audit trail", () => {
  const json = build();
  const trail = Object.entries(json.resource.aws_cloudtrail!).find(([name]) => !name.includes("bucket-audit"))![1];

  const selector = (name: string) =>
    (trail.advanced_event_selector as { name: string; field_selector: Record<string, unknown>[] }[]).find((x) => x.name === name)!;
  const field = (name: string, f: string) => selector(name).field_selector.find((x) => x.field === f)!;

  it("records management events and S3 data events (read and write) on the inference log and DataCapture buckets", () => {
    expect(selector("Management events").field_selector).toEqual([{ field: "eventCategory", equals: ["Management"] }]);
    expect(field("Inference data reads and writes", "resources.type").equals).toEqual(["AWS::S3::Object"]);
    expect(field("Inference data reads and writes", "readOnly")).toBeUndefined();
    const values = field("Inference data reads and writes", "resources.ARN").starts_with as string[];
    expect(values).toHaveLength(2);
    expect(values.some((v) => v.includes("inference-logs_bucket") && v.endsWith("/"))).toBe(true);
    expect(values.some((v) => v.includes("capture-bucket") && v.endsWith("/"))).toBe(true);
  });

  it("validates log files, encrypts them with KMS and delivers to CloudWatch Logs", () => {
    expect(trail.enable_log_file_validation).toBe(true);
    expect(trail.kms_key_id).toContain("audit-trail_key");
    expect(trail.cloud_watch_logs_group_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.telemetry_audit-trail_log-group_.*\.arn\}:\*$/);
    expect(trail.cloud_watch_logs_role_arn).toContain("audit-trail_logs-role");
  });

  it("the trail bucket admits only this trail (aws:SourceArn)", () => {
    const policy = JSON.parse(named(json, "aws_s3_bucket_policy", "audit-trail_bucket_policy").policy).Statement;
    const write = policy.find((s: any) => s.Sid === "CloudTrailWrite");
    expect(write.Principal).toEqual({ Service: "cloudtrail.amazonaws.com" });
    expect(write.Condition.StringEquals["aws:SourceArn"]).toBe("arn:aws:cloudtrail:sa-east-1:123456789012:trail/llmobs-retail-banking-staging-audit-trail");
    expect(write.Condition.StringEquals["aws:SourceAccount"]).toBe("123456789012");
    expect(write.Resource).toMatch(/\/AWSLogs\/123456789012\/\*$/);
  });

  it("the audit of the audit: a second trail records every read and write of the trail's bucket into a bucket of its own", () => {
    const auditTrail = named(json, "aws_cloudtrail", "bucket-audit-trail");
    expect(auditTrail.name).toBe("llmobs-retail-banking-staging-trail-bucket-audit");
    expect(auditTrail).toMatchObject({ enable_log_file_validation: true, is_multi_region_trail: false });
    expect(auditTrail.event_selector).toEqual([
      {
        read_write_type: "All",
        include_management_events: false,
        data_resource: [{ type: "AWS::S3::Object", values: [`\${aws_s3_bucket.${bucketAddress(json, "audit-trail_bucket_")}.arn}/`] }],
      },
    ]);
    expect(auditTrail.s3_bucket_name).toBe(`\${aws_s3_bucket.${bucketAddress(json, "bucket-audit-bucket")}.bucket}`);
  });

  it("the main trail records reads, writes and deletes of the second trail's bucket, all but that trail's own deliveries (no loop)", () => {
    const bucket = `\${aws_s3_bucket.${bucketAddress(json, "bucket-audit-bucket")}.arn}`;
    const deliveries = `${bucket}/AWSLogs/123456789012/CloudTrail`;
    expect(field("Reads of the trail-bucket audit", "readOnly").equals).toEqual(["true"]);
    expect(field("Reads of the trail-bucket audit", "resources.ARN").starts_with).toEqual([`${bucket}/`]);
    const outside = "Writes and deletes of the trail-bucket audit, outside its deliveries";
    expect(field(outside, "readOnly").equals).toEqual(["false"]);
    expect(field(outside, "resources.ARN")).toMatchObject({ starts_with: [`${bucket}/`], not_starts_with: [deliveries] });
    // Inside the delivery prefix, everything but a PutObject (a delivery): deletes, lock and ACL changes.
    const inside = "Deletes and lock changes of the trail-bucket audit's deliveries";
    expect(field(inside, "eventName").not_equals).toEqual(["PutObject"]);
    expect(field(inside, "resources.ARN").starts_with).toEqual([deliveries]);
    expect(trail.event_selector).toBeUndefined();
    const policy = JSON.parse(named(json, "aws_s3_bucket_policy", "bucket-audit-bucket").policy).Statement;
    expect(policy.find((s: any) => s.Sid === "CloudTrailWrite").Condition.StringEquals["aws:SourceArn"]).toBe(
      "arn:aws:cloudtrail:sa-east-1:123456789012:trail/llmobs-retail-banking-staging-trail-bucket-audit",
    );
  });

  it("locks both trail buckets write-once for the buckets' 7-year life: compliance by default, governance when asked", () => {
    const locks = resourcesOf(json, "aws_s3_bucket_object_lock_configuration").filter((l) => !String(l.bucket).includes("inference-logs"));
    expect(locks.map((l) => l.rule.default_retention)).toEqual([
      { mode: "COMPLIANCE", days: 2557 },
      { mode: "COMPLIANCE", days: 2557 },
    ]);
    expect(named(json, "aws_s3_bucket", "audit-trail_bucket_").object_lock_enabled).toBe(true);
    expect(named(json, "aws_s3_bucket", "bucket-audit-bucket").object_lock_enabled).toBe(true);
    const governance = build({ auditObjectLockMode: "GOVERNANCE" });
    expect(
      resourcesOf(governance, "aws_s3_bucket_object_lock_configuration")
        .filter((l) => !String(l.bucket).includes("inference-logs"))
        .map((l) => l.rule.default_retention.mode),
    ).toEqual(["GOVERNANCE", "GOVERNANCE"]);
  });

  it("the trail key lets CloudTrail encrypt for this trail and auditors decrypt", () => {
    const statements = keyPolicy(json, "audit-trail_key");
    const ct = statements.find((s) => s.Sid === "CloudTrailEncryptsLogFiles");
    expect(ct.Condition.StringEquals["aws:SourceArn"]).toEqual([
      "arn:aws:cloudtrail:sa-east-1:123456789012:trail/llmobs-retail-banking-staging-audit-trail",
      "arn:aws:cloudtrail:sa-east-1:123456789012:trail/llmobs-retail-banking-staging-trail-bucket-audit",
    ]);
    expect(ct.Condition.StringEquals["aws:SourceAccount"]).toBe("123456789012");
    expect(unconditionallyAllowed(statements, AUDITOR, "kms:Decrypt")).toBe(true);
    expect(unconditionallyAllowed(statements, WRITER, "kms:Decrypt")).toBe(false);
  });
});

describe("TelemetryPipeline: log groups and queries", () => {
  const json = build();

  it("every log group is KMS-encrypted and kept 365 days; the key admits the logs service for that group only", () => {
    const groups = resourcesOf(json, "aws_cloudwatch_log_group");
    expect(groups.length).toBeGreaterThanOrEqual(2);
    for (const g of groups) {
      expect(g.kms_key_id).toMatch(/aws_kms_key\./);
      expect(g.retention_in_days).toBe(365);
    }
    const logs = keyPolicy(json, "logs-key").find((s) => s.Principal?.Service === "logs.sa-east-1.amazonaws.com");
    expect(logs.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"]).toMatch(/^arn:aws:logs:sa-east-1:123456789012:log-group:\/aws\/kinesisfirehose\//);
  });

  it("honours a longer retention and refuses one under a year", () => {
    const groups = resourcesOf(build({ logRetentionDays: 2557 }), "aws_cloudwatch_log_group");
    expect(groups.every((g) => g.retention_in_days === 2557)).toBe(true);
    expect(() => build({ logRetentionDays: 90 })).toThrow("log retention must be one of 365, 400");
  });

  it("saves the five queries against the gateway log group", () => {
    const queries = resourcesOf(json, "aws_cloudwatch_query_definition");
    expect(queries.map((q) => q.name).sort()).toEqual([
      "llmobs-retail-banking-staging/errors-by-type",
      "llmobs-retail-banking-staging/guardrail-hits",
      "llmobs-retail-banking-staging/slowest-requests",
      "llmobs-retail-banking-staging/token-usage-and-cost-by-use-case",
      "llmobs-retail-banking-staging/ttft-percentiles-by-model-and-request-type",
    ]);
    for (const q of queries) expect(q.log_group_names).toEqual([GATEWAY_LOGS]);
  });

  it("exposes the producer statement", () => {
    synthStack((stack) => {
      const key = new EncryptionKey(stack, "k", { aliasName: "c", description: "c", accountId: TEST_ACCOUNT, region: TEST_REGION });
      const bucket = new SecureBucket(stack, "b", { bucketName: "capture", encryptionKey: key });
      const base = { naming: testNaming(), accountId: TEST_ACCOUNT, region: TEST_REGION, captureBucket: bucket, gatewayLogGroupName: GATEWAY_LOGS };
      const telemetry = new TelemetryPipeline(stack, "t1", base);
      expect(telemetry.putRecordStatement()).toMatchObject({ Effect: "Allow", Action: ["firehose:PutRecord", "firehose:PutRecordBatch"] });
      expect(telemetry.inferenceLogPrefix).toBe("inference-logs/");
    });
  });
});
