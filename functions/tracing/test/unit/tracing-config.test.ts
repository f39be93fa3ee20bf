import * as semconv from "@opentelemetry/semantic-conventions/incubating";
import { describe, expect, it } from "vitest";
import { formatTraceparent, parseTraceparent, rubricScoreLabel } from "../../../../contracts/tracing";
import { loadTracingConfig } from "../../config";
import { GATEWAY_OPERATION, GEN_AI } from "../../gen-ai-attributes";

describe("tracing configuration from the standard OTEL_* variables", () => {
  it("is off unless an exporter is named, and off with OTEL_SDK_DISABLED or none", () => {
    expect(loadTracingConfig({}, "svc").enabled).toBe(false);
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: "otlp" }, "svc").enabled).toBe(true);
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: "otlp", OTEL_SDK_DISABLED: "true" }, "svc").enabled).toBe(false);
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: "none" }, "svc").enabled).toBe(false);
  });

  it("reads sampler, ratio, protocol and service name", () => {
    const config = loadTracingConfig(
      {
        OTEL_TRACES_EXPORTER: "xray,otlp",
        AWS_REGION: "sa-east-1",
        OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
        OTEL_TRACES_SAMPLER_ARG: "0.25",
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_SERVICE_NAME: "gateway-prod",
      },
      "svc",
    );
    expect(config).toMatchObject({
      exporters: ["xray", "otlp"],
      sampler: "parentbased_traceidratio",
      ratio: 0.25,
      otlpProtocol: "http/json",
      serviceName: "gateway-prod",
    });
  });

  it.each([
    [{ OTEL_TRACES_EXPORTER: "zipkin" }, /OTEL_TRACES_EXPORTER lists "zipkin"/],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER: "sometimes" }, /OTEL_TRACES_SAMPLER must be one of always_on/],
    [{ OTEL_TRACES_EXPORTER: "otlp", OTEL_TRACES_SAMPLER_ARG: "1.5" }, /OTEL_TRACES_SAMPLER_ARG must be a ratio from 0 to 1, got "1.5"/],
    [
      { OTEL_TRACES_EXPORTER: "otlp", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" },
      /OTEL_EXPORTER_OTLP_PROTOCOL must be one of http\/protobuf, http\/json, got "grpc"/,
    ],
    [{ OTEL_TRACES_EXPORTER: "xray" }, /AWS_REGION is required with OTEL_TRACES_EXPORTER=xray/],
  ])("rejects %j naming the variable", (env, message) => {
    expect(() => loadTracingConfig(env, "svc")).toThrow(message);
  });
});

describe("W3C trace context", () => {
  it("round-trips and refuses malformed or all-zero ids", () => {
    const context = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", sampled: true };
    expect(formatTraceparent(context)).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    expect(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).toEqual({ ...context, sampled: false });
    expect(parseTraceparent(`00-${"0".repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(parseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toBeUndefined();
    expect(parseTraceparent("garbage")).toBeUndefined();
  });

  it("labels 1-5 rubric scores poor / fair / good", () => {
    expect([1, 2, 3, 4, 5].map(rubricScoreLabel)).toEqual(["poor", "poor", "fair", "good", "good"]);
  });
});

describe("GenAI attribute names", () => {
  it("are the semantic conventions' own (the @opentelemetry/semantic-conventions registry)", () => {
    expect(GEN_AI).toMatchObject({
      operationName: semconv.ATTR_GEN_AI_OPERATION_NAME,
      providerName: semconv.ATTR_GEN_AI_PROVIDER_NAME,
      requestModel: semconv.ATTR_GEN_AI_REQUEST_MODEL,
      requestStream: semconv.ATTR_GEN_AI_REQUEST_STREAM,
      requestMaxTokens: semconv.ATTR_GEN_AI_REQUEST_MAX_TOKENS,
      responseFinishReasons: semconv.ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
      responseId: semconv.ATTR_GEN_AI_RESPONSE_ID,
      responseTimeToFirstChunk: semconv.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
      usageInputTokens: semconv.ATTR_GEN_AI_USAGE_INPUT_TOKENS,
      usageOutputTokens: semconv.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
      evaluationResultEvent: semconv.EVENT_GEN_AI_EVALUATION_RESULT,
      evaluationName: semconv.ATTR_GEN_AI_EVALUATION_NAME,
      evaluationScoreValue: semconv.ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
      evaluationScoreLabel: semconv.ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
      errorType: semconv.ATTR_ERROR_TYPE,
    });
    expect(GATEWAY_OPERATION).toBe(semconv.GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION);
  });
});
