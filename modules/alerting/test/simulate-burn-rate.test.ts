import { describe, expect, it } from "vitest";
import { runScenario, SCENARIOS } from "../../../scripts/simulate-burn-rate";
import { deriveBurnRateWindows } from "../slo/burn-rate";
import { replayBurnRateAlarms, type MinuteSample } from "../slo/evaluate";

const scenario = (name: string) => SCENARIOS.find((s) => s.name === name)!;

describe("burn-rate simulator verdicts (availability 99.5 % over 30 days)", () => {
  it("pages on a fast burn and opens no ticket", () => {
    const verdict = runScenario(scenario("fast-burn"));
    // Burn rate 20 over a 0.1 % baseline: the 1 h window passes 14.4 once 2 % of the budget is gone,
    // after (14.4 x 60 - 0.2 x 60) / (20 - 0.2) = 43 minutes.
    expect(verdict.firstPageAfter).toBe(43);
    expect(verdict.firstTicketAfter).toBeUndefined();
  });

  it("opens a ticket on a slow burn and never pages", () => {
    const verdict = runScenario(scenario("slow-burn"));
    expect(verdict.firstPageAfter).toBeUndefined();
    // Burn rate 4 over a 0.2 baseline: the 1 d window passes 3 after (3 - 0.2) / (4 - 0.2) x 1440 = 1061 min.
    expect(verdict.firstTicketAfter).toBe(1061);
  });

  it("stays silent on a two-minute blip even though the short windows trip", () => {
    const verdict = runScenario(scenario("blip"));
    expect(verdict.firstPageAfter).toBeUndefined();
    expect(verdict.firstTicketAfter).toBeUndefined();
    expect(verdict.result.transitions.some((t) => t.alarm === "page 14.4x 5m" && t.state === "ALARM")).toBe(true);
  });
});

describe("late, sparse quality data", () => {
  const windows = deriveBurnRateWindows(0.95, 30 * 86_400, { dataDelaySeconds: 300 });

  it("keeps the page firing through a gap with too few evaluations instead of flapping to OK", () => {
    // Two hours with 90 % of evaluations bad (burn 18 over a 5 % budget, above 14.4), then 30 minutes
    // in which no score has arrived yet.
    const bad: MinuteSample = { good: 1, total: 10 };
    const series: MinuteSample[] = [...Array(120).fill(bad), ...Array(30).fill({ good: 0, total: 0 })];
    const ignore = replayBurnRateAlarms(series, { objective: 0.95, windows, minEventsPerWindow: 10, treatMissingData: "ignore" });
    const notBreaching = replayBurnRateAlarms(series, { objective: 0.95, windows, minEventsPerWindow: 10, treatMissingData: "notBreaching" });
    // During the gap the 5 min short windows hold no evaluations: with ignore, the page holds.
    expect(ignore.page.alarmMinutes).toContain(149);
    expect(notBreaching.page.alarmMinutes).not.toContain(149);
  });

  it("needs the older, complete short window to breach too", () => {
    // Good evaluations, then a single bad 5-minute burst: the previous short window was fine.
    const good: MinuteSample = { good: 10, total: 10 };
    const series: MinuteSample[] = [...Array(600).fill({ good: 0, total: 10 }), ...Array(120).fill(good), ...Array(5).fill({ good: 0, total: 10 })];
    const result = replayBurnRateAlarms(series, { objective: 0.95, windows, minEventsPerWindow: 10, treatMissingData: "ignore" });
    const burstStart = 720;
    const shortAlarms = result.transitions.filter((t) => t.minute >= burstStart && t.alarm === "page 14.4x 5m" && t.state === "ALARM");
    expect(shortAlarms).toHaveLength(0);
  });
});
