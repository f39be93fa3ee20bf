/**
 * What the endpoint's execution role may do: pull its image, write and encrypt DataCapture, write
 * its logs and metrics, manage its network interfaces in the VPC, read staged weights, and use the
 * volume key through SageMaker.
 */
import type { EncryptionKey } from "../shared/encryption-key";
import type { PolicyStatement } from "../shared/policy-document";
import type { SecureBucket } from "../shared/secure-bucket";
import type { InferenceEndpointProps } from "./endpoint-props";

/** Prefix of DataCapture objects in the capture bucket. */
export const DATA_CAPTURE_PREFIX = "datacapture/";

/** The endpoint's resources its role's statements name. */
export interface ExecutionResources {
  readonly endpointName: string;
  readonly captureBucket: SecureBucket;
  readonly captureKey: EncryptionKey;
  readonly volumeKey?: EncryptionKey;
}

export function executionStatements(props: InferenceEndpointProps, partition: string, endpoint: ExecutionResources): PolicyStatement[] {
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
      Resource: endpoint.captureBucket.arnForObjects(DATA_CAPTURE_PREFIX),
    },
    {
      Sid: "EncryptDataCapture",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:GenerateDataKey"],
      Resource: endpoint.captureKey.keyArn,
    },
    {
      Sid: "WriteContainerLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:/aws/sagemaker/Endpoints/${endpoint.endpointName}:*`,
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
  if (endpoint.volumeKey) {
    statements.push({
      Sid: "UseVolumeKeyThroughSageMaker",
      Effect: "Allow",
      Action: ["kms:CreateGrant", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: endpoint.volumeKey.keyArn,
      Condition: { StringEquals: { "kms:ViaService": `sagemaker.${region}.amazonaws.com` } },
    });
  }
  return statements;
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
