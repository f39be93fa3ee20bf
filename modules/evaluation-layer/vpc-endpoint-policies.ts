/**
 * Endpoint policies of the platform's VPC endpoints: each endpoint lets through only this account's
 * principals named for the environment (`<prefix>-*` roles), acting on the environment's own
 * resources (buckets, tables, queues, keys, endpoint, stream) or, where a service has no
 * resource-level permissions, only the actions the platform calls. Without a policy an endpoint
 * allows everything: the S3 gateway endpoint would let anything in the VPC reach any bucket in any
 * account, a way out for client data.
 *
 * Pure: computed from names alone, so that `npm run preflight` prints the same policy for an
 * existing endpoint the bank passes by id (`evaluation.vpcEndpoints.<service>`).
 */
import { profiledModelId } from "../../contracts/model-id";
import { type EnvironmentScope, NAME_LIMITS } from "../shared/naming";
import { partitionOf } from "../shared/partition";
import type { PolicyStatement } from "../shared/policy-document";
import type { VpcEndpointService } from "./vpc-endpoint-services";
import { scoresTableName } from "./scores-table";

export interface EndpointPolicyScope {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** The environment's name prefix (`llmobs-<business-line>-<stage>`): every platform name starts with it. */
  readonly namePrefix: string;
  /** Judge model ids (current and candidate) the evaluator and calibration call. */
  readonly judgeModelIds: readonly string[];
  /** Buckets outside the platform's naming the VPC's callers read (the staged model weights). @default [] */
  readonly externalBuckets?: readonly string[];
  /** DynamoDB tables of the evaluation layer (scores, shadow scores). */
  readonly tableNames: readonly string[];
  /** Name of the SageMaker endpoint the gateway invokes. */
  readonly endpointName: string;
}

/** The statement's principal part: this account's roles of this environment only. */
function platformPrincipals(
  scope: EndpointPolicyScope,
): Pick<PolicyStatement, "Principal"> & { Condition: Record<string, Record<string, string | readonly string[]>> } {
  return {
    Principal: "*",
    Condition: {
      StringEquals: { "aws:PrincipalAccount": scope.accountId },
      ArnLike: { "aws:PrincipalArn": `arn:${scope.partition}:iam::${scope.accountId}:role/${scope.namePrefix}-*` },
    },
  };
}

function allow(
  scope: EndpointPolicyScope,
  sid: string,
  actions: readonly string[],
  resources: readonly string[],
  extra: Record<string, Record<string, string | readonly string[]>> = {},
): PolicyStatement {
  const who = platformPrincipals(scope);
  return {
    Sid: sid,
    Effect: "Allow",
    ...who,
    Action: [...actions],
    Resource: resources.length === 1 ? resources[0]! : [...resources],
    Condition: { ...who.Condition, ...extra },
  };
}

function judgeModelArns(scope: EndpointPolicyScope): string[] {
  const { partition, region, accountId } = scope;
  // A candidate that changes the rubric only judges with the current model: one resource, not two.
  return [...new Set(scope.judgeModelIds)].flatMap((id) => {
    const routed = profiledModelId(id);
    return routed === undefined
      ? [`arn:${partition}:bedrock:${region}::foundation-model/${id}`]
      : [`arn:${partition}:bedrock:${region}:${accountId}:inference-profile/${id}`, `arn:${partition}:bedrock:*::foundation-model/${routed}`];
  });
}

