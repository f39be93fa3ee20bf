import { describe, expect, it } from "vitest";
import { gatewayReservedConcurrency, InferenceGateway, MANAGED_RULE_GROUPS, type InferenceGatewayProps } from "..";
import type { Grantee } from "../../shared/grantee";
import { onlyResource, resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming, type SynthesizedJson } from "../../../testing/fixtures/synth";

const ENDPOINT_ARN = "arn:aws:sagemaker:sa-east-1:123456789012:endpoint/llmobs-retail-banking-staging-endpoint";
const POOL = "arn:aws:cognito-idp:sa-east-1:123456789012:userpool/sa-east-1_AbCdEf123";
const STREAM = { name: "inference-logs", arn: "arn:aws:firehose:sa-east-1:123456789012:deliverystream/inference-logs" };

/** Stands in for an InferenceEndpoint: its grant adds what `InferenceEndpoint.grantInvoke` adds. */
const endpoint = {
  endpointName: "llmobs-retail-banking-staging-endpoint",
  modelName: "llama-3-1-8b-instruct",
  instanceType: "ml.g5.2xlarge",
  grantInvoke: (grantee: Grantee) =>
    grantee.addToRolePolicy({
      Sid: "InvokeInferenceEndpoint",
      Effect: "Allow",
      Action: ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"],
      Resource: ENDPOINT_ARN,
      Condition: { StringEquals: { "aws:RequestedRegion": TEST_REGION } },
    }),
};

const CALLERS = [
  { principal: "arn:aws:iam::123456789012:role/advisor-*", useCase: "wealth" },
  { principal: "arn:aws:iam::123456789012:role/platform-router", headerUseCases: ["general", "wealth"] },
];

function props(overrides: Partial<InferenceGatewayProps> = {}): InferenceGatewayProps {
  return {
    naming: testNaming(),
    accountId: TEST_ACCOUNT,
    region: TEST_REGION,
    endpoint,
    network: {
      vpcId: "vpc-0123456789abcdef0",
      subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
      securityGroupIds: ["sg-0123456789abcdef0"],
    },
    useCases: ["general", "wealth"],
    auth: { type: "iam", callers: CALLERS },
    requestTypes: ["balance_inquiry", "investment_strategy", "general"],
    ...overrides,
  };
}

function synth(overrides: Partial<InferenceGatewayProps> = {}): SynthesizedJson {
  return synthStack((stack) => new InferenceGateway(stack, "gateway", props(overrides)));
}

// Bundling the function takes a few seconds: synthesize the two auth modes once.
const iam = synth({ inferenceLogStream: STREAM, throttling: { rateLimit: 20, burstLimit: 40 }, wafRateLimitPer5Min: 500 });
const cognito = synth({
  auth: { type: "cognito", userPoolArn: POOL },
  manageAccountLoggingRole: true,
  executionLoggingLevel: "INFO",
  wafAnonymousIpList: "block",
});

const ref = (json: SynthesizedJson, type: string) => `\${${type}.${Object.keys(json.resource[type]!)[0]}`;

