import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { FunctionCodeSigning, type CodeSigningChoice } from "../shared/code-signing";
import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { requestValidation } from "./request-schema";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Fn, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { API_GATEWAY_INTEGRATION_TIMEOUT_MS, DEFAULT_INVOKE_TIMEOUT_MS, MAX_INVOKE_TIMEOUT_MS } from "../../contracts/gateway-budget";
import { ACCESS_LOG_METRICS, AWS_SERVICE_DIMENSIONS } from "../../contracts/metric-catalogue";
import { USE_CASE_BINDING_VARIABLE } from "../../contracts/use-case-binding";
import { fallbackSendStatements, inferenceLogFallbackQueue, useCaseBindingOf } from "./caller-binding";
import { requireRulePack } from "../shared/policy/packs";
import { INFERENCE_GATEWAY_RULE_PACK } from "./policy-rules";
import { BundledFunction } from "../shared/bundled-function";
import { DEFAULT_FUNCTION_TRACING, type FunctionTracing, grantTraceExport, tracingEnvironment, validateFunctionTracing } from "../shared/function-tracing";
import { FunctionCode } from "../shared/deployment-package";
import { ALLOWED_LOG_RETENTION_DAYS, EncryptedLogGroup, isAllowedLogRetention } from "../shared/encrypted-log-group";
import { EncryptionKey } from "../shared/encryption-key";
import type { Grantee } from "../shared/grantee";
import { NAME_LIMITS, type ResourceNaming } from "../shared/naming";
import { partitionOf } from "../shared/partition";
import { PolicyDocument } from "../shared/policy-document";
import { accessLogFormat, type InferenceApiAuth } from "./access-log-format";
import { InferenceWebAcl } from "./inference-web-acl";
import { gatewayReservedConcurrency } from "./reserved-concurrency";

/** API Gateway REST's integration timeout. */
export const INTEGRATION_TIMEOUT_MS = API_GATEWAY_INTEGRATION_TIMEOUT_MS;
/**
 * The gateway must answer (504) before API Gateway does, log delivery included: 24 s of invoke,
 * 2 x 1.5 s of Firehose puts, 1 s for the fallback queue and 1 s of margin fit 29 s (contracts/gateway-budget.ts).
 */
export { MAX_INVOKE_TIMEOUT_MS };
/** Headroom of the Lambda timeout over the gateway deadline: log delivery (2 x 1.5 s to Firehose, 1 s to the fallback queue) and metrics flush. */
export const LAMBDA_TIMEOUT_HEADROOM_SECONDS = 6;
/** The gateway function's timeout: the deadline, rounded up to seconds, plus the headroom. */
export function gatewayLambdaTimeoutSeconds(invokeTimeoutMs: number): number {
  return Math.ceil(invokeTimeoutMs / 1000) + LAMBDA_TIMEOUT_HEADROOM_SECONDS;
}

/** Path of the inference method, under the stage. */
export const INVOKE_PATH = ["v1", "invoke"] as const;

/** What the gateway needs of the endpoint it fronts (an `InferenceEndpoint` fits). */
export interface GatewayEndpoint {
  readonly endpointName: string;
  readonly modelName: string;
  readonly instanceType: string;
  /**
   * Requests the endpoint serves at once (instances, the autoscaling maximum, times the
   * per-instance limit): bounds the gateway's derived reserved concurrency.
   * @default - unknown: the reserved concurrency follows the stage throttling alone
   */
  readonly maxConcurrentInvocations?: number;
  /** Lets the gateway function invoke the endpoint (`InferenceEndpoint.grantInvoke`). */
  grantInvoke(grantee: Grantee): void;
}

