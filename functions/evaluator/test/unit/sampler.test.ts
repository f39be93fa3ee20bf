import { describe, expect, it } from "vitest";
import { chooseStratum } from "../../sampler";

const options = { sampleRate: 0.1, entropyThreshold: 1.5 };

describe("stratified sampler", () => {
  it("always takes guardrail-flagged and low-confidence records", () => {
    expect(chooseStratum({ eventId: "a", guardrailFlagged: true }, { ...options, sampleRate: 0 })).toBe("guardrail_flagged");
    expect(chooseStratum({ eventId: "a", guardrailFlagged: false, meanTokenEntropy: 2 }, { ...options, sampleRate: 0 })).toBe("low_confidence");
    expect(chooseStratum({ eventId: "a", guardrailFlagged: false, meanTokenEntropy: 1 }, { ...options, sampleRate: 0 })).toBeUndefined();
  });

  it("takes about the configured share of the rest, the same choice every time", () => {
    const ids = Array.from({ length: 20_000 }, (_, index) => `event-${index}`);
    const first = ids.map((eventId) => chooseStratum({ eventId, guardrailFlagged: false }, options));
    const again = ids.map((eventId) => chooseStratum({ eventId, guardrailFlagged: false }, options));
    const share = first.filter((stratum) => stratum === "random").length / ids.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(again).toEqual(first);
  });

  it("takes everything at rate 1 and nothing at rate 0", () => {
    const ids = Array.from({ length: 1000 }, (_, index) => `x${index}`);
    expect(ids.every((eventId) => chooseStratum({ eventId, guardrailFlagged: false }, { ...options, sampleRate: 1 }) === "random")).toBe(true);
    expect(ids.some((eventId) => chooseStratum({ eventId, guardrailFlagged: false }, { ...options, sampleRate: 0 }) !== undefined)).toBe(false);
  });
});
