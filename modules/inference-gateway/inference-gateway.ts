import type { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import type { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Construct } from "constructs";
import type { BundledFunction } from "../shared/bundled-function";
import { EncryptionKey } from "../shared/encryption-key";
import { NAME_LIMITS } from "../shared/naming";
import { requireRulePack } from "../shared/policy/packs";
import { apiStage } from "./api-stage";
import { inferenceLogFallbackQueue } from "./caller-binding";
import { gatewayFunction } from "./gateway-function";
import { INFERENCE_GATEWAY_DEFAULTS, type InferenceGatewayProps, resolveGatewaySettings } from "./gateway-props";
import { InferenceWebAcl } from "./inference-web-acl";
import { INVOKE_PATH_TEXT, invokeRoute } from "./invoke-route";
import { INFERENCE_GATEWAY_RULE_PACK } from "./policy-rules";

/**
 * The inference entry point: a regional REST API (`POST /v1/invoke`, IAM or Cognito auth, no
 * anonymous access) behind a WAF web ACL, with JSON access logs in a KMS-encrypted log group, X-Ray
 * tracing and stage throttling, proxying to the gateway function, which streams from the endpoint.
 */
export class InferenceGateway extends Construct {
  readonly restApi: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;
  readonly method: ApiGatewayMethod;
  readonly webAcl: InferenceWebAcl;
  readonly gatewayFunction: BundledFunction;
  readonly key: EncryptionKey;
  readonly accessLogGroup: CloudwatchLogGroup;
  readonly executionLogGroup: CloudwatchLogGroup;
  readonly authorizer?: ApiGatewayAuthorizer;
  readonly restApiId: string;
  readonly stageName: string;
  /** URL of `POST /v1/invoke`. */
  readonly invokeUrl: string;
  readonly webAclArn: string;
  /** Role of the gateway function (the telemetry module lets it encrypt inference logs). */
  readonly gatewayRoleArn: string;
  /** Reserved concurrency of the gateway function (given, or derived from the throttling). */
  readonly reservedConcurrency: number;
  /**
   * The stage as the availability SLO measures it: API Gateway's `ApiName`/`Stage` dimensions and
   * the `ApiId` of the access-log throttle count (`Alerting`'s `api` prop).
   */
  readonly apiStage: { readonly apiName: string; readonly stageName: string; readonly apiId: string };
  /** Counts 429 responses (stage throttling, endpoint_throttled) from the access log: `ApiThrottled`. */
  readonly throttleMetricFilter: CloudwatchLogMetricFilter;
  /**
   * Inference logs Firehose refused twice (SSE-KMS with the gateway key, 14 days), present with
   * `inferenceLogStream`; `npm run dlq:replay -- <stack> inference-log-fallback` puts them back.
   */
  readonly inferenceLogFallbackQueue?: SqsQueue;

  constructor(scope: Construct, id: string, props: InferenceGatewayProps) {
    super(scope, id);
    requireRulePack(this, INFERENCE_GATEWAY_RULE_PACK);
    const { naming, accountId, region } = props;
    const settings = resolveGatewaySettings(props);
    this.stageName = settings.stageName;
    this.reservedConcurrency = settings.reservedConcurrency;

    this.key = new EncryptionKey(this, "key", {
      aliasName: naming.name("gateway-key", NAME_LIMITS.kmsAlias),
      description: "Inference gateway: function environment and logs, API access and execution logs",
      accountId,
      region,
    });
    if (props.inferenceLogStream) this.inferenceLogFallbackQueue = inferenceLogFallbackQueue(this, naming, this.key);
    this.gatewayFunction = gatewayFunction(this, props, settings, {
      key: this.key,
      ...(this.inferenceLogFallbackQueue ? { fallbackQueue: this.inferenceLogFallbackQueue } : {}),
    });
    this.gatewayRoleArn = this.gatewayFunction.roleArn;

    const apiName = naming.name("inference-api");
    this.restApi = new ApiGatewayRestApi(this, "api", {
      name: apiName,
      description: "LLM inference API (streams from SageMaker through the gateway function)",
      endpointConfiguration: { types: ["REGIONAL"] },
      disableExecuteApiEndpoint: false,
    });
    // The function's log group, the API's access logs and the stage's execution logs (named by API
    // Gateway after the API's id: the key policy names it through the API's id, known at apply).
    this.key.allowCloudWatchLogs([`/aws/lambda/${naming.prefix}-*`, `/aws/apigateway/${naming.prefix}-*`, `API-Gateway-Execution-Logs_${this.restApi.id}/*`]);
    this.restApiId = this.restApi.id;
    const route = invokeRoute(this, { naming, restApi: this.restApi, auth: settings.auth, gatewayFunction: this.gatewayFunction, stageName: this.stageName });
    this.method = route.method;
    this.authorizer = route.authorizer;

    const stage = apiStage(this, {
      naming,
      accountId,
      region,
      restApi: this.restApi,
      deployment: route.deployment,
      stageName: this.stageName,
      auth: settings.auth,
      key: this.key,
      retentionDays: settings.retentionDays,
      throttling: settings.throttling,
      executionLoggingLevel: props.executionLoggingLevel ?? "ERROR",
      manageAccountLoggingRole: props.manageAccountLoggingRole ?? false,
    });
    this.stage = stage.stage;
    this.accessLogGroup = stage.accessLogGroup;
    this.executionLogGroup = stage.executionLogGroup;
    this.throttleMetricFilter = stage.throttleMetricFilter;
    this.apiStage = { apiName, stageName: this.stageName, apiId: this.restApi.id };

    this.webAcl = new InferenceWebAcl(this, "waf", {
      name: naming.name("inference-api-waf", 128),
      stageArn: this.stage.arn,
      rateLimitPer5Min: props.wafRateLimitPer5Min ?? INFERENCE_GATEWAY_DEFAULTS.wafRateLimitPer5Min,
      anonymousIpListAction: props.wafAnonymousIpList ?? INFERENCE_GATEWAY_DEFAULTS.wafAnonymousIpList,
      logs: { encryptionKey: this.key, accountId, region, retentionInDays: settings.retentionDays },
    });
    this.webAclArn = this.webAcl.webAclArn;
    this.invokeUrl = `${this.stage.invokeUrl}${INVOKE_PATH_TEXT}`;
  }
}
