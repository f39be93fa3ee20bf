import { createHash } from "node:crypto";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SagemakerEndpoint } from "@cdktf/provider-aws/lib/sagemaker-endpoint";
import { SagemakerEndpointConfiguration } from "@cdktf/provider-aws/lib/sagemaker-endpoint-configuration";
import { SagemakerModel } from "@cdktf/provider-aws/lib/sagemaker-model";
import { Construct } from "constructs";
import { requireRulePack } from "../shared/policy/packs";
import { INFERENCE_ENDPOINT_RULE_PACK } from "./policy-rules";
import { EncryptionKey } from "../shared/encryption-key";
import type { Grantee } from "../shared/grantee";
import { type EnvironmentScope, NAME_LIMITS } from "../shared/naming";
import { partitionOf } from "../shared/partition";
import { PolicyDocument, type PolicyStatement } from "../shared/policy-document";
import { SecureBucket, type BucketLifecycle } from "../shared/secure-bucket";
import { hasLocalInstanceStorage } from "./instance-storage";
import { lmiEnvironment } from "./lmi-environment";

/** Prefix of DataCapture objects in the capture bucket. */
export const DATA_CAPTURE_PREFIX = "datacapture/";
/** The single production variant's name. */
export const VARIANT_NAME = "AllTraffic";

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

/**
 * A SageMaker LMI endpoint with DataCapture into an SSE-KMS bucket.
 *
 * Creates: a capture key (rotation on; the endpoint may encrypt, only readers may decrypt), a volume
 * key for EBS-backed instance types, the capture bucket, a least-privilege execution role, the
 * model (in the VPC), the endpoint configuration with DataCapture of input and output, the endpoint,
 * and optional autoscaling.
 */
