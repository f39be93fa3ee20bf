/**
 * Scores a detector on labelled LeNER-Br sentences: each sentence is laid out as text (tokens
 * joined by spaces, no space before punctuation), masked, and every word is checked against the
 * masked spans. Person names count as found only when every word of the name is masked.
 */
import { entitiesOf, type LabelledSentence } from "./lener";

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

/** The sentence as text, with each token's offsets. */
export function layOut(sentence: LabelledSentence): { text: string; offsets: Array<{ start: number; end: number }> } {
  let text = "";
  const offsets: Array<{ start: number; end: number }> = [];
  sentence.forEach((token, index) => {
    const previous = sentence[index - 1]?.word;
    if (index > 0 && !NO_SPACE_BEFORE.test(token.word) && !(previous && NO_SPACE_AFTER.test(previous))) text += " ";
    offsets.push({ start: text.length, end: text.length + token.word.length });
    text += token.word;
  });
  return { text, offsets };
}

const hasLetter = (word: string) => /\p{L}/u.test(word);
const covered = (spans: readonly Span[], start: number, end: number) => spans.some((span) => span.start <= start && span.end >= end);

export function scoreDev(sentences: readonly LabelledSentence[], detect: (text: string) => readonly Span[], keepErrors = false): DevScore {
  const words: Record<string, { total: number; masked: number }> = {};
  const missed: string[] = [];
  const overMasked: string[] = [];
  let persons = 0;
  let personsFullyMasked = 0;
  let characters = 0;
  for (const sentence of sentences) {
    const { text, offsets } = layOut(sentence);
    characters += text.length;
    const spans = detect(text);
    const masked = offsets.map((offset) => covered(spans, offset.start, offset.end));
    sentence.forEach((token, index) => {
      if (!hasLetter(token.word)) return;
      const family = token.tag === "O" ? "O" : token.tag.slice(2);
      const entry = words[family] ?? { total: 0, masked: 0 };
      words[family] = entry;
      entry.total += 1;
      if (masked[index]) entry.masked += 1;
      if (keepErrors && masked[index] && family === "O")
        overMasked.push(`${token.word}  <-  ${text.slice(Math.max(0, offsets[index]!.start - 30), offsets[index]!.end + 30)}`);
    });
    for (const person of entitiesOf(sentence, "PESSOA")) {
      persons += 1;
      const tokens = sentence.slice(person.start, person.end).map((token, offset) => ({ token, index: person.start + offset }));
      if (tokens.every(({ token, index }) => !hasLetter(token.word) || masked[index])) personsFullyMasked += 1;
      else if (keepErrors)
        missed.push(
          `${tokens.map(({ token }) => token.word).join(" ")}  <-  ${text.slice(Math.max(0, offsets[person.start]!.start - 40), offsets[person.end - 1]!.end + 40)}`,
        );
    }
  }
  return { sentences: sentences.length, characters, persons, personsFullyMasked, words, missed, overMasked };
}
