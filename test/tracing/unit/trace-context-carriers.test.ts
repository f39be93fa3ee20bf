import { describe, expect, it } from "vitest";
import { parseCustomAttributes } from "../../../functions/evaluator/custom-attributes";
import { parseRecord } from "../../../functions/evaluator/record-parser";
import { captureLine, inferenceLogLine } from "../../../functions/evaluator/test/fixtures";
import { buildCustomAttributes } from "../../../functions/gateway/request";

const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("trace context carried to the evaluator", () => {
  it("round-trips through the gateway's SageMaker custom attributes (DataCapture)", () => {
    const attributes = buildCustomAttributes({ useCase: "onboarding", requestType: "chat" }, "req-1", { flagged: false, reasons: [] }, TRACEPARENT);
    expect(attributes).toBe(`use_case=onboarding;request_type=chat;request_id=req-1;guardrail=clear;traceparent=${TRACEPARENT}`);
    expect(parseCustomAttributes(attributes).traceparent).toBe(TRACEPARENT);
  });

  it("reaches the evaluation record from a DataCapture line and from an inference-log line", () => {
    const capture = parseRecord(captureLine({ eventId: "e-1", customAttributes: `request_id=req-1;guardrail=clear;traceparent=${TRACEPARENT}` }), {
      key: "datacapture/llm-ep/AllTraffic/2026/12/04/20/x.jsonl",
      endpointModelNames: {},
      useCases: ["onboarding"],
      requestTypes: ["chat"],
    });
    const log = parseRecord(inferenceLogLine({ requestId: "req-2", traceparent: TRACEPARENT }), {
      key: "inference-logs/x",
      endpointModelNames: {},
      useCases: ["onboarding"],
      requestTypes: ["chat"],
    });
    expect("skip" in capture ? undefined : capture.traceparent).toBe(TRACEPARENT);
    expect("skip" in log ? undefined : log.traceparent).toBe(TRACEPARENT);
  });

  it("drops a malformed trace context and still judges the record", () => {
    const log = parseRecord(inferenceLogLine({ requestId: "req-3", traceparent: "00-not-a-trace" }), {
      key: "inference-logs/x",
      endpointModelNames: {},
      useCases: ["onboarding"],
      requestTypes: ["chat"],
    });
    expect("skip" in log).toBe(false);
    expect("skip" in log ? "skipped" : log.traceparent).toBeUndefined();
    expect(parseCustomAttributes("request_id=r;traceparent=garbage").traceparent).toBeUndefined();
  });
});