export class InferenceEndpoint extends Construct {
  readonly endpointName: string;
  readonly endpointArn: string;
  readonly variantName = VARIANT_NAME;
  readonly modelName: string;
  readonly instanceType: string;
  readonly captureBucket: SecureBucket;
  readonly captureKey: EncryptionKey;
  /** Key of the instance volume; absent for instance types with local (hardware-encrypted) storage. */
  readonly volumeKey?: EncryptionKey;
  readonly executionRole: IamRole;
  readonly endpointConfiguration: SagemakerEndpointConfiguration;
  readonly capturePrefix = DATA_CAPTURE_PREFIX;
  /** Requests the endpoint serves at once at most: instances (the autoscaling maximum) x `maxConcurrentRequests`. */
  readonly maxConcurrentInvocations: number;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: InferenceEndpointProps) {
    super(scope, id);
    requireRulePack(this, INFERENCE_ENDPOINT_RULE_PACK);
    validateProps(props);
    const { naming, accountId, region } = props;
    this.region = region;
    const partition = partitionOf(region);
    this.instanceType = props.instanceType ?? "ml.g5.12xlarge";
    this.modelName = props.modelName;
    this.endpointName = naming.name("endpoint", NAME_LIMITS.sagemaker);
    const sampling = props.dataCaptureSamplingPercentage ?? 100;
    this.maxConcurrentInvocations = (props.autoscaling?.maxInstances ?? props.instanceCount ?? 1) * (props.maxConcurrentRequests ?? 64);

    this.captureKey = new EncryptionKey(this, "capture-key", {
      aliasName: naming.name("capture", NAME_LIMITS.kmsAlias),
      description: `DataCapture of ${this.endpointName}: prompts and responses (client data)`,
      accountId,
      region,
    });
    this.captureBucket = new SecureBucket(this, "capture-bucket", {
      bucketName: naming.bucketName("capture"),
      encryptionKey: this.captureKey,
      contentName: "Capture",
      lifecycle: props.captureLifecycle,
    });

    this.executionRole = new IamRole(this, "execution-role", {
      name: naming.name("endpoint-execution", NAME_LIMITS.iamRole),
      description: `SageMaker execution role of ${this.endpointName}`,
      assumeRolePolicy: new PolicyDocument([
        {
          Effect: "Allow",
          Principal: { Service: "sagemaker.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
      ]).render(),
    });
    this.captureKey.grantEncrypt("EndpointEncryptsCaptures", [this.executionRole.arn]);
    this.captureKey.grantDecrypt("ReadersDecryptCaptures", props.captureReaderRoleArns ?? []);

    if (!hasLocalInstanceStorage(this.instanceType)) {
      this.volumeKey = new EncryptionKey(this, "volume-key", {
        aliasName: naming.name("endpoint-volume", NAME_LIMITS.kmsAlias),
        description: `EBS volumes of ${this.endpointName}: model weights and KV cache`,
        accountId,
        region,
      });
      // SageMaker (and EC2 for the EBS volume) use the key on the deployer's behalf, through grants.
      this.volumeKey.allowAccountUseVia("SageMakerUsesKeyForEndpointVolumes", ["sagemaker", "ec2"]);
    }

    new IamRolePolicy(this, "execution-policy", {
      role: this.executionRole.id,
      name: "least-privilege",
      policy: new PolicyDocument(this.executionStatements(props, partition)).render(),
    });

    const environment = lmiEnvironment({
      huggingFaceModelId: props.huggingFaceModelId,
      tensorParallelDegree: props.tensorParallelDegree ?? "max",
      prefixCaching: props.prefixCaching ?? true,
      maxRollingBatchSize: props.maxRollingBatchSize ?? 32,
      maxConcurrentRequests: props.maxConcurrentRequests ?? 64,
      extra: props.containerEnvironment,
    });
    // SageMaker models are immutable: a changed setting gets a new name, created before the old goes.
    const modelHash = shortHash(JSON.stringify([props.image, props.modelDataS3Uri, environment, props.subnetIds, props.securityGroupIds]));
    if (props.huggingFaceToken !== undefined && props.huggingFaceModelId === undefined) {
      throw new Error("a hugging face token is for a model downloaded at start (huggingFaceModelId); staged weights need none");
    }
    const model = new SagemakerModel(this, "model", {
      name: naming.name(`model-${modelHash}`, NAME_LIMITS.sagemaker),
      executionRoleArn: this.executionRole.arn,
      // Staged S3 artifacts let the container run without any network access.
      enableNetworkIsolation: props.modelDataS3Uri !== undefined,
      primaryContainer: {
        image: props.image,
        environment: { ...environment, ...(props.huggingFaceToken !== undefined ? { HF_TOKEN: props.huggingFaceToken } : {}) },
        ...(props.modelDataS3Uri
          ? { modelDataSource: { s3DataSource: [{ s3Uri: ensureTrailingSlash(props.modelDataS3Uri), s3DataType: "S3Prefix", compressionType: "None" }] } }
          : {}),
      },
      vpcConfig: { subnets: [...props.subnetIds], securityGroupIds: [...props.securityGroupIds] },
      lifecycle: {
        createBeforeDestroy: true,
        ...(props.huggingFaceToken !== undefined ? { ignoreChanges: ['primary_container[0].environment["HF_TOKEN"]'] } : {}),
      },
    });

    const initialInstanceCount = props.autoscaling?.minInstances ?? props.instanceCount ?? 1;
    this.endpointConfiguration = new SagemakerEndpointConfiguration(this, "config", {
      namePrefix: naming.name("config-", NAME_LIMITS.sagemaker - 26),
      ...(this.volumeKey ? { kmsKeyArn: this.volumeKey.keyArn } : {}),
      productionVariants: [
        {
          variantName: VARIANT_NAME,
          modelName: model.name,
          instanceType: this.instanceType,
          initialInstanceCount,
          // LMI needs minutes to download and shard weights before the health check passes.
          containerStartupHealthCheckTimeoutInSeconds: 1800,
          modelDataDownloadTimeoutInSeconds: 1800,
        },
      ],
      dataCaptureConfig: {
        enableCapture: true,
        initialSamplingPercentage: sampling,
        destinationS3Uri: `s3://${this.captureBucket.bucketName}/${DATA_CAPTURE_PREFIX.replace(/\/$/, "")}`,
        kmsKeyId: this.captureKey.keyArn,
        captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
        captureContentTypeHeader: { jsonContentTypes: ["application/json", "application/jsonlines"] },
      },
      lifecycle: { createBeforeDestroy: true },
    });

    const endpoint = new SagemakerEndpoint(this, "endpoint", {
      name: this.endpointName,
      endpointConfigName: this.endpointConfiguration.name,
    });
    this.endpointArn = endpoint.arn;

    if (props.autoscaling) this.addAutoscaling(props.autoscaling, endpoint);
  }

  /** Statement that lets a role invoke this endpoint (streaming and not), for the gateway. */
  invokeStatement(): PolicyStatement {
    return {
      Sid: "InvokeInferenceEndpoint",
      Effect: "Allow",
      Action: ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"],
      Resource: this.endpointArn,
    };
  }

  /**
   * Lets the grantee invoke this endpoint, streaming or not, in the endpoint's region only
   * (`InvokeInferenceEndpoint` in its role policy). SageMaker endpoints have no resource policy.
   */
  grantInvoke(grantee: Grantee): void {
    grantee.addToRolePolicy({ ...this.invokeStatement(), Condition: { StringEquals: { "aws:RequestedRegion": this.region } } });
  }

  /**
   * Lets the grantee read and decrypt DataCapture objects (`datacapture/`): see `SecureBucket.grantRead`.
   * Auditors whose roles live elsewhere get decrypt through `captureReaderRoleArns` instead.
   */
  grantReadCaptures(grantee: Grantee): void {
    this.captureBucket.grantRead(grantee, DATA_CAPTURE_PREFIX);
  }

  private executionStatements(props: InferenceEndpointProps, partition: string): PolicyStatement[] {
    const { accountId, region } = props;
    const statements: PolicyStatement[] = [
      { Sid: "PullImageToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Sid: "PullImage",
        Effect: "Allow",
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        Resource: ecrRepositoryArn(props.image, partition),
      },
      {
        Sid: "WriteDataCapture",
        Effect: "Allow",
        Action: "s3:PutObject",
        Resource: this.captureBucket.arnForObjects(DATA_CAPTURE_PREFIX),
      },
      {
        Sid: "EncryptDataCapture",
        Effect: "Allow",
        Action: ["kms:Encrypt", "kms:GenerateDataKey"],
        Resource: this.captureKey.keyArn,
      },
      {
        Sid: "WriteContainerLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/sagemaker/Endpoints/${this.endpointName}:*`,
      },
      {
        Sid: "PublishEndpointMetrics",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": ["/aws/sagemaker/Endpoints", "AWS/SageMaker"] } },
      },
      {
        Sid: "DescribeNetwork",
        Effect: "Allow",
        Action: [
          "ec2:DescribeVpcEndpoints",
          "ec2:DescribeDhcpOptions",
          "ec2:DescribeVpcs",
          "ec2:DescribeSubnets",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeNetworkInterfaces",
        ],
        Resource: "*",
      },
      {
        Sid: "ManageEndpointInterfacesInVpc",
        Effect: "Allow",
        Action: ["ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission"],
        Resource: "*",
        Condition: { ArnEqualsIfExists: { "ec2:Vpc": `arn:${partition}:ec2:${region}:${accountId}:vpc/${props.vpcId}` } },
      },
    ];
    if (props.modelDataS3Uri) {
      const { bucket, prefix } = parseS3Uri(props.modelDataS3Uri);
      statements.push(
        { Sid: "ReadModelArtifacts", Effect: "Allow", Action: "s3:GetObject", Resource: `arn:${partition}:s3:::${bucket}/${prefix}*` },
        {
          Sid: "ListModelArtifacts",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: `arn:${partition}:s3:::${bucket}`,
          Condition: { StringLike: { "s3:prefix": [`${prefix}*`] } },
        },
      );
    }
    if (this.volumeKey) {
      statements.push({
        Sid: "UseVolumeKeyThroughSageMaker",
        Effect: "Allow",
        Action: ["kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: this.volumeKey.keyArn,
        Condition: { StringEquals: { "kms:ViaService": `sagemaker.${region}.amazonaws.com` } },
      });
    }
    return statements;
  }

  private addAutoscaling(scaling: EndpointAutoscalingProps, endpoint: SagemakerEndpoint): void {
    const target = new AppautoscalingTarget(this, "scaling-target", {
      serviceNamespace: "sagemaker",
      resourceId: `endpoint/${endpoint.name}/variant/${VARIANT_NAME}`,
      scalableDimension: "sagemaker:variant:DesiredInstanceCount",
      minCapacity: scaling.minInstances,
      maxCapacity: scaling.maxInstances,
    });
    new AppautoscalingPolicy(this, "scaling-policy", {
      name: this.endpointName.slice(0, 200) + "-invocations",
      policyType: "TargetTrackingScaling",
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: scaling.targetInvocationsPerInstance,
        predefinedMetricSpecification: { predefinedMetricType: "SageMakerVariantInvocationsPerInstance" },
        scaleInCooldown: scaling.scaleInCooldownSeconds ?? 600,
        scaleOutCooldown: scaling.scaleOutCooldownSeconds ?? 120,
      },
    });
  }
}

function validateProps(props: InferenceEndpointProps): void {
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

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

function ensureTrailingSlash(uri: string): string {
  return uri.endsWith("/") ? uri : `${uri}/`;
}

function parseS3Uri(uri: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match) throw new Error(`model data must be an s3:// URI, got ${uri}`);
  return { bucket: match[1]!, prefix: match[2] ?? "" };
}

/** Repository ARN from an ECR image URI (`<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`). */
export function ecrRepositoryArn(image: string, partition: string): string {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image);
  if (!match) throw new Error(`image must be an ECR URI such as 763104351884.dkr.ecr.sa-east-1.amazonaws.com/djl-inference:<tag>, got ${image}`);
  return `arn:${partition}:ecr:${match[2]}:${match[1]}:repository/${match[3]}`;
}
