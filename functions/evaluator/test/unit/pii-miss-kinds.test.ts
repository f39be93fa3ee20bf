import { describe, expect, it } from "vitest";
import { maskText } from "../../pii/masker";
import { PLANTED_MISSES, survivingWords } from "../pii-miss-kinds";

// What sa-east-1 runs: the local detectors only, no Comprehend.
describe("local masking of the name kinds that got through on real Portuguese text (issue 20)", () => {
  it.each(PLANTED_MISSES.map((planted) => [planted.kind, planted] as const))("masks %s", async (_kind, planted) => {
    // Act
    const { masked } = await maskText(planted.text);

    // Assert
    expect(survivingWords(masked, planted.words)).toEqual([]);
    for (const kept of planted.kept ?? []) expect(masked).toContain(kept);
  });

  it("finds every planted word in the unmasked text (the check can fail)", () => {
    for (const planted of PLANTED_MISSES) expect(survivingWords(planted.text, planted.words)).toEqual(planted.words);
  });
});
