/**
 * Reads the labelled PII corpus (`*.jsonl` beside this file) and turns each `[type, text, n?]`
 * label into offsets. A label that cannot be found at word boundaries is an error in the corpus.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A labelled entity, in UTF-16 offsets of the sentence: [start, end). */
export interface GoldSpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export interface CorpusSentence {
  readonly id: string;
  readonly lang: string;
  readonly file: string;
  readonly text: string;
  readonly labels: readonly GoldSpan[];
}

type RawLabel = [string, string] | [string, string, number];

const WORD_CHAR = /[\p{L}\p{N}]/u;

function isBoundary(text: string, index: number): boolean {
  return index <= 0 || index >= text.length || !WORD_CHAR.test(text[index - 1]!) || !WORD_CHAR.test(text[index]!);
}

/** Offset of the n-th (1-based) occurrence of `needle` that starts and ends on word boundaries. */
function findOccurrence(text: string, needle: string, nth: number): number | undefined {
  let seen = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    if (!isBoundary(text, at) || !isBoundary(text, at + needle.length)) continue;
    seen += 1;
    if (seen === nth) return at;
  }
  return undefined;
}

/** Parses one corpus line; throws naming the file, the sentence and the label that is wrong. */
export function parseCorpusLine(line: string, file: string): CorpusSentence {
  const raw = JSON.parse(line) as { id?: unknown; lang?: unknown; text?: unknown; labels?: unknown };
  if (typeof raw.id !== "string" || typeof raw.text !== "string" || typeof raw.lang !== "string" || !Array.isArray(raw.labels)) {
    throw new Error(`${file}: every line needs string id, lang and text and a labels array, got ${line.slice(0, 120)}`);
  }
  const text = raw.text;
  const labels = (raw.labels as RawLabel[]).map((label) => {
    const [type, value, nth = 1] = label;
    const start = typeof value === "string" && value !== "" ? findOccurrence(text, value, nth) : undefined;
    if (typeof type !== "string" || start === undefined) {
      throw new Error(`${file} ${String(raw.id)}: label ${JSON.stringify(label)} is not in the text at word boundaries`);
    }
    return { type, start, end: start + value.length };
  });
  return { id: raw.id, lang: raw.lang, file, text, labels };
}

/** Every sentence of every `*.jsonl` file in `directory` (this folder by default), in file order. */
export function loadCorpus(directory: string = __dirname): CorpusSentence[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith(".jsonl"))
    .sort();
  const sentences = files.flatMap((file) =>
    readFileSync(join(directory, file), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => parseCorpusLine(line, file)),
  );
  const ids = new Set<string>();
  for (const sentence of sentences) {
    if (ids.has(sentence.id)) throw new Error(`${sentence.file}: sentence id ${sentence.id} is used twice`);
    ids.add(sentence.id);
  }
  return sentences;
}
