/** What an `InferenceEndpoint` is given, and the checks made on it before any resource is made. */
import type { EnvironmentScope } from "../shared/naming";
import type { BucketLifecycle } from "../shared/secure-bucket";

export interface EndpointAutoscalingProps {
  /** Instances the variant never goes below. */
  readonly minInstances: number;
  /** Instances the variant never goes above. */
  readonly maxInstances: number;
  /** Target `SageMakerVariantInvocationsPerInstance` (invocations per instance per minute). */
  readonly targetInvocationsPerInstance: number;
  /** Seconds before another scale-in. @default 600 - LMI instances take minutes to load a model */
  readonly scaleInCooldownSeconds?: number;
  /** Seconds before another scale-out. @default 120 */
  readonly scaleOutCooldownSeconds?: number;
}

/** `accountId` owns the endpoint: key policies and ARNs are built from it, offline. */
export interface InferenceEndpointProps extends EnvironmentScope {
  /** Logical model name, the `ModelName` metric dimension, e.g. `llama-3-1-8b-instruct`. */
  readonly modelName: string;
  /** ECR URI of the LMI container image, pinned by tag or digest. */
  readonly image: string;
  /** S3 prefix of uncompressed model artifacts. SageMaker stages them, so the container runs network-isolated. */
  readonly modelDataS3Uri?: string;
  /** Hugging Face model id the container downloads at start (needs egress; use `modelDataS3Uri` in production). */
  readonly huggingFaceModelId?: string;
  /**
   * Hugging Face token for a gated `huggingFaceModelId`, as a sensitive value (a Terraform
   * variable's): the container reads it as `HF_TOKEN` at start. It is left out of the model's name
   * and later changes to it are ignored: the token is read only when the weights are downloaded, so
   * rotating it needs no new model.
   * @default - none (a public model)
   */
  readonly huggingFaceToken?: string;
  /** @default "ml.g5.12xlarge" */
  readonly instanceType?: string;
  /** Initial (and, without autoscaling, fixed) number of instances. @default 1 */
  readonly instanceCount?: number;
  /** `OPTION_TENSOR_PARALLEL_DEGREE`. @default "max" */
  readonly tensorParallelDegree?: number | "max";
  /** `OPTION_ENABLE_PREFIX_CACHING` (vLLM backend). @default true */
  readonly prefixCaching?: boolean;
  /** `OPTION_MAX_ROLLING_BATCH_SIZE`: requests decoded together. Tune this before adding instances. @default 32 */
  readonly maxRollingBatchSize?: number;
  /** Requests accepted at once per instance beyond the rolling batch (DJL `SERVING_JOB_QUEUE_SIZE`). @default 64 */
  readonly maxConcurrentRequests?: number;
  /** Extra container environment variables, applied last. @default - none */
  readonly containerEnvironment?: Readonly<Record<string, string>>;
  /** VPC of the subnets; ENI permissions of the execution role are limited to it. */
  readonly vpcId: string;
  /** Private subnets for the model containers. */
  readonly subnetIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  /**
   * Share of requests DataCapture records, 0-100.
   * @default 100 - use 10 in high-volume production: capture cost grows with traffic
   */
  readonly dataCaptureSamplingPercentage?: number;
  /**
   * Roles that may decrypt captured data: the evaluator and auditors. Nobody else can, including
   * the endpoint itself (separation of duties).
   * @default - none; captured data stays write-only until a reader is added
   */
  readonly captureReaderRoleArns?: readonly string[];
  /** Lifecycle of the capture bucket. @default - see `DEFAULT_LIFECYCLE` (90 d Standard, Glacier IR, 7 years) */
  readonly captureLifecycle?: BucketLifecycle;
  /** Target-tracking autoscaling on invocations per instance. @default - fixed instance count */
  readonly autoscaling?: EndpointAutoscalingProps;
}

/** Throws naming the prop and what is allowed. */
export function validateProps(props: InferenceEndpointProps): void {
  const sampling = props.dataCaptureSamplingPercentage;
  if (sampling !== undefined && !(Number.isInteger(sampling) && sampling >= 0 && sampling <= 100)) {
    throw new Error(`dataCaptureSamplingPercentage must be a whole number from 0 to 100, got ${sampling}`);
  }
  if ((props.modelDataS3Uri === undefined) === (props.huggingFaceModelId === undefined)) {
    throw new Error("set exactly one of modelDataS3Uri and huggingFaceModelId");
  }
  if (props.subnetIds.length === 0) throw new Error("subnetIds must list at least one private subnet");
  if (props.securityGroupIds.length === 0) throw new Error("securityGroupIds must list at least one security group");
  const count = props.instanceCount;
  if (count !== undefined && !(Number.isInteger(count) && count >= 1)) {
    throw new Error(`instanceCount must be a whole number of at least 1, got ${count}`);
  }
  const a = props.autoscaling;
  if (a && !(a.minInstances >= 1 && a.maxInstances >= a.minInstances && a.targetInvocationsPerInstance > 0)) {
    throw new Error(`autoscaling needs 1 <= minInstances <= maxInstances and a positive target, got ${JSON.stringify(a)}`);
  }
}
