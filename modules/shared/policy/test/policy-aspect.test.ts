import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SagemakerEndpointConfiguration } from "@cdktf/provider-aws/lib/sagemaker-endpoint-configuration";
import { SagemakerModel } from "@cdktf/provider-aws/lib/sagemaker-model";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { describe, expect, it } from "vitest";
import { InferenceEndpoint } from "../../../inference-endpoint";
import { EncryptionKey } from "../../encryption-key";
import { SecureBucket } from "../../secure-bucket";
import { PLATFORM_RULE_PACKS } from "../../../platform-rule-packs";
import { evaluatePolicy, PolicyAspect, type PolicySuppression } from "../policy-aspect";
import { synthesizedStackFrom } from "../synthesized-stack";
import { synthStack, TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../../testing/fixtures/synth";

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
      "LLMOBS-S3-1",
      "LLMOBS-S3-2",
      "LLMOBS-S3-3",
      "LLMOBS-S3-4",
      "LLMOBS-S3-5",
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
    expect(
      failingRules(
        (s) =>
          new SagemakerModel(s, "model", {
            executionRoleArn: "arn:aws:iam::123456789012:role/r",
            enableNetworkIsolation: true,
            primaryContainer: { image: GPU_IMAGE },
          }),
      ),
    ).toEqual(["LLMOBS-SM-3"]);
  });

  it("a model with staged weights but network access fails LLMOBS-SM-4; one that downloads from Hugging Face is left to the environment check", () => {
    const vpcConfig = { subnets: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] };
    const model = (s: TerraformStack, environment?: Record<string, string>) =>
      new SagemakerModel(s, "model", {
        executionRoleArn: "arn:aws:iam::123456789012:role/r",
        vpcConfig,
        primaryContainer: { image: GPU_IMAGE, ...(environment ? { environment } : { modelDataUrl: "s3://models/llama/model.tar.gz" }) },
      });
    expect(failingRules((s) => model(s))).toEqual(["LLMOBS-SM-4"]);
    expect(failingRules((s) => model(s, { HF_MODEL_ID: "org/model" }))).toEqual([]);
  });

  it('a policy with Action "*" fails LLMOBS-IAM-1, a whole service on every resource fails LLMOBS-IAM-2', () => {
    const star = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::b" }] });
    expect(failingRules((s) => new IamRolePolicy(s, "p", { role: "r", policy: star }))).toEqual(["LLMOBS-IAM-1"]);
    const service = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }] });
    expect(failingRules((s) => new IamRolePolicy(s, "p", { role: "r", policy: service }))).toEqual(["LLMOBS-IAM-2"]);
  });
});

