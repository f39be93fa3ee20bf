/**
 * Person names told by the lexicon rather than by a fixed list: runs of capitalised words (Title
 * Case or ALL CAPS) made of given names, surnames and words that are no Portuguese word, accepted
 * when they hold a common given name, two name words, or follow a role ("Ministro Eros Grau",
 * "O SENHOR MINISTRO LUIZ FUX", "Konrad Hesse", "KIMHITI MIYAKE"). A run that starts a place or an
 * institution (São Gonçalo, Fundação Getúlio Vargas) is left alone.
 */
import { isListedNot, isNameLike, joined, type WordToken } from "./name-tokens";
import { isOrdinaryWord, MUNICIPALITIES } from "./lexicon/lexicon";
import { cueBefore, CUE_WINDOW } from "./name-cues";
import { fold, NOT_NAME_PHRASES } from "./name-lists";
import { PRIORITY } from "./priorities";
import { ROLE_QUALIFIER_WORDS, ROLE_WORDS, REPORTING_VERB_WORDS } from "./role-cues";
import type { PiiSpan } from "./spans";
import { ORG_HEAD_WORDS } from "./org-heads";

const isCapitalised = (token: WordToken) => token.casing !== "lower";
const ARTICLES = new Set(["o", "a", "os", "as"]);
const canBeInRun = (token: WordToken) => isCapitalised(token) && (isNameLike(token) || token.kind === "acronym");

/** Two tokens belong to one run: joined by spaces, or an initial's full stop and a space. */
function adjacent(text: string, previous: WordToken, next: WordToken): boolean {
  if (joined(text, previous.end, next.start)) return true;
  return previous.dotted && previous.end - previous.start === 1 && joined(text, previous.end + 1, next.start);
}

/** True when a role, a title or a reporting verb comes right before tokens[index] ("Rel. Min. Ellen Gracie", "Deputado Federal Átila Lins", "diz Mills"). */
export function cuedAt(text: string, tokens: readonly WordToken[], index: number): boolean {
  for (let cursor = index - 1; cursor >= 0; cursor -= 1) {
    const gap = text.slice(tokens[cursor]!.end, tokens[cursor + 1]!.start);
    const key = tokens[cursor]!.key;
    // Only an abbreviation keeps its full stop before the name ("Min. Ellen Gracie", not "votou. O"); a role may take a colon ("Relator: Min. Eros Grau").
    const abbreviated = key.length <= 4 && /^\.[ \t]+$/.test(gap);
    const labelled = ROLE_WORDS.has(key) && /^:[ \t]+$/.test(gap);
    if (!/^[ \t]+$/.test(gap) && !abbreviated && !labelled) return false;
    if (ROLE_WORDS.has(key) || (cursor === index - 1 && REPORTING_VERB_WORDS.has(key))) return true;
    if (!ROLE_QUALIFIER_WORDS.has(key)) return false;
  }
  return false;
}

/** True when a place or institution name starts at tokens[index] (São Paulo, Banco do Brasil). */
function placePhraseAt(tokens: readonly WordToken[], index: number): number {
  const phrases = NOT_NAME_PHRASES.get(tokens[index]!.key);
  const phrase = phrases?.find((words) => words.every((word, offset) => tokens[index + offset]?.key === word));
  return phrase ? phrase.length : 0;
}

/** After a role, a capitalised ordinary word starts the name too ("Ministro Marco Aurélio", "Ministro Eros Grau"). */
const startsRun = (text: string, tokens: readonly WordToken[], index: number): boolean => {
  const token = tokens[index]!;
  if (canBeInRun(token)) return true;
  return (
    isCapitalised(token) &&
    token.kind === "word" &&
    token.key.length >= 3 &&
    !isListedNot(token.key) &&
    !ORG_HEAD_WORDS.has(token.key) &&
    cuedAt(text, tokens, index)
  );
};

/** An ordinary word written like the names on both sides of it is a surname: "JOSÉ WELLINGTON BARROSO DE ARAÚJO". */
function isSandwiched(text: string, tokens: readonly WordToken[], index: number): boolean {
  const token = tokens[index]!;
  if (token.kind !== "word" || token.casing !== tokens[index - 1]!.casing || isListedNot(token.key) || ORG_HEAD_WORDS.has(token.key)) return false;
  let after = index + 1;
  if (tokens[after]?.kind === "particle" && adjacent(text, token, tokens[after]!)) after += 1;
  const next = tokens[after];
  return next !== undefined && next.casing === token.casing && isNameLike(next) && adjacent(text, tokens[after - 1]!, next);
}

