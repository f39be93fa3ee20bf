import { describe, expect, it } from "vitest";
import { nearestRankPercentile, summarizeInterTokenLatency } from "../../itl-summary";

describe("summarizeInterTokenLatency", () => {
  it("returns nearest-rank percentiles, mean and max of the gaps", () => {
    const summary = summarizeInterTokenLatency([100, 10, 90, 20, 80, 30, 70, 40, 60, 50]);
    expect(summary).toEqual({ count: 10, meanMs: 55, p50Ms: 50, p95Ms: 100, p99Ms: 100, maxMs: 100 });
  });

  it("keeps the tail visible on a long stream", () => {
    const gaps = Array.from({ length: 200 }, (_, i) => i + 1); // 1..200
    const summary = summarizeInterTokenLatency(gaps);
    expect(summary?.p50Ms).toBe(100);
    expect(summary?.p95Ms).toBe(190);
    expect(summary?.p99Ms).toBe(198);
  });

  it("is undefined without gaps (a single chunk)", () => {
    expect(summarizeInterTokenLatency([])).toBeUndefined();
  });

  it("refuses a percentile of nothing", () => {
    expect(() => nearestRankPercentile([], 50)).toThrow(RangeError);
  });
});
