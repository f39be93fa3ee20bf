/**
 * The name lists the name detector checks capitalised words against (JSON data files in `data/`),
 * as sets of folded words: lower case, accents removed, so "ANTONIO" finds "Antônio".
 */
import givenNames from "./data/given-names.json";
import notNames from "./data/not-names.json";
import surnames from "./data/surnames.json";

/** Lower case without diacritics: the form every lookup uses. */
export function fold(word: string): string {
  // ASCII needs no decomposition (most words of English text).
  if (/^[ -~]*$/.test(word)) return word.toLowerCase();
  let folded = FOLDED.get(word);
  if (folded === undefined) {
    folded = word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    // Bounded: a container lives for many invocations.
    if (FOLDED.size >= 20_000) FOLDED.clear();
    FOLDED.set(word, folded);
  }
  return folded;
}

/** Words with accents folded so far (normalising is the costly part of a lookup). */
const FOLDED = new Map<string, string>();

const folded = (words: readonly string[]): ReadonlySet<string> => new Set(words.map(fold));

export const GIVEN_NAMES = folded(givenNames.names);
/** Given names that are also ordinary words or places: need a cue or a neighbouring name. */
export const AMBIGUOUS_GIVEN_NAMES = folded(givenNames.ambiguous);
export const SURNAMES = folded(surnames.names);
/** Months, weekdays, bank and product words: never part of a name. */
export const NOT_NAME_WORDS = folded(notNames.words);
/** Words that begin a street, place or organisation name. */
export const PLACE_HEADS = folded(notNames.heads);
/** Forms of address (Sr., Dona, Mr.): a cue before a name, not part of it. */
export const TITLES = folded(notNames.titles);

/** Place and institution names as folded word sequences, indexed by their first word. */
export const NOT_NAME_PHRASES: ReadonlyMap<string, readonly (readonly string[])[]> = (() => {
  const byFirst = new Map<string, string[][]>();
  for (const phrase of notNames.phrases) {
    const words = phrase.split(/[\s-]+/).map(fold);
    const list = byFirst.get(words[0]!) ?? [];
    list.push(words);
    byFirst.set(words[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  return byFirst;
})();