describe("WAF", () => {
  it("runs the three AWS managed rule groups and a per-IP rate rule, every rule with metrics", () => {
    const acl = onlyResource(iam, "aws_wafv2_web_acl");
    expect(acl.scope).toBe("REGIONAL");
    expect(acl.default_action).toEqual({ allow: {} });
    const managed = acl.rule.filter((r: any) => r.statement.managed_rule_group_statement);
    expect(managed.map((r: any) => r.statement.managed_rule_group_statement.name).sort()).toEqual([
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesAnonymousIpList",
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
    ]);
    expect(managed.every((r: any) => r.statement.managed_rule_group_statement.vendor_name === "AWS")).toBe(true);
    // The groups' own actions apply, except the anonymous-IP list, which counts by default.
    expect(managed.filter((r: any) => r.override_action.none).map((r: any) => r.name)).toEqual([
      "AWSManagedRulesAmazonIpReputationList",
      "AWSManagedRulesCommonRuleSet",
      "AWSManagedRulesKnownBadInputsRuleSet",
    ]);
    const rate = acl.rule.find((r: any) => r.statement.rate_based_statement);
    expect(rate.statement.rate_based_statement).toMatchObject({ limit: 500, aggregate_key_type: "IP" });
    expect(rate.action).toEqual({ block: {} });
    for (const visibility of [acl.visibility_config, ...acl.rule.map((r: any) => r.visibility_config)]) {
      expect(visibility).toMatchObject({ cloudwatch_metrics_enabled: true, sampled_requests_enabled: true });
    }
    const names = [acl.visibility_config, ...acl.rule.map((r: any) => r.visibility_config)].map((v: any) => v.metric_name);
    expect(new Set(names).size).toBe(MANAGED_RULE_GROUPS.length + 2);
    expect(new Set(acl.rule.map((r: any) => r.priority)).size).toBe(acl.rule.length);
  });

  it("counts instead of blocking the common rule set's 8 KB body limit, so long prompts reach the gateway", () => {
    const acl = onlyResource(iam, "aws_wafv2_web_acl");
    const common = acl.rule.find((r: any) => r.name === "AWSManagedRulesCommonRuleSet").statement.managed_rule_group_statement;
    expect(common.rule_action_override).toEqual([{ name: "SizeRestrictions_BODY", action_to_use: { count: {} } }]);
    const others = acl.rule.filter((r: any) => r.name !== "AWSManagedRulesCommonRuleSet" && r.statement.managed_rule_group_statement);
    for (const r of others) expect(r.statement.managed_rule_group_statement.rule_action_override).toBeUndefined();
  });

  it("counts the anonymous-IP list by default and blocks with it when told", () => {
    const rule = (json: SynthesizedJson) => onlyResource(json, "aws_wafv2_web_acl").rule.find((r: any) => r.name === "AWSManagedRulesAnonymousIpList");
    expect(rule(iam).override_action).toEqual({ count: {} });
    expect(rule(cognito).override_action).toEqual({ none: {} });
  });

  it("logs every request to a KMS-encrypted aws-waf-logs- group kept a year, with the authorization header redacted", () => {
    const logging = onlyResource(iam, "aws_wafv2_web_acl_logging_configuration");
    expect(logging.resource_arn).toBe(`${ref(iam, "aws_wafv2_web_acl")}.arn}`);
    expect(logging.redacted_fields).toEqual([{ single_header: { name: "authorization" } }]);
    const group = resourcesOf(iam, "aws_cloudwatch_log_group").find((g) => String(g.name).startsWith("aws-waf-logs-"))!;
    expect(group.name).toBe("aws-waf-logs-llmobs-retail-banking-staging-inference-api-waf");
    expect(logging.log_destination_configs).toEqual([`arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:${group.name}`]);
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
    expect(group.retention_in_days).toBe(365);
  });

  it("keeps prompts and credentials out of WAF's output: body and authorization header replaced, rule match details included", () => {
    const protections = onlyResource(iam, "aws_wafv2_web_acl").data_protection_config.data_protection;
    expect(protections).toEqual([
      { action: "SUBSTITUTION", field: { field_type: "BODY" }, exclude_rule_match_details: false, exclude_rate_based_details: false },
      {
        action: "SUBSTITUTION",
        field: { field_type: "SINGLE_HEADER", field_keys: ["authorization"] },
        exclude_rule_match_details: false,
        exclude_rate_based_details: false,
      },
    ]);
  });

  it("lets WAF's log delivery write to that log group only, from this account (AWS's documented policy)", () => {
    const policy = JSON.parse(onlyResource(iam, "aws_cloudwatch_log_resource_policy").policy_document).Statement[0];
    expect(policy).toMatchObject({
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:aws-waf-logs-llmobs-retail-banking-staging-inference-api-waf:log-stream:*`,
      Condition: { ArnLike: { "aws:SourceArn": `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:*` }, StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
    });
  });

  it("is associated with the stage", () => {
    const association = onlyResource(iam, "aws_wafv2_web_acl_association");
    expect(association.resource_arn).toBe(`${ref(iam, "aws_api_gateway_stage")}.arn}`);
    expect(association.web_acl_arn).toBe(`${ref(iam, "aws_wafv2_web_acl")}.arn}`);
  });

  it("refuses a rate limit below 100", () => {
    expect(() => synthStack((s) => new InferenceGateway(s, "g", props({ wafRateLimitPer5Min: 50 })))).toThrow(/ratelimitper5min 50 is out of range/i);
  });
});

describe("authorization", () => {
  it("IAM mode: the method requires AWS_IAM and there is no authorizer", () => {
    expect(onlyResource(iam, "aws_api_gateway_method")).toMatchObject({ http_method: "POST", authorization: "AWS_IAM" });
    expect(resourcesOf(iam, "aws_api_gateway_authorizer")).toHaveLength(0);
  });

  it("Cognito mode: a user-pool authorizer on the Authorization header guards the method", () => {
    const authorizer = onlyResource(cognito, "aws_api_gateway_authorizer");
    expect(authorizer).toMatchObject({ type: "COGNITO_USER_POOLS", provider_arns: [POOL], identity_source: "method.request.header.Authorization" });
    const method = onlyResource(cognito, "aws_api_gateway_method");
    expect(method.authorization).toBe("COGNITO_USER_POOLS");
    expect(method.authorizer_id).toBe(`${ref(cognito, "aws_api_gateway_authorizer")}.id}`);
  });

  it("every method of both modes has an authorization other than NONE", () => {
    for (const json of [iam, cognito]) {
      for (const m of resourcesOf(json, "aws_api_gateway_method")) expect(["AWS_IAM", "COGNITO_USER_POOLS"]).toContain(m.authorization);
    }
  });
});

describe("stage", () => {
  it("writes JSON access logs to a KMS-encrypted log group kept a year", () => {
    const stage = onlyResource(iam, "aws_api_gateway_stage");
    const groups = resourcesOf(iam, "aws_cloudwatch_log_group");
    const access = groups.find((g) => String(g.name).startsWith("/aws/apigateway/"))!;
    expect(stage.access_log_settings.destination_arn).toMatch(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.arn\}$/);
    expect(access.retention_in_days).toBeGreaterThanOrEqual(365);
    expect(access.kms_key_id).toMatch(/^\$\{aws_kms_key\.[\w-]+\.arn\}$/);
    const format = JSON.parse(stage.access_log_settings.format);
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      caller: "$context.identity.caller",
      status: "$context.status",
      latency: "$context.responseLatency",
    });
    expect(format.use_case).toBe("$context.authorizer.use_case");
    expect(JSON.parse(onlyResource(cognito, "aws_api_gateway_stage").access_log_settings.format).use_case).toBe("$context.authorizer.claims.use_case");
    expect(stage.access_log_settings.format).not.toMatch(/body|requestOverride/i);
  });

  it("counts 429s from the access log per API and stage, which API Gateway only folds into 4XXError", () => {
    const filter = onlyResource(iam, "aws_cloudwatch_log_metric_filter");
    const access = resourcesOf(iam, "aws_cloudwatch_log_group").find((g) => String(g.name).startsWith("/aws/apigateway/"))!;
    expect(filter.log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.[\w-]+\.name\}$/);
    expect(access).toBeDefined();
    expect(filter.pattern).toBe('{ $.status = "429" }');
    expect(filter.metric_transformation).toEqual({
      name: "ApiThrottled",
      namespace: "LLMInference/Api",
      value: "1",
      unit: "Count",
      dimensions: { ApiId: "$.apiId", Stage: "$.stage" },
    });
    // The dimensions come from fields the access log writes.
    const format = JSON.parse(onlyResource(iam, "aws_api_gateway_stage").access_log_settings.format);
    expect(format).toMatchObject({ apiId: "$context.apiId", stage: "$context.stage", status: "$context.status" });
  });

  it("every log group (access, execution, function, WAF) is KMS-encrypted and kept at least 365 days", () => {
    const groups = resourcesOf(iam, "aws_cloudwatch_log_group");
    expect(groups).toHaveLength(4);
    expect(groups.some((g) => String(g.name).startsWith("API-Gateway-Execution-Logs_"))).toBe(true);
    for (const g of groups) {
      expect(g.kms_key_id).toBeTruthy();
      expect(g.retention_in_days).toBeGreaterThanOrEqual(365);
    }
  });

  it("the log key lets CloudWatch Logs encrypt the gateway's own log groups only: the function's, the API's access and execution logs", () => {
    const gatewayKey = Object.entries(iam.resource.aws_kms_key!).find(([name]) => name.startsWith("gateway_key"))![1];
    const policy = JSON.parse(gatewayKey.policy);
    const logs = policy.Statement.find((s: any) => s.Sid === "CloudWatchLogsEncryptLogGroups");
    const prefix = `arn:aws:logs:${TEST_REGION}:${TEST_ACCOUNT}:log-group:`;
    expect(logs.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toEqual([
      `${prefix}/aws/lambda/llmobs-retail-banking-staging-*`,
      `${prefix}/aws/apigateway/llmobs-retail-banking-staging-*`,
      expect.stringMatching(/^arn:aws:logs:sa-east-1:\d{12}:log-group:API-Gateway-Execution-Logs_\$\{aws_api_gateway_rest_api\.[\w-]+\.id\}\/\*$/),
    ]);
  });

  it("traces with X-Ray and throttles every method with metrics on and data trace off", () => {
    expect(onlyResource(iam, "aws_api_gateway_stage").xray_tracing_enabled).toBe(true);
    const settings = onlyResource(iam, "aws_api_gateway_method_settings");
    expect(settings.method_path).toBe("*/*");
    expect(settings.settings).toEqual({
      metrics_enabled: true,
      logging_level: "ERROR",
      data_trace_enabled: false,
      throttling_rate_limit: 20,
      throttling_burst_limit: 40,
    });
    expect(onlyResource(cognito, "aws_api_gateway_method_settings").settings.logging_level).toBe("INFO");
  });

  it("redeploys on route changes, creating the new deployment first", () => {
    const deployment = onlyResource(iam, "aws_api_gateway_deployment");
    expect(deployment.lifecycle.create_before_destroy).toBe(true);
    expect(deployment.triggers.redeployment).toMatch(/^\$\{sha1\(jsonencode\(/);
    expect(deployment.triggers.redeployment).toContain("aws_api_gateway_integration.");
    expect(deployment.triggers.redeployment).toContain("aws_api_gateway_method.");
  });

  it("manages the account logging role only when asked", () => {
    expect(resourcesOf(iam, "aws_api_gateway_account")).toHaveLength(0);
    const account = onlyResource(cognito, "aws_api_gateway_account");
    expect(account.cloudwatch_role_arn).toMatch(/^\$\{aws_iam_role\./);
    const role = resourcesOf(cognito, "aws_iam_role").find(
      (r) => JSON.parse(r.assume_role_policy).Statement[0].Principal.Service === "apigateway.amazonaws.com",
    );
    expect(role).toBeDefined();
  });
});

describe("gateway function", () => {
  it("is a Lambda proxy integration on POST /v1/invoke, invokable only from this API's stage and route", () => {
    const paths = resourcesOf(iam, "aws_api_gateway_resource").map((r) => r.path_part);
    expect(paths.sort()).toEqual(["invoke", "v1"]);
    const integration = onlyResource(iam, "aws_api_gateway_integration");
    expect(integration).toMatchObject({ type: "AWS_PROXY", integration_http_method: "POST", timeout_milliseconds: 29000 });
    expect(integration.uri).toBe(`${ref(iam, "aws_lambda_function")}.invoke_arn}`);
    const permission = onlyResource(iam, "aws_lambda_permission");
    expect(permission).toMatchObject({ action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com" });
    expect(permission.source_arn).toBe(`${ref(iam, "aws_api_gateway_rest_api")}.execution_arn}/live/POST/v1/invoke`);
  });

  it("gets its configuration from the endpoint and the props", () => {
    const fn = onlyResource(iam, "aws_lambda_function");
    expect(fn.environment.variables).toMatchObject({
      ENDPOINT_NAME: endpoint.endpointName,
      MODEL_NAME: endpoint.modelName,
      INSTANCE_TYPE: endpoint.instanceType,
      USE_CASES: "general,wealth",
      REQUEST_TYPES: "balance_inquiry,investment_strategy,general",
      GUARDRAIL_MODE: "flag",
      GUARDRAIL_MAX_PROMPT_CHARS: "32000",
      INVOKE_TIMEOUT_MS: "24000",
      INFERENCE_LOG_STREAM_NAME: "inference-logs",
    });
    expect(onlyResource(cognito, "aws_lambda_function").environment.variables.INFERENCE_LOG_STREAM_NAME).toBeUndefined();
  });

  it("binds each caller to its use case: principals under IAM, a claim under Cognito; synth fails when the caller would choose", () => {
    expect(JSON.parse(onlyResource(iam, "aws_lambda_function").environment.variables.USE_CASE_BINDING)).toEqual({ source: "principal", callers: CALLERS });
    expect(JSON.parse(onlyResource(cognito, "aws_lambda_function").environment.variables.USE_CASE_BINDING)).toEqual({
      source: "claim",
      claim: "custom:use_case",
    });
    expect(() => synthStack((s) => new InferenceGateway(s, "g", props({ auth: { type: "iam" } })))).toThrow(/a caller may not choose it\): callers is empty/);
    const wildcardHeader = [{ principal: "arn:aws:iam::123456789012:role/*", headerUseCases: ["general"] }];
    expect(() => synthStack((s) => new InferenceGateway(s, "g", props({ auth: { type: "iam", callers: wildcardHeader } })))).toThrow(/named principal/);
  });

  it("sends inference logs Firehose refused twice to its own encrypted queue, send-only", () => {
    const queue = onlyResource(iam, "aws_sqs_queue");
    expect(queue.message_retention_seconds).toBe(1_209_600);
    expect(queue.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.gateway_key_[A-F0-9]+\.arn\}$/);
    const fn = onlyResource(iam, "aws_lambda_function");
    expect(fn.environment.variables.INFERENCE_LOG_FALLBACK_QUEUE_URL).toBe(`${ref(iam, "aws_sqs_queue")}.url}`);
    const policies = JSON.stringify(iam.resource.aws_iam_role_policy ?? {});
    expect(policies).toContain("sqs:SendMessage");
    expect(policies).not.toContain("sqs:ReceiveMessage");
    expect(cognito.resource.aws_sqs_queue).toBeUndefined();
  });

  it("times out at least 6 s after the gateway deadline, which stays under API Gateway's 29 s", () => {
    const fn = onlyResource(iam, "aws_lambda_function");
    expect(fn.timeout * 1000 - Number(fn.environment.variables.INVOKE_TIMEOUT_MS)).toBeGreaterThanOrEqual(6000);
    expect(() => synthStack((s) => new InferenceGateway(s, "g", props({ invokeTimeoutMs: 29_000 })))).toThrow(/invoketimeoutms 29000 is out of range/i);
    // 27 s of invoke plus two 2 s Firehose attempts would answer after API Gateway's 29 s.
    expect(() => synthStack((s) => new InferenceGateway(s, "g", props({ invokeTimeoutMs: 27_000 })))).toThrow(/use 1000 to 24000/);
  });

  it("refuses a prompt-size limit the gateway function would refuse at its cold start", () => {
    expect(() => synthStack((s) => new InferenceGateway(s, "g", props({ guardrailMaxPromptChars: 50 })))).toThrow(
      /guardrailMaxPromptChars 50 .* from 100 to 1000000/,
    );
  });

  it("runs in the environment's VPC, traced, with a KMS-encrypted environment", () => {
    const fn = onlyResource(iam, "aws_lambda_function");
    expect(fn.vpc_config.subnet_ids).toEqual(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]);
    expect(fn.vpc_config.security_group_ids).toEqual(["sg-0123456789abcdef0"]);
    expect(fn.tracing_config.mode).toBe("Active");
    expect(fn.kms_key_arn).toMatch(/^\$\{aws_kms_key\./);
  });

  it("may invoke only this endpoint, in this region, and put records only to the inference log stream", () => {
    const policies = resourcesOf(iam, "aws_iam_role_policy").map((p) => JSON.parse(p.policy).Statement as any[]);
    const statements = policies.flat();
    const sagemaker = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("sagemaker:")));
    expect(sagemaker).toHaveLength(1);
    expect(sagemaker[0].Action).toEqual(["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"]);
    expect(sagemaker[0].Resource).toBe(ENDPOINT_ARN);
    expect(sagemaker[0].Condition).toEqual({ StringEquals: { "aws:RequestedRegion": TEST_REGION } });
    const firehose = statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("firehose:")));
    // PutRecordBatch carries the parts of a record over Firehose's 1,000 KiB.
    expect(firehose).toEqual([expect.objectContaining({ Action: ["firehose:PutRecord", "firehose:PutRecordBatch"], Resource: STREAM.arn })]);
    const cognitoStatements = resourcesOf(cognito, "aws_iam_role_policy").flatMap((p) => JSON.parse(p.policy).Statement as any[]);
    expect(cognitoStatements.some((s) => [s.Action].flat().some((a: string) => a.startsWith("firehose:")))).toBe(false);
    for (const s of statements) expect([s.Action].flat()).not.toContain("*");
  });
});

describe("reserved concurrency", () => {
  it("follows Little's law on the stage throttling and the Lambda timeout, capped by the endpoint's capacity", () => {
    // 40 burst + 20 rps x 30 s (24 s deadline + 6 s headroom); no endpoint capacity known.
    expect(onlyResource(iam, "aws_lambda_function").reserved_concurrent_executions).toBe(40 + 20 * 30);
    expect(gatewayReservedConcurrency({ rateLimit: 50, burstLimit: 100, lambdaTimeoutSeconds: 33 })).toBe(1750);
    // An endpoint serving 64 at once refuses the rest within a second: 100 + 64 + 50.
    expect(gatewayReservedConcurrency({ rateLimit: 50, burstLimit: 100, lambdaTimeoutSeconds: 33, endpointConcurrency: 64 })).toBe(214);
    expect(gatewayReservedConcurrency({ rateLimit: 2, burstLimit: 5, lambdaTimeoutSeconds: 33, endpointConcurrency: 384 })).toBe(5 + 66);
  });

  it("uses the endpoint's capacity when the endpoint knows it, and an explicit value when given", () => {
    const bounded = synth({ endpoint: { ...endpoint, maxConcurrentInvocations: 128 } });
    expect(onlyResource(bounded, "aws_lambda_function").reserved_concurrent_executions).toBe(100 + 128 + 50);
    const explicit = synth({ reservedConcurrency: 300 });
    expect(onlyResource(explicit, "aws_lambda_function").reserved_concurrent_executions).toBe(300);
    expect(() => gatewayReservedConcurrency({ rateLimit: 0, burstLimit: 1, lambdaTimeoutSeconds: 1 })).toThrow(/positive rate limit/);
  });
});
