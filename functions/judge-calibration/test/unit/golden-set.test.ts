import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatGoldenSetProblem, GoldenSetError, goldenSetCounts, parseGoldenSet, parseGoldenSetOrThrow } from "../../golden-set";

const EXAMPLE = join(__dirname, "..", "..", "..", "..", "calibration", "golden", "example-set.jsonl");

const rating = (overrides: Record<string, unknown> = {}) => ({
  rater_id: "rater-a",
  factuality: 5,
  completeness: 5,
  tone_compliance: 5,
  undue_refusal: false,
  ...overrides,
});
const item = (overrides: Record<string, unknown> = {}) => ({
  id: "pt-1",
  language: "pt",
  request_type: "pix_transfers",
  category: "short_correct",
  prompt: "Qual é o limite do PIX à noite?",
  response: "R$ 1.000 entre 20h e 6h.",
  ratings: [rating()],
  ...overrides,
});
const lines = (...values: unknown[]) => values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join("\n");
const messages = (text: string) => parseGoldenSet(text).problems.map((p) => formatGoldenSetProblem("golden.jsonl", p));

describe("golden set format", () => {
  it("reads the example set: synthetic pt and en items covering every probe", () => {
    const items = parseGoldenSetOrThrow(readFileSync(EXAMPLE, "utf8"), "example-set.jsonl");
    expect(new Set(items.map((i) => i.language))).toEqual(new Set(["pt", "en"]));
    for (const category of ["short_correct", "long_wrong", "padded", "undue_refusal", "policy_refusal", "injection"]) {
      expect(items.filter((i) => i.category === category).length, category).toBeGreaterThanOrEqual(5);
    }
    expect(items.filter((i) => i.ratings.length >= 2).length).toBeGreaterThanOrEqual(20);
    expect(goldenSetCounts(items)).toEqual({ items: 39, ratings: 68, raters: 3 });
    // Padded copies: same prompt as their original, about three times as long.
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const padded of items.filter((i) => i.category === "padded")) {
      const original = byId.get(padded.paddedFrom!)!;
      expect(padded.prompt).toBe(original.prompt);
      expect(padded.response.length / original.response.length).toBeGreaterThan(2.5);
    }
  });

  it("reads snake_case fields into an item with one or several ratings", () => {
    const { items, problems } = parseGoldenSet(lines(item({ ratings: [rating(), rating({ rater_id: "rater-b", factuality: 4, undue_refusal: true })] }), ""));
    expect(problems).toEqual([]);
    expect(items[0]).toMatchObject({ id: "pt-1", line: 1, requestType: "pix_transfers", useCase: "golden_set", category: "short_correct" });
    expect(items[0]!.ratings).toEqual([
      { raterId: "rater-a", factuality: 5, completeness: 5, toneCompliance: 5, undueRefusal: false },
      { raterId: "rater-b", factuality: 4, completeness: 5, toneCompliance: 5, undueRefusal: true },
    ]);
  });
});

