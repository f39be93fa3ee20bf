import { describe, expect, it } from "vitest";
import { batchDatums } from "../batching";
import { parseJudgeError, parseThresholds } from "../config";
import { scoreToDatums, thresholdFor, timestampProblem, toScoreImage } from "../metric-data";

const JUDGE_PAIR = "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1";

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

describe("strata", () => {
  const series = (datums: ReturnType<typeof scoreToDatums>, name: string) =>
    datums.filter((d) => d.MetricName === name).map((d) => Object.fromEntries(d.Dimensions.map((x) => [x.Name, x.Value])));

  it("publishes a random score in every set, tagged with its stratum in the stratum set", () => {
    expect(series(scoreToDatums(score, { default: 0.75 }), "QualityTotal")).toEqual([
      { ModelName: "m", JudgePair: JUDGE_PAIR },
      { ModelName: "m", JudgePair: JUDGE_PAIR, request_type: "balance" },
      { ModelName: "m", JudgePair: JUDGE_PAIR, stratum: "random" },
    ]);
  });

  it("keeps guardrail-flagged and low-confidence scores out of the unstratified (SLO) series, in series of their own", () => {
    for (const stratum of ["guardrail_flagged", "low_confidence"] as const) {
      const datums = scoreToDatums({ ...score, stratum }, { default: 0.75 });
      for (const name of ["QualityScore", "QualityGood", "QualityTotal", "UndueRefusal"]) {
        expect(series(datums, name)).toEqual([{ ModelName: "m", JudgePair: JUDGE_PAIR, stratum }]);
      }
      // The other score metrics have no stratum series: the random stratum only.
      expect(series(datums, "Factuality")).toEqual([]);
      // Spend is spend, whatever the stratum.
      expect(series(datums, "JudgeCostUSD")).toEqual([{ ModelName: "m" }]);
    }
  });

  it("makes the SLO's good share the random stratum's: a burst of flagged bad answers does not move it", () => {
    const thresholds = { default: 0.75 };
    const scores = [
      ...Array.from({ length: 19 }, () => ({ ...score, qualityScore: 0.9 })),
      { ...score, qualityScore: 0.1 },
      ...Array.from({ length: 50 }, () => ({ ...score, stratum: "guardrail_flagged" as const, qualityScore: 0.1 })),
    ];
    // The series the quality SLOs read: [ModelName, JudgePair, request_type].
    const sloSeries = scores
      .flatMap((s) => scoreToDatums(s, thresholds))
      .filter((d) => d.Dimensions.map((x) => x.Name).join() === "ModelName,JudgePair,request_type");
    const sum = (name: string) => sloSeries.filter((d) => d.MetricName === name).reduce((a, d) => a + d.Value, 0);
    expect(sum("QualityGood") / sum("QualityTotal")).toBe(0.95);
  });

  it("refuses a score item without a known stratum", () => {
    expect(() => toScoreImage({ ...score, stratum: "vip" })).toThrow(/stratum must be one of/);
  });
});

describe("publisher score math", () => {
  it("uses the request type's threshold, else the default", () => {
    const thresholds = parseThresholds('{"default":0.75,"balance":0.85}');
    expect(thresholdFor("balance", thresholds)).toBe(0.85);
    expect(thresholdFor("transfer", thresholds)).toBe(0.75);
    const good = scoreToDatums(score, thresholds)
      .filter((datum) => datum.MetricName === "QualityGood")
      .map((datum) => datum.Value);
    expect(good).toEqual([0, 0, 0]);
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
    // 19 datums per random score: 4 metrics x 3 dimension sets (also per stratum), 3 x 2, judge cost x 1.
    expect(batches.map((batch) => batch.datums.length)).toEqual([988, 988, 988, 836]);
    expect(batches.flatMap((batch) => batch.sequenceNumbers)).toEqual(records.map((record) => record.sequenceNumber));
  });
});

describe("QualityGoodCorrected", () => {
  // A lenient judge at 0.75: Se 0.95, Sp 0.5, so J = 0.45.
  const judgeError = { judgePair: JUDGE_PAIR, corrections: { default: { sensitivity: 0.95, specificity: 0.5 } } };
  const corrected = (datums: ReturnType<typeof scoreToDatums>) =>
    datums.filter((d) => d.MetricName === "QualityGoodCorrected" && d.Dimensions.some((x) => x.Name === "request_type")).map((d) => d.Value);

  it("publishes Sp / J for a score the judge calls good and -(1 - Sp) / J for one it calls bad", () => {
    expect(corrected(scoreToDatums(score, { default: 0.75 }, judgeError))[0]).toBeCloseTo(0.5 / 0.45, 10);
    expect(corrected(scoreToDatums({ ...score, qualityScore: 0.5 }, { default: 0.75 }, judgeError))[0]).toBeCloseTo(-0.5 / 0.45, 10);
  });

  it("publishes none for a score of another judge pair, nor for a request type without a correction", () => {
    expect(corrected(scoreToDatums({ ...score, rubricVersion: "bank-qa-rubric/2026-07-v2" }, { default: 0.75 }, judgeError))).toEqual([]);
    const onlyOther = { judgePair: JUDGE_PAIR, corrections: { investment_strategy: { sensitivity: 0.9, specificity: 0.9 } } };
    expect(corrected(scoreToDatums(score, { default: 0.75 }, onlyOther))).toEqual([]);
  });

  it("refuses a JUDGE_ERROR that names no judge pair or holds a share out of range", () => {
    expect(() => parseJudgeError('{"judgePair":"x","corrections":{}}')).toThrow(/judgePair/);
    expect(() => parseJudgeError(`{"judgePair":"${JUDGE_PAIR}","corrections":{"default":{"sensitivity":1.2,"specificity":0.9}}}`)).toThrow(
      /corrections\.default/,
    );
  });
});
