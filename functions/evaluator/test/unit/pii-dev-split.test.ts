import { describe, expect, it } from "vitest";
import { lenerBlocks, readLener } from "../../pii/corpus/lener-br";
import { scoreDev, type DevScore } from "../../pii/corpus/score-lener-br";
import { detectLocalPii } from "../../pii/local-detectors";
import { mergeSpans } from "../../pii/spans";

// Real court text labelled by third parties (LeNER-Br, shared/data/pii): the dev part, which the
// lexicon builder never reads. Floors sit below the figures measured when they were set
// (persons 0.973, ordinary words 0.50 %, organisation words 7.8 %: `npm run pii:eval`).
const PERSONS_FULLY_MASKED_FLOOR = 0.95;
const ORDINARY_WORDS_MASKED_CEILING = 0.008;
const ORGANISATION_WORDS_MASKED_CEILING = 0.095;

const dev = lenerBlocks(readLener(), "dev");
const share = (score: DevScore, family: string) => score.words[family]!.masked / score.words[family]!.total;

describe("local PII masking on LeNER-Br's dev part", () => {
  const score = scoreDev(dev, (text) => mergeSpans(detectLocalPii(text)));

  it("scores a dev part of real court text with hundreds of labelled person names", () => {
    expect(score.sentences).toBeGreaterThan(1000);
    expect(score.persons).toBeGreaterThan(300);
  });

  it("masks every word of at least 95 % of the person names", () => {
    expect(score.personsFullyMasked / score.persons).toBeGreaterThanOrEqual(PERSONS_FULLY_MASKED_FLOOR);
  });

  it("masks under 0.8 % of the words outside any entity and under 9.5 % of organisation words", () => {
    expect(share(score, "O")).toBeLessThanOrEqual(ORDINARY_WORDS_MASKED_CEILING);
    expect(share(score, "ORGANIZACAO")).toBeLessThanOrEqual(ORGANISATION_WORDS_MASKED_CEILING);
  });

  it("falls below the floor with the added layers switched off, and to nothing with masking off", () => {
    const listsOnly = scoreDev(dev, (text) => mergeSpans(detectLocalPii(text, new Set())));
    const off = scoreDev(dev, () => []);
    expect(listsOnly.personsFullyMasked / listsOnly.persons).toBeLessThan(PERSONS_FULLY_MASKED_FLOOR);
    expect(off.personsFullyMasked).toBe(0);
  });
});
