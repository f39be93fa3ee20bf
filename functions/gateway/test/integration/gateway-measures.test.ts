/**
 * What the gateway measures and records for a served request: TTFT, inter-chunk gaps and tokens as
 * EMF (each series once), the inference log record in Firehose, split when it is over Firehose's
 * limit. The real handler and SDK against the SageMaker Runtime and Firehose stubs.
 */
import { metrics } from "@opentelemetry/api";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_METRICS } from "../../../../contracts/metric-catalogue";
import { responseBody, tokenLine } from "../support/gateway-harness";
import { claimEvent, expectNear, handlerSuite } from "../support/handler-suite";

let exporter: InMemoryMetricExporter;
let reader: PeriodicExportingMetricReader;

// Registered before the handler loads, as a Lambda layer's SDK would be.
beforeAll(() => {
  exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});

afterAll(async () => {
  await reader.shutdown();
  metrics.disable();
});

const suite = handlerSuite();

describe("gateway handler (flag mode): what a served request is measured and recorded as", () => {
  it("measures TTFT and each inter-chunk gap, counts tokens and answers 200", async () => {
    // Arrange: 150 ms to the first chunk, then 80 ms gaps; chunk 2 splits a line.
    suite.sagemaker.enqueue({
      kind: "stream",
      chunks: [
        tokenLine(1, "Para abrir") + '{"token": {"id": 2, "te',
        'xt": " uma conta"}}\n',
        tokenLine(3, ","),
        '{"token": {"id": 4, "text": " envie o RG."}, "generated_text": "Para abrir uma conta, envie o RG.", "details": {"finish_reason": "eos_token", "generated_tokens": 4}}\n',
      ],
      delaysMs: [150, 80, 80, 80],
    });
    const before = suite.sagemaker.invocations.length;

    // Act
    const response = await suite.handler(claimEvent({ inputs: "Como abro uma conta?", parameters: { max_new_tokens: 64 }, request_type: "chat" }));

    // Assert: response contract
    expect(response.statusCode).toBe(200);
    const payload = responseBody(response);
    expect(payload.generated_text).toBe("Para abrir uma conta, envie o RG.");
    expect(payload.usage).toEqual({ prompt_tokens: 5, completion_tokens: 4 }); // 20 chars / 4, estimated
    expectNear(payload.ttft_ms, 150);
    expect(response.headers?.["x-request-id"]).toBe(payload.requestId);

    // What SageMaker received
    const sent = suite.sagemaker.invocations[before]!;
    expect(sent.endpointName).toBe("llm-ep");
    expect(sent.headers["x-amzn-sagemaker-custom-attributes"]).toBe(`use_case=onboarding;request_type=chat;request_id=${payload.requestId};guardrail=clear`);
    expect(JSON.parse(sent.body)).toEqual({ inputs: "Como abro uma conta?", parameters: { details: true, max_new_tokens: 64 }, stream: true });

    // EMF on stdout
    const [doc] = suite.emfFor(payload.requestId);
    expect(doc).toBeDefined();
    const directives = (doc!._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] }).CloudWatchMetrics;
    expect(directives.every((d) => d.Namespace === "LLMInference/SageMaker")).toBe(true);
    const perRequestType = directives.find((d) => d.Metrics.some((m) => m.Name === "ttft_ms"))!;
    expect(perRequestType.Dimensions).toEqual([
      ["ModelName", "EndpointName", "InstanceType"],
      ["ModelName", "EndpointName", "InstanceType", "request_type"],
    ]);
    expect(doc).toMatchObject({ ModelName: "llama-3-8b", EndpointName: "llm-ep", InstanceType: "ml.g5.2xlarge", request_type: "chat" });
    expect(doc!.RequestCount).toBe(1);
    expect(doc!.FailedRequestCount).toBe(0);
    expect(doc!.completion_tokens).toBe(4);
    expect(doc!.prompt_tokens).toBe(5);
    expectNear(doc!.ttft_ms as number, 150);
    const itl = doc!.itl_ms as number[];
    expect(itl).toHaveLength(3);
    for (const gap of itl) {
      expectNear(gap, 80);
    }
    expect(doc!.tokens_per_second as number).toBeGreaterThan(4 / 0.4);
    expect(doc).not.toHaveProperty("cache_hit_rate");

    // Inference log record in Firehose
    const record = suite.recordFor(payload.requestId);
    expect(record).toMatchObject({
      recordType: "llm-inference-log",
      status: "ok",
      useCase: "onboarding",
      requestType: "chat",
      prompt: "Como abro uma conta?",
      response: "Para abrir uma conta, envie o RG.",
      tokens: { prompt: 5, completion: 4, promptEstimated: true },
      guardrail: { flagged: false, reasons: [] },
    });
    expect(record!.timing.itl?.count).toBe(3);
    expectNear(record!.timing.itl!.p50Ms, 80);
    expect(record!.meanTokenEntropy).toBeCloseTo(0.1, 10);
    expect(suite.firehose.records.find((r) => r.data.includes(payload.requestId))!.data.endsWith("}\n")).toBe(true);
  });

  it("publishes every metric series once, as EMF: an OpenTelemetry SDK registered beside it (as a layer would) receives nothing", async () => {
    suite.sagemaker.enqueue({
      kind: "stream",
      chunks: [
        tokenLine(1, "a"),
        tokenLine(2, "b"),
        'data: {"choices":[],"usage":{"prompt_tokens":200,"completion_tokens":2,"prompt_tokens_details":{"cached_tokens":150}}}\n',
      ],
      delaysMs: [150, 40, 5],
    });

    const response = await suite.handler(claimEvent({ inputs: "classify this", request_type: "classification" }));
    await reader.forceFlush();

    expect(response.statusCode).toBe(200);
    // No second publisher: the gateway records nothing through the OpenTelemetry metrics API.
    const scopes = exporter.getMetrics().flatMap((m) => m.scopeMetrics);
    expect(scopes.flatMap((s) => s.metrics)).toEqual([]);
    // One EMF series per (metric, dimension set): no metric appears in two directives, and each
    // directive declares exactly the catalogue's dimension sets.
    const docs = suite.emfFor(responseBody(response).requestId);
    const series: string[] = [];
    for (const doc of docs) {
      for (const directive of (doc._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] })
        .CloudWatchMetrics) {
        for (const metric of directive.Metrics) {
          for (const set of directive.Dimensions) series.push(`${directive.Namespace}/${metric.Name}/${set.join(",")}`);
        }
      }
    }
    expect(series.length).toBeGreaterThan(0);
    expect(new Set(series).size).toBe(series.length);
    const catalogue = Object.values(GATEWAY_METRICS);
    for (const name of new Set(series.map((s) => s.split("/")[2]))) {
      const metric = catalogue.find((m) => m.name === name)!;
      expect(series.filter((s) => s.split("/")[2] === name).map((s) => s.split("/")[3])).toEqual(metric.dimensionSets.map((set) => set.join(",")));
    }
    expect(docs[0]!.cache_hit_rate).toBeCloseTo(75, 10);
  });

  it("takes the prompt's real token count from the vLLM async handler's details.input_length", async () => {
    suite.sagemaker.enqueue({
      kind: "stream",
      chunks: [
        '{"index": 0, "token": {"id": 1, "text": "Hi", "logprob": -0.1}, "generated_text": null, "details": null}\n',
        '{"index": 0, "token": {"id": 2, "text": "!", "logprob": -0.2}, "generated_text": "Hi!", "details": {"finish_reason": "eos_token", "seed": 1, "generated_tokens": 2, "input_length": 742}}\n',
      ],
    });

    const response = await suite.handler(claimEvent({ inputs: "a long retrieval context", request_type: "chat" }));

    const { requestId } = responseBody(response);
    expect(suite.emfFor(requestId)[0]!.prompt_tokens).toBe(742);
    expect(suite.recordFor(requestId)!.tokens).toMatchObject({ prompt: 742, promptEstimated: false });
  });

  it("splits an inference log over Firehose's 1,000 KiB into a head and parts, so the largest prompts reach the audit trail", async () => {
    const prompt = `${"contexto injetado ".repeat(150_000)}fim`;
    const before = suite.firehose.records.length;

    const response = await suite.handler(claimEvent({ inputs: prompt, request_type: "chat" }));

    expect(response.statusCode).toBe(200);
    const { requestId } = responseBody(response);
    const lines = suite.firehose.records
      .slice(before)
      .map((r) => JSON.parse(r.data) as Record<string, any>)
      .filter((r) => r.requestId === requestId);
    expect(lines.length).toBeGreaterThan(2);
    const [head, ...parts] = lines;
    expect(head!.split).toMatchObject({ promptChars: prompt.length, parts: parts.length, truncatedChars: 0 });
    expect(head!.prompt + parts.map((p) => p.text).join("")).toBe(prompt);
    expect(suite.firehose.batchCalls.length).toBeGreaterThan(0);
    expect(suite.logLines().some((l) => l.message === "inference log delivery failed")).toBe(false);
    expect(suite.logLines().find((l) => l.message === "inference log split")).toMatchObject({ requestId, parts: parts.length });
  });
});
