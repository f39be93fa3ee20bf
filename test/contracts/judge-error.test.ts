import { describe, expect, it } from "vitest";
import { evaluateMetricMath } from "../../testing/cloudwatch/metric-math";
import {
  correctedContribution,
  correctedGoodExpression,
  correctedShare,
  correctionOf,
  MIN_ITEMS_PER_CLASS,
  verdictAgreement,
  wilsonInterval,
  type JudgeErrorCorrection,
} from "../../contracts/judge-error";

describe("wilsonInterval", () => {
  it("matches the published 95 % Wilson bounds (Newcombe 1998, table I)", () => {
    // Arrange / Act / Assert: 0/10, 10/10 and 81/263 are Newcombe's worked cases.
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(81, 263).low).toBeCloseTo(0.2553, 4);
    expect(wilsonInterval(81, 263).high).toBeCloseTo(0.3662, 4);
  });
});

/** The agreement at `threshold` of golden items given as (human score, judge score, how many such items). */
const agreementOf = (threshold: number, ...spec: readonly [human: number, judge: number, count: number][]) =>
  verdictAgreement(
    spec.flatMap(([human, judge, count]) => Array.from({ length: count }, () => ({ human, judge }))),
    threshold,
  );

describe("verdictAgreement", () => {
  it("counts sensitivity over the items humans call good and specificity over the ones they call bad", () => {
    // Arrange and act: 20 good items, 18 judged good; 12 bad items, 6 judged bad.
    const agreement = agreementOf(0.9, [1, 1, 18], [0.95, 0.5, 2], [0.5, 0.2, 6], [0.5, 0.9, 6]);
    // Assert
    expect(agreement.status).toBe("measured");
    expect(agreement.sensitivity).toMatchObject({ items: 20, agreeing: 18, value: 0.9 });
    expect(agreement.specificity).toMatchObject({ items: 12, agreeing: 6, value: 0.5 });
    expect(agreement.sensitivity.interval95!.low).toBeLessThan(0.9);
    expect(agreement.sensitivity.interval95!.high).toBeGreaterThan(0.9);
  });

  it("calls a class with fewer than the minimum items insufficient and gives no figure for it", () => {
    const agreement = agreementOf(0.75, [1, 1, 30], [0.2, 0.2, MIN_ITEMS_PER_CLASS - 1]);
    expect(agreement.status).toBe("insufficient");
    expect(agreement.specificity.value).toBeNull();
    expect(agreement.specificity.interval95).toBeNull();
    expect(agreement.reason).toContain(`${MIN_ITEMS_PER_CLASS - 1} golden item(s) humans call bad`);
    expect(correctionOf(agreement)).toBeUndefined();
  });

  it("refuses to correct with a judge that barely separates good from bad", () => {
    // Se 0.6, Sp 0.5: Youden 0.1.
    const agreement = agreementOf(0.5, [1, 1, 6], [1, 0, 4], [0, 0, 5], [0, 1, 5]);
    expect(agreement.status).toBe("insufficient");
    expect(agreement.reason).toContain("barely separates");
  });
});

const lenient: JudgeErrorCorrection = { sensitivity: 0.95, specificity: 0.5, sensitivityVariance: 0, specificityVariance: 0 };

describe("Rogan–Gladen correction", () => {
  it("recovers the true share from what a lenient judge reports", () => {
    // 40 % truly good: the judge calls 0.4 x 0.95 + 0.6 x 0.5 = 68 % good.
    const share = correctedShare(680, 1000, lenient);
    expect(share.estimate).toBeCloseTo(0.4, 10);
  });

  it("sums per-score contributions to the same corrected count as the share formula", () => {
    const perScore = 680 * correctedContribution(true, lenient) + 320 * correctedContribution(false, lenient);
    expect(perScore / 1000).toBeCloseTo(0.4, 10);
  });

  it("widens the band with the calibration's uncertainty as well as the sample's", () => {
    const sampleOnly = correctedShare(68, 100, lenient);
    const both = correctedShare(68, 100, { ...lenient, sensitivityVariance: 0.002, specificityVariance: 0.01 });
    // Sample only: sd = sqrt(0.68 x 0.32 / 100) / 0.45 = 0.1037; 90 % band = 1.645 sd.
    expect(sampleOnly.estimate - sampleOnly.low).toBeCloseTo(1.644854 * (Math.sqrt((0.68 * 0.32) / 100) / 0.45), 6);
    expect(both.estimate - both.low).toBeGreaterThan(sampleOnly.estimate - sampleOnly.low);
  });

  it("clamps an estimate outside [0, 1] instead of reporting an impossible share", () => {
    // Fewer judged good than the judge's false-positive rate allows: the estimate is negative.
    expect(correctedShare(40, 100, lenient).estimate).toBe(0);
    expect(correctedShare(100, 100, lenient).estimate).toBe(1);
  });
});

describe("correctedGoodExpression", () => {
  const correction: JudgeErrorCorrection = { sensitivity: 0.9, specificity: 0.7, sensitivityVariance: 0.003, specificityVariance: 0.008 };
  const ids = { judgedGood: "g", corrected: "c", evaluated: "n" };
  const window = (judgedGood: number, total: number) => ({
    g: judgedGood,
    n: total,
    c: judgedGood * correctedContribution(true, correction) + (total - judgedGood) * correctedContribution(false, correction),
  });

  it("reads the judge's own count when raw", () => {
    expect(evaluateMetricMath(correctedGoodExpression(ids, correction, "raw"), window(40, 60))).toBe(40);
  });

  it("gives, in metric math over the window's sums, the corrected share and its 90 % lower bound times the evaluations", () => {
    const share = correctedShare(40, 60, correction);
    expect(evaluateMetricMath(correctedGoodExpression(ids, correction, "corrected"), window(40, 60))! / 60).toBeCloseTo(share.estimate, 9);
    expect(evaluateMetricMath(correctedGoodExpression(ids, correction, "correctedLowerBound"), window(40, 60))! / 60).toBeCloseTo(share.low, 4);
  });

  it("clamps to the window's evaluations", () => {
    expect(evaluateMetricMath(correctedGoodExpression(ids, correction, "corrected"), window(60, 60))).toBe(60);
    expect(evaluateMetricMath(correctedGoodExpression(ids, correction, "corrected"), window(5, 60))).toBe(0);
  });
});
