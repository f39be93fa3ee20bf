/**
 * How the gateway answers, measures and records what goes wrong at the endpoint: throttling, model
 * errors, a broken stream, its own deadline, and LMI's in-band generation error.
 */
import { describe, expect, it } from "vitest";
import { responseBody, TEST_INVOKE_TIMEOUT_MS, tokenLine } from "../support/gateway-harness";
import { claimEvent, EARLY_MS, expectNear, handlerSuite } from "../support/handler-suite";

const suite = handlerSuite();

describe("gateway handler: endpoint errors", () => {
  it.each([
    {
      answer: "throttling",
      scenario: { kind: "throttle" as const },
      statusCode: 429,
      error: "endpoint_throttled",
      // Prompt tokens are recorded for a failed request too ("hi": 2 chars / 4, rounded up).
      metrics: { EndpointThrottled: 1, RequestCount: 1, FailedRequestCount: 1, prompt_tokens: 1 },
      log: { level: "ERROR", status: "endpoint_throttled", errorName: "ThrottlingException" },
    },
    {
      answer: "a ModelError",
      scenario: { kind: "modelError" as const },
      statusCode: 502,
      error: "model_error",
      metrics: { ModelError: 1, FailedRequestCount: 1 },
      log: { status: "model_error", errorName: "ModelError", httpStatus: 424 },
    },
  ])("maps $answer to $statusCode $error, its metric and a failed availability count", async ({ scenario, statusCode, error, metrics, log }) => {
    suite.sagemaker.enqueue(scenario);
    const response = await suite.handler(claimEvent({ inputs: "hi", request_type: "chat" }));

    expect(response.statusCode).toBe(statusCode);
    const body = responseBody(response);
    expect(body.error).toBe(error);
    expect(suite.emfFor(body.requestId)[0]).toMatchObject(metrics);
    expect(suite.logLines().find((l) => l.requestId === body.requestId)).toMatchObject(log);
    expect(suite.recordFor(body.requestId)!.status).toBe(error);
  });

  it.each([
    ["a ModelStreamError event", "ModelStreamError" as const, "ModelStreamError"],
    ["an InternalStreamFailure event", "InternalStreamFailure" as const, "InternalStreamFailure"],
    ["the socket dropping", "destroy" as const, undefined],
  ])("maps a stream broken by %s to 502 stream_interrupted and keeps the TTFT it saw", async (_label, ending, errorName) => {
    suite.sagemaker.enqueue({ kind: "stream", chunks: [tokenLine(1, "Olá"), tokenLine(2, "!")], delaysMs: [150, 40], ending });

    const response = await suite.handler(claimEvent({ inputs: "hi", request_type: "chat" }));

    expect(response.statusCode).toBe(502);
    const { requestId, error } = responseBody(response);
    expect(error).toBe("stream_interrupted");
    const doc = suite.emfFor(requestId)[0]!;
    expect(doc).toMatchObject({ StreamInterrupted: 1, FailedRequestCount: 1, prompt_tokens: 1 });
    expectNear(doc.ttft_ms as number, 150);
    expect(doc).not.toHaveProperty("total_latency_ms");
    const record = suite.recordFor(requestId)!;
    expect(record.status).toBe("stream_interrupted");
    expect(record.response).toBe("Olá!");
    expectNear(record.timing.ttftMs!, 150);
    const log = suite.logLines().find((l) => l.requestId === requestId)!;
    expect(log).toMatchObject({ level: "ERROR", status: "stream_interrupted" });
    if (errorName) {
      expect(log.errorName).toBe(errorName);
    }
  });

  it.each([
    ["before any response", { kind: "hang" as const }, false],
    ["after the first chunk", { kind: "stream" as const, chunks: [tokenLine(1, "a")], delaysMs: [100], ending: "hang" as const }, true],
  ])("aborts at the gateway deadline %s: 504 timeout and InvocationTimeout", async (_label, scenario, sawChunk) => {
    suite.sagemaker.enqueue(scenario);

    const response = await suite.handler(claimEvent({ inputs: "hi", request_type: "chat" }));

    expect(response.statusCode).toBe(504);
    const { requestId, error } = responseBody(response);
    expect(error).toBe("timeout");
    const doc = suite.emfFor(requestId)[0]!;
    expect(doc).toMatchObject({ InvocationTimeout: 1, FailedRequestCount: 1, prompt_tokens: 1 });
    expect("ttft_ms" in doc).toBe(sawChunk);
    const record = suite.recordFor(requestId)!;
    expect(record.status).toBe("timeout");
    expect(record.timing.totalMs).toBeGreaterThanOrEqual(TEST_INVOKE_TIMEOUT_MS - EARLY_MS);
    expect(record.timing.totalMs).toBeLessThanOrEqual(TEST_INVOKE_TIMEOUT_MS + 250);
  });

  it("maps LMI's in-band generation error to 502 model_error", async () => {
    suite.sagemaker.enqueue({
      kind: "stream",
      chunks: [
        tokenLine(1, "a"),
        '{"token": {"id": -1, "text": "", "log_prob": -1, "special_token": true}, "generated_text": "", "details": {"finish_reason": "error", "generated_tokens": null, "inputs": null}}\n',
      ],
    });
    const response = await suite.handler(claimEvent({ inputs: "hi", request_type: "chat" }));
    expect(response.statusCode).toBe(502);
    expect(suite.emfFor(responseBody(response).requestId)[0]).toMatchObject({ ModelError: 1 });
  });
});
