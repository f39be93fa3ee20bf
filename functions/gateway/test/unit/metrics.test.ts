import { describe, expect, it } from "vitest";
import { GATEWAY_METRICS } from "../../../../contracts/metric-catalogue";
import { buildEmfDocuments } from "../../metrics";

const dims = { modelName: "m", endpointName: "e", instanceType: "ml.g5.xlarge", requestType: "chat" };

describe("buildEmfDocuments", () => {
  it("groups metrics by their catalogue dimension sets in one document", () => {
    const [doc] = buildEmfDocuments(
      [
        { metric: GATEWAY_METRICS.ttft, kind: "distribution", values: [120] },
        { metric: GATEWAY_METRICS.throttled, kind: "counter", values: [1] },
      ],
      dims,
      { requestId: "r1" },
      1_700_000_000_000,
    );
    expect(doc).toMatchObject({
      _aws: {
        Timestamp: 1_700_000_000_000,
        CloudWatchMetrics: [
          {
            Namespace: "LLMInference/SageMaker",
            Dimensions: [
              ["ModelName", "EndpointName", "InstanceType"],
              ["ModelName", "EndpointName", "InstanceType", "request_type"],
            ],
            Metrics: [{ Name: "ttft_ms", Unit: "Milliseconds" }],
          },
          {
            Namespace: "LLMInference/SageMaker",
            Dimensions: [["ModelName", "EndpointName", "InstanceType"]],
            Metrics: [{ Name: "EndpointThrottled", Unit: "Count" }],
          },
        ],
      },
      ModelName: "m",
      EndpointName: "e",
      InstanceType: "ml.g5.xlarge",
      request_type: "chat",
      requestId: "r1",
      ttft_ms: 120,
      EndpointThrottled: 1,
    });
  });

  it("splits more than 100 values of one metric across documents (EMF limit)", () => {
    const gaps = Array.from({ length: 250 }, (_, i) => i);
    const docs = buildEmfDocuments(
      [
        { metric: GATEWAY_METRICS.itl, kind: "distribution", values: gaps },
        { metric: GATEWAY_METRICS.ttft, kind: "distribution", values: [5] },
      ],
      dims,
    );
    expect(docs).toHaveLength(3);
    expect((docs[0]!.itl_ms as number[]).length).toBe(100);
    expect((docs[2]!.itl_ms as number[]).length).toBe(50);
    expect(docs[0]!.ttft_ms).toBe(5);
    expect(docs[1]).not.toHaveProperty("ttft_ms");
    expect((docs as { itl_ms: number[] }[]).flatMap((d) => d.itl_ms)).toEqual(gaps);
  });

  it("puts the request's status and use case on its first document only, so a count of log lines by status counts it once", () => {
    const docs = buildEmfDocuments(
      [
        { metric: GATEWAY_METRICS.itl, kind: "distribution", values: Array.from({ length: 150 }, (_, i) => i) },
        { metric: GATEWAY_METRICS.completionTokens, kind: "distribution", values: [151] },
      ],
      dims,
      { requestId: "r1", status: "ok", use_case: "card-support" },
    );
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ requestId: "r1", status: "ok", use_case: "card-support", completion_tokens: 151 });
    // The continuation keeps what EMF needs (dimensions) and what ties it to the request.
    expect(docs[1]).toMatchObject({ requestId: "r1", ModelName: docs[0]!.ModelName, request_type: docs[0]!.request_type });
    expect(docs[1]).not.toHaveProperty("status");
    expect(docs[1]).not.toHaveProperty("use_case");
    expect(docs.filter((d) => d.status === "ok")).toHaveLength(1);
  });
});
