import { ENVIRONMENT_DEFAULTS, isProduction } from "./defaults";
import type { ConfigProblem } from "./errors";
import { MANDATORY_TAG_KEYS } from "./resolved";
import { checkSettings } from "./schema/check";
import { ENVIRONMENT_SCHEMA, REGION, SECTION_FIELDS } from "./schema/environment-schema";
import { ECR_IMAGE, NETWORK_ID_PATTERNS } from "./schema/model";
import { validateAccountSettings } from "./sections/account";
import { validateAlerting } from "./sections/alerting";
import { validateEvaluation } from "./sections/evaluation";
import { validateGateway } from "./sections/gateway";
import { validateGrafana } from "./sections/grafana";
import { validateState } from "./sections/state";
import { validateTelemetry } from "./sections/telemetry";
import { residencyProblems } from "./residency";
import { huggingFaceAccessProblems } from "./hugging-face-access";
import { validateAcrossSections } from "./section-consistency";
import type { EnvironmentConfig } from "./types";

const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** Instance families that run the LMI neuronx image instead of a CUDA one. */
const NEURON_FAMILIES = ["inf2", "trn1"];

type Fail = (field: string, value: unknown, allowed: string) => void;
interface Context {
  readonly config: EnvironmentConfig;
  readonly fail: Fail;
  /** The environment's region when it is a string (the default when not set). */
  readonly region: unknown;
}

/** A list of strings that each match `pattern`, reported element by element. */
function checkList(fail: Fail, field: string, list: unknown, minLength: number, listAllowed: string, pattern: RegExp, elementAllowed: string): void {
  if (!Array.isArray(list) || list.length < minLength) {
    fail(field, list, listAllowed);
    return;
  }
  list.forEach((item, i) => {
    if (!(typeof item === "string" && pattern.test(item))) fail(`${field}[${i}]`, item, elementAllowed);
  });
}

function businessLineRules({ config, fail, region }: Context, expected?: { businessLine: string; stage: string }): void {
  const bl = config.businessLine;
  if (!bl || typeof bl !== "object") {
    fail("businessLine", bl, "expected the business line object imported from ./business-line");
    return;
  }
  if (expected && bl.name !== expected.businessLine) {
    fail("businessLine.name", bl.name, `expected "${expected.businessLine}", the name of the folder the file is in`);
  }
  const allowed = bl.allowedRegions ?? ENVIRONMENT_DEFAULTS.allowedRegions;
  checkList(
    fail,
    "businessLine.allowedRegions",
    allowed,
    1,
    'expected a non-empty list of AWS regions, e.g. ["sa-east-1"]',
    REGION,
    "expected an AWS region code such as sa-east-1",
  );
  if (typeof region === "string" && REGION.test(region) && Array.isArray(allowed) && allowed.length > 0 && !allowed.includes(region)) {
    fail("region", region, `data residency: business line ${bl.name} allows only ${allowed.join(", ")} (businessLine.allowedRegions)`);
  }
}

function identityRules({ config, fail }: Context, expected?: { businessLine: string; stage: string }): void {
  if (expected && config.stage !== expected.stage) fail("stage", config.stage, `expected "${expected.stage}", the file name without .ts`);
  if (config.credentialFree === true && isProduction(config)) {
    fail("credentialFree", config.credentialFree, "a production stage must be planned with real credentials; remove credentialFree");
  }
  for (const [key, value] of Object.entries(config.tags ?? {})) {
    if (!(key.length >= 1 && key.length <= 128 && !key.toLowerCase().startsWith("aws:")))
      fail(`tags.${key}`, key, "tag keys are 1-128 characters and may not start with aws:");
    if (!(typeof value === "string" && value.length <= 256)) fail(`tags.${key}`, value, "tag values are strings of at most 256 characters");
    if ((MANDATORY_TAG_KEYS as readonly string[]).includes(key)) {
      fail(`tags.${key}`, value, `${MANDATORY_TAG_KEYS.join(", ")} are set from the business line and stage; remove it here`);
    }
  }
  if (config.codeSigning === "off" && isProduction(config)) {
    fail("codeSigning", config.codeSigning, 'a production stage deploys signed code only; use "enforce" (the default) or "warn"');
  }
  if (config.auditRoleArns !== undefined) {
    if (!Array.isArray(config.auditRoleArns)) fail("auditRoleArns", config.auditRoleArns, "expected a list of IAM role ARNs");
    else checkList(fail, "auditRoleArns", config.auditRoleArns, 0, "", ROLE_ARN, "expected an IAM role ARN such as arn:aws:iam::123456789012:role/auditor");
  }
}

