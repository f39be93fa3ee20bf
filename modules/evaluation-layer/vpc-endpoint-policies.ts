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
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
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

/** The endpoint policy's statements for one service. */
export function endpointPolicyStatements(service: VpcEndpointService, scope: EndpointPolicyScope): PolicyStatement[] {
  const { partition: p, accountId: a, region: r, namePrefix: n } = scope;
  switch (service) {
    case "s3": {
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
    }
    case "dynamodb":
      return [
        allow(
          scope,
          "ScoresTablesOnly",
          ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:DescribeTable"],
          scope.tableNames.flatMap((t) => [`arn:${p}:dynamodb:${r}:${a}:table/${t}`, `arn:${p}:dynamodb:${r}:${a}:table/${t}/index/*`]),
        ),
      ];
    case "bedrock-runtime":
      return [allow(scope, "JudgeModelsOnly", ["bedrock:InvokeModel"], judgeModelArns(scope))];
    case "comprehend":
      // DetectPiiEntities has no resource-level permissions.
      return [allow(scope, "DetectPiiOnly", ["comprehend:DetectPiiEntities"], ["*"])];
    case "sqs":
      return [
        allow(
          scope,
          "PlatformQueuesOnly",
          ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"],
          [`arn:${p}:sqs:${r}:${a}:${n}-*`],
        ),
      ];
    case "monitoring":
      return [
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
      ];
    case "logs":
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
          [`arn:${p}:logs:${r}:${a}:log-group:/aws/*/${n}-*`, `arn:${p}:logs:${r}:${a}:log-group:/aws/*/${n}-*:*`],
        ),
        // Query results are read by query id; log groups are listed by the workspace.
        allow(scope, "QueryResults", ["logs:GetQueryResults", "logs:StopQuery", "logs:DescribeLogGroups"], ["*"]),
      ];
    case "kms":
      return [
        allow(
          scope,
          "AccountKeysOnly",
          ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:GenerateDataKey*", "kms:DescribeKey"],
          [`arn:${p}:kms:${r}:${a}:key/*`],
        ),
      ];
    case "xray":
      // The functions' spans to X-Ray's OTLP endpoint; neither action has resource-level permissions.
      return [allow(scope, "ExportSpansOnly", ["xray:PutSpans", "xray:PutSpansForIndexing"], ["*"])];
    case "sagemaker.runtime":
      return [
        allow(
          scope,
          "PlatformEndpointOnly",
          ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"],
          [`arn:${p}:sagemaker:${r}:${a}:endpoint/${scope.endpointName.toLowerCase()}`],
        ),
      ];
    case "kinesis-firehose":
      return [allow(scope, "PlatformStreamsOnly", ["firehose:PutRecord", "firehose:PutRecordBatch"], [`arn:${p}:firehose:${r}:${a}:deliverystream/${n}-*`])];
  }
}

/** The endpoint policy document (JSON) for one service. */
export function endpointPolicyJson(service: VpcEndpointService, scope: EndpointPolicyScope): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: endpointPolicyStatements(service, scope) });
}

/** The scope of one environment's endpoints: its names, the judges, its endpoint and the staged weights' bucket. */
export function platformEndpointPolicyScope(props: {
  readonly naming: ResourceNaming;
  readonly accountId: string;
  readonly region: string;
  readonly judgeModelIds: readonly string[];
  readonly endpointName: string;
  readonly externalBuckets?: readonly string[];
}): EndpointPolicyScope {
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
