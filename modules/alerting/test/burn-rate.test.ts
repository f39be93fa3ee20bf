import { describe, expect, it } from "vitest";
import { alarmShape, burnRate, burnRateFactor, deriveBurnRateWindows, formatDuration, lateDataShortShape } from "../slo/burn-rate";

const HOUR = 3_600;
const DAY = 86_400;

describe("burn-rate factors from the SRE workbook definition", () => {
  it("gives 14.4, 6, 3 and 1 for 99.5 % over 30 days", () => {
    // Arrange: budget share b of a period T spent within window w is a burn rate of b * T / w.
    const expected = [0.02 * (30 * 24), 0.05 * ((30 * 24) / 6), 0.1 * 30, (0.1 * 30) / 3]; // 14.4, 6, 3, 1
    // Act
    const windows = deriveBurnRateWindows(0.995, 30 * DAY);
    // Assert
    expect(windows.map((w) => w.factor)).toEqual(expected.map((e) => expect.closeTo(e, 9)));
    expect(expected[0]).toBeCloseTo(14.4, 9);
    expect(windows.map((w) => w.severity)).toEqual(["page", "page", "ticket", "ticket"]);
    expect(windows.map((w) => [w.longWindowSeconds, w.shortWindowSeconds])).toEqual([
      [HOUR, 5 * 60],
      [6 * HOUR, 30 * 60],
      [DAY, 2 * HOUR],
      [3 * DAY, 6 * HOUR],
    ]);
    // Error ratio thresholds: factor x 0.5 % budget.
    expect(windows.map((w) => w.errorRatioThreshold)).toEqual([0.072, 0.03, 0.015, 0.005].map((e) => expect.closeTo(e, 9)));
  });

  it("scales factors with a 28-day period and 99.9 %", () => {
    const windows = deriveBurnRateWindows(0.999, 28 * DAY);
    // 28 d = 672 h: 0.02 x 672 = 13.44; 0.05 x 112 = 5.6; 0.1 x 28 = 2.8; 0.1 x 28 / 3 = 0.9333.
    expect(windows.map((w) => w.factor)).toEqual([13.44, 5.6, 2.8, 2.8 / 3].map((e) => expect.closeTo(e, 9)));
    expect(windows[0]!.errorRatioThreshold).toBeCloseTo(13.44 * 0.001, 12);
  });

  it("handles a custom policy and a 7-day period", () => {
    const windows = deriveBurnRateWindows(0.99, 7 * DAY, {
      policy: [{ severity: "page", budgetConsumed: 0.1, longWindowSeconds: 2 * HOUR, shortWindowDivisor: 8 }],
    });
    // 10 % of a 168 h budget in 2 h: 0.1 x 168 / 2 = 8.4; short window 2 h / 8 = 15 min.
    expect(windows).toHaveLength(1);
    expect(windows[0]!.factor).toBeCloseTo(8.4, 9);
    expect(windows[0]!.shortWindowSeconds).toBe(15 * 60);
    expect(burnRateFactor(0.02, 30 * DAY, HOUR)).toBeCloseTo(14.4, 9);
  });

  it("refuses a pair that could never fire or a window longer than the period", () => {
    // 90 % objective: 14.4 x 10 % = 144 % error ratio, impossible.
    expect(() => deriveBurnRateWindows(0.9, 30 * DAY)).toThrow(/never fire/);
    expect(() => deriveBurnRateWindows(0.995, 2 * DAY)).toThrow(/shorter than the slo period/);
    expect(() => deriveBurnRateWindows(1, 30 * DAY)).toThrow(/strictly between 0 and 1/);
  });

  it("computes the observed burn rate of a window", () => {
    expect(burnRate(990, 1000, 0.995)).toBeCloseTo(2, 9); // 1 % errors over a 0.5 % budget
    expect(burnRate(0, 0, 0.995)).toBeUndefined();
  });
});

describe("alarm shapes within PutMetricAlarm limits", () => {
  it("uses one datapoint per window up to a day, daily datapoints beyond", () => {
    expect(alarmShape(HOUR)).toEqual({ periodSeconds: HOUR, evaluationPeriods: 1, datapointsToAlarm: 1 });
    expect(alarmShape(3 * DAY)).toEqual({ periodSeconds: DAY, evaluationPeriods: 3, datapointsToAlarm: 3 });
    expect(() => alarmShape(8 * DAY)).toThrow(/2 to 7 whole days/);
    expect(() => alarmShape(36 * HOUR)).toThrow(/whole days/);
    expect(() => alarmShape(90)).toThrow(/whole number of minutes/);
  });

  it("widens late-data short windows to the delay and needs two breaching datapoints", () => {
    expect(lateDataShortShape(5 * 60, 5 * 60)).toEqual({ periodSeconds: 300, evaluationPeriods: 2, datapointsToAlarm: 2 });
    expect(lateDataShortShape(5 * 60, 10 * 60)).toEqual({ periodSeconds: 600, evaluationPeriods: 2, datapointsToAlarm: 2 });
    const quality = deriveBurnRateWindows(0.95, 30 * DAY, { dataDelaySeconds: 300 });
    expect(quality[0]!.shortShape).toEqual({ periodSeconds: 300, evaluationPeriods: 2, datapointsToAlarm: 2 });
    expect(quality[0]!.longShape).toEqual({ periodSeconds: HOUR, evaluationPeriods: 1, datapointsToAlarm: 1 });
  });

  it("formats durations for names and tables", () => {
    expect([300, HOUR, 6 * HOUR, DAY, 3 * DAY, 5400].map(formatDuration)).toEqual(["5m", "1h", "6h", "1d", "3d", "1h30m"]);
  });
});