describe("LLMOBS-IAM-3: service principals in resource policies", () => {
  const keyWith = (statement: Record<string, unknown>) => (s: TerraformStack) =>
    new KmsKey(s, "key", { enableKeyRotation: true, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
  const s3 = { Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*" };

  it("fails a service statement without aws:SourceAccount and aws:SourceArn", () => {
    expect(failingRules(keyWith(s3))).toEqual(["LLMOBS-IAM-3"]);
    expect(failingRules(keyWith({ ...s3, Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } } }))).toEqual(["LLMOBS-IAM-3"]);
  });

  it("passes one with both conditions, whatever the operators", () => {
    const condition = { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT }, ArnLike: { "aws:SourceArn": "arn:aws:s3:::b" } };
    expect(failingRules(keyWith({ ...s3, Condition: condition }))).toEqual([]);
  });

  it("refuses the CloudWatch-alarms key statement without source conditions, and passes it with both", () => {
    const unscoped = {
      Effect: "Allow",
      Principal: { Service: ["cloudwatch.amazonaws.com"] },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    };
    expect(failingRules(keyWith(unscoped))).toEqual(["LLMOBS-IAM-3"]);
    const scoped = {
      ...unscoped,
      Condition: {
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:sa-east-1:123456789012:alarm:llmobs-x-*" },
      },
    };
    expect(failingRules(keyWith(scoped))).toEqual([]);
  });

  it("LLMOBS-KMS-4: refuses a CloudWatch Logs key statement for every log group of the account, passes one naming the platform's", () => {
    const logs = (arn: string | string[]) => ({
      Effect: "Allow",
      Principal: { Service: "logs.sa-east-1.amazonaws.com" },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": arn } },
    });
    expect(failingRules(keyWith(logs("arn:aws:logs:sa-east-1:123456789012:log-group:*")))).toEqual(["LLMOBS-KMS-4"]);
    expect(
      failingRules(keyWith(logs(["arn:aws:logs:sa-east-1:123456789012:log-group:/aws/lambda/llmobs-x-*", "arn:aws:logs:sa-east-1:123456789012:log-group:*"]))),
    ).toEqual(["LLMOBS-KMS-4"]);
    expect(failingRules(keyWith(logs("arn:aws:logs:sa-east-1:123456789012:log-group:/aws/lambda/llmobs-x-*")))).toEqual([]);
  });

  it("LLMOBS-IAM-4: CloudTrail's CloudWatch Logs role trusts CloudTrail exactly as AWS documents it", () => {
    const role = (statement: Record<string, unknown>) => (s: TerraformStack) =>
      new IamRole(s, "trail-logs", { name: "trail-logs", assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) });
    const documented = { Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole" };
    expect(failingRules(role(documented))).toEqual([]);
    expect(failingRules(role({ ...documented, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }))).toEqual(["LLMOBS-IAM-4"]);
  });

  it("checks queue and topic policies too; deny statements are exempt", () => {
    const send = { Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sqs:SendMessage", Resource: "arn:aws:sqs:sa-east-1:123456789012:q" };
    expect(failingRules((s) => new SqsQueuePolicy(s, "p", { queueUrl: "u", policy: JSON.stringify({ Statement: [send] }) }))).toEqual(["LLMOBS-IAM-3"]);
    const deny = { Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
    expect(failingRules((s) => new SnsTopicPolicy(s, "p", { arn: "a", policy: JSON.stringify({ Statement: [deny] }) }))).toEqual([]);
  });
});

describe("LLMOBS-KMS-3: key policies name the stack's roles by reference", () => {
  const keyNaming = (principal: string) => (s: TerraformStack) => {
    new IamRole(s, "role", { name: "writer", assumeRolePolicy: "{}" });
    const statement = { Effect: "Allow", Principal: { AWS: principal }, Action: "kms:Encrypt", Resource: "*" };
    new KmsKey(s, "key", { enableKeyRotation: true, policy: JSON.stringify({ Statement: [statement] }) });
  };

  it("fails an ARN written out for a role the same stack creates", () => {
    expect(failingRules(keyNaming(`arn:aws:iam::${TEST_ACCOUNT}:role/writer`))).toEqual(["LLMOBS-KMS-3"]);
  });

  it("passes a reference, and an ARN of a role managed elsewhere", () => {
    expect(failingRules(keyNaming("${aws_iam_role.role.arn}"))).toEqual([]);
    expect(failingRules(keyNaming(`arn:aws:iam::${TEST_ACCOUNT}:role/security-audit`))).toEqual([]);
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
      failingRules(
        (s) =>
          new InferenceEndpoint(s, "endpoint", {
            naming: testNaming(),
            accountId: TEST_ACCOUNT,
            region: TEST_REGION,
            modelName: "m",
            image,
            instanceType,
            huggingFaceModelId: "org/m",
            vpcId: "vpc-0123456789abcdef0",
            subnetIds: ["subnet-0123456789abcdef0"],
            securityGroupIds: ["sg-0123456789abcdef0"],
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

  it("a suppression applies to the resource it names only, and is printed with its reason", () => {
    const { stack, synth } = stackWith(
      (s) => {
        new KmsKey(s, "imported-key", { policy: JSON.stringify({ Statement: [] }) });
        new KmsKey(s, "other-key", { policy: JSON.stringify({ Statement: [] }) });
      },
      [{ ruleId: "LLMOBS-KMS-1", path: "imported-key", reason: "imported key, rotated by the HSM team" }],
    );
    // The other key still fails: a suppression is not stack-wide.
    expect(synth).toThrow(/\[LLMOBS-KMS-1\] test\/other-key \(aws_kms_key\.other-key\)/);
    expect(synth).not.toThrow(/imported-key \(aws_kms_key/);
    expect(annotations(stack, "@cdktf/info")).toEqual([
      "[LLMOBS-KMS-1] suppressed for test/imported-key (aws_kms_key.imported-key): imported key, rotated by the HSM team",
    ]);
  });

  it("a suppression on a construct covers the resources under it, at whole path segments only", () => {
    const { synth } = stackWith(
      (s) => {
        const scope = new Construct(s, "vendor");
        new KmsKey(scope, "key", { policy: JSON.stringify({ Statement: [] }) });
        new KmsKey(s, "vendor-two", { policy: JSON.stringify({ Statement: [] }) });
      },
      [{ ruleId: "LLMOBS-KMS-1", path: "vendor", reason: "vendor keys, rotated by the vendor" }],
    );
    expect(synth).toThrow(/test\/vendor-two/);
    expect(synth).not.toThrow(/test\/vendor\/key/);
  });

  it("an unknown rule id fails synth, naming the rules that run", () => {
    const { synth } = stackWith(
      (s) => {
        new KmsKey(s, "key", { enableKeyRotation: true, policy: JSON.stringify({ Statement: [] }) });
      },
      [{ ruleId: "LLMOBS-KMS-9", path: "key", reason: "typo" }],
    );
    expect(synth).toThrow(/suppression of "LLMOBS-KMS-9" at "key": unknown rule id; the rules that run on this stack are .*LLMOBS-KMS-1/);
  });

  it("a suppression without a reason fails synth", () => {
    const { synth } = stackWith(
      (s) => {
        new KmsKey(s, "key", { policy: JSON.stringify({ Statement: [] }) });
      },
      [{ ruleId: "LLMOBS-KMS-1", path: "key", reason: " " }],
    );
    expect(synth).toThrow(/reason is empty/);
  });

  it("a suppression that suppresses nothing is a warning, not an error", () => {
    const { stack, synth } = stackWith(
      (s) => {
        new KmsKey(s, "key", { enableKeyRotation: true, policy: JSON.stringify({ Statement: [] }) });
      },
      [{ ruleId: "LLMOBS-KMS-1", path: "key", reason: "was needed before rotation was turned on" }],
    );
    expect(synth).not.toThrow();
    expect(annotations(stack, "@cdktf/warn")).toEqual([expect.stringContaining('[LLMOBS-KMS-1] suppression at "key" suppresses nothing')]);
  });

  it("refuses the old stack-wide form with a message that shows the new one", () => {
    expect(() => new PolicyAspect({ suppressions: { "LLMOBS-KMS-1": "x" } as never })).toThrow(
      /per resource: pass suppressions: \[\{ ruleId, path, reason \}\]/,
    );
  });
});

/** A stack built by `build` with a policy aspect holding `suppressions`; `synth` runs the check. */
function stackWith(build: (stack: TerraformStack) => void, suppressions: PolicySuppression[]): { stack: TerraformStack; synth: () => string } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: TEST_REGION });
  build(stack);
  Aspects.of(stack).add(new PolicyAspect({ suppressions }));
  let result: string | undefined;
  let error: unknown;
  let ran = false;
  return {
    stack,
    // Synthesized once: the aspect's validation adds its annotations a single time.
    synth: () => {
      if (!ran) {
        ran = true;
        try {
          result = Testing.synth(stack, true);
        } catch (e) {
          error = e;
        }
      }
      if (error) throw error;
      return result!;
    },
  };
}

function annotations(stack: TerraformStack, type: string): string[] {
  return stack.node.metadata.filter((m) => m.type === type).map((m) => String(m.data));
}
