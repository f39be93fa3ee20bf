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
import { NAME_LIMITS } from "../shared/naming";
import { partitionOf } from "../shared/partition";
import { PolicyDocument, type PolicyStatement } from "../shared/policy-document";
import { SecureBucket } from "../shared/secure-bucket";
import { type EndpointAutoscalingProps, type InferenceEndpointProps, validateProps } from "./endpoint-props";
import { DATA_CAPTURE_PREFIX, executionStatements } from "./execution-policy";
import { hasLocalInstanceStorage } from "./instance-storage";
import { lmiEnvironment } from "./lmi-environment";

/** The single production variant's name. */
export const VARIANT_NAME = "AllTraffic";

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
    this.instanceType = props.instanceType ?? "ml.g5.12xlarge";
    this.modelName = props.modelName;
    this.endpointName = naming.name("endpoint", NAME_LIMITS.sagemaker);
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
      assumeRolePolicy: PolicyDocument.trust("sagemaker.amazonaws.com", { StringEquals: { "aws:SourceAccount": accountId } }),
    });
    this.captureKey.grantEncrypt("EndpointEncryptsCaptures", [this.executionRole.arn]);
    this.captureKey.grantDecrypt("ReadersDecryptCaptures", props.captureReaderRoleArns ?? []);
    if (!hasLocalInstanceStorage(this.instanceType)) this.volumeKey = this.instanceVolumeKey(props);
    new IamRolePolicy(this, "execution-policy", {
      role: this.executionRole.id,
      name: "least-privilege",
      policy: new PolicyDocument(executionStatements(props, partitionOf(region), this)).render(),
    });

    const model = this.model(props);
    this.endpointConfiguration = this.configuration(props, model);
    const endpoint = new SagemakerEndpoint(this, "endpoint", {
      name: this.endpointName,
      endpointConfigName: this.endpointConfiguration.name,
    });
    this.endpointArn = endpoint.arn;

    if (props.autoscaling) this.addAutoscaling(props.autoscaling, endpoint);
  }

  /** The EBS volume key, used by SageMaker (and EC2 for the volume) on the deployer's behalf, through grants. */
  private instanceVolumeKey({ naming, accountId, region }: InferenceEndpointProps): EncryptionKey {
    const key = new EncryptionKey(this, "volume-key", {
      aliasName: naming.name("endpoint-volume", NAME_LIMITS.kmsAlias),
      description: `EBS volumes of ${this.endpointName}: model weights and KV cache`,
      accountId,
      region,
    });
    key.allowAccountUseVia("SageMakerUsesKeyForEndpointVolumes", ["sagemaker", "ec2"]);
    return key;
  }

  /** The model: the LMI container with its settings, in the VPC; a changed setting makes a new one. */
  private model(props: InferenceEndpointProps): SagemakerModel {
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
    return new SagemakerModel(this, "model", {
      name: props.naming.name(`model-${modelHash}`, NAME_LIMITS.sagemaker),
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
  }

  /** The endpoint configuration: one variant, the volume key, DataCapture of input and output. */
  private configuration(props: InferenceEndpointProps, model: SagemakerModel): SagemakerEndpointConfiguration {
    return new SagemakerEndpointConfiguration(this, "config", {
      namePrefix: props.naming.name("config-", NAME_LIMITS.sagemaker - 26),
      ...(this.volumeKey ? { kmsKeyArn: this.volumeKey.keyArn } : {}),
      productionVariants: [
        {
          variantName: VARIANT_NAME,
          modelName: model.name,
          instanceType: this.instanceType,
          initialInstanceCount: props.autoscaling?.minInstances ?? props.instanceCount ?? 1,
          // LMI needs minutes to download and shard weights before the health check passes.
          containerStartupHealthCheckTimeoutInSeconds: 1800,
          modelDataDownloadTimeoutInSeconds: 1800,
        },
      ],
      dataCaptureConfig: {
        enableCapture: true,
        initialSamplingPercentage: props.dataCaptureSamplingPercentage ?? 100,
        destinationS3Uri: `s3://${this.captureBucket.bucketName}/${DATA_CAPTURE_PREFIX.replace(/\/$/, "")}`,
        kmsKeyId: this.captureKey.keyArn,
        captureOptions: [{ captureMode: "Input" }, { captureMode: "Output" }],
        captureContentTypeHeader: { jsonContentTypes: ["application/json", "application/jsonlines"] },
      },
      lifecycle: { createBeforeDestroy: true },
    });
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

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

function ensureTrailingSlash(uri: string): string {
  return uri.endsWith("/") ? uri : `${uri}/`;
}
