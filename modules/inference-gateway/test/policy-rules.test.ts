import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { LambdaEventSourceMapping } from "@cdktf/provider-aws/lib/lambda-event-source-mapping";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import type { TerraformStack } from "cdktf";
import { describe, expect, it } from "vitest";
import { InferenceGateway } from "..";
import { PLATFORM_RULE_PACKS } from "../../platform-rule-packs";
import { evaluatePolicy } from "../../shared/policy/policy-aspect";
import { synthesizedStackFrom } from "../../shared/policy/synthesized-stack";
import { synthStack, TEST_ACCOUNT, TEST_REGION, testNaming } from "../../../testing/fixtures/synth";
import type { Grantee } from "../../shared/grantee";

function failingRules(build: (stack: TerraformStack) => void): string[] {
  const json = synthStack(build);
  return [...new Set(evaluatePolicy(synthesizedStackFrom(json as never), PLATFORM_RULE_PACKS).map((f) => f.ruleId))].sort();
}

const KEY = "arn:aws:kms:sa-east-1:123456789012:key/k";
const DLQ = "arn:aws:sqs:sa-east-1:123456789012:dlq";

function stage(s: TerraformStack, overrides: Record<string, unknown> = {}): ApiGatewayStage {
  return new ApiGatewayStage(s, "stage", {
    restApiId: "api",
    deploymentId: "d",
    stageName: "live",
    accessLogSettings: { destinationArn: "arn:aws:logs:sa-east-1:123456789012:log-group:a", format: '{"requestId":"$context.requestId"}' },
    ...overrides,
  });
}

function fn(s: TerraformStack, overrides: Record<string, unknown> = {}): LambdaFunction {
  return new LambdaFunction(s, "fn", {
    functionName: "f",
    role: "arn:aws:iam::123456789012:role/r",
    runtime: "nodejs22.x",
    handler: "index.handler",
    filename: "f.zip",
    kmsKeyArn: KEY,
    tracingConfig: { mode: "Active" },
    codeSigningConfigArn: "arn:aws:lambda:sa-east-1:123456789012:code-signing-config:csc-0123456789abcdef0",
    ...overrides,
  });
}