function modelRules({ config, fail, region }: Context): void {
  const m = config.model;
  if (!m || typeof m !== "object") {
    fail("model", m, "expected the model settings (name, image, hourlyPriceUsd, ...)");
    return;
  }
  const sources = [m.modelDataS3Uri, m.huggingFaceModelId].filter((v) => v !== undefined).length;
  if (sources !== 1)
    fail("model.modelDataS3Uri", m.modelDataS3Uri, "set exactly one of model.modelDataS3Uri (s3://bucket/prefix/) and model.huggingFaceModelId");
  if (m.huggingFaceModelId !== undefined) {
    // The container must be able to fetch what it is told to: a public model, or a gated one with its token.
    for (const p of huggingFaceAccessProblems(m.huggingFaceAccess, "", typeof region === "string" ? region : ENVIRONMENT_DEFAULTS.region, config.accountId)) {
      fail(p.field, p.value, p.allowed);
    }
  } else if (m.huggingFaceAccess !== undefined) {
    fail("model.huggingFaceAccess", m.huggingFaceAccess, "only a model fetched from Hugging Face (model.huggingFaceModelId) has an access; remove it");
  }
  if (m.huggingFaceModelId !== undefined && isProduction(config)) {
    // Production loads staged weights from S3 in its own region, network-isolated: no download from the internet at start.
    const where = typeof region === "string" ? region : ENVIRONMENT_DEFAULTS.region;
    fail(
      "model.huggingFaceModelId",
      m.huggingFaceModelId,
      `a production stage loads model artifacts from S3 in its own region with network isolation on, never from Hugging Face over the internet; ` +
        `stage the weights first (huggingface-cli download ${String(m.huggingFaceModelId)} --local-dir ./model, then ` +
        `aws s3 sync ./model s3://<artifact-bucket>/<model>/ --region ${where} into an SSE-KMS bucket in ${where}), ` +
        "set model.modelDataS3Uri to that prefix and remove model.huggingFaceModelId",
    );
  }
  const family = /^ml\.([a-z0-9]+)\./.exec(m.instanceType ?? ENVIRONMENT_DEFAULTS.instanceType)?.[1] ?? "";
  if (typeof m.image === "string" && NEURON_FAMILIES.includes(family) !== m.image.includes("neuronx")) {
    fail(
      "model.image",
      m.image,
      `instance family ${family} needs ${NEURON_FAMILIES.includes(family) ? "the LMI neuronx image" : "a GPU (CUDA) LMI image, not neuronx"}`,
    );
  }
  // SageMaker pulls the image from ECR in the endpoint's own region only; AWS refuses another at deploy.
  const imageRegion = typeof m.image === "string" ? ECR_IMAGE.exec(m.image)?.[2] : undefined;
  if (imageRegion !== undefined && typeof region === "string" && REGION.test(region) && imageRegion !== region) {
    fail(
      "model.image",
      m.image,
      `the image is in ${imageRegion}, the environment in ${region}: SageMaker pulls it from ECR in the endpoint's region only; use the ${region} registry of the same image`,
    );
  }
  const a = m.autoscaling;
  if (a && Number.isInteger(a.minInstances) && Number.isInteger(a.maxInstances) && a.maxInstances < a.minInstances) {
    fail("model.autoscaling.maxInstances", a.maxInstances, "expected a whole number from 1 to 40, at least minInstances");
  }
}

function networkRules({ config, fail }: Context): void {
  const n = config.network;
  if (!n || typeof n !== "object") {
    fail("network", n, "expected vpcId, subnetIds and securityGroupIds");
    return;
  }
  const { SUBNET_ID, SECURITY_GROUP_ID } = NETWORK_ID_PATTERNS;
  checkList(
    fail,
    "network.subnetIds",
    n.subnetIds,
    2,
    "expected at least two private subnet ids in different availability zones",
    SUBNET_ID,
    "expected a subnet id such as subnet-0123456789abcdef0",
  );
  checkList(
    fail,
    "network.securityGroupIds",
    n.securityGroupIds,
    1,
    "expected at least one security group id",
    SECURITY_GROUP_ID,
    "expected a security group id such as sg-0123456789abcdef0",
  );
}

function sectionProblems(config: EnvironmentConfig, file: string, region: unknown): ConfigProblem[] {
  const regionText = typeof region === "string" ? region : undefined;
  const allowedRegions = config.businessLine?.allowedRegions ?? ENVIRONMENT_DEFAULTS.allowedRegions;
  return [
    ...validateTelemetry(config.telemetry, file, isProduction(config)),
    ...validateAlerting(config.alerting, file),
    ...validateGateway(config.gateway, file, { production: isProduction(config) }),
    ...validateEvaluation(config.evaluation, file, regionText),
    ...validateState(config.state, file, {
      production: isProduction(config),
      region: regionText,
      allowedRegions: Array.isArray(allowedRegions) ? allowedRegions : undefined,
      credentialFree: config.credentialFree === true,
    }),
    ...validateAccountSettings(config.accountSettings, file),
    ...validateGrafana(config.grafana, file),
  ];
}

/**
 * Checks one environment file and returns every problem found (empty when valid): each setting
 * against its declaration (unknown keys included, with the closest declared name), then the rules
 * that need context (the file's location, the stage, the region, other fields).
 *
 * @param config what the file exports
 * @param file the file's path relative to the project root, used in every message
 * @param expected the business line and stage the file's location implies
 */
export function validateEnvironment(config: EnvironmentConfig, file: string, expected?: { businessLine: string; stage: string }): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const fail: Fail = (field, value, allowed) => problems.push({ file, field, value, allowed });
  if (config === null || typeof config !== "object") {
    fail("(default export)", config, "expected an object built with defineEnvironment(...)");
    return problems;
  }
  problems.push(...checkSettings(ENVIRONMENT_SCHEMA, config, file, "", SECTION_FIELDS));
  const context: Context = { config, fail, region: config.region ?? ENVIRONMENT_DEFAULTS.region };
  businessLineRules(context, expected);
  identityRules(context, expected);
  modelRules(context);
  networkRules(context);
  problems.push(...sectionProblems(config, file, context.region));
  problems.push(...residencyProblems(config, file));
  problems.push(...validateAcrossSections(config, file));
  return problems;
}
