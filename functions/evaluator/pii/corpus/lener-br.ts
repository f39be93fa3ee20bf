/**
 * LeNER-Br's training split (shared/data/pii), read as sentences of tokens with IOB tags, and cut
 * once, deterministically, into a train part (the only part the lexicon builder learns from) and
 * a dev part (the only part `npm run pii:eval` reports). The cut is by blocks of consecutive
 * sentences, so that a court decision mostly falls on one side and its names are not learnt on one
 * side and scored on the other.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";

export const LENER_FILE = "lener-br-train.conll.gz";
export const CENSUS_FILE = "ibge-census-given-names.csv.gz";

/**
 * The data folder: $PII_DATA_DIR, else the repository's copy (`testing/data/pii`, with its licences),
 * else the first `shared/data/pii` beside the repository or one of its parents.
 */
export function sharedPiiData(): string {
  if (process.env.PII_DATA_DIR) return process.env.PII_DATA_DIR;
  const copy = join(__dirname, "../../../../testing/data/pii");
  if (existsSync(join(copy, LENER_FILE))) return copy;
  for (let dir = join(__dirname, "../.."); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dirname(dir), "shared/data/pii");
    if (existsSync(join(candidate, LENER_FILE))) return candidate;
  }
  throw new Error(`${LENER_FILE} not found in testing/data/pii nor in any shared/data/pii beside the repository or its parents; set PII_DATA_DIR`);
}

export interface LabelledToken {
  readonly word: string;
  /** IOB tag: O, B-PESSOA, I-ORGANIZACAO, ... */
  readonly tag: string;
}

export type LabelledSentence = readonly LabelledToken[];

/** Consecutive sentences kept together on one side of the cut. */
const BLOCK_SENTENCES = 40;
/** Every fifth block (the third of each five) is dev: about 20 % of the sentences. */
const DEV_BLOCK_EVERY = 5;
const DEV_BLOCK_AT = 2;

export function readLener(dataDir = sharedPiiData()): LabelledSentence[] {
  const path = join(dataDir, LENER_FILE);
  const lines = gunzipSync(readFileSync(path)).toString("utf8").split("\n");
  const sentences: LabelledSentence[] = [];
  let current: LabelledToken[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") {
      if (current.length > 0) sentences.push(current);
      current = [];
      return;
    }
    const space = line.lastIndexOf(" ");
    const tag = line.slice(space + 1);
    if (space <= 0 || !/^(?:O|[BI]-[A-Z]+)$/.test(tag)) throw new Error(`${path}: line ${index + 1} is not "<token> <IOB tag>"`);
    current.push({ word: line.slice(0, space), tag });
  });
  if (current.length > 0) sentences.push(current);
  return sentences;
}

/** True for a sentence of the dev part, by its position in the file. */
export const isDevSentence = (index: number): boolean => Math.floor(index / BLOCK_SENTENCES) % DEV_BLOCK_EVERY === DEV_BLOCK_AT;

export function splitLener(sentences: readonly LabelledSentence[]): { train: LabelledSentence[]; dev: LabelledSentence[] } {
  const train: LabelledSentence[] = [];
  const dev: LabelledSentence[] = [];
  sentences.forEach((sentence, index) => (isDevSentence(index) ? dev : train).push(sentence));
  return { train, dev };
}

/**
 * The blocks of one part, each a list of consecutive sentences: masked as one text, the way the
 * evaluator masks a whole prompt or answer (a name found in one sentence is known in the next).
 */
export function lenerBlocks(sentences: readonly LabelledSentence[], part: "train" | "dev"): LabelledSentence[][] {
  const blocks = new Map<number, LabelledSentence[]>();
  sentences.forEach((sentence, index) => {
    if (isDevSentence(index) !== (part === "dev")) return;
    const block = Math.floor(index / BLOCK_SENTENCES);
    const list = blocks.get(block) ?? [];
    list.push(sentence);
    blocks.set(block, list);
  });
  return [...blocks.values()];
}

/** The entities of one type in a sentence, as token index ranges [start, end). */
export function entitiesOf(sentence: LabelledSentence, type: string): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  sentence.forEach((token, index) => {
    if (token.tag === `B-${type}` || (token.tag === `I-${type}` && sentence[index - 1]?.tag.slice(2) !== type)) found.push({ start: index, end: index + 1 });
    else if (token.tag === `I-${type}`) found[found.length - 1]!.end = index + 1;
  });
  return found;
}
