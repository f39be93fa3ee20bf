import { describe, expect, it } from "vitest";
import { buildJudgeMessage } from "../../judge/prompt";
import { validateVerdict } from "../../judge/reply-validator";
import { expiresAt, judgeCostUsd, qualityScore } from "../../judge/score-math";
import { isVersionedModelId } from "../../../../contracts/model-id";

describe("rubric reply validator", () => {
  it("accepts integer scores 1-5 and a boolean refusal (numeric strings tolerated)", () => {
    expect(validateVerdict({ factuality: 5, completeness: "3", toneCompliance: 1, undueRefusal: false, rationale: "ok" })).toEqual({
      ok: true,
      scores: { factuality: 5, completeness: 3, toneCompliance: 1, undueRefusal: false },
    });
  });
  it("names every invalid field", () => {
    const result = validateVerdict({ factuality: 0, completeness: 2.5, toneCompliance: 6, undueRefusal: "maybe" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      for (const field of ["factuality", "completeness", "toneCompliance", "undueRefusal"]) expect(result.problem).toContain(field);
    }
    expect(validateVerdict("5,5,5").ok).toBe(false);
    expect(validateVerdict({ factuality: 5, completeness: 5, toneCompliance: 5 }).ok).toBe(false);
  });
});

describe("score math", () => {
  it("maps the three dimensions to 0-1 and an undue refusal to 0", () => {
    expect(qualityScore({ factuality: 5, completeness: 5, toneCompliance: 5, undueRefusal: false })).toBe(1);
    expect(qualityScore({ factuality: 1, completeness: 1, toneCompliance: 1, undueRefusal: false })).toBe(0);
    expect(qualityScore({ factuality: 4, completeness: 3, toneCompliance: 5, undueRefusal: false })).toBe(0.75);
    expect(qualityScore({ factuality: 5, completeness: 5, toneCompliance: 5, undueRefusal: true })).toBe(0);
  });
  it("prices tokens per thousand", () => {
    expect(judgeCostUsd(2000, 500, { inputPer1k: 0.003, outputPer1k: 0.015 })).toBe(0.0135);
  });
  it("sets the TTL 180 days after the evaluation, in epoch seconds", () => {
    expect(expiresAt(new Date("2025-01-01T00:00:00Z"), 180)).toBe(1735689600 + 180 * 86400);
  });
});

describe("judge model id", () => {
  it("accepts versioned ids and inference profiles, rejects floating ids", () => {
    expect(isVersionedModelId("anthropic.claude-3-haiku-20240307-v1:0")).toBe(true);
    expect(isVersionedModelId("us.anthropic.claude-3-5-sonnet-20241022-v2:0")).toBe(true);
    expect(isVersionedModelId("sa.amazon.nova-lite-v1:0")).toBe(true);
    expect(isVersionedModelId("anthropic.claude-3-haiku")).toBe(false);
    expect(isVersionedModelId("anthropic.claude-v2")).toBe(false);
    expect(isVersionedModelId("")).toBe(false);
  });
});

describe("judge prompt", () => {
  it("cuts long answers on a word and says so", () => {
    const message = buildJudgeMessage({ prompt: "q", response: "word ".repeat(3000), useCase: "u", requestType: "r" }, { maxTextChars: 1000 });
    expect(message).toContain("cut for length");
    expect(message.length).toBeLessThan(2500);
  });
});