describe("golden set validation names the line, the field and what is allowed", () => {
  it("on a score out of range, a missing label and a bad rater id", () => {
    expect(
      messages(lines(item(), item({ id: "pt-2", ratings: [rating(), rating({ rater_id: "Maria Silva", factuality: 6, undue_refusal: undefined })] }))),
    ).toEqual([
      'golden.jsonl line 2: ratings[1].rater_id is "Maria Silva"; expected the rater\'s id: letters, digits, . _ @ - (at most 64), never a name or e-mail of a customer',
      "golden.jsonl line 2: ratings[1].factuality is 6; expected a whole number from 1 to 5",
      "golden.jsonl line 2: ratings[1].undue_refusal is missing; expected true (the answer refused or deflected a legitimate request) or false",
    ]);
  });

  it("on a line that is not JSON, a duplicate id, an unknown field and a bad category", () => {
    const text = lines(item(), "{not json", item({ id: "pt-1" }), item({ id: "pt-3", respone: "typo", category: "great" }));
    const found = messages(text);
    expect(found[0]).toMatch(/^golden\.jsonl line 2: \(line\) is "\{not json"; expected one JSON object per line \(/);
    expect(found.slice(1)).toEqual([
      'golden.jsonl line 3: id is "pt-1"; expected a unique id (already used on line 1)',
      'golden.jsonl line 4: respone is "typo"; expected no such field; an item has id, language, request_type, use_case, category, prompt, response, padded_from, ratings, notes',
      'golden.jsonl line 4: category is "great"; expected one of short_correct, long_wrong, padded, undue_refusal, policy_refusal, injection, production_sample, other',
    ]);
  });

  it("on missing text, request type and ratings", () => {
    expect(messages(lines(item({ response: "  ", request_type: "Balance Inquiry", ratings: [] })))).toEqual([
      'golden.jsonl line 1: request_type is "Balance Inquiry"; expected a snake_case request type (a-z, 0-9, _) as the gateway sets request_type, e.g. balance_inquiry',
      'golden.jsonl line 1: response is "  "; expected non-empty text of at most 100000 characters',
      "golden.jsonl line 1: ratings is []; expected a non-empty list of ratings, one per rater",
    ]);
  });

  it("on a rater rating the same item twice", () => {
    expect(messages(lines(item({ ratings: [rating(), rating({ factuality: 4 })] })))).toEqual([
      'golden.jsonl line 1: ratings[1].rater_id is "rater-a"; expected each rater once per item (already rated in ratings[0])',
    ]);
  });

  it("on padded copies that do not pad a short correct item", () => {
    const original = item();
    const padded = (overrides: Record<string, unknown>) =>
      item({ id: "pt-1-padded", category: "padded", padded_from: "pt-1", response: original.response.repeat(3), ...overrides });
    expect(messages(lines(original, padded({ padded_from: undefined })))).toEqual([
      "golden.jsonl line 2: padded_from is missing; expected the id of the short_correct item this padded copy repeats (required for category padded)",
    ]);
    expect(messages(lines(original, padded({ padded_from: "pt-9" })))).toEqual([
      'golden.jsonl line 2: padded_from is "pt-9"; expected the id of an item in this file',
    ]);
    expect(messages(lines(original, padded({ response: `${original.response} ok` })))).toEqual([
      `golden.jsonl line 2: padded_from is "pt-1"; expected an original at most 1/2 as long as this copy (the copy has ${original.response.length + 3} characters, the original ${original.response.length})`,
    ]);
    expect(messages(lines(original, padded({ prompt: "Outra pergunta?" })))).toEqual([
      'golden.jsonl line 2: padded_from is "pt-1"; expected an original with the same prompt and request_type as this copy (line 1 differs)',
    ]);
    expect(messages(lines(item({ padded_from: "pt-0" })))).toEqual([
      'golden.jsonl line 1: padded_from is "pt-0"; expected nothing: padded_from is only for category "padded"',
    ]);
  });

  it("throws every problem at once, and refuses an empty file", () => {
    expect(() => parseGoldenSetOrThrow(lines(item({ language: "portuguese" }), item({ id: "x", ratings: "5" })), "g.jsonl")).toThrow(GoldenSetError);
    try {
      parseGoldenSetOrThrow(lines(item({ language: "portuguese" }), item({ id: "x", ratings: "5" })), "g.jsonl");
    } catch (error) {
      expect((error as GoldenSetError).message.split("\n")).toEqual([
        "invalid golden set g.jsonl (2 problems):",
        '  - g.jsonl line 1: language is "portuguese"; expected a language code such as "pt", "en" or "pt-BR"',
        '  - g.jsonl line 2: ratings is "5"; expected a non-empty list of ratings, one per rater',
      ]);
    }
    expect(messages("\n\n")).toEqual(['golden.jsonl line 1: (file) is ""; expected at least one item']);
  });
});
