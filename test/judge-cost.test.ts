import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_PROFILE } from "../scripts/cost/profile";
import { judgeCall } from "../scripts/cost/sample-texts";
import { judgeCostLines, per1kEvaluations, RUBRIC_VERSIONS_BY_AGE } from "../scripts/cost/judge-tokens";
import { PRICES } from "../scripts/cost/prices";

const DOC = path.resolve(__dirname, "../docs/judge-cost.md");
/** The source article's figure, USD per 1,000 Claude 3 Haiku evaluations. */
const ARTICLE_USD_PER_1K = 0.25;

describe("judge cost per rubric", () => {
  it("the compact rubric judges for at most the source article's $0.25 per 1,000 evaluations at the pinned model's price; v1 does not", () => {
    const price = (version: string) => per1kEvaluations(judgeCall(DEFAULT_PROFILE, version), PRICES.haikuInput.usd, PRICES.haikuOutput.usd);
    expect(price("bank-qa-rubric/2026-12-v3")).toBeLessThanOrEqual(ARTICLE_USD_PER_1K);
    expect(price("bank-qa-rubric/2025-06-v1")).toBeGreaterThan(ARTICLE_USD_PER_1K);
  });

  it("drops the assistant's system prompt from the request, not the customer's question or the answer", () => {
    const v1 = judgeCall(DEFAULT_PROFILE, "bank-qa-rubric/2025-06-v1");
    const v3 = judgeCall(DEFAULT_PROFILE, "bank-qa-rubric/2026-12-v3");
    expect(v3.parts.answer).toBe(v1.parts.answer);
    expect(v3.parts.request).toBeLessThan(v1.parts.request);
    expect(v3.parts.request).toBeGreaterThan(0);
    expect(v3.parts.tool).toBe(0);
  });

  it("is the table in docs/judge-cost.md", () => {
    const doc = fs.readFileSync(DOC, "utf8");
    const block = /<!-- judge-cost:start -->\n```text\n([\s\S]*?)```\n<!-- judge-cost:end -->/.exec(doc);
    expect(block).not.toBeNull();
    const lines = judgeCostLines(
      RUBRIC_VERSIONS_BY_AGE.map((v) => judgeCall(DEFAULT_PROFILE, v)),
      PRICES.haikuInput.usd,
      PRICES.haikuOutput.usd,
    );
    expect(block![1]).toBe(`${lines.join("\n")}\n`);
  });
});