/** Per service, the statements of its endpoint policy. */
const SERVICE_POLICIES: Readonly<Record<VpcEndpointService, (scope: EndpointPolicyScope) => PolicyStatement[]>> = {
  s3: (scope) => {
    const { partition: p, namePrefix: n } = scope;
    const buckets = [`${n}-*`, ...(scope.externalBuckets ?? [])];
    return [
      allow(
        scope,
        "PlatformBucketsOnly",
        [
          "s3:GetObject",
          "s3:GetObjectVersion",
          "s3:PutObject",
          "s3:ListBucket",
          "s3:GetBucketLocation",
          "s3:AbortMultipartUpload",
          "s3:ListMultipartUploadParts",
        ],
        buckets.flatMap((b) => [`arn:${p}:s3:::${b}`, `arn:${p}:s3:::${b}/*`]),
      ),
    ];
  },
  dynamodb: (scope) => {
    const { partition: p, accountId: a, region: r } = scope;
    return [
      allow(
        scope,
        "ScoresTablesOnly",
        ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:DescribeTable"],
        scope.tableNames.flatMap((t) => [`arn:${p}:dynamodb:${r}:${a}:table/${t}`, `arn:${p}:dynamodb:${r}:${a}:table/${t}/index/*`]),
      ),
    ];
  },
  "bedrock-runtime": (scope) => [allow(scope, "JudgeModelsOnly", ["bedrock:InvokeModel"], judgeModelArns(scope))],
  // DetectPiiEntities has no resource-level permissions.
  comprehend: (scope) => [allow(scope, "DetectPiiOnly", ["comprehend:DetectPiiEntities"], ["*"])],
  sqs: (scope) => [
    allow(
      scope,
      "PlatformQueuesOnly",
      ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
      [`arn:${scope.partition}:sqs:${scope.region}:${scope.accountId}:${scope.namePrefix}-*`],
    ),
  ],
  monitoring: (scope) => [
    // PutMetricData has no resource-level permissions: the platform's namespaces only.
    allow(scope, "PlatformMetricsOnly", ["cloudwatch:PutMetricData"], ["*"], { StringLike: { "cloudwatch:namespace": ["LLMInference/*"] } }),
    // The Grafana workspace in the VPC reads metrics and alarms.
    allow(
      scope,
      "ReadMetrics",
      [
        "cloudwatch:GetMetricData",
        "cloudwatch:ListMetrics",
        // PromQL: SageMaker's detailed serving metrics (the dashboard's Serving row).
        "cloudwatch:QueryMetrics",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:DescribeAlarmsForMetric",
        "cloudwatch:DescribeAlarmHistory",
      ],
      ["*"],
    ),
  ],
  logs: (scope) => {
    const logGroups = `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:/aws/*/${scope.namePrefix}-*`;
    return [
      allow(
        scope,
        "PlatformLogGroupsOnly",
        [
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "logs:DescribeLogStreams",
          "logs:StartQuery",
          "logs:GetLogGroupFields",
          "logs:GetLogEvents",
          "logs:FilterLogEvents",
        ],
        [logGroups, `${logGroups}:*`],
      ),
      // Query results are read by query id; log groups are listed by the workspace.
      allow(scope, "QueryResults", ["logs:GetQueryResults", "logs:StopQuery", "logs:DescribeLogGroups"], ["*"]),
    ];
  },
  kms: (scope) => [
    allow(
      scope,
      "AccountKeysOnly",
      ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKey*", "kms:DescribeKey"],
      [`arn:${scope.partition}:kms:${scope.region}:${scope.accountId}:key/*`],
    ),
  ],
  // The functions' spans to X-Ray's OTLP endpoint; neither action has resource-level permissions.
  xray: (scope) => [allow(scope, "ExportSpansOnly", ["xray:PutSpans", "xray:PutSpansForIndexing"], ["*"])],
  "sagemaker.runtime": (scope) => [
    allow(
      scope,
      "PlatformEndpointOnly",
      ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"],
      [`arn:${scope.partition}:sagemaker:${scope.region}:${scope.accountId}:endpoint/${scope.endpointName.toLowerCase()}`],
    ),
  ],
  "kinesis-firehose": (scope) => [
    allow(
      scope,
      "PlatformStreamsOnly",
      ["firehose:PutRecord", "firehose:PutRecordBatch"],
      [`arn:${scope.partition}:firehose:${scope.region}:${scope.accountId}:deliverystream/${scope.namePrefix}-*`],
    ),
  ],
};

/** The endpoint policy's statements for one service. */
export function endpointPolicyStatements(service: VpcEndpointService, scope: EndpointPolicyScope): PolicyStatement[] {
  return SERVICE_POLICIES[service](scope);
}

/** The endpoint policy document (JSON) for one service. */
export function endpointPolicyJson(service: VpcEndpointService, scope: EndpointPolicyScope): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: endpointPolicyStatements(service, scope) });
}

/** What one environment's endpoint policies are computed from, beside its names, account and region. */
export interface PlatformEndpointPolicyProps extends EnvironmentScope, Pick<EndpointPolicyScope, "judgeModelIds" | "endpointName" | "externalBuckets"> {}

/** The scope of one environment's endpoints: its names, the judges, its endpoint and the staged weights' bucket. */
export function platformEndpointPolicyScope(props: PlatformEndpointPolicyProps): EndpointPolicyScope {
  return {
    partition: partitionOf(props.region),
    accountId: props.accountId,
    region: props.region,
    namePrefix: props.naming.prefix,
    judgeModelIds: props.judgeModelIds,
    externalBuckets: props.externalBuckets ?? [],
    // The shadow table exists only with a candidate judge; allowing its name costs nothing.
    tableNames: [scoresTableName(props.naming), props.naming.name("shadow-scores", NAME_LIMITS.dynamodbTable)],
    endpointName: props.endpointName,
  };
}

/** The bucket of an `s3://bucket/prefix` URI. */
export function bucketOfS3Uri(uri: string | undefined): string[] {
  const bucket = uri ? /^s3:\/\/([^/]+)/.exec(uri)?.[1] : undefined;
  return bucket ? [bucket] : [];
}
