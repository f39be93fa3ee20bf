import { describe, expect, it } from "vitest";
import { evaluateMetricMath } from "../slo/metric-math";

describe("evaluateMetricMath (the replay's reading of the deployed expressions)", () => {
  it("treats a query without a datapoint as CloudWatch does: arithmetic on it has no value unless FILL replaces it", () => {
    expect(evaluateMetricMath("good / total", { good: 9, total: 10 })).toBe(0.9);
    expect(evaluateMetricMath("good / total", { good: undefined, total: 10 })).toBeUndefined();
    expect(evaluateMetricMath("FILL(good, 0) / total", { good: undefined, total: 10 })).toBe(0);
    expect(evaluateMetricMath("IF(p50 > 0, p99 / p50)", { p99: 10, p50: 0 })).toBeUndefined();
  });

  it("takes MIN and MAX over the members of a list that have a value, as the calibration alarms use them", () => {
    expect(evaluateMetricMath("MIN([k0, k1, k2])", { k0: 0.7, k1: undefined, k2: 0.5 })).toBe(0.5);
    expect(evaluateMetricMath("MIN([k0, k1])", { k0: undefined, k1: undefined })).toBeUndefined();
    // The bias alarm: above 0 when any probe is past its bound.
    const breach = "MAX([len - 0.3, gap - 0.5, 0.75 - prec, 0.75 - rec])";
    expect(evaluateMetricMath(breach, { len: 0.1, gap: -1, prec: 1, rec: 0.9 })).toBeLessThan(0);
    expect(evaluateMetricMath(breach, { len: 0.1, gap: -1, prec: 1, rec: 0.6 })).toBeCloseTo(0.15, 10);
  });

  it("refuses what it cannot read instead of guessing", () => {
    expect(() => evaluateMetricMath("METRICS()", {})).toThrow(/not supported/);
    expect(() => evaluateMetricMath("a + b", { a: 1 })).toThrow(/no query "b"/);
  });
});

describe("evaluateMetricMath exponent", () => {
  it("binds ^ tighter than * and to the right, and has no value for a root of a negative number", () => {
    expect(evaluateMetricMath("2 * 3 ^ 2", {})).toBe(18);
    expect(evaluateMetricMath("2 ^ 3 ^ 2", {})).toBe(512);
    expect(evaluateMetricMath("(a - 16) ^ 0.5", { a: 41 })).toBe(5);
    expect(evaluateMetricMath("(a - 16) ^ 0.5", { a: 7 })).toBeUndefined();
  });
});
