/**
 * The API's stage and what it writes: JSON access logs and execution logs in log groups encrypted
 * with the gateway key, X-Ray tracing, throttling and metrics for every method, the count of
 * throttled (429) responses, and optionally the account-wide role API Gateway logs with.
 */
import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import type { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { ACCESS_LOG_METRICS, AWS_SERVICE_DIMENSIONS } from "../../contracts/metric-catalogue";
import { EncryptedLogGroup } from "../shared/encrypted-log-group";
import type { EncryptionKey } from "../shared/encryption-key";
import { type EnvironmentScope, NAME_LIMITS } from "../shared/naming";
import { partitionOf } from "../shared/partition";
import { PolicyDocument } from "../shared/policy-document";
import { accessLogFormat, type InferenceApiAuth } from "./access-log-format";
import type { GatewayThrottling } from "./gateway-props";

export interface ApiStageProps extends EnvironmentScope {
  readonly restApi: ApiGatewayRestApi;
  readonly deployment: ApiGatewayDeployment;
  readonly stageName: string;
  readonly auth: InferenceApiAuth;
  readonly key: EncryptionKey;
  readonly retentionDays: number;
  readonly throttling: GatewayThrottling;
  readonly executionLoggingLevel: "INFO" | "ERROR";
  /** Creates the account's API Gateway logging role (`InferenceGatewayProps.manageAccountLoggingRole`). */
  readonly manageAccountLoggingRole: boolean;
}

export interface ApiStage {
  readonly stage: ApiGatewayStage;
  readonly accessLogGroup: CloudwatchLogGroup;
  readonly executionLogGroup: CloudwatchLogGroup;
  readonly throttleMetricFilter: CloudwatchLogMetricFilter;
}

/** Makes the stage and its logs in `scope` (the gateway construct, so construct ids stay the module's). */
export function apiStage(scope: Construct, props: ApiStageProps): ApiStage {
  const { naming, restApi, stageName, retentionDays } = props;
  const accessLogGroup = new EncryptedLogGroup(scope, "access-logs", {
    logGroupName: `/aws/apigateway/${naming.name("inference-api", NAME_LIMITS.logGroup)}/access`,
    encryptionKey: props.key,
    accountId: props.accountId,
    region: props.region,
    retentionInDays: retentionDays,
  }).logGroup;
  // Named as API Gateway names it, so it exists encrypted and with retention before API Gateway writes.
  const executionLogGroup = new CloudwatchLogGroup(scope, "execution-logs", {
    name: `API-Gateway-Execution-Logs_${restApi.id}/${stageName}`,
    retentionInDays: retentionDays,
    kmsKeyId: props.key.keyArn,
  });
  const accountSettings: ITerraformDependable[] = props.manageAccountLoggingRole ? [accountLoggingRole(scope, props)] : [];
  const stage = new ApiGatewayStage(scope, "stage", {
    restApiId: restApi.id,
    deploymentId: props.deployment.id,
    stageName,
    xrayTracingEnabled: true,
    accessLogSettings: { destinationArn: accessLogGroup.arn, format: accessLogFormat(props.auth) },
    dependsOn: [...accountSettings, executionLogGroup],
  });
  new ApiGatewayMethodSettings(scope, "method-settings", {
    restApiId: restApi.id,
    stageName: stage.stageName,
    methodPath: "*/*",
    settings: {
      metricsEnabled: true,
      loggingLevel: props.executionLoggingLevel,
      // Data trace would log full request and response bodies: prompts and answers.
      dataTraceEnabled: false,
      throttlingRateLimit: props.throttling.rateLimit,
      throttlingBurstLimit: props.throttling.burstLimit,
    },
    dependsOn: [...accountSettings, executionLogGroup],
  });
  const throttleMetricFilter = throttledMetricFilter(scope, accessLogGroup, stageName);
  return { stage, accessLogGroup, executionLogGroup, throttleMetricFilter };
}

/** API Gateway counts 429s only inside 4XXError: the access log tells them apart, per API and stage (`ApiThrottled`). */
function throttledMetricFilter(scope: Construct, accessLogGroup: CloudwatchLogGroup, stageName: string): CloudwatchLogMetricFilter {
  const throttled = ACCESS_LOG_METRICS.throttled;
  return new CloudwatchLogMetricFilter(scope, "throttled-metric", {
    name: `${throttled.name}-${stageName}`,
    logGroupName: accessLogGroup.name,
    pattern: '{ $.status = "429" }',
    metricTransformation: {
      name: throttled.name,
      namespace: throttled.namespace,
      value: "1",
      unit: throttled.unit,
      dimensions: { [AWS_SERVICE_DIMENSIONS.apiId]: "$.apiId", [AWS_SERVICE_DIMENSIONS.stage]: "$.stage" },
    },
  });
}

/** The account-wide role API Gateway writes execution logs with (see `manageAccountLoggingRole`). */
function accountLoggingRole(scope: Construct, { naming, accountId, region }: EnvironmentScope): ApiGatewayAccount {
  const role = new IamRole(scope, "account-logging-role", {
    name: naming.name("apigw-cloudwatch", NAME_LIMITS.iamRole),
    assumeRolePolicy: PolicyDocument.trust("apigateway.amazonaws.com", { StringEquals: { "aws:SourceAccount": accountId } }),
  });
  const policy = new IamRolePolicy(scope, "account-logging-policy", {
    role: role.id,
    name: "write-api-gateway-logs",
    policy: new PolicyDocument([
      {
        Sid: "WriteApiGatewayLogs",
        Effect: "Allow",
        Action: [
          "logs:CreateLogGroup",
          "logs:CreateLogStream",
          "logs:DescribeLogGroups",
          "logs:DescribeLogStreams",
          "logs:PutLogEvents",
          "logs:GetLogEvents",
          "logs:FilterLogEvents",
        ],
        Resource: `arn:${partitionOf(region)}:logs:${region}:${accountId}:*`,
      },
    ]).render(),
  });
  return new ApiGatewayAccount(scope, "account", { cloudwatchRoleArn: role.arn, dependsOn: [policy] });
}
