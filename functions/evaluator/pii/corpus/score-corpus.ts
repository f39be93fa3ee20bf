/**
 * Precision and recall of a detector over the labelled corpus, per entity type.
 *
 * - A labelled entity is **recalled** when every non-space character of it is covered by masks of
 *   its own type; it is **hidden** when covered by masks of any type (nothing of it reaches the judge).
 * - A mask is **correct** when it overlaps a labelled entity of its own type. Characters of a mask
 *   outside every label (spaces and punctuation aside) are counted as **over-masked**.
 */
import type { CorpusSentence, GoldSpan } from "./load-corpus";

/** A mask as the masker applies it: merged, non-overlapping, typed. */
export interface PredictedSpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

export interface TypeScore {
  readonly type: string;
  /** Labelled entities of the type. */
  readonly labelled: number;
  /** Masks of the type. */
  readonly masked: number;
  readonly recalled: number;
  readonly hidden: number;
  readonly correct: number;
  /** correct / masked; 1 when nothing was masked. */
  readonly precision: number;
  /** recalled / labelled; 1 when nothing is labelled. */
  readonly recall: number;
  readonly overMaskedChars: number;
}

/** One labelled entity not recalled, or one mask not correct, for reading the errors. */
export interface ScoringError {
  readonly kind: "missed" | "spurious";
  readonly sentenceId: string;
  readonly type: string;
  readonly text: string;
  /** For a missed entity: what the masked sentence looks like around it. */
  readonly maskedAs?: string;
}

export interface CorpusScore {
  readonly sentences: number;
  readonly byType: readonly TypeScore[];
  readonly errors: readonly ScoringError[];
}

const IGNORED = /[\s\p{P}]/u;

function covered(text: string, gold: GoldSpan, masks: readonly PredictedSpan[]): boolean {
  for (let index = gold.start; index < gold.end; index += 1) {
    if (IGNORED.test(text[index]!)) continue;
    if (!masks.some((mask) => mask.start <= index && index < mask.end)) return false;
  }
  return true;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

interface Tally {
  labelled: number;
  masked: number;
  recalled: number;
  hidden: number;
  correct: number;
  overMaskedChars: number;
}

function maskedView(text: string, masks: readonly PredictedSpan[]): string {
  let out = "";
  let cursor = 0;
  for (const mask of [...masks].sort((a, b) => a.start - b.start)) {
    out += `${text.slice(cursor, mask.start)}[${mask.type}]`;
    cursor = mask.end;
  }
  return out + text.slice(cursor);
}

/** Scores `detect` (text -> the masks it would apply) over `sentences`. */
export function scoreCorpus(sentences: readonly CorpusSentence[], detect: (text: string) => readonly PredictedSpan[]): CorpusScore {
  const tallies = new Map<string, Tally>();
  const tally = (type: string): Tally => {
    let found = tallies.get(type);
    if (!found) {
      found = { labelled: 0, masked: 0, recalled: 0, hidden: 0, correct: 0, overMaskedChars: 0 };
      tallies.set(type, found);
    }
    return found;
  };
  const errors: ScoringError[] = [];
  for (const sentence of sentences) {
    const { text, labels } = sentence;
    const masks = detect(text);
    for (const gold of labels) {
      const t = tally(gold.type);
      t.labelled += 1;
      const ownType = masks.filter((mask) => mask.type === gold.type);
      if (covered(text, gold, ownType)) t.recalled += 1;
      else errors.push({ kind: "missed", sentenceId: sentence.id, type: gold.type, text: text.slice(gold.start, gold.end), maskedAs: maskedView(text, masks) });
      if (covered(text, gold, masks)) t.hidden += 1;
    }
    for (const mask of masks) {
      const t = tally(mask.type);
      t.masked += 1;
      if (labels.some((gold) => gold.type === mask.type && overlaps(gold, mask))) t.correct += 1;
      else errors.push({ kind: "spurious", sentenceId: sentence.id, type: mask.type, text: text.slice(mask.start, mask.end) });
      for (let index = mask.start; index < mask.end; index += 1) {
        if (!IGNORED.test(text[index]!) && !labels.some((gold) => gold.start <= index && index < gold.end)) t.overMaskedChars += 1;
      }
    }
  }
  const byType = [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, t]) => ({
      type,
      ...t,
      precision: t.masked === 0 ? 1 : t.correct / t.masked,
      recall: t.labelled === 0 ? 1 : t.recalled / t.labelled,
    }));
  return { sentences: sentences.length, byType, errors };
}
