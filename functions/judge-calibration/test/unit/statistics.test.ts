import { describe, expect, it } from "vitest";
import {
  BINARY_SCALE,
  bootstrapInterval,
  cohensKappa,
  exactAgreement,
  FIVE_POINT_SCALE,
  kappaWithInterval,
  lowerMedian,
  meanSignedDifference,
  percentile,
  pooledPairwiseAgreement,
  ranks,
  spearman,
  withinOneAgreement,
} from "../../statistics";

const qwk = (a: number[], b: number[]) => cohensKappa(a, b, FIVE_POINT_SCALE, "quadratic");

describe("quadratic-weighted kappa against hand-computed values", () => {
  it("judge [1,3,5,5] vs human [1,3,5,3] is 0.8", () => {
    // Weights (i-j)^2/16. Observed disagreement: one pair (5,3), w = 4/16, over n = 4 -> 1/16.
    // Marginals: judge 1:1/4 3:1/4 5:1/2; human 1:1/4 3:1/2 5:1/4. Expected disagreement:
    // 1/4*1/2*4/16 + 1/4*1/4*1 + 1/4*1/4*4/16 + 1/4*1/4*4/16 + 1/2*1/4*1 + 1/2*1/2*4/16 = 20/64 = 5/16.
    // kappa = 1 - (1/16)/(5/16) = 0.8
    expect(qwk([1, 3, 5, 5], [1, 3, 5, 3]).kappa).toBeCloseTo(0.8, 12);
  });

  it("is 1 for perfect agreement with variation", () => {
    expect(qwk([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])).toEqual({ kappa: 1 });
  });

  it("is undefined, with the reason, when every item is in one class for both", () => {
    expect(qwk([4, 4, 4], [4, 4, 4])).toEqual({
      kappa: null,
      reason: "every item is in one class for both raters: agreement beyond chance cannot be measured",
    });
  });

  it("is 0 when one rater puts every item in one class and the other does not (observed equals expected)", () => {
    expect(qwk([3, 4, 5], [4, 4, 4]).kappa).toBeCloseTo(0, 12);
  });

  it("is undefined for a single item, agreeing or not, and for none", () => {
    expect(qwk([4], [4])).toEqual({ kappa: null, reason: "a single item: agreement beyond chance cannot be measured" });
    expect(qwk([5], [3])).toEqual({ kappa: null, reason: "a single item: agreement beyond chance cannot be measured" });
    expect(qwk([], [])).toEqual({ kappa: null, reason: "no items" });
  });

  it("is negative for systematic disagreement", () => {
    expect(qwk([1, 5], [5, 1]).kappa).toBeCloseTo(-1, 12);
  });

  it("refuses scores off the scale and unpaired lists", () => {
    expect(() => qwk([0], [1])).toThrow("not on the scale");
    expect(() => qwk([1, 2], [1])).toThrow("equal lengths");
  });
});

describe("unweighted Cohen's kappa for the refusal label", () => {
  it("judge [1,1,0,0] vs human [1,0,0,0] is 0.5", () => {
    // po = 3/4; pe = 1/2*1/4 + 1/2*3/4 = 1/2; kappa = (3/4 - 1/2)/(1 - 1/2) = 0.5
    expect(cohensKappa([1, 1, 0, 0], [1, 0, 0, 0], BINARY_SCALE, "none").kappa).toBeCloseTo(0.5, 12);
  });
  it("is undefined when nobody refused anything", () => {
    expect(cohensKappa([0, 0], [0, 0], BINARY_SCALE, "none").kappa).toBeNull();
  });
});

describe("agreement shares and the mean signed difference", () => {
  it("counts exact and within-one agreement and averages judge minus human", () => {
    expect(exactAgreement([1, 3, 5, 5], [1, 3, 5, 3])).toBe(0.75);
    expect(withinOneAgreement([1, 3, 5, 5], [1, 3, 5, 3])).toBe(0.75);
    expect(withinOneAgreement([1, 3, 5, 4], [2, 3, 5, 3])).toBe(1);
    expect(meanSignedDifference([1, 3, 5, 5], [1, 3, 5, 3])).toBe(0.5);
    expect(exactAgreement([], [])).toBeNull();
    expect(meanSignedDifference([], [])).toBeNull();
  });
});

