import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sloTableMarkdown } from "../../../scripts/slo-table";

describe("README SLO table", () => {
  it.each([
    ["the alerting module README", join(__dirname, "..", "README.md")],
    ["the SLO reference", join(__dirname, "..", "..", "..", "docs", "reference", "slos.md")],
  ])("in %s matches what npm run docs:slo generates", (_name, file) => {
    const readme = readFileSync(file, "utf8");
    const between = /<!-- slo-table:start -->\n([\s\S]*?)<!-- slo-table:end -->/.exec(readme);
    expect(between).not.toBeNull();
    expect(between![1]).toBe(sloTableMarkdown());
  });

  it("lists the source article's page pair for availability with hand-computed figures", () => {
    // 2 % of a 30-day budget in 1 h: 0.02 x 720 = 14.4; error ratio 14.4 x 0.5 % = 7.2 %.
    expect(sloTableMarkdown()).toContain(
      "| availability | API Gateway Count minus 4XX and 5XX, over Count minus 4XX plus 429s (ApiThrottled), stage live | 99.5% | 30d | page | 1h | 5m | 14.4 | 7.2% | 2% | 1 | - |",
    );
  });

  it("lists the quality page pair with its short window sized from the source article's traffic", () => {
    // 10,000 requests a day, a third balance_inquiry, 10 % judged: 13.9 evaluations an hour. Twice the
    // minimum of 5 after the 7-minute delay (5 min Firehose buffering + 2 min pipeline): 7 + 43.2 min, up to 55.
    expect(sloTableMarkdown()).toContain(
      "| quality-balance-inquiry | QualityGood (score >= 0.9) over QualityTotal, random stratum, request_type=balance_inquiry, current judge pair | 95% | 30d | page | 1h | 55m | 14.4 | 72% | 2% | 5 | 7m |",
    );
  });
});
