import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { Alerting } from "../alerting";
import { sizeQualityWindows } from "../slo/quality-window-sizing";
import { testAlertingProps } from "../../../testing/fixtures/alerting";

const ARTICLE = { requestsPerDay: 10_000, requestTypeShare: 1 / 3, sampleRate: 0.1 };
const OPTIONS = { dataDelaySeconds: 420, objective: 0.95 };

describe("quality windows sized from the traffic", () => {
  it("at the source article's volume with three request types, sizes every short window to hold twice the minimum after the delay", () => {
    const sizing = sizeQualityWindows(ARTICLE, OPTIONS);
    expect(sizing.evaluationsPerHour).toBeCloseTo(13.89, 2);
    // 10 evaluations at 0.231 a minute take 43.2 min, plus the 7-minute delay: 55 min (5-minute steps).
    expect(sizing.policy.map((p) => [p.severity, p.longWindowSeconds / 60, p.shortWindowSeconds! / 60])).toEqual([
      ["page", 60, 55],
      ["page", 360, 55],
      ["ticket", 1440, 120],
      ["ticket", 4320, 360],
    ]);
    // A total failure fills 72 % of the visible 53 minutes of the 1 h window: 7 + 38.2 min.
    expect(sizing.totalFailurePageMinutes).toBeCloseTo(45.2, 1);
    expect(sizing.warnings).toEqual([]);
  });

  it("keeps the workbook's short window where the traffic already fills it", () => {
    const sizing = sizeQualityWindows({ ...ARTICLE, requestsPerDay: 1_000_000 }, OPTIONS);
    expect(sizing.policy.map((p) => p.shortWindowSeconds! / 60)).toEqual([10, 30, 120, 360]);
  });

  it("warns with the figures when the volume is too low for a fast page", () => {
    const sizing = sizeQualityWindows({ ...ARTICLE, requestsPerDay: 2_000 }, OPTIONS);
    expect(sizing.warnings).toHaveLength(1);
    // 2.8 an hour: the 1 h window holds 2.5 after the delay, the 6 h window 16.5; 30 % of 353 min + 7.
    expect(sizing.warnings[0]).toBe(
      "at 2000 requests a day, a request-type share of 33.3% and a sample rate of 10% this SLO gets 2.8 evaluations an hour; " +
        "a window needs 5 (x2 expected) after a 7m delay, so the page pair over 1h cannot be judged and a total quality failure pages only after about 113 min; " +
        "a page within 60 min needs a sample rate of at least 40.8% (or more traffic)",
    );
    expect(sizeQualityWindows({ ...ARTICLE, requestsPerDay: 1_000 }, OPTIONS).warnings[0]).toMatch(
      /the page pair over 1h and the page pair over 6h cannot be judged and a total quality failure never pages; .* at least 81.5%/,
    );
  });

  it("surfaces the warning at synth, on the Alerting construct", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new AwsProvider(stack, "aws", { region: "sa-east-1" });
    const alerting = (requestsPerDay: number, id: string) => new Alerting(stack, id, { ...testAlertingProps(), expectedRequestsPerDay: requestsPerDay });
    const warnings = (construct: Alerting) => construct.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings(alerting(10_000, "article"))).toEqual([]);
    const low = warnings(alerting(1_000, "low"));
    // Two quality SLOs by default (balance_inquiry, investment_strategy), half the traffic each.
    expect(low).toHaveLength(2);
    expect(low[0]).toMatch(/^slo quality-balance-inquiry: at 1000 requests a day, a request-type share of 50% .* pages only after about \d+ min/);
  });
});
