/**
 * Scores a detector on labelled LeNER-Br sentences: each sentence is laid out as text (tokens
 * joined by spaces, no space before punctuation), masked, and every word is checked against the
 * masked spans. Person names count as found only when every word of the name is masked.
 */
import { entitiesOf, type LabelledSentence } from "./lener-br";

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface DevScore {
  readonly sentences: number;
  readonly characters: number;
  /** Labelled person names, and those with every word masked. */
  readonly persons: number;
  readonly personsFullyMasked: number;
  /** Words by tag family (O, ORGANIZACAO, LOCAL, ...), and how many of them were masked. */
  readonly words: Readonly<Record<string, { total: number; masked: number }>>;
  /** Person names not fully masked, as written (only filled when asked). */
  readonly missed: string[];
  /** Masked words outside any entity, as written (only filled when asked). */
  readonly overMasked: string[];
}

const NO_SPACE_BEFORE = /^[.,;:!?)\]}%]$/;
const NO_SPACE_AFTER = /^[([{]$/;

/** The sentences as one text, a line each, with each token's offsets. */
export function layOut(sentences: readonly LabelledSentence[]): { text: string; offsets: Array<Array<{ start: number; end: number }>> } {
  let text = "";
  const offsets = sentences.map((sentence, sentenceIndex) => {
    if (sentenceIndex > 0) text += "\n";
    return sentence.map((token, index) => {
      const previous = sentence[index - 1]?.word;
      if (index > 0 && !NO_SPACE_BEFORE.test(token.word) && !(previous && NO_SPACE_AFTER.test(previous))) text += " ";
      const offset = { start: text.length, end: text.length + token.word.length };
      text += token.word;
      return offset;
    });
  });
  return { text, offsets };
}

const hasLetter = (word: string) => /\p{L}/u.test(word);
const covered = (spans: readonly Span[], start: number, end: number) => spans.some((span) => span.start <= start && span.end >= end);

interface Tally {
  persons: number;
  personsFullyMasked: number;
  readonly words: Record<string, { total: number; masked: number }>;
  readonly missed: string[];
  readonly overMasked: string[];
}

const context = (text: string, start: number, end: number) => text.slice(Math.max(0, start - 40), end + 40).replace(/\n/g, " / ");

function scoreSentence(sentence: LabelledSentence, offsets: readonly Span[], spans: readonly Span[], text: string, tally: Tally, keepErrors: boolean): void {
  const masked = offsets.map((offset) => covered(spans, offset.start, offset.end));
  sentence.forEach((token, index) => {
    if (!hasLetter(token.word)) return;
    const family = token.tag === "O" ? "O" : token.tag.slice(2);
    const entry = tally.words[family] ?? { total: 0, masked: 0 };
    tally.words[family] = entry;
    entry.total += 1;
    if (!masked[index]) return;
    entry.masked += 1;
    if (keepErrors && family === "O") tally.overMasked.push(`${token.word}  <-  ${context(text, offsets[index]!.start, offsets[index]!.end)}`);
  });
  for (const person of entitiesOf(sentence, "PESSOA")) {
    tally.persons += 1;
    const indexes = Array.from({ length: person.end - person.start }, (_, offset) => person.start + offset);
    if (indexes.every((index) => !hasLetter(sentence[index]!.word) || masked[index])) tally.personsFullyMasked += 1;
    else if (keepErrors) {
      const words = indexes.map((index) => sentence[index]!.word).join(" ");
      tally.missed.push(`${words}  <-  ${context(text, offsets[person.start]!.start, offsets[person.end - 1]!.end)}`);
    }
  }
}

/** Scores `detect` on `blocks`, each masked as one text. */
export function scoreDev(blocks: readonly (readonly LabelledSentence[])[], detect: (text: string) => readonly Span[], keepErrors = false): DevScore {
  const tally: Tally = { persons: 0, personsFullyMasked: 0, words: {}, missed: [], overMasked: [] };
  let characters = 0;
  let sentences = 0;
  for (const block of blocks) {
    const { text, offsets } = layOut(block);
    const spans = detect(text);
    characters += text.length;
    sentences += block.length;
    block.forEach((sentence, index) => scoreSentence(sentence, offsets[index]!, spans, text, tally, keepErrors));
  }
  return { sentences, characters, ...tally };
}