describe("Spearman correlation", () => {
  it("is 1 - 6 sum(d^2) / (n (n^2 - 1)) without ties", () => {
    // d = [-1, 1, -1, 1, 0], sum d^2 = 4: 1 - 24/120 = 0.8
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  });
  it("uses mid-ranks for ties", () => {
    expect(ranks([1, 2, 2, 3])).toEqual([1, 2.5, 2.5, 4]);
    // Pearson of [1, 2.5, 2.5, 4] and [1, 2, 3, 4]: 4.5 / sqrt(4.5 * 5) = 3 / sqrt(10)
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(3 / Math.sqrt(10), 12);
  });
  it("is undefined when a side does not vary or with fewer than two pairs", () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([1], [1])).toBeNull();
  });
});

describe("human consensus and inter-rater agreement", () => {
  it("takes the lower median: with two raters who disagree, the stricter", () => {
    expect(lowerMedian([3, 4])).toBe(3);
    expect(lowerMedian([2, 5, 4])).toBe(4);
    expect(lowerMedian([1, 1, 5, 5])).toBe(1);
  });

  it("pools every rater pair of an item into a symmetric matrix", () => {
    // Pairs (5,5) and (4,5) enter as [5,5,4,5] x [5,5,5,4]. Observed disagreement 2 * (1/16) / 4 = 1/32;
    // marginals 4:1/4 5:3/4 on both sides, expected 2 * 1/4 * 3/4 * 1/16 = 3/128; kappa = 1 - (1/32)/(3/128) = -1/3.
    const agreement = pooledPairwiseAgreement([[5, 5], [4, 5], [3]], FIVE_POINT_SCALE, "quadratic");
    expect(agreement.items).toBe(2);
    expect(agreement.pairs).toBe(2);
    expect(agreement.exactAgreement).toBe(0.5);
    expect(agreement.kappa).toBeCloseTo(-1 / 3, 12);
    // Three raters on one item: three pairs.
    expect(pooledPairwiseAgreement([[1, 2, 3]], FIVE_POINT_SCALE, "quadratic").pairs).toBe(3);
    expect(pooledPairwiseAgreement([[5], [4]], FIVE_POINT_SCALE, "quadratic")).toEqual({ items: 0, pairs: 0, exactAgreement: null, kappa: null });
  });
});

describe("bootstrap interval", () => {
  it("interpolates percentiles between order statistics", () => {
    expect(percentile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(percentile([1, 2, 3, 4], 1)).toBe(4);
    expect(percentile([7], 0.5)).toBe(7);
  });

  it("is [1, 1] under perfect agreement and the same on every run (seeded)", () => {
    const judge = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5];
    const first = kappaWithInterval(judge, judge, FIVE_POINT_SCALE, "quadratic", { seed: 42, resamples: 500 });
    expect(first.kappa).toBe(1);
    expect([first.interval.low, first.interval.high]).toEqual([1, 1]);
    const noisy = [1, 2, 3, 4, 4, 2, 2, 3, 5, 5];
    const a = kappaWithInterval(noisy, judge, FIVE_POINT_SCALE, "quadratic", { seed: 7, resamples: 500 });
    const b = kappaWithInterval(noisy, judge, FIVE_POINT_SCALE, "quadratic", { seed: 7, resamples: 500 });
    expect(a.interval).toEqual(b.interval);
    expect(a.interval.low!).toBeLessThanOrEqual(a.kappa!);
    expect(a.interval.high!).toBeGreaterThanOrEqual(a.kappa!);
  });

  it("has no bounds when the statistic is undefined in most resamples", () => {
    expect(kappaWithInterval([4, 4, 4], [4, 4, 4], FIVE_POINT_SCALE, "quadratic", { seed: 1, resamples: 200 }).interval).toEqual({
      low: null,
      high: null,
      resamples: 200,
      definedResamples: 0,
    });
    expect(bootstrapInterval(0, () => 1, { seed: 1 })).toEqual({ low: null, high: null, resamples: 0, definedResamples: 0 });
  });
});
