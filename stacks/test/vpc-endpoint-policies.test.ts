/**
 * Every VPC endpoint of an environment carries a policy that lets through only the platform's
 * principals and resources: the S3 gateway endpoint the platform's buckets and the staged weights',
 * DynamoDB the scores tables; and the policy rule refuses an endpoint without one.
 */
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import prodConfig from "../../environments/retail-banking/prod";
import { resolveEnvironment } from "../../config/resolved";
import { vpcEndpointPolicyScoped } from "../../modules/evaluation-layer/policy-rules";
import { synthesizedStackFrom } from "../../modules/shared/policy/synthesized-stack";
import type { SynthesizedResource } from "../../modules/shared/policy/types";
import { ObservabilityStack } from "../observability-stack";

type Json = Record<string, any>;
const prod = resolveEnvironment(prodConfig, "environments/retail-banking/prod.ts");
const json = JSON.parse(Testing.synth(new ObservabilityStack(Testing.app(), prod.id, { environment: prod }), true));
const stack = synthesizedStackFrom(json);
const endpoints = stack.byType("aws_vpc_endpoint");
const serviceOf = (endpoint: SynthesizedResource) => String(endpoint.config.service_name).replace("com.amazonaws.sa-east-1.", "");
const policyOf = (service: string): Json => JSON.parse(String(endpoints.find((e) => serviceOf(e) === service)!.config.policy));
const arnPattern = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
const allows = (policy: Json, arn: string) => policy.Statement.some((s: Json) => [s.Resource].flat().some((r: string) => arnPattern(r).test(arn)));

describe("VPC endpoint policies of retail-banking prod", () => {
  it("puts a policy on every endpoint, scoped to the environment's roles in its account", () => {
    expect(endpoints.map(serviceOf).sort()).toEqual([
      "bedrock-runtime",
      "dynamodb",
      "kinesis-firehose",
      "kms",
      "logs",
      "monitoring",
      "s3",
      "sagemaker.runtime",
      "sqs",
      "xray",
    ]);
    for (const endpoint of endpoints) {
      const statements = JSON.parse(String(endpoint.config.policy)).Statement as Json[];
      for (const s of statements) {
        expect(s.Condition.StringEquals["aws:PrincipalAccount"], serviceOf(endpoint)).toBe("222222222222");
        expect(s.Condition.ArnLike["aws:PrincipalArn"]).toBe("arn:aws:iam::222222222222:role/llmobs-retail-banking-prod-*");
        expect(
          [s.Action].flat().some((a: string) => a === "*" || a.endsWith(":*")),
          serviceOf(endpoint),
        ).toBe(false);
      }
      expect(vpcEndpointPolicyScoped.check(endpoint, stack), serviceOf(endpoint)).toBe("compliant");
    }
  });

  it("lets the S3 gateway endpoint reach every bucket of the stack and the staged weights, and no other bucket", () => {
    const s3 = policyOf("s3");
    const buckets = stack.byType("aws_s3_bucket").map((b) => String(b.config.bucket));
    expect(buckets.length).toBeGreaterThan(3);
    for (const bucket of buckets) expect(allows(s3, `arn:aws:s3:::${bucket}/object`), bucket).toBe(true);
    expect(allows(s3, "arn:aws:s3:::retail-banking-model-artifacts-222222222222/llama-3-1-8b-instruct/config.json")).toBe(true);
    expect(allows(s3, "arn:aws:s3:::attacker-exfiltration-bucket/dump.jsonl")).toBe(false);
    expect(allows(s3, "arn:aws:s3:::llmobs-wealth-management-prod-capture-444444444444-sa-east-1/x")).toBe(false);
  });

  it("lets the DynamoDB gateway endpoint reach the scores tables only", () => {
    const dynamodb = policyOf("dynamodb");
    for (const table of stack.byType("aws_dynamodb_table")) {
      expect(allows(dynamodb, `arn:aws:dynamodb:sa-east-1:222222222222:table/${table.config.name}`), String(table.config.name)).toBe(true);
    }
    expect(allows(dynamodb, "arn:aws:dynamodb:sa-east-1:222222222222:table/core-banking-accounts")).toBe(false);
  });

  it("lets each interface endpoint reach what its callers use: the judge model, the endpoint, the platform's queues", () => {
    expect(policyOf("bedrock-runtime").Statement[0].Resource).toBe("arn:aws:bedrock:sa-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
    const endpointName = Object.values(json.resource.aws_sagemaker_endpoint as Json)[0].name;
    expect(policyOf("sagemaker.runtime").Statement[0].Resource).toBe(`arn:aws:sagemaker:sa-east-1:222222222222:endpoint/${endpointName}`);
    for (const queue of stack.byType("aws_sqs_queue")) expect(allows(policyOf("sqs"), `arn:aws:sqs:sa-east-1:222222222222:${queue.config.name}`)).toBe(true);
  });

  it("fails the rule for an endpoint with no policy, or one that lets anyone do anything", () => {
    const s3 = endpoints.find((e) => serviceOf(e) === "s3")!;
    const withPolicy = (policy: unknown) => ({ ...s3, config: { ...s3.config, policy } });
    expect(vpcEndpointPolicyScoped.check(withPolicy(undefined), stack)).toBe("non-compliant");
    const open = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] });
    expect(vpcEndpointPolicyScoped.check(withPolicy(open), stack)).toBe("non-compliant");
    const anyone = JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] });
    expect(vpcEndpointPolicyScoped.check(withPolicy(anyone), stack)).toBe("non-compliant");
  });
});

describe("the smaller findings, on retail-banking prod", () => {
  it("encrypts the calibration schedule with the evaluation layer's key, which Scheduler may use only through itself", () => {
    const [schedule] = Object.values(json.resource.aws_scheduler_schedule as Json);
    expect(schedule.kms_key_arn).toMatch(/^\$\{aws_kms_key\.evaluation-layer_key_[\w]+\.arn\}$/);
    const key = Object.entries(json.resource.aws_kms_key as Json).find(([name]) => name.startsWith("evaluation-layer_key"))![1];
    const statement = JSON.parse(key.policy).Statement.find((s: Json) => s.Sid === "SchedulerEncryptsSchedules");
    expect(statement.Condition["ForAnyValue:StringEquals"]["kms:ViaService"]).toEqual(["scheduler.sa-east-1.amazonaws.com"]);
    expect(statement.Condition.StringEquals["kms:CallerAccount"]).toBe("222222222222");
  });

  it("validates the POST body against the request model before the gateway function runs", () => {
    const [method] = Object.values(json.resource.aws_api_gateway_method as Json);
    const [validator] = Object.values(json.resource.aws_api_gateway_request_validator as Json);
    const [model] = Object.values(json.resource.aws_api_gateway_model as Json);
    expect(validator).toMatchObject({ validate_request_body: true, validate_request_parameters: true });
    expect(method.request_validator_id).toMatch(/^\$\{aws_api_gateway_request_validator\..*\.id\}$/);
    expect(method.request_models).toEqual({ "application/json": expect.stringMatching(/^\$\{aws_api_gateway_model\..*\.name\}$/) });
    expect(JSON.parse(model.schema)).toMatchObject({ type: "object", required: ["inputs"], properties: { inputs: { type: "string", minLength: 1 } } });
  });
});