export interface InferenceGatewayProps {
  readonly naming: ResourceNaming;
  readonly accountId: string;
  readonly region: string;
  /** The SageMaker endpoint behind the API (its name, model and instance type are metric dimensions). */
  readonly endpoint: GatewayEndpoint;
  /** The function's VPC placement (private subnets with a SageMaker Runtime route or endpoint). */
  readonly network: { readonly vpcId: string; readonly subnetIds: readonly string[]; readonly securityGroupIds: readonly string[] };
  /** Use cases callers may declare. */
  readonly useCases: readonly string[];
  /** Request types callers may send (the `request_type` metric dimension). */
  readonly requestTypes: readonly string[];
  /** `flag` passes flagged prompts on, `block` answers 403. @default "flag" */
  readonly guardrailMode?: "flag" | "block";
  /** Prompts longer than this are flagged. @default 32000 */
  readonly guardrailMaxPromptChars?: number;
  /**
   * Who may call, and how each caller's use case is known: under IAM, `callers` maps principals to
   * use cases (required: without it every call is refused, so synth fails); under Cognito, a claim.
   * @default { type: "iam" } - with no callers: synth fails until they are given
   */
  readonly auth?: InferenceApiAuth;
  /** Stage throttling for every method. @default { rateLimit: 50, burstLimit: 100 } */
  readonly throttling?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Requests per IP per 5 minutes before WAF blocks. @default 2000 */
  readonly wafRateLimitPer5Min?: number;
  /** What WAF's anonymous-IP managed group does with a match (see `InferenceWebAclProps`). @default "count" */
  readonly wafAnonymousIpList?: "count" | "block";
  /**
   * Gateway deadline in ms, at most 24000 (with log delivery and the response it must fit API
   * Gateway's 29 s); the Lambda timeout is this plus 6 s, rounded up. @default 24000
   */
  readonly invokeTimeoutMs?: number;
  /**
   * Firehose stream for inference log records; the function may `firehose:PutRecord` and
   * `PutRecordBatch` to it. A record Firehose refuses twice goes to the module's fallback queue.
   * @default - no delivery
   */
  readonly inferenceLogStream?: { readonly name: string; readonly arn: string };
  /**
   * Creates the account+region singleton `aws_api_gateway_account` with a CloudWatch role, which
   * execution logging needs. Only one stack per account and region may set this: a second one
   * would fight over it. Leave false where the platform team already set it.
   * @default false
   */
  readonly manageAccountLoggingRole?: boolean;
  /** Execution log level (never request bodies: data trace stays off). @default "ERROR" */
  readonly executionLoggingLevel?: "INFO" | "ERROR";
  /** @default "live" */
  readonly stageName?: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /**
   * Reserved concurrency of the gateway function: its guaranteed share of the account's Lambda
   * concurrency and its cap, so that inference traffic cannot starve every other function.
   * @default - `gatewayReservedConcurrency` of the stage throttling, the Lambda timeout and the endpoint's capacity
   */
  readonly reservedConcurrency?: number;
  /** Retention of the access, execution and function log groups (>= 365). @default 365 */
  readonly logRetentionDays?: number;
  /**
   * Code signing of the module's functions: a `FunctionCodeSigning`, or `"off"`.
   * @default - the stack's own (`FunctionCodeSigning.ofStack`, enforce), shared by every module of the stack
   */
  readonly codeSigning?: CodeSigningChoice;
  /**
   * The request spans (OpenTelemetry GenAI conventions): exported to X-Ray's OTLP endpoint, and to
   * the bank's OTLP endpoint when `otlp` is set; `false` turns tracing off (`OTEL_SDK_DISABLED`).
   * @default { sampleRatio: 0.1 } - X-Ray, 10 % of new traces, every error and guardrail hit
   */
  readonly tracing?: FunctionTracing | false;
}

