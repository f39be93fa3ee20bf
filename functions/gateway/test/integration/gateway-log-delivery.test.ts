/** The inference log's delivery to Firehose: one retry, then a structured error and a metric, never the record's text. */
import { describe, expect, it } from "vitest";
import { responseBody, STREAM_NAME } from "../support/gateway-harness";
import { claimEvent, handlerSuite } from "../support/handler-suite";

const suite = handlerSuite();

describe("gateway handler: inference log delivery", () => {
  it("retries a failed Firehose put once and delivers the record", async () => {
    suite.firehose.failNext(1);
    const attemptsBefore = suite.firehose.attempts.length;

    const response = await suite.handler(claimEvent({ inputs: "hi", request_type: "chat" }));

    const { requestId } = responseBody(response);
    expect(suite.firehose.attempts.length - attemptsBefore).toBe(2);
    expect(suite.recordFor(requestId)).toBeDefined();
    expect(suite.logLines().some((l) => l.message === "inference log delivery failed")).toBe(false);
  });

  it("after two failed puts logs a structured error and counts InferenceLogDeliveryFailed, still answering 200", async () => {
    suite.firehose.failNext(2);

    const response = await suite.handler(claimEvent({ inputs: "segredo do cliente 123", request_type: "chat" }));

    expect(response.statusCode).toBe(200);
    const { requestId } = responseBody(response);
    expect(suite.recordFor(requestId)).toBeUndefined();
    const log = suite.logLines().find((l) => l.message === "inference log delivery failed")!;
    expect(log).toMatchObject({ level: "ERROR", requestId, deliveryStream: STREAM_NAME, attempts: 2, errorName: "ServiceUnavailableException" });
    expect(JSON.stringify(log)).not.toContain("segredo");
    expect(suite.emfFor(requestId).some((doc) => doc.InferenceLogDeliveryFailed === 1)).toBe(true);
  });
});