/** The runs: maximal sequences of capitalised name-like words, with particles inside. */
function runs(text: string, tokens: readonly WordToken[]): Array<{ first: number; last: number }> {
  const found: Array<{ first: number; last: number }> = [];
  let index = 0;
  while (index < tokens.length) {
    if (!startsRun(text, tokens, index)) {
      index += 1;
      continue;
    }
    const first = index;
    let last = index;
    let cursor = index + 1;
    while (cursor < tokens.length && adjacent(text, tokens[cursor - 1]!, tokens[cursor]!)) {
      const token = tokens[cursor]!;
      const next = tokens[cursor + 1];
      // "Francisco de Assis e Silva" is one name, "Ana e Pedro" two.
      const joinsNext = next !== undefined && canBeInRun(next) && adjacent(text, token, next) && !(token.key === "e" && next.kind === "given");
      if (token.kind === "particle" && joinsNext) {
        cursor += 1;
        continue;
      }
      if (!canBeInRun(token) && !isSandwiched(text, tokens, cursor)) break;
      last = cursor;
      cursor += 1;
    }
    found.push({ first, last });
    index = last + 1;
  }
  return found;
}

/** Whether the run tokens[first..last] is a person's name, given what precedes it. */
function isPersonRun(text: string, tokens: readonly WordToken[], first: number, last: number): boolean {
  const words = tokens.slice(first, last + 1).filter((token) => token.kind !== "particle");
  if (cuedAt(text, tokens, first)) return words.some((token) => token.kind !== "acronym") || words.length === 1;
  const before = tokens[first - 1];
  // "Fundação Getúlio Vargas", "Hospital Albert Einstein", "São Gonçalo": a head word before the run.
  if (before && isCapitalised(before) && ORG_HEAD_WORDS.has(before.key) && adjacent(text, before, tokens[first]!)) return false;
  if (words.length === 1) return isSingleName(text, words[0]!);
  if (words.some((token) => token.kind === "given")) return true;
  const named = words.filter((token) => token.kind !== "acronym");
  return named.length >= 2 && named.some((token) => token.kind !== "ambiguous");
}

/**
 * One word alone. A given name that is also a word or a town ("Claro", "Argentina", "Olinda") needs
 * the list-based detector's cues; any other given name is a name. A rare census name or a surname
 * is one after a cue ("meu filho Julianderson", "a cliente Arantes"); a word in no list only after a
 * cue that is more than an article ("o filho Wanderlan", not "a Petrobras").
 */
function isSingleName(text: string, token: WordToken): boolean {
  if (token.kind === "given") return !MUNICIPALITIES.has(token.key) && !isOrdinaryWord(token.key);
  if (token.kind !== "surname" && token.kind !== "unknown") return false;
  const before = text.slice(Math.max(0, token.start - CUE_WINDOW), token.start);
  if (cueBefore(before) === "none") return false;
  return (
    token.kind === "surname" ||
    !ARTICLES.has(
      fold(
        before
          .trimEnd()
          .split(/[ \t]+/)
          .pop() ?? "",
      ),
    )
  );
}

/** Ordinary Title Case words right after a name are its surnames ("Eros Grau", "Marina Costa Rocha"). */
function extendOverWords(text: string, tokens: readonly WordToken[], last: number, cued: boolean): number {
  const casing = tokens[last]!.casing;
  // In capitals only after a role, and at most two: "Min. EROS GRAU", "DES. EDISON FEITAL LEITE"; not "O MARCELO CRIVELLA NAO FEZ".
  const limit = casing === "upper" ? 2 : 4;
  if (casing !== "title" && !(casing === "upper" && cued)) return last;
  let end = last;
  let cursor = last + 1;
  while (cursor < tokens.length && adjacent(text, tokens[cursor - 1]!, tokens[cursor]!)) {
    const token = tokens[cursor]!;
    const next = tokens[cursor + 1];
    if (token.kind === "particle" && next?.casing === casing && next.kind === "word" && !ORG_HEAD_WORDS.has(next.key) && adjacent(text, token, next)) {
      cursor += 1;
      continue;
    }
    if (token.casing !== casing || token.kind !== "word" || isListedNot(token.key) || ORG_HEAD_WORDS.has(token.key) || cursor - last > limit) break;
    end = cursor;
    cursor += 1;
  }
  return end;
}

/** Person names found by the lexicon, in UTF-16 offsets of `text`. */
export function detectProperNames(text: string, tokens: readonly WordToken[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const run of runs(text, tokens)) {
    let first = run.first;
    // A place phrase inside the run ends what came before it and is skipped.
    for (let index = run.first; index <= run.last + 1; index += 1) {
      const phraseLength = index <= run.last ? placePhraseAt(tokens, index) : 0;
      if (index <= run.last && phraseLength === 0) continue;
      if (index > first && isPersonRun(text, tokens, first, index - 1)) {
        const end = extendOverWords(text, tokens, index - 1, cuedAt(text, tokens, first));
        spans.push({ start: tokens[first]!.start, end: tokens[end]!.end, type: "NAME", priority: PRIORITY.NAME });
      }
      first = index + Math.max(phraseLength, 1);
      index = first - 1;
    }
  }
  return spans;
}
