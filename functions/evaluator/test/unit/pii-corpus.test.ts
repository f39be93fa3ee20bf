import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../pii/corpus/load-corpus";
import { scoreCorpus } from "../../pii/corpus/score-corpus";
import { MASKING_TARGETS, targetFor } from "../../pii/corpus/targets";
import { detectLocalPii } from "../../pii/local-detectors";
import { mergeSpans } from "../../pii/spans";

// The labels come from the corpus files; the code under test only produces the masks.
const corpus = loadCorpus();
const score = scoreCorpus(corpus, (text) => mergeSpans(detectLocalPii(text)));
const rows = new Map(score.byType.map((row) => [row.type, row]));

describe("local PII detectors on the labelled corpus", () => {
  it("has a corpus of a few hundred sentences, negatives included, covering every target type", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(corpus.filter((sentence) => sentence.labels.length === 0).length).toBeGreaterThanOrEqual(80);
    expect(new Set(corpus.map((sentence) => sentence.lang))).toEqual(new Set(["pt", "en"]));
    for (const type of Object.keys(MASKING_TARGETS)) expect(rows.get(type)?.labelled ?? 0, type).toBeGreaterThanOrEqual(5);
  });

  it.each(Object.keys(MASKING_TARGETS))("meets the recall target for %s", (type) => {
    expect(rows.get(type)!.recall).toBeGreaterThanOrEqual(MASKING_TARGETS[type]!.recall);
  });

  it("meets the precision target for every type it masks, labelled or not", () => {
    const belowTarget = score.byType.filter((row) => row.precision < targetFor(row.type).precision).map((row) => `${row.type} ${row.precision.toFixed(3)}`);
    expect(belowTarget).toEqual([]);
  });
});
