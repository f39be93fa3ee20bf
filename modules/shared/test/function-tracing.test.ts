import { describe, expect, it } from "vitest";
import { InferenceGateway } from "../../inference-gateway";
import { resourcesOf, synthStack, TEST_ACCOUNT, TEST_REGION, testNaming, type SynthesizedJson } from "../../../testing/fixtures/synth";
import type { FunctionTracing } from "../function-tracing";

function gateway(tracing?: FunctionTracing | false): SynthesizedJson {
  return synthStack(
    (stack) =>
      new InferenceGateway(stack, "gateway", {
        naming: testNaming(),
        accountId: TEST_ACCOUNT,
        region: TEST_REGION,
        endpoint: { endpointName: "ep", modelName: "m", instanceType: "ml.g5.2xlarge", grantInvoke: () => undefined },
        network: { vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] },
        useCases: ["general"],
        requestTypes: ["general"],
        auth: { type: "iam", callers: [{ principal: "arn:aws:iam::123456789012:role/advisor-*", useCase: "general" }] },
        ...(tracing !== undefined ? { tracing } : {}),
      }),
  );
}

const environmentOf = (json: SynthesizedJson) => resourcesOf(json, "aws_lambda_function")[0]!.environment.variables as Record<string, string>;
const statements = (json: SynthesizedJson) =>
  resourcesOf(json, "aws_iam_role_policy").flatMap((p) => JSON.parse(p.policy).Statement as Record<string, unknown>[]);

describe("function tracing settings", () => {
  const byDefault = gateway();
  const withBank = gateway({ sampleRatio: 0.5, otlp: { url: "https://otel.bank.internal:4318/v1/traces", protocol: "http/json" } });
  const off = gateway(false);

  it("exports to X-Ray by default with the standard OTEL_* variables, 10 % of new traces", () => {
    expect(environmentOf(byDefault)).toMatchObject({
      OTEL_SERVICE_NAME: "llm-inference-gateway",
      OTEL_TRACES_EXPORTER: "xray",
      OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
      OTEL_TRACES_SAMPLER_ARG: "0.1",
    });
    expect(environmentOf(byDefault).OTEL_SDK_DISABLED).toBeUndefined();
  });

  it("grants the X-Ray OTLP endpoint's actions, held to the region", () => {
    expect(statements(byDefault)).toContainEqual({
      Sid: "GatewayExportsTracesToXRay",
      Effect: "Allow",
      Action: ["xray:PutSpans", "xray:PutSpansForIndexing"],
      Resource: "*",
      Condition: { StringEquals: { "aws:RequestedRegion": TEST_REGION } },
    });
  });

  it("adds the bank's OTLP endpoint beside X-Ray", () => {
    expect(environmentOf(withBank)).toMatchObject({
      OTEL_TRACES_EXPORTER: "xray,otlp",
      OTEL_TRACES_SAMPLER_ARG: "0.5",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://otel.bank.internal:4318/v1/traces",
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/json",
    });
  });

  it("turns everything off with false: OTEL_SDK_DISABLED, no trace-export grant", () => {
    expect(environmentOf(off).OTEL_SDK_DISABLED).toBe("true");
    expect(environmentOf(off).OTEL_TRACES_EXPORTER).toBeUndefined();
    expect(statements(off).map((s) => s.Sid)).not.toContain("GatewayExportsTracesToXRay");
  });

  it("refuses a ratio out of range and a non-https endpoint", () => {
    expect(() => gateway({ sampleRatio: 1.5 })).toThrow("tracing sampleRatio must be 0-1, got 1.5");
    expect(() => gateway({ sampleRatio: 0.1, otlp: { url: "http://collector:4318/v1/traces" } })).toThrow(/tracing otlp url must be an https url/);
  });
});
