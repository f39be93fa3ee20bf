import { describe, expect, it } from "vitest";
import { countMetricSeries, gatewayMetricSeries } from "../metric-series";
import { GATEWAY_METRICS, QUALITY_METRICS } from "../../../contracts/metric-catalogue";

describe("gateway metric series", () => {
  it("one endpoint and three request types: 8 metrics x (1 + 3) series plus 7 endpoint-only = 39, $11.70 a month", () => {
    // Counted by hand from the catalogue: ttft, itl, tokens/s, prompt, completion, total latency,
    // RequestCount, FailedRequestCount have both sets; the other 7 have the endpoint set only.
    expect(gatewayMetricSeries({ models: 1, requestTypes: 3 })).toEqual({ series: 39, usdPerMonth: 11.7 });
  });

  it("scales with endpoints and request types", () => {
    expect(gatewayMetricSeries({ models: 2, endpointsPerModel: 2, requestTypes: 5 })).toEqual({ series: 4 * (8 * 6 + 7), usdPerMonth: 66 });
    expect(gatewayMetricSeries({ models: 0, requestTypes: 3 }).series).toBe(0);
  });

  it("follows the catalogue: adding a request-type set adds series", () => {
    const quality = countMetricSeries(Object.values(QUALITY_METRICS), (set) => (set.includes("request_type") || set.includes("stratum") ? 3 : 1));
    // 8 metrics with [ModelName] and [ModelName, request_type], 5 of them also per stratum (3 strata:
    // QualityScore, QualityGood, QualityGoodCorrected, QualityTotal, UndueRefusal), JudgeCostUSD with [ModelName] only.
    expect(quality).toBe(8 * (1 + 3) + 5 * 3 + 1);
    expect(countMetricSeries(Object.values(GATEWAY_METRICS), () => 1)).toBe(8 * 2 + 7);
  });

  it("refuses negative or fractional counts", () => {
    expect(() => gatewayMetricSeries({ models: 1, requestTypes: -1 })).toThrow(/requestTypes -1 is invalid/);
    expect(() => gatewayMetricSeries({ models: 1.5, requestTypes: 1 })).toThrow(/models 1.5 is invalid/);
  });
});
