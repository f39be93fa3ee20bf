import { describe, expect, it } from "vitest";
import { evaluate, evaluateMetricMath, idsOf, type Operand, UnsupportedExpression } from "../metric-math";

const series = (values: (number | undefined)[], periodSeconds = 60): Operand => ({ kind: "series", values, periodSeconds });

describe("metric math at one datapoint (how the replay table reads the deployed expressions)", () => {
  it("treats a query without a datapoint as CloudWatch does: arithmetic on it has no value unless FILL replaces it", () => {
    expect(evaluateMetricMath("good / total", { good: 9, total: 10 })).toBe(0.9);
    expect(evaluateMetricMath("good / total", { good: undefined, total: 10 })).toBeUndefined();
    expect(evaluateMetricMath("FILL(good, 0) / total", { good: undefined, total: 10 })).toBe(0);
    expect(evaluateMetricMath("IF(p50 > 0, p99 / p50)", { p99: 10, p50: 0 })).toBeUndefined();
    expect(evaluateMetricMath("IF(p50 > 0, p99 / p50, -1)", { p99: 10, p50: 0 })).toBe(-1);
    expect(evaluateMetricMath("good / total", { good: 1, total: 0 })).toBeUndefined();
  });

  it("takes MIN and MAX over the members of a list that have a value, as the calibration alarms use them", () => {
    expect(evaluateMetricMath("MIN([k0, k1, k2])", { k0: 0.7, k1: undefined, k2: 0.5 })).toBe(0.5);
    expect(evaluateMetricMath("MIN([k0, k1])", { k0: undefined, k1: undefined })).toBeUndefined();
    // The bias alarm: above 0 when any probe is past its bound.
    const breach = "MAX([len - 0.3, gap - 0.5, 0.75 - prec, 0.75 - rec])";
    expect(evaluateMetricMath(breach, { len: 0.1, gap: -1, prec: 1, rec: 0.9 })).toBeLessThan(0);
    expect(evaluateMetricMath(breach, { len: 0.1, gap: -1, prec: 1, rec: 0.6 })).toBeCloseTo(0.15, 10);
  });

  it("reads precedence: products before sums, comparisons after, AND before OR", () => {
    expect(evaluateMetricMath("1 + 2 * 3", {})).toBe(7);
    expect(evaluateMetricMath("-(1 + 2) * 3", {})).toBe(-9);
    expect(evaluateMetricMath("a > 1 AND b < 1 OR c == 2", { a: 0, b: 0, c: 2 })).toBe(1);
    expect(evaluateMetricMath("a > 1 AND (b < 1 OR c == 2)", { a: 0, b: 0, c: 2 })).toBe(0);
    expect(evaluateMetricMath("2.5e-1 * 4", {})).toBe(1);
  });

  it("asks the caller for the anomaly band, and says so when it cannot model one", () => {
    const band = (_metric: Operand, sigmas: number): Operand => ({ kind: "scalar", value: 100 + sigmas });
    expect(evaluateMetricMath("ANOMALY_DETECTION_BAND(m, 3)", { m: 1 }, { anomalyBand: band })).toBe(103);
    expect(() => evaluateMetricMath("ANOMALY_DETECTION_BAND(m, 3)", { m: 1 })).toThrow(/two weeks of the metric's history/);
  });

  it("refuses what it cannot read instead of guessing, naming the expression", () => {
    expect(() => evaluateMetricMath("METRICS()", {})).toThrow(/metric math "METRICS\(\)": function METRICS is not supported/);
    expect(() => evaluateMetricMath("a + b", { a: 1 })).toThrow(/no query "b"/);
    expect(() => evaluateMetricMath("a + [b]", { a: 1, b: 2 })).toThrow(/list \[\.\.\.\] is read only as the argument of MIN or MAX/);
    expect(() => evaluateMetricMath("IF(a)", { a: 1 })).toThrow(/IF takes 2 to 3 arguments/);
    expect(() => evaluateMetricMath("a $ b", { a: 1, b: 1 })).toThrow(/cannot read "\$ b"/);
    expect(() => evaluateMetricMath("(a", { a: 1 })).toThrow(UnsupportedExpression);
    // An untaken branch is checked all the same: an expression is readable or not, whatever its data.
    expect(() => evaluateMetricMath("IF(a > 0, 1, SQRT(a))", { a: 1 })).toThrow(/SQRT is not supported/);
  });

  it("lists the query ids an expression reads", () => {
    expect(idsOf("IF(total >= 10, (1 - FILL(good, 0) / total) / 0.005)")).toEqual(["total", "good"]);
    expect(idsOf("MAX([len - 0.3, gap])")).toEqual(["len", "gap"]);
  });
});

describe("metric math over series (how the demo reads its dashboard and alarms)", () => {
  it("evaluates the expressions the platform's alarms and dashboard use, datapoint by datapoint", () => {
    const lookup = (id: string) => (id === "requests" ? series([100, 0]) : series([5, undefined]));
    const burn = evaluate("IF((requests) >= 1, (1 - (requests - failed) / (requests)) / 0.005)", lookup);
    expect(burn.kind === "series" && burn.values[0]).toBeCloseTo(10, 9);
    expect(burn.kind === "series" && burn.values[1]).toBeUndefined();
    expect(evaluate("FILL(failed, 0) * 0 + 0.9", lookup)).toEqual(series([0.9, 0.9]));
    expect(evaluate("RUNNING_SUM(requests)", lookup)).toEqual(series([100, 100]));
    expect(() => evaluate("ANOMALY_DETECTION_BAND(requests, 3)", lookup)).toThrow(UnsupportedExpression);
  });

  it("reads PERIOD, DIFF and ABS, and MIN and MAX over a list or over one series", () => {
    const weekly = series([3, 5, undefined, 4], 604_800);
    const lookup = (id: string) => (id === "weekly" ? weekly : series([1, 9, 2, undefined]));
    expect(evaluate("weekly / PERIOD(weekly)", lookup)).toEqual(series([3 / 604_800, 5 / 604_800, undefined, 4 / 604_800], 604_800));
    expect(evaluate("DIFF(weekly)", lookup)).toEqual(series([undefined, 2, undefined, undefined], 604_800));
    expect(evaluate("ABS(0 - weekly)", lookup)).toEqual(series([3, 5, undefined, 4], 604_800));
    expect(evaluate("MAX([weekly, other])", lookup)).toEqual(series([3, 9, 2, 4], 604_800));
    // Over one series, its largest value (CloudWatch draws that scalar across the graph).
    expect(evaluate("MAX(other)", lookup)).toEqual(series([9, 9, 9, 9]));
  });

  it("broadcasts scalars, and a constant expression is a scalar", () => {
    expect(evaluate("2 * 3", () => series([]))).toEqual({ kind: "scalar", value: 6 });
    expect(evaluate("a * 2", () => ({ kind: "scalar", value: 4 }))).toEqual({ kind: "scalar", value: 8 });
    expect(evaluate("a + b", (id) => (id === "a" ? series([1, 2, 3]) : { kind: "scalar", value: 10 }))).toEqual(series([11, 12, 13]));
  });

  it("looks each query up once", () => {
    const asked: string[] = [];
    evaluate("a + a * b - a", (id) => {
      asked.push(id);
      return series([1, 2]);
    });
    expect(asked).toEqual(["a", "b"]);
  });
});

describe("metric math exponent", () => {
  it("binds ^ tighter than * and to the right, and has no value for a root of a negative number", () => {
    expect(evaluateMetricMath("2 * 3 ^ 2", {})).toBe(18);
    expect(evaluateMetricMath("2 ^ 3 ^ 2", {})).toBe(512);
    expect(evaluateMetricMath("(a - 16) ^ 0.5", { a: 41 })).toBe(5);
    expect(evaluateMetricMath("(a - 16) ^ 0.5", { a: 7 })).toBeUndefined();
  });
});
