/** Declarations of the `model`, `network` and `dataCapture` settings of an environment file. */
import { z } from "zod";
import { ENVIRONMENT_DEFAULTS } from "../defaults";
import { flag, group, int, kebabName, setting, shown, wholeNumber } from "./setting";

/** ECR image pinned by a tag other than `latest`, or by digest. */
export const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/[a-z0-9][a-z0-9._/-]*(:(?!latest$)[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;
const S3_URI = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/;
const HF_MODEL_ID = /^[\w.-]+\/[\w.-]+$/;
/** GPU and accelerator families the LMI container supports. */
const INSTANCE_TYPE = /^ml\.(g4dn|g5|g6|g6e|p4d|p4de|p5|p5e|p5en|inf2|trn1)\.[0-9]*x?large$/;
const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const d = ENVIRONMENT_DEFAULTS;

const autoscaling = group(
  {
    minInstances: wholeNumber(1, 40, { description: "Fewest instances the endpoint scales in to." }),
    maxInstances: wholeNumber(1, 40, {
      description: "Most instances the endpoint scales out to.",
      rangeNote: ", at least minInstances",
    }),
    targetInvocationsPerInstance: setting(z.number().gt(0), {
      description: "Target `SageMakerVariantInvocationsPerInstance` per minute.",
      allowed: "expected a number of invocations per minute greater than 0",
    }),
  },
  "Target-tracking autoscaling on invocations per instance; omitted means a fixed instance count.",
);

export const MODEL_SCHEMA = group(
  {
    name: kebabName(40, "llama-3-1-8b-instruct", { description: "Logical model name, the `ModelName` metric dimension." }),
    image: setting(z.string().regex(ECR_IMAGE), {
      description: "ECR URI of the LMI (DJL Serving) container image, in the environment's region, pinned by tag or digest.",
      allowed: "expected an ECR image URI of the LMI container pinned by a tag other than latest or by @sha256 digest",
    }),
    modelDataS3Uri: setting(z.string().regex(S3_URI), {
      description: "S3 URI of the model artifacts (exactly one of this and `huggingFaceModelId`).",
      allowed: "expected an s3:// URI of the model artifacts",
    }).optional(),
    huggingFaceModelId: setting(z.string().regex(HF_MODEL_ID), {
      description: "Hugging Face model id (`HF_MODEL_ID`) the container loads when `modelDataS3Uri` is not set; refused in production.",
      allowed: "expected an <org>/<model> id",
    }).optional(),
    // Its shape and the secret's account and Region are checked by config/hugging-face-access.ts.
    huggingFaceAccess: setting(z.unknown(), {
      description:
        'How the container may fetch `huggingFaceModelId` (required with it): "public" (the model is not gated), or { tokenSecretArn } (the Secrets Manager secret of a Hugging Face token; it reaches the container as HF_TOKEN through the sensitive stack variable hugging_face_token).',
      allowed: 'expected "public" or { tokenSecretArn: "arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf" }',
    }).optional(),
    instanceType: setting(z.string().regex(INSTANCE_TYPE), {
      description: "SageMaker instance type of the endpoint.",
      default: shown(d.instanceType),
      allowed:
        "expected a GPU or accelerator SageMaker instance type the LMI container runs on (ml.g5.*, ml.g6.*, ml.g6e.*, ml.p4d.*, ml.p5.*, ml.inf2.*, ...)",
    }).optional(),
    instanceCount: wholeNumber(1, 40, {
      description: "Instances of the endpoint (without autoscaling).",
      default: shown(d.instanceCount),
    }).optional(),
    hourlyPriceUsd: setting(z.number().gt(0).finite(), {
      description: "On-demand price of one instance per hour in USD, used for cost per token.",
      allowed: "expected the instance's on-demand price per hour in USD, greater than 0",
    }),
    tensorParallelDegree: setting(z.union([z.literal("max"), int(1, 8)]), {
      description: "Tensor parallel degree (`OPTION_TENSOR_PARALLEL_DEGREE`); `max` uses every GPU of the instance.",
      default: shown(d.tensorParallelDegree),
      allowed: 'expected "max" or a whole number from 1 to 8',
    }).optional(),
    prefixCaching: flag({
      description: "Prefix (KV) caching in the vLLM backend.",
      default: shown(d.prefixCaching),
    }).optional(),
    maxRollingBatchSize: wholeNumber(1, 256, {
      description: "`OPTION_MAX_ROLLING_BATCH_SIZE`.",
      default: shown(d.maxRollingBatchSize),
    }).optional(),
    maxConcurrentRequests: wholeNumber(1, 1024, {
      description: "`SERVING_MAX_CONCURRENT_REQUESTS`, per instance.",
      default: shown(d.maxConcurrentRequests),
    }).optional(),
    autoscaling: autoscaling.optional(),
  },
  "The served model and the SageMaker LMI container that serves it.",
);

export const NETWORK_SCHEMA = group(
  {
    vpcId: setting(z.string().regex(VPC_ID), {
      description: "VPC the endpoint and functions run in.",
      allowed: "expected a VPC id such as vpc-0123456789abcdef0",
    }),
    subnetIds: setting(z.array(z.string().regex(SUBNET_ID)).min(2), {
      description: "Private subnets (at least two, in different availability zones).",
      allowed: "expected at least two private subnet ids in different availability zones",
      checkedBy: "section",
    }),
    securityGroupIds: setting(z.array(z.string().regex(SECURITY_GROUP_ID)).min(1), {
      description: "Security groups attached to the endpoint and functions.",
      allowed: "expected at least one security group id",
      checkedBy: "section",
    }),
  },
  "Where the endpoint and the functions run.",
);

export const NETWORK_ID_PATTERNS = { SUBNET_ID, SECURITY_GROUP_ID } as const;

export const DATA_CAPTURE_SCHEMA = group(
  {
    samplingPercentage: wholeNumber(0, 100, {
      description: "Share of requests SageMaker captures, in percent (100% in production is costly in S3).",
      default: `${d.samplingPercentageNonProd}, ${d.samplingPercentageProd} in prod`,
    }).optional(),
  },
  "SageMaker data capture of the endpoint.",
);
