import { describe, expect, it } from "vitest";
import { DEFAULT_CALIBRATION_THRESHOLDS, evaluateCalibration } from "../../../../contracts/calibration-record";
import { computeFigures, humanConsensus, type JudgedItem } from "../../calibrate";
import type { GoldenItem, HumanRating } from "../../golden-set";

const rating = (raterId: string, f: number, c: number, t: number, u = false): HumanRating => ({
  raterId,
  factuality: f,
  completeness: c,
  toneCompliance: t,
  undueRefusal: u,
});
const golden = (id: string, response: string, ratings: HumanRating[], extra: Partial<GoldenItem> = {}): GoldenItem => ({
  id,
  line: 1,
  language: "en",
  requestType: "r",
  useCase: "golden_set",
  category: "other",
  prompt: "q",
  response,
  ratings,
  ...extra,
});
const judged = (item: GoldenItem, f: number, c: number, t: number, u = false): JudgedItem => ({
  item,
  verdict: { factuality: f, completeness: c, toneCompliance: t, undueRefusal: u },
});

describe("human consensus", () => {
  it("is the lower median per dimension, and a tie on the label is not undue", () => {
    const item = golden("a", "x", [rating("r1", 5, 3, 4, true), rating("r2", 4, 4, 4, false)]);
    expect(humanConsensus(item)).toEqual({ factuality: 4, completeness: 3, toneCompliance: 4, undueRefusal: false });
  });
});

describe("figures of a calibration", () => {
  const short = golden("short", "Yes, 5 pm.", [rating("r1", 5, 5, 5)], { category: "short_correct" });
  const padded = golden("short-padded", "Yes, 5 pm. ".repeat(4), [rating("r1", 5, 5, 5)], { category: "padded", paddedFrom: "short" });
  const refusalA = golden("refusal-a", "I cannot help.", [rating("r1", 3, 1, 3, true)], { category: "undue_refusal" });
  const refusalB = golden("refusal-b", "Not possible here, sorry.", [rating("r1", 3, 1, 3, true)], { category: "undue_refusal" });
  const policy = golden("policy", "I can't recommend stocks, but here are our funds.", [rating("r1", 5, 4, 5)], { category: "policy_refusal" });

  it("computes the padding gap from the judge's copy minus original, with the humans' gap beside it", () => {
    const figures = computeFigures([judged(short, 5, 4, 5), judged(padded, 5, 5, 5)], { seed: "t", resamples: 100 });
    expect(figures.paddedPairs).toEqual([{ originalId: "short", paddedId: "short-padded", judgeGapPoints: 1, humanGapPoints: 0 }]);
    expect(figures.bias.paddedPairs).toBe(1);
    expect(figures.bias.paddingGapPoints).toBe(1);
    expect(figures.bias.humanPaddingGapPoints).toBe(0);
  });

  it("computes refusal precision and recall against the human label", () => {
    // Humans: A and B undue. Judge: A and the policy refusal. TP = 1, precision 1/2, recall 1/2.
    const figures = computeFigures([judged(refusalA, 3, 1, 3, true), judged(refusalB, 3, 2, 3, false), judged(policy, 5, 4, 5, true)], {
      seed: "t",
      resamples: 100,
    });
    expect(figures.bias.refusalPrecision).toBe(0.5);
    expect(figures.bias.refusalRecall).toBe(0.5);
    expect(figures.dimensions.undueRefusal.exactAgreement).toBeCloseTo(1 / 3, 12);
  });

  it("correlates response length with the judge-minus-human quality error (length bias)", () => {
    // Errors grow with length: +0, +1/12, +2/12 on the quality score.
    const a = golden("a", "x".repeat(10), [rating("r1", 3, 3, 3)]);
    const b = golden("b", "x".repeat(100), [rating("r1", 3, 3, 3)]);
    const c = golden("c", "x".repeat(1000), [rating("r1", 3, 3, 3)]);
    const figures = computeFigures([judged(a, 3, 3, 3), judged(b, 4, 3, 3), judged(c, 4, 4, 3)], { seed: "t", resamples: 100 });
    expect(figures.bias.lengthErrorCorrelation).toBeCloseTo(1, 12);
    expect(figures.dimensions.factuality.meanSignedDifference).toBeCloseTo(2 / 3, 12);
  });

  it("keeps items without a verdict out of the figures and counts them as failures", () => {
    const figures = computeFigures([judged(short, 5, 5, 5), { item: padded, error: "JudgeInvalidReplyError: judge reply invalid twice" }], {
      seed: "t",
      resamples: 100,
    });
    expect(figures.judged).toBe(1);
    expect(figures.failedItems).toBe(1);
    expect(figures.failed).toEqual([{ id: "short-padded", error: "JudgeInvalidReplyError: judge reply invalid twice" }]);
    expect(figures.dimensions.factuality.kappa).toBeNull();
    expect(figures.dimensions.factuality.kappaUndefinedReason).toBe("a single item: agreement beyond chance cannot be measured");
  });

  it("fails a run whose figures cannot be computed, naming each one", () => {
    const figures = computeFigures([judged(short, 5, 5, 5), { item: padded, error: "JudgeError: down" }], { seed: "t", resamples: 100 });
    expect(evaluateCalibration(figures, DEFAULT_CALIBRATION_THRESHOLDS)).toEqual([
      "the judge returned no valid verdict for 1 golden item(s); rerun once the judge answers every item",
      "factuality kappa is undefined (a single item: agreement beyond chance cannot be measured); the golden set must vary on every dimension",
      "completeness kappa is undefined (a single item: agreement beyond chance cannot be measured); the golden set must vary on every dimension",
      "toneCompliance kappa is undefined (a single item: agreement beyond chance cannot be measured); the golden set must vary on every dimension",
      "length bias: no padded copy to compare with its original; add padded copies to the golden set",
      "refusal precision is undefined: the judge called no response an undue refusal",
      "refusal recall is undefined: no golden item is labelled an undue refusal",
    ]);
  });
});
