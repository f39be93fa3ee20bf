import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import type { TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { EncryptionKey } from "../../shared/encryption-key";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { SecureBucket } from "../../shared/secure-bucket";
import { TelemetryPipeline } from "../telemetry-pipeline";
import { synthStack, TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../testing/fixtures/synth";

function failingRules(build: (stack: TerraformStack) => void): string[] {
  const json = synthStack(build);
  return [...new Set(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS).map((f) => f.ruleId))].sort();
}

const KEY = "arn:aws:kms:sa-east-1:123456789012:key/k";
const s3 = { roleArn: "arn:aws:iam::123456789012:role/r", bucketArn: "arn:aws:s3:::b" };

describe("telemetry policy rules", () => {
  it("a Firehose stream without SSE, or with an AWS-owned key, fails LLMOBS-FH-1", () => {
    expect(failingRules((s) => new KinesisFirehoseDeliveryStream(s, "f", { name: "f", destination: "extended_s3", extendedS3Configuration: s3 }))).toEqual([
      "LLMOBS-FH-1",
    ]);
    expect(
      failingRules(
        (s) =>
          new KinesisFirehoseDeliveryStream(s, "f", {
            name: "f",
            destination: "extended_s3",
            extendedS3Configuration: s3,
            serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
          }),
      ),
    ).toEqual(["LLMOBS-FH-1"]);
  });

  it("a trail without log file validation or without KMS fails LLMOBS-CT-1 (and, alone, LLMOBS-CT-2; its bucket is not seen locked, LLMOBS-CT-3)", () => {
    expect(failingRules((s) => new Cloudtrail(s, "t", { name: "t", s3BucketName: "b", kmsKeyId: KEY }))).toEqual(["LLMOBS-CT-1", "LLMOBS-CT-2", "LLMOBS-CT-3"]);
    expect(failingRules((s) => new Cloudtrail(s, "t", { name: "t", s3BucketName: "b", enableLogFileValidation: true }))).toEqual([
      "LLMOBS-CT-1",
      "LLMOBS-CT-2",
      "LLMOBS-CT-3",
    ]);
  });

  it("a trail whose bucket nobody audits fails LLMOBS-CT-2; another trail's data events or access logging to another bucket pass", () => {
    const trail = (s: TerraformStack, id: string, bucket: string, audited?: string) =>
      new Cloudtrail(s, id, {
        name: id,
        s3BucketName: bucket,
        kmsKeyId: KEY,
        enableLogFileValidation: true,
        ...(audited
          ? {
              eventSelector: [
                { readWriteType: "All", includeManagementEvents: false, dataResource: [{ type: "AWS::S3::Object", values: [`arn:aws:s3:::${audited}/`] }] },
              ],
            }
          : {}),
      });
    // These trails deliver to buckets outside the stack, whose Object Lock no rule can see: LLMOBS-CT-3 fails with them.
    expect(failingRules((s) => trail(s, "t", "trail-logs"))).toEqual(["LLMOBS-CT-2", "LLMOBS-CT-3"]);
    // The second trail audits the first's bucket, but nobody audits the second's.
    expect(
      failingRules((s) => {
        trail(s, "t", "trail-logs");
        trail(s, "u", "audit-logs", "trail-logs");
      }),
    ).toEqual(["LLMOBS-CT-2", "LLMOBS-CT-3"]);
    expect(
      failingRules((s) => {
        trail(s, "t", "trail-logs", "audit-logs");
        trail(s, "u", "audit-logs", "trail-logs");
      }),
    ).toEqual(["LLMOBS-CT-3"]);
    expect(
      failingRules((s) => {
        trail(s, "t", "trail-logs");
        new S3BucketLoggingA(s, "access-logs", { bucket: "trail-logs", targetBucket: "trail-access-logs", targetPrefix: "trail-logs/" });
      }),
    ).toEqual(["LLMOBS-CT-3"]);
    // A trail recording its own bucket is no audit of the audit.
    expect(failingRules((s) => trail(s, "t", "trail-logs", "trail-logs"))).toEqual(["LLMOBS-CT-2", "LLMOBS-CT-3"]);
  });

  it("a trail whose bucket has no Object Lock with a default retention fails LLMOBS-CT-3", () => {
    const stack = (lock: "COMPLIANCE" | "GOVERNANCE" | undefined) => (s: TerraformStack) => {
      const key = new EncryptionKey(s, "k", { aliasName: "c", description: "c", accountId: TEST_ACCOUNT, region: TEST_REGION });
      const logs = new SecureBucket(s, "logs", { bucketName: "trail-logs", encryptionKey: key, objectLockEnabled: lock !== undefined });
      if (lock) new S3BucketObjectLockConfigurationA(s, "lock", { bucket: logs.bucket.id, rule: { defaultRetention: { mode: lock, days: 2557 } } });
      new Cloudtrail(s, "t", { name: "t", s3BucketName: logs.bucketName, kmsKeyId: KEY, enableLogFileValidation: true });
    };
    expect(failingRules(stack(undefined))).toContain("LLMOBS-CT-3");
    expect(failingRules(stack("GOVERNANCE"))).not.toContain("LLMOBS-CT-3");
    expect(failingRules(stack("COMPLIANCE"))).not.toContain("LLMOBS-CT-3");
  });

  it("a log group without KMS, or kept under 365 days, fails LLMOBS-LOGS-1", () => {
    expect(failingRules((s) => new CloudwatchLogGroup(s, "g", { name: "g", retentionInDays: 365 }))).toEqual(["LLMOBS-LOGS-1"]);
    expect(failingRules((s) => new CloudwatchLogGroup(s, "g", { name: "g", kmsKeyId: KEY, retentionInDays: 90 }))).toEqual(["LLMOBS-LOGS-1"]);
    expect(failingRules((s) => new CloudwatchLogGroup(s, "g", { name: "g", kmsKeyId: KEY }))).toEqual(["LLMOBS-LOGS-1"]);
  });

  it("the telemetry pipeline's defaults pass every rule, with and without Object Lock", () => {
    for (const objectLockRetentionDays of [undefined, 365]) {
      expect(
        failingRules((s) => {
          const key = new EncryptionKey(s, "k", { aliasName: "c", description: "c", accountId: TEST_ACCOUNT, region: TEST_REGION });
          const captureBucket = new SecureBucket(s, "b", { bucketName: "capture", encryptionKey: key });
          new TelemetryPipeline(s, "t", {
            naming: testNaming(),
            accountId: TEST_ACCOUNT,
            region: TEST_REGION,
            captureBucket,
            gatewayLogGroupName: "/aws/lambda/gw",
            writerRoleArns: ["arn:aws:iam::123456789012:role/w"],
            objectLockRetentionDays,
          });
        }),
      ).toEqual([]);
    }
  });
});
