import { describe, expect, it } from "vitest";
import { formatProblem } from "../errors";
import { resolveEnvironment } from "../resolved";
import type { EnvironmentConfig } from "../types";
import { validateEnvironment } from "../validate";
import { validEnvironment } from "../../testing/fixtures/environment-fixture";

const FILE = "environments/retail-banking/staging.ts";

function messages(config: EnvironmentConfig): string[] {
  return validateEnvironment(config, FILE, { businessLine: "retail-banking", stage: "staging" }).map(formatProblem);
}

function withModel(model: Partial<EnvironmentConfig["model"]>): EnvironmentConfig {
  const base = validEnvironment();
  return { ...base, model: { ...base.model, ...model } };
}

function withNetwork(network: Partial<EnvironmentConfig["network"]>): EnvironmentConfig {
  const base = validEnvironment();
  return { ...base, network: { ...base.network, ...network } };
}

function withBusinessLine(bl: Partial<EnvironmentConfig["businessLine"]>): EnvironmentConfig {
  const base = validEnvironment();
  return { ...base, businessLine: { ...base.businessLine, ...bl } };
}

describe("validateEnvironment", () => {
  it("accepts the valid fixture", () => {
    expect(messages(validEnvironment())).toEqual([]);
  });

  // Each case: one bad field, and the text the operator must see (file, field, value, what is allowed).
  const cases: Array<[string, EnvironmentConfig, string]> = [
    ["business line name", withBusinessLine({ name: "Retail_Banking" }), 'businessLine.name is "Retail_Banking"; expected kebab-case'],
    ["business line folder", withBusinessLine({ name: "wealth" }), 'businessLine.name is "wealth"; expected "retail-banking", the name of the folder'],
    ["cost centre", withBusinessLine({ costCentre: " " }), 'businessLine.costCentre is " "; expected a non-empty cost centre'],
    ["owner", withBusinessLine({ owner: "" }), 'businessLine.owner is ""; expected a non-empty owner'],
    ["allowed regions empty", withBusinessLine({ allowedRegions: [] }), "businessLine.allowedRegions is []; expected a non-empty list"],
    ["allowed region format", withBusinessLine({ allowedRegions: ["brazil"] }), 'businessLine.allowedRegions[0] is "brazil"; expected an AWS region code'],
    ["stage format", { ...validEnvironment(), stage: "Staging" }, 'stage is "Staging"; expected kebab-case'],
    ["stage equals file", { ...validEnvironment(), stage: "qa" }, 'stage is "qa"; expected "staging", the file name without .ts'],
    ["account id", { ...validEnvironment(), accountId: "12345" }, 'accountId is "12345"; expected a 12-digit AWS account id'],
    ["region format", { ...validEnvironment(), region: "saeast1" }, 'region is "saeast1"; expected an AWS region code'],
    [
      "data residency",
      { ...validEnvironment(), region: "us-east-1" },
      'region is "us-east-1"; data residency: business line retail-banking allows only sa-east-1',
    ],
    ["credential-free prod", { ...validEnvironment(), credentialFree: true }, ""],
    [
      "tag overriding a mandatory tag",
      { ...validEnvironment(), tags: { Owner: "someone" } },
      'tags.Owner is "someone"; BusinessLine, Stage, CostCentre, Owner, ManagedBy are set',
    ],
    [
      "tag with aws: prefix",
      { ...validEnvironment(), tags: { "aws:x": "1" } },
      'tags.aws:x is "aws:x"; tag keys are 1-128 characters and may not start with aws:',
    ],
    ["model name", withModel({ name: "Llama 3" }), 'model.name is "Llama 3"; expected kebab-case'],
    ["image not ECR", withModel({ image: "docker.io/djl:1" }), 'model.image is "docker.io/djl:1"; expected an ECR image URI'],
    ["image latest", withModel({ image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:latest" }), "pinned by a tag other than latest"],
    [
      "neuron image on GPU",
      withModel({ image: "763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:0.29.0-neuronx-sdk2.19.1" }),
      "instance family g5 needs a GPU (CUDA) LMI image",
    ],
    ["both model sources", withModel({ huggingFaceModelId: "org/model" }), "set exactly one of model.modelDataS3Uri"],
    ["S3 uri", withModel({ modelDataS3Uri: "https://bucket/x" }), 'model.modelDataS3Uri is "https://bucket/x"; expected an s3:// URI'],
    ["instance type", withModel({ instanceType: "ml.m5.large" }), 'model.instanceType is "ml.m5.large"; expected a GPU or accelerator SageMaker instance type'],
    ["instance count", withModel({ instanceCount: 0 }), "model.instanceCount is 0; expected a whole number from 1 to 40"],
    ["hourly price", withModel({ hourlyPriceUsd: 0 }), "model.hourlyPriceUsd is 0; expected the instance's on-demand price"],
    ["tensor parallel", withModel({ tensorParallelDegree: 3.5 }), 'model.tensorParallelDegree is 3.5; expected "max" or a whole number from 1 to 8'],
    ["rolling batch", withModel({ maxRollingBatchSize: 1000 }), "model.maxRollingBatchSize is 1000; expected a whole number from 1 to 256"],
    ["concurrency", withModel({ maxConcurrentRequests: -1 }), "model.maxConcurrentRequests is -1; expected a whole number from 1 to 1024"],
    [
      "autoscaling bounds",
      withModel({ autoscaling: { minInstances: 3, maxInstances: 2, targetInvocationsPerInstance: 10 } }),
      "model.autoscaling.maxInstances is 2; expected a whole number from 1 to 40, at least minInstances",
    ],
    [
      "autoscaling target",
      withModel({ autoscaling: { minInstances: 1, maxInstances: 2, targetInvocationsPerInstance: 0 } }),
      "model.autoscaling.targetInvocationsPerInstance is 0",
    ],
    ["vpc id", withNetwork({ vpcId: "vpc-1" }), 'network.vpcId is "vpc-1"; expected a VPC id'],
    [
      "one subnet",
      withNetwork({ subnetIds: ["subnet-0123456789abcdef0"] }),
      'network.subnetIds is ["subnet-0123456789abcdef0"]; expected at least two private subnet ids',
    ],
    ["subnet format", withNetwork({ subnetIds: ["subnet-0123456789abcdef0", "sn-2"] }), 'network.subnetIds[1] is "sn-2"; expected a subnet id'],
    ["no security group", withNetwork({ securityGroupIds: [] }), "network.securityGroupIds is []; expected at least one security group id"],
    ["security group format", withNetwork({ securityGroupIds: ["default"] }), 'network.securityGroupIds[0] is "default"; expected a security group id'],
    [
      "sampling",
      { ...validEnvironment(), dataCapture: { samplingPercentage: 150 } },
      "dataCapture.samplingPercentage is 150; expected a whole number from 0 to 100",
    ],
    [
      "audit role",
      { ...validEnvironment(), auditRoleArns: ["arn:aws:iam::123456789012:user/bob"] },
      'auditRoleArns[0] is "arn:aws:iam::123456789012:user/bob"; expected an IAM role ARN',
    ],
  ];

  it.each(cases.filter(([, , text]) => text !== ""))("reports a bad %s with file, field, value and what is allowed", (_name, config, text) => {
    const found = messages(config);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => m.startsWith(`${FILE}: `))).toBe(true);
    expect(found).toContainEqual(expect.stringContaining(text));
  });

  it("refuses credentialFree on a production stage", () => {
    const config = { ...validEnvironment(), stage: "prod", credentialFree: true };
    const found = validateEnvironment(config, "environments/retail-banking/prod.ts").map(formatProblem);
    expect(found).toContain(
      "environments/retail-banking/prod.ts: credentialFree is true; a production stage must be planned with real credentials; remove credentialFree",
    );
  });

  it("refuses a Hugging Face model id in production, saying how to stage the weights in-region", () => {
    const base = validEnvironment();
    const config = { ...base, stage: "prod", model: { ...base.model, modelDataS3Uri: undefined, huggingFaceModelId: "mistralai/Mistral-7B-Instruct-v0.3" } };
    const found = validateEnvironment(config, "environments/retail-banking/prod.ts").map(formatProblem);
    expect(found).toContainEqual(
      'environments/retail-banking/prod.ts: model.huggingFaceModelId is "mistralai/Mistral-7B-Instruct-v0.3"; a production stage loads model artifacts from S3 in its own region ' +
        "with network isolation on, never from Hugging Face over the internet; stage the weights first (huggingface-cli download mistralai/Mistral-7B-Instruct-v0.3 --local-dir ./model, " +
        "then aws s3 sync ./model s3://<artifact-bucket>/<model>/ --region sa-east-1 into an SSE-KMS bucket in sa-east-1), set model.modelDataS3Uri to that prefix and remove model.huggingFaceModelId",
    );
    // Outside production the id stays allowed (the container downloads at start, network isolation off).
    expect(validateEnvironment({ ...config, stage: "staging" }, FILE).map((p) => p.field)).not.toContain("model.huggingFaceModelId");
  });

  it("reports every problem at once, not only the first", () => {
    const base = validEnvironment();
    const config: EnvironmentConfig = {
      ...base,
      accountId: "x",
      model: { ...base.model, instanceType: "ml.t2.medium", hourlyPriceUsd: -1 },
      dataCapture: { samplingPercentage: 101 },
    };
    const fields = validateEnvironment(config, FILE).map((p) => p.field);
    expect(fields).toEqual(["accountId", "model.instanceType", "model.hourlyPriceUsd", "dataCapture.samplingPercentage"]);
  });

  it("reports a missing section instead of crashing", () => {
    const config = { ...validEnvironment(), network: undefined } as unknown as EnvironmentConfig;
    expect(messages(config)).toEqual([`${FILE}: network is missing; expected vpcId, subnetIds and securityGroupIds`]);
  });
});

describe("resolveEnvironment defaults", () => {
  it("captures 100% outside production and 10% in prod, as the source article recommends", () => {
    expect(resolveEnvironment(validEnvironment(), FILE).dataCapture.samplingPercentage).toBe(100);
    expect(resolveEnvironment({ ...validEnvironment(), stage: "prod" }, FILE).dataCapture.samplingPercentage).toBe(10);
  });

  it("defaults to sa-east-1 and ml.g5.12xlarge and sets the chargeback tags", () => {
    const base = validEnvironment();
    const resolved = resolveEnvironment({ ...base, region: undefined, model: { ...base.model, instanceType: undefined } }, FILE);
    expect(resolved.region).toBe("sa-east-1");
    expect(resolved.model.instanceType).toBe("ml.g5.12xlarge");
    expect(resolved.tags).toMatchObject({ BusinessLine: "retail-banking", Stage: "staging", CostCentre: "CC-1", Owner: "team@example.com" });
    expect(resolved.id).toBe("retail-banking-staging");
  });
});
