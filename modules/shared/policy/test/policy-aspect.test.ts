import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SagemakerEndpointConfiguration } from "@cdktf/provider-aws/lib/sagemaker-endpoint-configuration";
import { SagemakerModel } from "@cdktf/provider-aws/lib/sagemaker-model";
import { Aspects, type TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { InferenceEndpoint } from "../../../inference-endpoint";
import { EncryptionKey } from "../../encryption-key";
import { SecureBucket } from "../../secure-bucket";
import { PLATFORM_RULE_PACKS } from "../../../platform-rule-packs";
import { evaluatePolicy, PolicyAspect } from "../policy-aspect";
import { synthesizedStackFrom } from "../synthesized-stack";
import { synthStack, TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../../test/helpers/synth";

/** Rule ids that fail on what `build` creates. */
function failingRules(build: (stack: TerraformStack) => void): string[] {
  const json = synthStack(build);
  return [...new Set(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS).map((f) => f.ruleId))].sort();
}

const GPU_IMAGE = "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128";

function endpointConfig(stack: TerraformStack, overrides: Record<string, unknown>): void {
  new SagemakerEndpointConfiguration(stack, "config", {
    name: "c",
    productionVariants: [{ variantName: "AllTraffic", modelName: "m", instanceType: "ml.inf2.8xlarge", initialInstanceCount: 1 }],
    dataCaptureConfig: {
      initialSamplingPercentage: 10,
      destinationS3Uri: "s3://b/datacapture",
      kmsKeyId: "arn:aws:kms:sa-east-1:123456789012:key/k",
      captureOptions: [{ captureMode: "Input" }],
    },
    kmsKeyArn: "arn:aws:kms:sa-east-1:123456789012:key/v",
    ...overrides,
  });
}

describe("policy rules fire on bad constructs", () => {
  it("a bare bucket fails SSE-KMS, public access block, TLS-only, versioning and lifecycle", () => {
    expect(failingRules((s) => new S3Bucket(s, "bucket", { bucket: "b" }))).toEqual([
      "LLMOBS-S3-1", "LLMOBS-S3-2", "LLMOBS-S3-3", "LLMOBS-S3-4", "LLMOBS-S3-5",
    ]);
  });

  it("a KMS key without rotation fails LLMOBS-KMS-1", () => {
    expect(failingRules((s) => new KmsKey(s, "key", { policy: JSON.stringify({ Statement: [] }) }))).toEqual(["LLMOBS-KMS-1"]);
  });

  it("a KMS key that allows any principal fails LLMOBS-KMS-2", () => {
    const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" }] });
    expect(failingRules((s) => new KmsKey(s, "key", { enableKeyRotation: true, policy }))).toEqual(["LLMOBS-KMS-2"]);
  });

  it("an EBS-backed endpoint config without kms_key_arn fails LLMOBS-SM-1", () => {
    expect(failingRules((s) => endpointConfig(s, { kmsKeyArn: undefined }))).toEqual(["LLMOBS-SM-1"]);
  });

  it("an instance type with local NVMe storage needs no kms_key_arn", () => {
    const variants = [{ variantName: "AllTraffic", modelName: "m", instanceType: "ml.g5.12xlarge", initialInstanceCount: 1 }];
    expect(failingRules((s) => endpointConfig(s, { kmsKeyArn: undefined, productionVariants: variants }))).toEqual([]);
  });

  it("an endpoint config without DataCapture, or capture without KMS, fails LLMOBS-SM-2", () => {
    expect(failingRules((s) => endpointConfig(s, { dataCaptureConfig: undefined }))).toEqual(["LLMOBS-SM-2"]);
    const unencrypted = { initialSamplingPercentage: 10, destinationS3Uri: "s3://b/d", captureOptions: [{ captureMode: "Input" }] };
    expect(failingRules((s) => endpointConfig(s, { dataCaptureConfig: unencrypted }))).toEqual(["LLMOBS-SM-2"]);
  });

  it("a model outside a VPC fails LLMOBS-SM-3", () => {
    expect(failingRules((s) => new SagemakerModel(s, "model", { executionRoleArn: "arn:aws:iam::123456789012:role/r", primaryContainer: { image: GPU_IMAGE } }))).toEqual(["LLMOBS-SM-3"]);
  });

  it('a policy with Action "*" fails LLMOBS-IAM-1, a whole service on every resource fails LLMOBS-IAM-2', () => {
    const star = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }] });
    expect(failingRules((s) => new IamRolePolicy(s, "p", { role: "r", policy: star }))).toEqual(["LLMOBS-IAM-1"]);
    const service = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }] });
    expect(failingRules((s) => new IamRolePolicy(s, "p", { role: "r", policy: service }))).toEqual(["LLMOBS-IAM-2"]);
  });
});

describe("policy rules stay quiet on module defaults", () => {
  it("the secure bucket and the encryption key pass every rule", () => {
    expect(
      failingRules((s) => {
        const key = new EncryptionKey(s, "key", { aliasName: "k", description: "d", accountId: TEST_ACCOUNT, region: TEST_REGION });
        new SecureBucket(s, "bucket", { bucketName: "b", encryptionKey: key });
      }),
    ).toEqual([]);
  });

  it.each(["ml.g5.12xlarge", "ml.inf2.8xlarge"])("the inference endpoint on %s passes every rule", (instanceType) => {
    const image = instanceType.startsWith("ml.inf2") ? GPU_IMAGE.replace("0.33.0-lmi15.0.0-cu128", "0.29.0-neuronx-sdk2.19.1") : GPU_IMAGE;
    expect(
      failingRules((s) =>
        new InferenceEndpoint(s, "endpoint", {
          naming: testNaming(), accountId: TEST_ACCOUNT, region: TEST_REGION, modelName: "m", image, instanceType,
          huggingFaceModelId: "org/m", vpcId: "vpc-0123456789abcdef0",
          subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"],
        }),
      ),
    ).toEqual([]);
  });
});

describe("PolicyAspect", () => {
  it("fails synth with the rule id and the construct path", () => {
    expect(() =>
      synthStack((s) => {
        new S3Bucket(s, "loose-bucket", { bucket: "b" });
        Aspects.of(s).add(new PolicyAspect());
      }, true),
    ).toThrow(/\[LLMOBS-S3-1\] test\/loose-bucket \(aws_s3_bucket\.loose-bucket\): S3 buckets must use SSE-KMS/);
  });

  it("honours a suppression that names its reason", () => {
    expect(() =>
      synthStack((s) => {
        new KmsKey(s, "key", { policy: JSON.stringify({ Statement: [] }) });
        Aspects.of(s).add(new PolicyAspect({ suppressions: { "LLMOBS-KMS-1": "imported key, rotated by the HSM team" } }));
      }, true),
    ).not.toThrow();
  });
});
