import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus, parseCorpusLine, type CorpusSentence } from "../../pii/corpus/load-corpus";
import { scoreCorpus, type PredictedSpan } from "../../pii/corpus/score-corpus";

function sentence(text: string, labels: [string, string][]): CorpusSentence {
  return parseCorpusLine(JSON.stringify({ id: text.slice(0, 12), lang: "pt", text, labels }), "test.jsonl");
}

/** Masks every occurrence of the given strings with the given type. */
function masking(rules: [string, string][]): (text: string) => PredictedSpan[] {
  return (text) =>
    rules.flatMap(([type, value]) => {
      const at = text.indexOf(value);
      return at === -1 ? [] : [{ type, start: at, end: at + value.length }];
    });
}

describe("corpus loader", () => {
  it("turns exact-text labels into offsets, the n-th occurrence on word boundaries", () => {
    // Act
    const parsed = parseCorpusLine(JSON.stringify({ id: "x", lang: "pt", text: "Mariana e Ana; Ana de novo", labels: [["NAME", "Ana", 2]] }), "f.jsonl");

    // Assert: "Ana" inside "Mariana" is not an occurrence.
    expect(parsed.labels).toEqual([{ type: "NAME", start: 15, end: 18 }]);
  });

  it("fails on a label that is not in the text, naming the file and the sentence", () => {
    expect(() => parseCorpusLine(JSON.stringify({ id: "s-1", lang: "pt", text: "Sou a Ana", labels: [["NAME", "Bia"]] }), "names.jsonl")).toThrow(
      /names.jsonl s-1: label \["NAME","Bia"\]/,
    );
  });

  it("refuses a sentence id used twice across files", () => {
    // Arrange
    const dir = mkdtempSync(join(tmpdir(), "pii-corpus-"));
    writeFileSync(join(dir, "a.jsonl"), `${JSON.stringify({ id: "dup", lang: "pt", text: "a", labels: [] })}\n`);
    writeFileSync(join(dir, "b.jsonl"), `${JSON.stringify({ id: "dup", lang: "en", text: "b", labels: [] })}\n`);

    // Act / Assert
    try {
      expect(() => loadCorpus(dir)).toThrow(/dup is used twice/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("corpus scoring", () => {
  it("counts an entity as recalled only when all of it is masked with its own type", () => {
    // Arrange
    const sentences = [sentence("Sou Maria da Silva Santos.", [["NAME", "Maria da Silva Santos"]]), sentence("Sou Ana Souza.", [["NAME", "Ana Souza"]])];

    // Act: the second name is only half masked.
    const score = scoreCorpus(
      sentences,
      masking([
        ["NAME", "Maria da Silva Santos"],
        ["NAME", "Ana"],
      ]),
    );

    // Assert
    const name = score.byType.find((row) => row.type === "NAME")!;
    expect(name).toMatchObject({ labelled: 2, masked: 2, recalled: 1, correct: 2, recall: 0.5, precision: 1 });
    expect(score.errors).toEqual([expect.objectContaining({ kind: "missed", text: "Ana Souza", maskedAs: "Sou [NAME] Souza." })]);
  });

  it("counts a mask on a negative sentence against precision and a wrong type against recall, not against hiding", () => {
    // Arrange
    const sentences = [sentence("O Banco do Brasil abre cedo.", []), sentence("CEP 01310-100", [["CEP", "01310-100"]])];

    // Act
    const score = scoreCorpus(
      sentences,
      masking([
        ["NAME", "Brasil"],
        ["PHONE", "01310-100"],
      ]),
    );

    // Assert
    const byType = Object.fromEntries(score.byType.map((row) => [row.type, row]));
    expect(byType.NAME).toMatchObject({ labelled: 0, masked: 1, correct: 0, precision: 0, overMaskedChars: 6 });
    expect(byType.CEP).toMatchObject({ labelled: 1, recalled: 0, hidden: 1, recall: 0 });
    expect(byType.PHONE).toMatchObject({ masked: 1, correct: 0, precision: 0 });
  });

  it("ignores the spaces and punctuation a label has between two masks", () => {
    // Arrange: two masks leave only ", " of the label uncovered.
    const sentences = [sentence("Moro na Rua X, 12, apto. 3", [["ADDRESS", "Rua X, 12, apto. 3"]])];

    // Act
    const score = scoreCorpus(sentences, () => [
      { type: "ADDRESS", start: 8, end: 17 },
      { type: "ADDRESS", start: 19, end: 26 },
    ]);

    // Assert
    expect(score.byType[0]).toMatchObject({ recalled: 1, overMaskedChars: 0 });
  });
});
