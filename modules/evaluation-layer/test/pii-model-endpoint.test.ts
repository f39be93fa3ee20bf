import { describe, expect, it } from "vitest";
import { resourcesOf, TEST_ACCOUNT, TEST_REGION, type SynthesizedJson } from "../../../testing/fixtures/synth";
import type { EvaluationLayerProps } from "../evaluation-layer";
import { buildEvaluationLayer } from "../../../testing/fixtures/evaluation-layer";
import { GATEWAY_INTERFACE_SERVICES } from "../evaluation-vpc-endpoints";

const VPC = "vpc-0123456789abcdef0";

/** The layer over a capture bucket only, judging one request type against the default threshold. */
const synth = (overrides: Partial<EvaluationLayerProps>) =>
  buildEvaluationLayer({ requestTypes: ["general"], qualityThresholds: {}, ...overrides }, false).json;

const evaluatorPolicy = (json: SynthesizedJson) =>
  JSON.parse(Object.entries(json.resource.aws_iam_role_policy!).find(([k]) => k.includes("evaluator"))![1].policy).Statement as {
    Sid?: string;
    Action: string;
    Resource: string;
    Condition?: unknown;
  }[];
const sagemakerEndpoints = (json: SynthesizedJson) =>
  resourcesOf(json, "aws_vpc_endpoint").filter((e) => String(e.service_name).endsWith(".sagemaker.runtime"));

describe("PII model endpoint of the evaluation layer", () => {
  it("lets the evaluator invoke that endpoint only, through the VPC's one sagemaker.runtime endpoint", () => {
    // The gateway's services ask for sagemaker.runtime too: one endpoint serves both.
    const json = synth({ piiModelEndpoint: "PII-NER-ptbr", additionalInterfaceServices: GATEWAY_INTERFACE_SERVICES });
    expect(sagemakerEndpoints(json)).toHaveLength(1);
    const vpce = Object.keys(json.resource.aws_vpc_endpoint!).find((k) => k.includes("sagemaker"))!;
    expect(evaluatorPolicy(json).filter((s) => String(s.Action).startsWith("sagemaker:"))).toEqual([
      {
        Sid: "InvokePiiModel",
        Effect: "Allow",
        Action: "sagemaker:InvokeEndpoint",
        Resource: `arn:aws:sagemaker:${TEST_REGION}:${TEST_ACCOUNT}:endpoint/pii-ner-ptbr`,
        Condition: { StringEquals: { "aws:SourceVpce": `\${aws_vpc_endpoint.${vpce}.id}`, "aws:SourceVpc": VPC } },
      },
    ]);
    const evaluator = Object.entries(json.resource.aws_lambda_function!).find(([k]) => k.includes("evaluator"))![1];
    expect(evaluator.environment.variables.PII_MODEL_ENDPOINT).toBe("PII-NER-ptbr");
  });

  it("creates the sagemaker.runtime endpoint itself when nobody else asked, or uses the landing zone's", () => {
    expect(sagemakerEndpoints(synth({ piiModelEndpoint: "pii-ner-ptbr" }))).toHaveLength(1);
    const existing = synth({ piiModelEndpoint: "pii-ner-ptbr", vpcEndpoints: { "sagemaker.runtime": "vpce-0123456789abcdef0" } });
    expect(sagemakerEndpoints(existing)).toEqual([]);
    expect(evaluatorPolicy(existing).find((s) => s.Sid === "InvokePiiModel")?.Condition).toEqual({
      StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" },
    });
  });

  it("has no model permission, variable or endpoint without a model", () => {
    const json = synth({});
    expect(sagemakerEndpoints(json)).toEqual([]);
    expect(evaluatorPolicy(json).find((s) => s.Sid === "InvokePiiModel")).toBeUndefined();
  });

  it("refuses an ARN or a malformed name, showing it", () => {
    expect(() => synth({ piiModelEndpoint: "arn:aws:sagemaker:sa-east-1:123456789012:endpoint/pii" })).toThrow(
      'pii model endpoint must be a SageMaker endpoint name (letters, digits, hyphens; at most 63), not an ARN, got "arn:aws:sagemaker',
    );
  });
});
