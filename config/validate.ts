import { ENVIRONMENT_DEFAULTS, isProduction } from "./defaults";
import type { ConfigProblem } from "./errors";
import { MANDATORY_TAG_KEYS } from "./resolved";
import { validateTelemetry } from "./sections/telemetry";
import { validateAlerting } from "./sections/alerting";
import { validateGateway } from "./sections/gateway";
import { validateEvaluation } from "./sections/evaluation";
import { validateState } from "./sections/state";
import { validateAccountSettings } from "./sections/account";
import { validateGrafana } from "./sections/grafana";
import { validateAcrossSections } from "./section-consistency";
import { residencyProblems } from "./residency";
import type { EnvironmentConfig } from "./types";

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
/** ECR image pinned by a tag other than `latest`, or by digest. */
const ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9][a-z0-9._/-]*(:(?!latest$)[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;
const HF_MODEL_ID = /^[\w.-]+\/[\w.-]+$/;
/** GPU and accelerator families the LMI container supports. */
const INSTANCE_TYPE = /^ml\.(g4dn|g5|g6|g6e|p4d|p4de|p5|p5e|p5en|inf2|trn1)\.[0-9]*x?large$/;
const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/**
 * Checks one environment file and returns every problem found (empty when valid).
 *
 * @param config what the file exports
 * @param file the file's path relative to the project root, used in every message
 * @param expected the business line and stage the file's location implies
 */
export function validateEnvironment(config: EnvironmentConfig, file: string, expected?: { businessLine: string; stage: string }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const fail = (field: string, value: unknown, allowed: string) => problems.push({ file, field, value, allowed });
  const check = (ok: boolean, field: string, value: unknown, allowed: string) => {
    if (!ok) fail(field, value, allowed);
  };
  const isInt = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

  if (config === null || typeof config !== "object") {
    fail("(default export)", config, "expected an object built with defineEnvironment(...)");
    return problems;
  }

  // Business line
  const bl = config.businessLine;
  if (!bl || typeof bl !== "object") {
    fail("businessLine", bl, "expected the business line object imported from ./business-line");
  } else {
    check(
      typeof bl.name === "string" && KEBAB.test(bl.name) && bl.name.length <= 24,
      "businessLine.name",
      bl.name,
      "expected kebab-case, at most 24 characters, e.g. retail-banking",
    );
    if (expected && bl.name !== expected.businessLine) {
      fail("businessLine.name", bl.name, `expected "${expected.businessLine}", the name of the folder the file is in`);
    }
    check(
      typeof bl.costCentre === "string" && bl.costCentre.trim().length > 0,
      "businessLine.costCentre",
      bl.costCentre,
      "expected a non-empty cost centre code for chargeback",
    );
    check(typeof bl.owner === "string" && bl.owner.trim().length > 0, "businessLine.owner", bl.owner, "expected a non-empty owner (team handle or e-mail)");
    const allowedRegions = bl.allowedRegions ?? ENVIRONMENT_DEFAULTS.allowedRegions;
    if (!Array.isArray(allowedRegions) || allowedRegions.length === 0) {
      fail("businessLine.allowedRegions", allowedRegions, 'expected a non-empty list of AWS regions, e.g. ["sa-east-1"]');
    } else {
      allowedRegions.forEach((r, i) =>
        check(typeof r === "string" && REGION.test(r), `businessLine.allowedRegions[${i}]`, r, "expected an AWS region code such as sa-east-1"),
      );
    }
  }

  // Identity and placement
  check(
    typeof config.stage === "string" && KEBAB.test(config.stage) && config.stage.length <= 12,
    "stage",
    config.stage,
    "expected kebab-case, at most 12 characters, e.g. staging or prod",
  );
  if (expected && config.stage !== expected.stage) {
    fail("stage", config.stage, `expected "${expected.stage}", the file name without .ts`);
  }
  check(
    typeof config.accountId === "string" && ACCOUNT_ID.test(config.accountId),
    "accountId",
    config.accountId,
    "expected a 12-digit AWS account id as a string",
  );
  const region = config.region ?? ENVIRONMENT_DEFAULTS.region;
  if (typeof region !== "string" || !REGION.test(region)) {
    fail("region", config.region, "expected an AWS region code such as sa-east-1");
  } else if (
    bl &&
    Array.isArray(bl.allowedRegions ?? ENVIRONMENT_DEFAULTS.allowedRegions) &&
    (bl.allowedRegions ?? ENVIRONMENT_DEFAULTS.allowedRegions).length > 0
  ) {
    const allowed = bl.allowedRegions ?? ENVIRONMENT_DEFAULTS.allowedRegions;
    check(
      allowed.includes(region),
      "region",
      region,
      `data residency: business line ${bl.name} allows only ${allowed.join(", ")} (businessLine.allowedRegions)`,
    );
  }
  if (config.credentialFree !== undefined) {
    check(typeof config.credentialFree === "boolean", "credentialFree", config.credentialFree, "expected true or false");
    check(
      !(config.credentialFree && isProduction(config)),
      "credentialFree",
      config.credentialFree,
      "a production stage must be planned with real credentials; remove credentialFree",
    );
  }
  if (config.tags !== undefined) {
    for (const [key, value] of Object.entries(config.tags)) {
      check(
        key.length >= 1 && key.length <= 128 && !key.toLowerCase().startsWith("aws:"),
        `tags.${key}`,
        key,
        "tag keys are 1-128 characters and may not start with aws:",
      );
      check(typeof value === "string" && value.length <= 256, `tags.${key}`, value, "tag values are strings of at most 256 characters");
      check(
        !(MANDATORY_TAG_KEYS as readonly string[]).includes(key),
        `tags.${key}`,
        value,
        `${MANDATORY_TAG_KEYS.join(", ")} are set from the business line and stage; remove it here`,
      );
    }
  }

  // Model
  const m = config.model;
  if (!m || typeof m !== "object") {
    fail("model", m, "expected the model settings (name, image, hourlyPriceUsd, ...)");
  } else {
    check(
      typeof m.name === "string" && KEBAB.test(m.name) && m.name.length <= 40,
      "model.name",
      m.name,
      "expected kebab-case, at most 40 characters, e.g. llama-3-1-8b-instruct",
    );
    check(
      typeof m.image === "string" && ECR_IMAGE.test(m.image),
      "model.image",
      m.image,
      "expected an ECR image URI of the LMI container pinned by a tag other than latest or by @sha256 digest",
    );
    const sources = [m.modelDataS3Uri, m.huggingFaceModelId].filter((v) => v !== undefined).length;
    check(
      sources === 1,
      "model.modelDataS3Uri",
      m.modelDataS3Uri,
      "set exactly one of model.modelDataS3Uri (s3://bucket/prefix/) and model.huggingFaceModelId",
    );
    if (m.modelDataS3Uri !== undefined) {
      check(
        typeof m.modelDataS3Uri === "string" && S3_URI.test(m.modelDataS3Uri),
        "model.modelDataS3Uri",
        m.modelDataS3Uri,
        "expected an s3:// URI of the model artifacts",
      );
    }
    if (m.huggingFaceModelId !== undefined) {
      check(
        typeof m.huggingFaceModelId === "string" && HF_MODEL_ID.test(m.huggingFaceModelId),
        "model.huggingFaceModelId",
        m.huggingFaceModelId,
        "expected an <org>/<model> id",
      );
      // Production loads staged weights from S3 in its own region, network-isolated: no download from the internet at start.
      const where = typeof region === "string" ? region : ENVIRONMENT_DEFAULTS.region;
      check(
        !isProduction(config),
        "model.huggingFaceModelId",
        m.huggingFaceModelId,
        `a production stage loads model artifacts from S3 in its own region with network isolation on, never from Hugging Face over the internet; ` +
          `stage the weights first (huggingface-cli download ${String(m.huggingFaceModelId)} --local-dir ./model, then ` +
          `aws s3 sync ./model s3://<artifact-bucket>/<model>/ --region ${where} into an SSE-KMS bucket in ${where}), ` +
          "set model.modelDataS3Uri to that prefix and remove model.huggingFaceModelId",
      );
    }
    if (m.instanceType !== undefined) {
      check(
        typeof m.instanceType === "string" && INSTANCE_TYPE.test(m.instanceType),
        "model.instanceType",
        m.instanceType,
        "expected a GPU or accelerator SageMaker instance type the LMI container runs on (ml.g5.*, ml.g6.*, ml.g6e.*, ml.p4d.*, ml.p5.*, ml.inf2.*, ...)",
      );
    }
    const family = /^ml\.([a-z0-9]+)\./.exec(m.instanceType ?? ENVIRONMENT_DEFAULTS.instanceType)?.[1] ?? "";
    if (typeof m.image === "string" && ["inf2", "trn1"].includes(family) !== m.image.includes("neuronx")) {
      fail(
        "model.image",
        m.image,
        `instance family ${family} needs ${["inf2", "trn1"].includes(family) ? "the LMI neuronx image" : "a GPU (CUDA) LMI image, not neuronx"}`,
      );
    }
    if (m.instanceCount !== undefined) {
      check(isInt(m.instanceCount, 1, 40), "model.instanceCount", m.instanceCount, "expected a whole number from 1 to 40");
    }
    check(
      typeof m.hourlyPriceUsd === "number" && Number.isFinite(m.hourlyPriceUsd) && m.hourlyPriceUsd > 0,
      "model.hourlyPriceUsd",
      m.hourlyPriceUsd,
      "expected the instance's on-demand price per hour in USD, greater than 0",
    );
    if (m.tensorParallelDegree !== undefined) {
      check(
        m.tensorParallelDegree === "max" || isInt(m.tensorParallelDegree, 1, 8),
        "model.tensorParallelDegree",
        m.tensorParallelDegree,
        'expected "max" or a whole number from 1 to 8',
      );
    }
    if (m.maxRollingBatchSize !== undefined) {
      check(isInt(m.maxRollingBatchSize, 1, 256), "model.maxRollingBatchSize", m.maxRollingBatchSize, "expected a whole number from 1 to 256");
    }
    if (m.maxConcurrentRequests !== undefined) {
      check(isInt(m.maxConcurrentRequests, 1, 1024), "model.maxConcurrentRequests", m.maxConcurrentRequests, "expected a whole number from 1 to 1024");
    }
    if (m.prefixCaching !== undefined) {
      check(typeof m.prefixCaching === "boolean", "model.prefixCaching", m.prefixCaching, "expected true or false");
    }
    const a = m.autoscaling;
    if (a !== undefined) {
      check(isInt(a.minInstances, 1, 40), "model.autoscaling.minInstances", a.minInstances, "expected a whole number from 1 to 40");
      check(
        isInt(a.maxInstances, 1, 40) && a.maxInstances >= a.minInstances,
        "model.autoscaling.maxInstances",
        a.maxInstances,
        "expected a whole number from 1 to 40, at least minInstances",
      );
      check(
        typeof a.targetInvocationsPerInstance === "number" && a.targetInvocationsPerInstance > 0,
        "model.autoscaling.targetInvocationsPerInstance",
        a.targetInvocationsPerInstance,
        "expected a number of invocations per minute greater than 0",
      );
    }
  }

  // Network
  const n = config.network;
  if (!n || typeof n !== "object") {
    fail("network", n, "expected vpcId, subnetIds and securityGroupIds");
  } else {
    check(typeof n.vpcId === "string" && VPC_ID.test(n.vpcId), "network.vpcId", n.vpcId, "expected a VPC id such as vpc-0123456789abcdef0");
    if (!Array.isArray(n.subnetIds) || n.subnetIds.length < 2) {
      fail("network.subnetIds", n.subnetIds, "expected at least two private subnet ids in different availability zones");
    } else {
      n.subnetIds.forEach((s, i) => check(SUBNET_ID.test(s), `network.subnetIds[${i}]`, s, "expected a subnet id such as subnet-0123456789abcdef0"));
    }
    if (!Array.isArray(n.securityGroupIds) || n.securityGroupIds.length < 1) {
      fail("network.securityGroupIds", n.securityGroupIds, "expected at least one security group id");
    } else {
      n.securityGroupIds.forEach((s, i) =>
        check(SECURITY_GROUP_ID.test(s), `network.securityGroupIds[${i}]`, s, "expected a security group id such as sg-0123456789abcdef0"),
      );
    }
  }

  // Data capture
  const sampling = config.dataCapture?.samplingPercentage;
  if (sampling !== undefined) {
    check(isInt(sampling, 0, 100), "dataCapture.samplingPercentage", sampling, "expected a whole number from 0 to 100");
  }

  // Audit
  if (config.auditRoleArns !== undefined) {
    if (!Array.isArray(config.auditRoleArns)) {
      fail("auditRoleArns", config.auditRoleArns, "expected a list of IAM role ARNs");
    } else {
      config.auditRoleArns.forEach((arn, i) =>
        check(
          typeof arn === "string" && ROLE_ARN.test(arn),
          `auditRoleArns[${i}]`,
          arn,
          "expected an IAM role ARN such as arn:aws:iam::123456789012:role/auditor",
        ),
      );
    }
  }
  problems.push(...validateTelemetry(config.telemetry, file));
  problems.push(...validateAlerting(config.alerting, file));
  problems.push(...validateGateway(config.gateway, file));
  problems.push(...validateEvaluation(config.evaluation, file, typeof region === "string" ? region : undefined));
  problems.push(
    ...validateState(config.state, file, {
      production: isProduction(config),
      region: typeof region === "string" ? region : undefined,
      allowedRegions: Array.isArray(bl?.allowedRegions ?? ENVIRONMENT_DEFAULTS.allowedRegions)
        ? (bl?.allowedRegions ?? ENVIRONMENT_DEFAULTS.allowedRegions)
        : undefined,
      credentialFree: config.credentialFree === true,
    }),
  );
  problems.push(...validateAccountSettings(config.accountSettings, file));
  if (config.codeSigning !== undefined) {
    check(
      ["enforce", "warn", "off"].includes(config.codeSigning as string),
      "codeSigning",
      config.codeSigning,
      'expected "enforce" (unsigned code is refused), "warn" (deployed and recorded) or "off"',
    );
    check(
      !(config.codeSigning === "off" && isProduction(config)),
      "codeSigning",
      config.codeSigning,
      'a production stage deploys signed code only; use "enforce" (the default) or "warn"',
    );
  }
  problems.push(...validateGrafana(config.grafana, file));
  problems.push(...residencyProblems(config, file));
  problems.push(...validateAcrossSections(config, file));
  return problems;
}
