import { ExportResultCode } from "@opentelemetry/core";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { xrayOtlpEndpoint } from "../../../../contracts/tracing";
import { XrayOtlpSpanExporter } from "../../xray-exporter";
import { startOtlpReceiver, type OtlpReceiver } from "../../../../testing/wire/otlp-receiver";

let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(() => receiver.close());

describe("X-Ray OTLP exporter", () => {
  it("targets the regional CloudWatch traces endpoint", () => {
    expect(xrayOtlpEndpoint("sa-east-1")).toBe("https://xray.sa-east-1.amazonaws.com/v1/traces");
  });

  it("posts OTLP protobuf signed with SigV4 for service xray in the function's region", async () => {
    // Arrange: a finished span, captured in memory.
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
    provider
      .getTracer("test")
      .startSpan("judge", { attributes: { "gen_ai.request.model": "m" } })
      .end();
    const exporter = new XrayOtlpSpanExporter({
      url: `${receiver.url}/v1/traces`,
      region: "sa-east-1",
      credentials: async () => ({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "token" }),
    });

    // Act
    const result = await new Promise<{ code: ExportResultCode }>((resolve) => exporter.export(memory.getFinishedSpans(), resolve));

    // Assert
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const request = receiver.requests.at(-1)!;
    expect(request.contentType).toBe("application/x-protobuf");
    expect(String(request.headers.authorization)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/sa-east-1\/xray\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
    );
    expect(request.headers["x-amz-security-token"]).toBe("token");
    expect(receiver.spans.at(-1)).toMatchObject({ name: "judge", attributes: { "gen_ai.request.model": "m" } });
  });

  it("reports a failed export when the endpoint refuses", async () => {
    const exporter = new XrayOtlpSpanExporter({
      url: "http://127.0.0.1:9/v1/traces",
      region: "sa-east-1",
      timeoutMs: 500,
      credentials: async () => ({ accessKeyId: "a", secretAccessKey: "b" }),
    });
    const result = await new Promise<{ code: ExportResultCode }>((resolve) => exporter.export([], resolve));
    expect(result.code).toBe(ExportResultCode.FAILED);
  });
});
