/**
 * The built lexicon (data/lexicon, made by `npm run pii:build-lexicon` from dictionary-pt, the IBGE
 * census and LeNER-Br's train part), as lookups on folded words (lower case, no accents).
 */
import censusNames from "../data/lexicon/census-given-names.json";
import learnedNames from "../data/lexicon/learned-names.json";
import ordinaryWords from "../data/lexicon/ordinary-words.json";
import { bloomHas, type BloomFilter } from "./bloom";

const ORDINARY: BloomFilter = {
  bitCount: ordinaryWords.bitCount,
  hashCount: ordinaryWords.hashCount,
  bits: new Uint8Array(Buffer.from(ordinaryWords.bits, "base64")),
};

/** Given names counted 1,000 times or more in the 2010 census. */
export const COMMON_GIVEN_NAMES: ReadonlySet<string> = new Set(censusNames.common);
/** The 300 commonest census given names (Maria, José, João...): in lower case after an article they are names ("a maria", "o joao"). */
export const TOP_GIVEN_NAMES: ReadonlySet<string> = new Set(censusNames.common.slice(0, 300));
/** The other census given names (64k in all): many are also rare words or spelling variants. */
const RARE_GIVEN_NAMES: BloomFilter = {
  bitCount: censusNames.rare.bitCount,
  hashCount: censusNames.rare.hashCount,
  bits: new Uint8Array(Buffer.from(censusNames.rare.bits, "base64")),
};
/** True for one of the 56k census given names counted fewer than 1,000 times (about 1 % of other words too). */
export const isRareGivenName = (folded: string): boolean => bloomHas(RARE_GIVEN_NAMES, folded);
/** Words of person names in LeNER-Br's train part that are no common given name. */
export const LEARNED_SURNAMES: ReadonlySet<string> = new Set(learnedNames.surnames);
/** Capitalised words seen in LeNER-Br's train part, never in a person name, not ordinary words. */
export const LEARNED_NOT_NAMES: ReadonlySet<string> = new Set(learnedNames.notNames);
/** One-word Brazilian municipalities (dictionary-pt). */
export const MUNICIPALITIES: ReadonlySet<string> = new Set(learnedNames.municipalities);

/**
 * Prefixes the dictionary applies by rule (des-, in-, extra-...): the shipped list holds suffixed
 * forms only, so "desprovido" is found as "provido".
 */
const PREFIXES = [
  "des",
  "in",
  "im",
  "i",
  "re",
  "extra",
  "anti",
  "auto",
  "sub",
  "super",
  "inter",
  "intra",
  "pre",
  "pos",
  "contra",
  "co",
  "semi",
  "sobre",
  "hiper",
  "ultra",
  "neo",
  "pro",
];
/** A prefix is stripped only when this much word is left: "Renato" is no re-"nato". */
const MIN_REST = 5;

/** True when `folded` is a Portuguese word form (about 1 % of other words are taken for one too). */
export function isOrdinaryWord(folded: string): boolean {
  if (bloomHas(ORDINARY, folded)) return true;
  for (const prefix of PREFIXES) {
    if (folded.length - prefix.length >= MIN_REST && folded.startsWith(prefix) && bloomHas(ORDINARY, folded.slice(prefix.length))) return true;
  }
  return false;
}
