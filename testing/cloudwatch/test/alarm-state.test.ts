import { describe, expect, it } from "vitest";
import { alarmStateAfter, breachesThreshold, replayThresholdAlarm } from "../alarm-state";
import { evaluateRule } from "../composite-rule";

describe("a metric alarm's state from its datapoints", () => {
  it("needs M breaching datapoints of the last N", () => {
    expect(alarmStateAfter([true, false, true], 2, "notBreaching", false)).toBe(true);
    expect(alarmStateAfter([true, false, false], 2, "notBreaching", true)).toBe(false);
  });

  it("counts a missing datapoint by the alarm's treatment of missing data", () => {
    expect(alarmStateAfter([true, undefined, undefined], 2, "notBreaching", true)).toBe(false);
    expect(alarmStateAfter([true, undefined, undefined], 2, "missing", true)).toBe(false);
    expect(alarmStateAfter([true, undefined, undefined], 2, "breaching", false)).toBe(true);
    // Too few real datapoints to decide: `ignore` keeps the state before.
    expect(alarmStateAfter([false, undefined, undefined], 2, "ignore", true)).toBe(true);
    expect(alarmStateAfter([false, undefined, undefined], 2, "ignore", false)).toBe(false);
    expect(alarmStateAfter([false, false, undefined], 2, "ignore", true)).toBe(false);
  });

  it("compares with the threshold, or with the band's upper edge", () => {
    expect(breachesThreshold(5, 5, "GreaterThanThreshold")).toBe(false);
    expect(breachesThreshold(5, 5, "GreaterThanOrEqualToThreshold")).toBe(true);
    expect(breachesThreshold(4, 5, "LessThanThreshold")).toBe(true);
    expect(breachesThreshold(5, 5, "LessThanOrEqualToThreshold")).toBe(true);
    expect(breachesThreshold(6, 5, "GreaterThanUpperThreshold")).toBe(true);
    expect(() => breachesThreshold(6, 5, "LessThanLowerOrGreaterThanUpperThreshold")).toThrow(/not evaluated locally/);
  });

  it("replays a threshold alarm minute by minute", () => {
    // 5-minute datapoints, 2 of 3, evaluated every minute: a datapoint breaches when it lies within
    // minutes [10, 20). Two of the last three do at the end of minute 19 (the datapoints [10, 15) and
    // [15, 20)) and of minute 24 ([10, 15) and [15, 20) again, as the older two); never otherwise.
    const breaches = (from: number, to: number) => (from >= 0 ? from >= 10 && to <= 20 : undefined);
    expect(replayThresholdAlarm(40, { periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 }, breaches)).toEqual([19, 24]);
  });
});

describe("a composite alarm's rule", () => {
  it("reads AND, OR, NOT and parentheses over the states it names; an alarm it does not know is OK", () => {
    const state = (name: string) => (name === "a" ? "ALARM" : name === "b" ? "OK" : undefined);
    expect(evaluateRule('(ALARM("a") AND ALARM("b")) OR (ALARM("a") AND NOT ALARM("b"))', state)).toBe(true);
    expect(evaluateRule('ALARM("a") AND ALARM("b")', state)).toBe(false);
    expect(evaluateRule('OK("unknown") AND ALARM(a)', state)).toBe(true);
    expect(() => evaluateRule("ALARM(", state)).toThrow(/composite rule/);
  });
});
