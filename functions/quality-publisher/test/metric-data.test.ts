import { describe, expect, it } from "vitest";
import { batchDatums } from "../batching";
import { parseThresholds } from "../config";
import { scoreToDatums, thresholdFor, timestampProblem } from "../metric-data";

const score = {
  eventId: "e",
  inferenceTime: "2025-06-01T12:00:00.000Z",
  modelName: "m",
  requestType: "balance",
  judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0",
  rubricVersion: "bank-qa-rubric/2025-06-v1",
  stratum: "random" as const,
  qualityScore: 0.8,
  factuality: 4,
  completeness: 4,
  toneCompliance: 5,
  undueRefusal: false,
  judgeCostUsd: 0.001,
};

describe("publisher score math", () => {
  it("uses the request type's threshold, else the default", () => {
    const thresholds = parseThresholds('{"default":0.75,"balance":0.85}');
    expect(thresholdFor("balance", thresholds)).toBe(0.85);
    expect(thresholdFor("transfer", thresholds)).toBe(0.75);
    const good = scoreToDatums(score, thresholds).filter((datum) => datum.MetricName === "QualityGood").map((datum) => datum.Value);
    expect(good).toEqual([0, 0]);
  });
  it("rejects thresholds without a default or out of range", () => {
    expect(() => parseThresholds('{"balance":0.8}')).toThrow(/default/);
    expect(() => parseThresholds('{"default":1.5}')).toThrow(/QUALITY_THRESHOLDS/);
  });
  it("refuses timestamps CloudWatch would reject", () => {
    const now = new Date("2025-06-20T00:00:00Z");
    expect(timestampProblem(new Date("2025-06-01T00:00:00Z"), now)).toMatch(/two weeks/);
    expect(timestampProblem(new Date("2025-06-19T00:00:00Z"), now)).toBeUndefined();
  });
  it("never puts more than 1,000 datums in a call", () => {
    const records = Array.from({ length: 200 }, (_, index) => ({ sequenceNumber: String(index), datums: scoreToDatums(score, { default: 0.75 }) }));
    const batches = batchDatums(records);
    // 18 datums per score: 3 metrics x 3 dimension sets (also per stratum), 4 x 2, judge cost x 1.
    expect(batches.map((batch) => batch.datums.length)).toEqual([990, 990, 990, 630]);
    expect(batches.flatMap((batch) => batch.sequenceNumbers)).toEqual(records.map((record) => record.sequenceNumber));
  });
});
