import { describe, expect, it } from "vitest";
import { defaultSlos } from "../slo/default-slos";

const BASE = {
  modelName: "m",
  endpointName: "e",
  instanceType: "ml.g5.12xlarge",
  judgePair: "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1",
};
const correction = { sensitivity: 0.95, specificity: 0.5, sensitivityVariance: 0.001, specificityVariance: 0.004 };

const qualitySlo = (rt: Parameters<typeof defaultSlos>[0]["requestTypes"]) =>
  defaultSlos({ ...BASE, requestTypes: rt }).find((s) => s.name.startsWith("quality-"))!;

describe("quality SLO reading", () => {
  it("reads the corrected SLI by default when the judge's error is known, from QualityGoodCorrected", () => {
    const slo = qualitySlo([{ requestType: "balance_inquiry", threshold: 0.9, judgeError: { correction } }]);
    expect(slo.sli.queries.map((q) => q.metric.name)).toEqual(["QualityGood", "QualityGoodCorrected", "QualityTotal"]);
    expect(slo.sli.good).toBe("IF(corrected < 0, 0, IF(corrected > evaluated, evaluated, corrected))");
    expect(slo.sli.description).toContain("Rogan–Gladen");
    expect(slo.warnings).toEqual([]);
  });

  it("reads the 90 % lower bound when asked, with the sample's and the calibration's variance", () => {
    const slo = qualitySlo([{ requestType: "balance_inquiry", threshold: 0.9, sliReading: "correctedLowerBound", judgeError: { correction } }]);
    // z90 / J = 1.644854 / 0.45
    expect(slo.sli.good).toContain("3.65523 * (good * (evaluated - good) / evaluated + 0.001 * corrected * corrected + 0.004 *");
  });

  it("reads the raw SLI when asked to", () => {
    const slo = qualitySlo([{ requestType: "balance_inquiry", threshold: 0.9, sliReading: "raw", judgeError: { correction } }]);
    expect(slo.sli.good).toBe("good");
    expect(slo.sli.queries).toHaveLength(2);
  });

  it("falls back to the raw SLI with a warning that says why when the calibration is insufficient", () => {
    const reason = "7 golden item(s) humans call bad at threshold 0.9; at least 10 of each are needed";
    const slo = qualitySlo([{ requestType: "balance_inquiry", threshold: 0.9, sliReading: "corrected", judgeError: { reason } }]);
    expect(slo.sli.good).toBe("good");
    expect(slo.warnings).toEqual([`slo quality-balance-inquiry: reads the raw SLI, not the corrected one asked for: ${reason}`]);
  });
});
