import { describe, expect, it } from "vitest";
import { PRIVACY_METRICS, SERVING_BRIDGE_METRICS } from "../../../contracts/metric-catalogue";
import { emfDocument } from "../emf-document";

describe("emfDocument", () => {
  it("declares every metric under the one dimension set and carries the values at the root", () => {
    const at = new Date("2026-12-04T12:00:00Z");
    const document = emfDocument(at, { EndpointName: "ep" }, [
      { metric: SERVING_BRIDGE_METRICS.prefixCacheHitRate, value: 37.5 },
      { metric: SERVING_BRIDGE_METRICS.requestsRunning, value: 4 },
    ]);
    expect(document).toEqual({
      _aws: {
        Timestamp: Date.parse("2026-12-04T12:00:00Z"),
        CloudWatchMetrics: [
          {
            Namespace: "LLMInference/Serving",
            Dimensions: [["EndpointName"]],
            Metrics: [
              { Name: "PrefixCacheHitRate", Unit: "Percent" },
              { Name: "RequestsRunning", Unit: "Count" },
            ],
          },
        ],
      },
      EndpointName: "ep",
      PrefixCacheHitRate: 37.5,
      RequestsRunning: 4,
    });
  });

  it("refuses a document with no metric or with metrics of two namespaces", () => {
    const at = new Date();
    expect(() => emfDocument(at, {}, [])).toThrow(/at least one metric/);
    expect(() =>
      emfDocument(at, {}, [
        { metric: SERVING_BRIDGE_METRICS.requestsRunning, value: 1 },
        { metric: PRIVACY_METRICS.survivedMasking, value: 1 },
      ]),
    ).toThrow(/one namespace: PiiSurvivedMasking is in LLMInference\/Privacy/);
  });
});
