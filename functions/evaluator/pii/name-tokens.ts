/**
 * Every word of a text with what the lexicon says of it, for the name layers: how it is written
 * (lower, Title, UPPER) and whether it is a given name, a surname, an ordinary word or unknown.
 */
import { COMMON_GIVEN_NAMES, isOrdinaryWord, LEARNED_NOT_NAMES, LEARNED_SURNAMES, isRareGivenName, MUNICIPALITIES } from "./lexicon/lexicon";
import { AMBIGUOUS_GIVEN_NAMES, fold, GIVEN_NAMES, NOT_NAME_WORDS, PLACE_HEADS, SURNAMES, TITLES } from "./name-lists";
import { REPORTING_VERB_WORDS, ROLE_WORDS } from "./role-cues";

export type Casing = "lower" | "title" | "upper" | "mixed";

/**
 * - `given`: a common census or listed given name;
 * - `surname`: a listed or learnt surname, or a rare census name that is no ordinary word;
 * - `ambiguous`: a given name that is also a word, a place or a month (Rosa, Vitória);
 * - `unknown`: in no list and no Portuguese word (Hesse, Miyake), three letters or more;
 * - `acronym`: up to four capitals in no list (STF, CPC, FUX);
 * - `word`: an ordinary word, a role, a place head, or a word learnt as no name;
 * - `particle`: da, de, do, das, dos, e, van, von, del...
 */
export type NameClass = "given" | "surname" | "ambiguous" | "unknown" | "acronym" | "word" | "particle";

export interface WordToken {
  readonly start: number;
  readonly end: number;
  readonly key: string;
  readonly casing: Casing;
  readonly kind: NameClass;
  /** A full stop right after the word (an abbreviation or an initial). */
  readonly dotted: boolean;
}

const WORD = /[\p{L}][\p{L}\p{M}]*(?:['’][\p{L}][\p{L}\p{M}]*)*/gu;
const PARTICLES = new Set(["da", "de", "do", "das", "dos", "e", "d", "van", "von", "der", "den", "del", "della", "di", "du", "la", "le", "dal"]);
/** Particles written in capitals only count in an all-caps name ("JOSÉ DA SILVA"). */
const CAPITAL_PARTICLES = new Set(["DA", "DE", "DO", "DAS", "DOS", "E"]);

function casingOf(word: string): Casing {
  const lower = word.toLowerCase();
  if (word === lower) return "lower";
  if (word === word.toUpperCase()) return word.length === 1 ? "title" : "upper";
  return word.slice(1) === lower.slice(1) ? "title" : "mixed";
}

/** Roles, titles, place heads and words that are no name (months: "Março" folds to "marco", Marco is a name). */
export const isListedNot = (key: string, word = key): boolean =>
  (NOT_NAME_WORDS.has(key) && !(key === "marco" && !/ç/iu.test(word))) ||
  PLACE_HEADS.has(key) ||
  TITLES.has(key) ||
  ROLE_WORDS.has(key) ||
  REPORTING_VERB_WORDS.has(key) ||
  LEARNED_NOT_NAMES.has(key);

/** Classes of words seen so far, by the word as written: a warm container meets the same words again. */
const CLASSES = new Map<string, NameClass>();

function classifyOnce(word: string, key: string, casing: Casing): NameClass {
  let kind = CLASSES.get(word);
  if (kind === undefined) {
    kind = classify(word, key, casing);
    // Bounded: a container lives for many invocations.
    if (CLASSES.size >= 50_000) CLASSES.clear();
    CLASSES.set(word, kind);
  }
  return kind;
}

function classify(word: string, key: string, casing: Casing): NameClass {
  if ((casing === "lower" && PARTICLES.has(word)) || CAPITAL_PARTICLES.has(word)) return "particle";
  if (isListedNot(key, word)) return "word";
  if (AMBIGUOUS_GIVEN_NAMES.has(key)) return "ambiguous";
  // Municipalities are not checked here: dictionary-pt writes "São Carlos" as "Carlos-SP".
  if (GIVEN_NAMES.has(key)) return "given";
  if (SURNAMES.has(key) || LEARNED_SURNAMES.has(key)) return "surname";
  const ordinary = isOrdinaryWord(key);
  // The census holds "DE", "DO", "ANO": short ones that are also words are words.
  if (COMMON_GIVEN_NAMES.has(key)) return ordinary && key.length <= 3 ? "word" : "given";
  if (isRareGivenName(key)) return ordinary ? "word" : "surname";
  if (ordinary || MUNICIPALITIES.has(key) || key.length < 2) return "word";
  if (casing === "upper" && word.length <= 4) return "acronym";
  return key.length >= 3 ? "unknown" : "word";
}

/** The words of `text` in order, each classified. */
export function nameTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    const end = start + word.length;
    const casing = casingOf(word);
    const key = fold(word.replace(/['’]s$/u, ""));
    tokens.push({ start, end, key, casing, kind: classifyOnce(word, key, casing), dotted: text[end] === "." });
  }
  return tokens;
}

/** True when only spaces or tabs (at least one), or a single hyphen, separate two positions. */
export function joined(text: string, from: number, to: number): boolean {
  if (to - from === 1 && text[from] === "-") return true;
  if (to <= from) return false;
  for (let index = from; index < to; index += 1) if (text[index] !== " " && text[index] !== "\t") return false;
  return true;
}

/** True for words that may be part of a name (a given name, a surname, an unknown word or an initial). */
export const isNameLike = (token: WordToken): boolean =>
  token.kind === "given" || token.kind === "surname" || token.kind === "unknown" || token.kind === "ambiguous" || isInitial(token);

/** "J." in "João J. Silva". */
export const isInitial = (token: WordToken): boolean => token.end - token.start === 1 && token.casing === "title" && token.dotted;
