import { describe, expect, it } from "vitest";
import { MetricStore, pointsIn, statistic } from "../metric-store";

describe("metric store and statistics", () => {
  it("computes CloudWatch statistics from raw values", () => {
    const store = new MetricStore();
    for (let v = 1; v <= 100; v += 1) store.add("ns", "m", { A: "x" }, v, v);
    const points = pointsIn(store.find("ns", "m", { A: "*" }), 0, 1000);
    expect(statistic(points, "Sum")).toBe(5050);
    expect(statistic(points, "SampleCount")).toBe(100);
    expect(statistic(points, "p95")).toBe(95);
    expect(statistic(points, "PR(:40)")).toBe(40);
    expect(store.find("ns", "m", { A: "y" })).toEqual([]);
    expect(store.find("ns", "m", {})).toEqual([]);
  });

  it("reads EMF documents into one series per dimension set", () => {
    const store = new MetricStore();
    const doc = {
      _aws: { Timestamp: 1000, CloudWatchMetrics: [{ Namespace: "N", Dimensions: [["M"], ["M", "R"]], Metrics: [{ Name: "itl" }] }] },
      M: "m",
      R: "r",
      itl: [10, 20],
    };
    expect(store.ingestEmfLine(JSON.stringify(doc))).toBeDefined();
    expect(store.find("N", "itl", { M: "m" })[0]!.points.map((p) => p.value)).toEqual([10, 20]);
    expect(store.find("N", "itl", { M: "m", R: "r" })).toHaveLength(1);
  });
});
