import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config";

const BASE = {
  SCORES_TABLE_NAME: "scores",
  FAILED_RECORDS_QUEUE_URL: "https://sqs.sa-east-1.amazonaws.com/123456789012/failed",
  JUDGE_MODEL_ID: "anthropic.claude-3-haiku-20240307-v1:0",
  JUDGE_INPUT_PRICE_PER_1K: "0.00025",
  JUDGE_OUTPUT_PRICE_PER_1K: "0.00125",
  USE_CASES: "general",
  REQUEST_TYPES: "general",
};

describe("evaluator configuration: PII languages", () => {
  it("reads a comma-separated list, in lower case", () => {
    expect(loadConfig({ ...BASE, PII_LANGUAGES: "PT, en" }).piiLanguages).toEqual(["pt", "en"]);
  });

  it("falls back on the single PII_LANGUAGE of older environments, then on en", () => {
    expect(loadConfig({ ...BASE, PII_LANGUAGE: "pt" }).piiLanguages).toEqual(["pt"]);
    expect(loadConfig({ ...BASE, PII_LANGUAGES: "pt,es", PII_LANGUAGE: "en" }).piiLanguages).toEqual(["pt", "es"]);
    expect(loadConfig(BASE).piiLanguages).toEqual(["en"]);
  });

  it.each([["portuguese"], ["pt,,en"], ["pt,pt"]])("refuses %j, naming the variable", (value) => {
    expect(() => loadConfig({ ...BASE, PII_LANGUAGES: value })).toThrow(/PII_LANGUAGES must be distinct language codes separated by commas, such as pt,en/);
  });
});

describe("evaluator configuration: the gateway's names", () => {
  it("reads the use cases and request types, and refuses a name outside the gateway's alphabet", () => {
    expect(loadConfig({ ...BASE, USE_CASES: "cards, loans", REQUEST_TYPES: "balance" })).toMatchObject({
      useCases: ["cards", "loans"],
      requestTypes: ["balance"],
    });
    expect(() => loadConfig({ ...BASE, USE_CASES: "cards;x=1" })).toThrow(/USE_CASES must list names/);
    const { REQUEST_TYPES: _unset, ...withoutRequestTypes } = BASE;
    expect(() => loadConfig(withoutRequestTypes)).toThrow(/REQUEST_TYPES is required/);
  });
});
