/**
 * How the gateway answers, measures and records what goes wrong at the endpoint: throttling, model
 * errors, a broken stream, its own deadline, and LMI's in-band generation error.
 */
import { describe, expect, it } from "vitest";
import { TEST_INVOKE_TIMEOUT_MS, tokenLine } from "../support/gateway-harness";
import { EARLY_MS, expectNear, handlerSuite } from "../support/handler-suite";

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
    const answer = await suite.answerTo(scenario);

    expect([answer.statusCode, answer.error]).toEqual([statusCode, error]);
    expect(answer.emf).toMatchObject(metrics);
    expect(answer.log).toMatchObject(log);
    expect(answer.record.status).toBe(error);
  });

  it.each([
    ["a ModelStreamError event", "ModelStreamError" as const, "ModelStreamError"],
    ["an InternalStreamFailure event", "InternalStreamFailure" as const, "InternalStreamFailure"],
    ["the socket dropping", "destroy" as const, undefined],
  ])("maps a stream broken by %s to 502 stream_interrupted and keeps the TTFT it saw", async (_label, ending, errorName) => {
    const answer = await suite.answerTo({ kind: "stream", chunks: [tokenLine(1, "Olá"), tokenLine(2, "!")], delaysMs: [150, 40], ending });

    expect([answer.statusCode, answer.error]).toEqual([502, "stream_interrupted"]);
    expect(answer.emf).toMatchObject({ StreamInterrupted: 1, FailedRequestCount: 1, prompt_tokens: 1 });
    expectNear(answer.emf.ttft_ms as number, 150);
    expect(answer.emf).not.toHaveProperty("total_latency_ms");
    expect(answer.record.status).toBe("stream_interrupted");
    expect(answer.record.response).toBe("Olá!");
    expectNear(answer.record.timing.ttftMs!, 150);
    expect(answer.log).toMatchObject({ level: "ERROR", status: "stream_interrupted" });
    if (errorName) {
      expect(answer.log.errorName).toBe(errorName);
    }
  });

  it.each([
    ["before any response", { kind: "hang" as const }, false],
    ["after the first chunk", { kind: "stream" as const, chunks: [tokenLine(1, "a")], delaysMs: [100], ending: "hang" as const }, true],
  ])("aborts at the gateway deadline %s: 504 timeout and InvocationTimeout", async (_label, scenario, sawChunk) => {
    const answer = await suite.answerTo(scenario);

    expect([answer.statusCode, answer.error]).toEqual([504, "timeout"]);
    expect(answer.emf).toMatchObject({ InvocationTimeout: 1, FailedRequestCount: 1, prompt_tokens: 1 });
    expect("ttft_ms" in answer.emf).toBe(sawChunk);
    expect(answer.record.status).toBe("timeout");
    expect(answer.record.timing.totalMs).toBeGreaterThanOrEqual(TEST_INVOKE_TIMEOUT_MS - EARLY_MS);
    expect(answer.record.timing.totalMs).toBeLessThanOrEqual(TEST_INVOKE_TIMEOUT_MS + 250);
  });

  it("maps LMI's in-band generation error to 502 model_error", async () => {
    const answer = await suite.answerTo({
      kind: "stream",
      chunks: [
        tokenLine(1, "a"),
        '{"token": {"id": -1, "text": "", "log_prob": -1, "special_token": true}, "generated_text": "", "details": {"finish_reason": "error", "generated_tokens": null, "inputs": null}}\n',
      ],
    });

    expect(answer.statusCode).toBe(502);
    expect(answer.emf).toMatchObject({ ModelError: 1 });
  });
});