/** The module's defaults for what an environment file can set; the environment section reuses them. */
export const INFERENCE_GATEWAY_DEFAULTS = {
  guardrailMode: "flag",
  guardrailMaxPromptChars: 32_000,
  auth: { type: "iam" },
  throttling: { rateLimit: 50, burstLimit: 100 },
  wafRateLimitPer5Min: 2_000,
  wafAnonymousIpList: "count",
  /** With log delivery and the response, under API Gateway REST's 29 s, so the gateway answers its own 504. */
  invokeTimeoutMs: DEFAULT_INVOKE_TIMEOUT_MS,
} as const;

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
    const partition = partitionOf(region);
    const auth = props.auth ?? INFERENCE_GATEWAY_DEFAULTS.auth;
    const invokeTimeoutMs = props.invokeTimeoutMs ?? INFERENCE_GATEWAY_DEFAULTS.invokeTimeoutMs;
    const throttling = props.throttling ?? INFERENCE_GATEWAY_DEFAULTS.throttling;
    const retention = props.logRetentionDays ?? 365;
    this.stageName = props.stageName ?? "live";
    validateProps(props, invokeTimeoutMs, throttling, retention, this.stageName);
    const useCaseBinding = useCaseBindingOf(auth, props.useCases);
    const lambdaTimeoutSeconds = gatewayLambdaTimeoutSeconds(invokeTimeoutMs);
    const tracing = props.tracing ?? DEFAULT_FUNCTION_TRACING;
    validateFunctionTracing(tracing);
    this.reservedConcurrency =
      props.reservedConcurrency ??
      gatewayReservedConcurrency({
        rateLimit: throttling.rateLimit,
        burstLimit: throttling.burstLimit,
        lambdaTimeoutSeconds,
        endpointConcurrency: props.endpoint.maxConcurrentInvocations,
      });
    if (!Number.isInteger(this.reservedConcurrency) || this.reservedConcurrency < 1) {
      throw new Error(`gateway reserved concurrency must be a whole number of at least 1, got ${this.reservedConcurrency}`);
    }

    this.key = new EncryptionKey(this, "key", {
      aliasName: naming.name("gateway-key", NAME_LIMITS.kmsAlias),
      description: "Inference gateway: function environment and logs, API access and execution logs",
      accountId,
      region,
    });
    if (props.inferenceLogStream) this.inferenceLogFallbackQueue = inferenceLogFallbackQueue(this, naming, this.key);

    // Function
    this.gatewayFunction = new BundledFunction(this, "function", {
      functionName: naming.name("gateway", NAME_LIMITS.lambda),
      code: FunctionCode.platform("gateway"),
      description: "LLM inference gateway: validates, pre-checks, streams from SageMaker and measures",
      grantName: "Gateway",
      accountId,
      region,
      encryptionKey: this.key,
      environment: {
        ENDPOINT_NAME: props.endpoint.endpointName,
        MODEL_NAME: props.endpoint.modelName,
        INSTANCE_TYPE: props.endpoint.instanceType,
        USE_CASES: props.useCases.join(","),
        [USE_CASE_BINDING_VARIABLE]: JSON.stringify(useCaseBinding),
        REQUEST_TYPES: props.requestTypes.join(","),
        GUARDRAIL_MODE: props.guardrailMode ?? INFERENCE_GATEWAY_DEFAULTS.guardrailMode,
        GUARDRAIL_MAX_PROMPT_CHARS: String(props.guardrailMaxPromptChars ?? INFERENCE_GATEWAY_DEFAULTS.guardrailMaxPromptChars),
        INVOKE_TIMEOUT_MS: String(invokeTimeoutMs),
        POWERTOOLS_SERVICE_NAME: "llm-inference-gateway",
        ...(props.inferenceLogStream ? { INFERENCE_LOG_STREAM_NAME: props.inferenceLogStream.name } : {}),
        ...tracingEnvironment(tracing, "llm-inference-gateway"),
        ...(this.inferenceLogFallbackQueue ? { INFERENCE_LOG_FALLBACK_QUEUE_URL: this.inferenceLogFallbackQueue.url } : {}),
      },
      vpcId: props.network.vpcId,
      subnetIds: props.network.subnetIds,
      securityGroupIds: props.network.securityGroupIds,
      timeoutSeconds: lambdaTimeoutSeconds,
      memorySize: props.memorySize ?? 1024,
      logRetentionDays: retention,
      reservedConcurrency: this.reservedConcurrency,
      codeSigning: FunctionCodeSigning.resolve(this, props.codeSigning, { naming, accountId, region }),
    });
    this.gatewayRoleArn = this.gatewayFunction.roleArn;
    if (tracing !== false) grantTraceExport(this.gatewayFunction, region);
    props.endpoint.grantInvoke(this.gatewayFunction);
    if (props.inferenceLogStream) {
      // PutRecordBatch carries the parts of a record over Firehose's 1,000 KiB (functions/gateway/log-split.ts).
      this.gatewayFunction.addToRolePolicy({
        Sid: "PutInferenceLogRecords",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: props.inferenceLogStream.arn,
      });
    }
    if (this.inferenceLogFallbackQueue) this.gatewayFunction.addToRolePolicy(...fallbackSendStatements(this.inferenceLogFallbackQueue, this.key, region));

    // API
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
    const v1 = new ApiGatewayResource(this, "v1", { restApiId: this.restApi.id, parentId: this.restApi.rootResourceId, pathPart: INVOKE_PATH[0] });
    const invoke = new ApiGatewayResource(this, "invoke", { restApiId: this.restApi.id, parentId: v1.id, pathPart: INVOKE_PATH[1] });
    if (auth.type === "cognito") {
      this.authorizer = new ApiGatewayAuthorizer(this, "authorizer", {
        name: naming.name("inference-api-users"),
        restApiId: this.restApi.id,
        type: "COGNITO_USER_POOLS",
        providerArns: [auth.userPoolArn],
        identitySource: "method.request.header.Authorization",
      });
    }
    // API Gateway refuses a body that is not the request's shape before the function runs (and is billed).
    const validation = requestValidation(this, this.restApi.id);
    this.method = new ApiGatewayMethod(this, "post", {
      restApiId: this.restApi.id,
      resourceId: invoke.id,
      httpMethod: "POST",
      authorization: auth.type === "cognito" ? "COGNITO_USER_POOLS" : "AWS_IAM",
      ...(this.authorizer ? { authorizerId: this.authorizer.id } : {}),
      requestValidatorId: validation.validatorId,
      requestModels: { "application/json": validation.modelName },
    });
    const integration = new ApiGatewayIntegration(this, "integration", {
      restApiId: this.restApi.id,
      resourceId: invoke.id,
      httpMethod: this.method.httpMethod,
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: this.gatewayFunction.function.invokeArn,
      timeoutMilliseconds: INTEGRATION_TIMEOUT_MS,
    });
    const invokePath = `/${INVOKE_PATH.join("/")}`;
    new LambdaPermission(this, "api-invoke", {
      statementId: "AllowInferenceApiInvoke",
      action: "lambda:InvokeFunction",
      functionName: this.gatewayFunction.function.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${this.restApi.executionArn}/${this.stageName}/POST${invokePath}`,
    });

    // A new deployment whenever the routes, auth or integration change; the old one goes after.
    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: this.restApi.id,
      description: "Inference API routes",
      triggers: {
        redeployment: Fn.sha1(
          Fn.jsonencode([
            v1.id,
            invoke.id,
            this.method.id,
            this.method.authorization,
            this.authorizer?.id ?? "",
            integration.id,
            integration.uri,
            integration.type,
            integration.timeoutMilliseconds,
          ]),
        ),
      },
      lifecycle: { createBeforeDestroy: true },
      dependsOn: [this.method, integration],
    });

    // Logs
    this.accessLogGroup = new EncryptedLogGroup(this, "access-logs", {
      logGroupName: `/aws/apigateway/${naming.name("inference-api", NAME_LIMITS.logGroup)}/access`,
      encryptionKey: this.key,
      accountId,
      region,
      retentionInDays: retention,
    }).logGroup;
    // Named as API Gateway names it, so it exists encrypted and with retention before API Gateway writes.
    this.executionLogGroup = new CloudwatchLogGroup(this, "execution-logs", {
      name: `API-Gateway-Execution-Logs_${this.restApi.id}/${this.stageName}`,
      retentionInDays: retention,
      kmsKeyId: this.key.keyArn,
    });
    const accountSettings: ITerraformDependable[] = [];
    if (props.manageAccountLoggingRole) accountSettings.push(this.accountLoggingRole(naming, accountId, region, partition));

    this.stage = new ApiGatewayStage(this, "stage", {
      restApiId: this.restApi.id,
      deploymentId: deployment.id,
      stageName: this.stageName,
      xrayTracingEnabled: true,
      accessLogSettings: { destinationArn: this.accessLogGroup.arn, format: accessLogFormat(auth) },
      dependsOn: [...accountSettings, this.executionLogGroup],
    });
    new ApiGatewayMethodSettings(this, "method-settings", {
      restApiId: this.restApi.id,
      stageName: this.stage.stageName,
      methodPath: "*/*",
      settings: {
        metricsEnabled: true,
        loggingLevel: props.executionLoggingLevel ?? "ERROR",
        // Data trace would log full request and response bodies: prompts and answers.
        dataTraceEnabled: false,
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
      },
      dependsOn: [...accountSettings, this.executionLogGroup],
    });

    // API Gateway counts 429s only inside 4XXError: the access log tells them apart, per API and stage.
    const throttled = ACCESS_LOG_METRICS.throttled;
    this.throttleMetricFilter = new CloudwatchLogMetricFilter(this, "throttled-metric", {
      name: `${throttled.name}-${this.stageName}`,
      logGroupName: this.accessLogGroup.name,
      pattern: '{ $.status = "429" }',
      metricTransformation: {
        name: throttled.name,
        namespace: throttled.namespace,
        value: "1",
        unit: throttled.unit,
        dimensions: { [AWS_SERVICE_DIMENSIONS.apiId]: "$.apiId", [AWS_SERVICE_DIMENSIONS.stage]: "$.stage" },
      },
    });
    this.apiStage = { apiName, stageName: this.stageName, apiId: this.restApi.id };

    this.webAcl = new InferenceWebAcl(this, "waf", {
      name: naming.name("inference-api-waf", 128),
      stageArn: this.stage.arn,
      rateLimitPer5Min: props.wafRateLimitPer5Min ?? INFERENCE_GATEWAY_DEFAULTS.wafRateLimitPer5Min,
      anonymousIpListAction: props.wafAnonymousIpList ?? INFERENCE_GATEWAY_DEFAULTS.wafAnonymousIpList,
      logs: { encryptionKey: this.key, accountId, region, retentionInDays: retention },
    });
    this.webAclArn = this.webAcl.webAclArn;
    this.invokeUrl = `${this.stage.invokeUrl}${invokePath}`;
  }

  /** The account-wide role API Gateway writes execution logs with (see `manageAccountLoggingRole`). */
  private accountLoggingRole(naming: ResourceNaming, accountId: string, region: string, partition: string): ApiGatewayAccount {
    const role = new IamRole(this, "account-logging-role", {
      name: naming.name("apigw-cloudwatch", NAME_LIMITS.iamRole),
      assumeRolePolicy: new PolicyDocument([
        {
          Effect: "Allow",
          Principal: { Service: "apigateway.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
      ]).render(),
    });
    const policy = new IamRolePolicy(this, "account-logging-policy", {
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
          Resource: `arn:${partition}:logs:${region}:${accountId}:*`,
        },
      ]).render(),
    });
    return new ApiGatewayAccount(this, "account", { cloudwatchRoleArn: role.arn, dependsOn: [policy] });
  }
}

function validateProps(
  props: InferenceGatewayProps,
  invokeTimeoutMs: number,
  throttling: { rateLimit: number; burstLimit: number },
  retention: number,
  stageName: string,
): void {
  if (!Number.isInteger(invokeTimeoutMs) || invokeTimeoutMs < 1_000 || invokeTimeoutMs > MAX_INVOKE_TIMEOUT_MS) {
    throw new Error(
      `invokeTimeoutMs ${invokeTimeoutMs} is out of range; use 1000 to ${MAX_INVOKE_TIMEOUT_MS} (with 4 s of log delivery and 1 s of margin it must fit api gateway's 29 s)`,
    );
  }
  if (props.useCases.length === 0) throw new Error('useCases is empty; list at least one use case, e.g. ["general"]');
  if (props.requestTypes.length === 0) throw new Error('requestTypes is empty; list at least one request type, e.g. ["general"]');
  if (!(throttling.rateLimit > 0) || !Number.isInteger(throttling.burstLimit) || throttling.burstLimit < 1) {
    throw new Error(`throttling ${JSON.stringify(throttling)} is invalid; use a rateLimit above 0 and a whole burstLimit of at least 1`);
  }
  if (!isAllowedLogRetention(retention)) {
    throw new Error(`logRetentionDays ${retention} is not allowed; use one of ${ALLOWED_LOG_RETENTION_DAYS.join(", ")}`);
  }
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(stageName)) throw new Error(`stageName "${stageName}" is invalid; use letters, digits, _ or -`);
}
