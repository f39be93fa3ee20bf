/**
 * Names written in lower case, as citizens write comments: "votei no bolsonaro", "falei com joao
 * carlos", "a dilma disse". A lower-case word is taken for a name when it is a given name that is
 * no Portuguese word ("joao", "thaynara"), when a given name is followed by a surname, or when a
 * word that is neither a Portuguese word nor slang follows an article or a reporting verb ("no
 * bolsonaro", "diz mills"). Typos after an article are masked too: the price of this layer.
 */
import { isOrdinaryWord, TOP_GIVEN_NAMES } from "./lexicon/lexicon";
import type { WordToken } from "./name-tokens";
import { PRIORITY } from "./priorities";
import { REPORTING_VERB_WORDS } from "./role-cues";
import type { PiiSpan } from "./spans";

/** Articles and contractions before a name ("o lula", "no bolsonaro", "da marina"). */
const ARTICLES = new Set(["o", "a", "no", "na", "do", "da", "pelo", "pela", "ao", "com", "em"]);
/** Internet slang and laughter that is no dictionary word and no name. */
const SLANG =
  /^(?:(?:k|r?s|ha|he|hu|rs)+|vc|vcs|voce|voces|pq|pra|pro|tb|tbm|td|tds|blz|vlw|obg|msm|mto|mt|mts|n|nao|eh|ta|to|hj|aki|aqui|ai|la|ne|nd|oq|qnd|qdo|qto|cmg|ctg|dps|agr|sdds|vdd|fds|pfv|pfvr|bjs|abs|sqn|mano|mina|galera|cara|tipo|tava|tamo|tbem|entao|so|ja|tah|neh|num|dele|dela)$/;

/** Words that outnumber Portuguese ones in English text: there, "a refund" is no "a dilma". */
const ENGLISH = new Set(
  "the and you your is are my to of for with this that it was have i has had not be been will can he she they we our his her on in at by from as said reported please".split(
    " ",
  ),
);
const PORTUGUESE = new Set(["que", "nao", "de", "o", "os", "as", "um", "uma", "para", "com", "voce", "eu", "ele", "ela", "mas", "se", "por", "no", "na"]);

function looksEnglish(tokens: readonly WordToken[]): boolean {
  let balance = 0;
  for (const token of tokens) {
    if (ENGLISH.has(token.key)) balance += 1;
    else if (PORTUGUESE.has(token.key)) balance -= 1;
  }
  return balance > 0;
}

/** A lower-case given name that is also a word ("segundo", "maria") counts only with a surname after it. */
const isPlainGiven = (token: WordToken) => token.kind === "given" && !isOrdinaryWord(token.key) && !SLANG.test(token.key);
const isLowerName = (token: WordToken) => token.casing === "lower" && (token.kind === "given" || token.kind === "surname" || token.kind === "unknown");
const isCandidate = (token: WordToken) => token.kind === "unknown" && token.key.length >= 4 && !SLANG.test(token.key) && !/(.)\1\1/.test(token.key);

/** Lower-case person names in UTF-16 offsets of `text`. */
export function detectLowercaseNames(text: string, tokens: readonly WordToken[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const english = looksEnglish(tokens);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.casing !== "lower") continue;
    const previous = tokens[index - 1];
    const afterArticle =
      previous !== undefined &&
      (ARTICLES.has(previous.key) || REPORTING_VERB_WORDS.has(previous.key)) &&
      /^[ \t]+$/.test(text.slice(previous.end, token.start));
    let last = index;
    while (last + 1 < tokens.length && isLowerName(tokens[last + 1]!) && /^[ \t]+$/.test(text.slice(tokens[last]!.end, tokens[last + 1]!.start))) last += 1;
    const withSurname = last > index && token.kind === "given" && tokens.slice(index + 1, last + 1).some((next) => !isOrdinaryWord(next.key));
    const cued =
      afterArticle &&
      !english &&
      (isCandidate(token) || (TOP_GIVEN_NAMES.has(token.key) && token.kind === "given") || (token.kind === "surname" && !isOrdinaryWord(token.key)));
    if (!((isPlainGiven(token) && !english) || withSurname || cued)) continue;
    spans.push({ start: token.start, end: tokens[last]!.end, type: "NAME", priority: PRIORITY.NAME });
    index = last;
  }
  return spans;
}