describe("inference gateway policy rules fire on bad constructs", () => {
  it("a web ACL without logging, or logging without redaction and body protection, fails LLMOBS-WAF-1", () => {
    const acl = (s: TerraformStack, dataProtectionConfig?: Record<string, unknown>) =>
      new Wafv2WebAcl(s, "acl", {
        name: "a",
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: "a", sampledRequestsEnabled: true },
        ...(dataProtectionConfig ? { dataProtectionConfig } : {}),
      });
    const protect = {
      dataProtection: [
        { action: "SUBSTITUTION", field: { fieldType: "BODY" } },
        { action: "SUBSTITUTION", field: { fieldType: "SINGLE_HEADER", fieldKeys: ["authorization"] } },
      ],
    };
    const logging = (s: TerraformStack, a: Wafv2WebAcl, redacted = true) =>
      new Wafv2WebAclLoggingConfiguration(s, "logging", {
        resourceArn: a.arn,
        logDestinationConfigs: ["arn:aws:logs:sa-east-1:123456789012:log-group:aws-waf-logs-a"],
        ...(redacted ? { redactedFields: [{ singleHeader: { name: "authorization" } }] } : {}),
      });
    expect(failingRules((s) => acl(s, protect))).toEqual(["LLMOBS-WAF-1"]);
    expect(failingRules((s) => logging(s, acl(s, protect), false))).toEqual(["LLMOBS-WAF-1"]);
    expect(failingRules((s) => logging(s, acl(s)))).toEqual(["LLMOBS-WAF-1"]);
    const matchDetailsLeak = { dataProtection: [{ ...protect.dataProtection[0], excludeRuleMatchDetails: true }, protect.dataProtection[1]] };
    expect(failingRules((s) => logging(s, acl(s, matchDetailsLeak)))).toEqual(["LLMOBS-WAF-1"]);
    expect(failingRules((s) => logging(s, acl(s, protect)))).toEqual([]);
  });

  it("a stage without access logs fails LLMOBS-APIGW-1 (and without WAF, LLMOBS-APIGW-2)", () => {
    expect(failingRules((s) => stage(s, { accessLogSettings: undefined }))).toEqual(["LLMOBS-APIGW-1", "LLMOBS-APIGW-2"]);
  });

  it("a stage with a web ACL association on its arn passes LLMOBS-APIGW-2; one on another resource does not", () => {
    expect(
      failingRules((s) => {
        const st = stage(s);
        new Wafv2WebAclAssociation(s, "waf", { resourceArn: st.arn, webAclArn: "arn:aws:wafv2:sa-east-1:123456789012:regional/webacl/w/1" });
      }),
    ).toEqual([]);
    expect(
      failingRules((s) => {
        stage(s);
        new Wafv2WebAclAssociation(s, "waf", {
          resourceArn: "arn:aws:elasticloadbalancing:sa-east-1:123456789012:loadbalancer/app/x/1",
          webAclArn: "arn:aws:wafv2:sa-east-1:123456789012:regional/webacl/w/1",
        });
      }),
    ).toEqual(["LLMOBS-APIGW-2"]);
  });

  it("a method with authorization NONE fails LLMOBS-APIGW-3", () => {
    expect(failingRules((s) => new ApiGatewayMethod(s, "m", { restApiId: "a", resourceId: "r", httpMethod: "POST", authorization: "NONE" }))).toEqual([
      "LLMOBS-APIGW-3",
    ]);
    expect(failingRules((s) => new ApiGatewayMethod(s, "m", { restApiId: "a", resourceId: "r", httpMethod: "POST", authorization: "AWS_IAM" }))).toEqual([]);
  });

  it("a function without active tracing fails LLMOBS-LAMBDA-1, without kms_key_arn LLMOBS-LAMBDA-2", () => {
    expect(failingRules((s) => fn(s, { tracingConfig: undefined }))).toEqual(["LLMOBS-LAMBDA-1"]);
    expect(failingRules((s) => fn(s, { tracingConfig: { mode: "PassThrough" } }))).toEqual(["LLMOBS-LAMBDA-1"]);
    expect(failingRules((s) => fn(s, { kmsKeyArn: undefined }))).toEqual(["LLMOBS-LAMBDA-2"]);
  });

  it("an event source mapping without on-failure destination or dead-letter config fails LLMOBS-LAMBDA-3", () => {
    const stream = "arn:aws:kinesis:sa-east-1:123456789012:stream/s";
    expect(
      failingRules((s) => {
        const f = fn(s);
        new LambdaEventSourceMapping(s, "esm", { functionName: f.arn, eventSourceArn: stream, startingPosition: "LATEST" });
      }),
    ).toEqual(["LLMOBS-LAMBDA-3"]);
    expect(
      failingRules((s) => {
        const f = fn(s);
        new LambdaEventSourceMapping(s, "esm", {
          functionName: f.arn,
          eventSourceArn: stream,
          startingPosition: "LATEST",
          destinationConfig: { onFailure: { destinationArn: DLQ } },
        });
      }),
    ).toEqual([]);
    expect(
      failingRules((s) => {
        const f = fn(s, { deadLetterConfig: { targetArn: DLQ } });
        new LambdaEventSourceMapping(s, "esm", { functionName: f.functionName, eventSourceArn: stream, startingPosition: "LATEST" });
      }),
    ).toEqual([]);
  });

  it("an SQS-sourced mapping passes when the queue has a redrive policy, not otherwise", () => {
    const build = (redrive: boolean) => (s: TerraformStack) => {
      const f = fn(s);
      const q = new SqsQueue(s, "q", { name: "q", ...(redrive ? { redrivePolicy: JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: 3 }) } : {}) });
      new LambdaEventSourceMapping(s, "esm", { functionName: f.arn, eventSourceArn: q.arn });
    };
    expect(failingRules(build(false))).toContain("LLMOBS-LAMBDA-3");
    expect(failingRules(build(true))).not.toContain("LLMOBS-LAMBDA-3");
  });

  it("an S3 or SNS notification target needs a dead-letter queue or an on-failure destination", () => {
    expect(
      failingRules((s) => {
        const f = fn(s);
        new S3BucketNotification(s, "n", { bucket: "b", lambdaFunction: [{ lambdaFunctionArn: f.arn, events: ["s3:ObjectCreated:*"] }] });
      }),
    ).toEqual(["LLMOBS-LAMBDA-3"]);
    expect(
      failingRules((s) => {
        const f = fn(s);
        new SnsTopicSubscription(s, "sub", { topicArn: "arn:aws:sns:sa-east-1:123456789012:t", protocol: "lambda", endpoint: f.arn });
      }),
    ).toEqual(["LLMOBS-LAMBDA-3"]);
    expect(
      failingRules((s) => {
        const f = fn(s);
        new SnsTopicSubscription(s, "sub", { topicArn: "arn:aws:sns:sa-east-1:123456789012:t", protocol: "lambda", endpoint: f.arn });
        new LambdaFunctionEventInvokeConfig(s, "cfg", { functionName: f.functionName, destinationConfig: { onFailure: { destination: DLQ } } });
      }),
    ).toEqual([]);
  });
});

describe("inference gateway policy rules stay quiet on the module", () => {
  it("the module with either auth mode and the account role passes every rule of every pack", () => {
    const endpoint = {
      endpointName: "e",
      modelName: "m",
      instanceType: "ml.g5.2xlarge",
      grantInvoke: (grantee: Grantee) =>
        grantee.addToRolePolicy({ Effect: "Allow", Action: "sagemaker:InvokeEndpoint", Resource: "arn:aws:sagemaker:sa-east-1:123456789012:endpoint/e" }),
    };
    const base = {
      naming: testNaming(),
      accountId: TEST_ACCOUNT,
      region: TEST_REGION,
      endpoint,
      useCases: ["general"],
      requestTypes: ["general"],
      auth: { type: "iam" as const, callers: [{ principal: "arn:aws:iam::123456789012:role/app", useCase: "general" }] },
      network: { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] },
    };
    expect(failingRules((s) => new InferenceGateway(s, "g", base))).toEqual([]);
    expect(
      failingRules(
        (s) =>
          new InferenceGateway(s, "g", {
            ...base,
            auth: { type: "cognito", userPoolArn: "arn:aws:cognito-idp:sa-east-1:123456789012:userpool/sa-east-1_Ab1" },
            manageAccountLoggingRole: true,
          }),
      ),
    ).toEqual([]);
  });
});
