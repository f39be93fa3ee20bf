import { describe, expect, it } from "vitest";
import { ModelReplyError, parseModelEntities } from "../../pii-model/model-entities";

describe("PII model replies (Hugging Face token classification)", () => {
  it("keeps person and address entities at or above the score, in any of the usual tag sets", () => {
    const reply = JSON.stringify([
      { entity_group: "PESSOA", score: 0.98, word: "Eros Grau", start: 19, end: 28 },
      { entity: "B-PER", score: 0.91, word: "Konrad", start: 40, end: 46 },
      { entity_group: "LOCAL", score: 0.99, word: "São Gonçalo", start: 50, end: 61 },
      { entity_group: "ORGANIZACAO", score: 0.99, word: "STF", start: 62, end: 65 },
      { entity_group: "ENDERECO", score: 0.7, word: "Rua Maria Rita", start: 70, end: 84 },
      { entity_group: "PER", score: 0.3, word: "talvez", start: 90, end: 96 },
    ]);
    expect(parseModelEntities(reply, 0.5)).toEqual([
      { type: "NAME", start: 19, end: 28 },
      { type: "NAME", start: 40, end: 46 },
      { type: "ADDRESS", start: 70, end: 84 },
    ]);
  });

  it("reads a batch of one", () => {
    expect(parseModelEntities(JSON.stringify([[{ entity_group: "PER", score: 0.9, start: 0, end: 3 }]]), 0.5)).toEqual([{ type: "NAME", start: 0, end: 3 }]);
  });

  it.each([
    ["not JSON", "<html>", "not JSON"],
    ["not a list", JSON.stringify({ error: "oops" }), "not a list"],
    ["entities without offsets", JSON.stringify([{ entity_group: "PER", score: 0.9, word: "Ana" }]), "without integer start and end"],
  ])("refuses a reply that is %s (the record is dead-lettered, never sent)", (_what, body, message) => {
    expect(() => parseModelEntities(body, 0.5)).toThrow(ModelReplyError);
    expect(() => parseModelEntities(body, 0.5)).toThrow(message);
  });
});
