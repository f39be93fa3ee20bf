/**
 * Authors cited surname first, the way Brazilian references write them: "MOREIRA NETO, Leopoldo
 * Martins", "SARMENTO, Daniel", "FILHO, A. M. G.". A run of surnames (capitals or Title Case), a
 * comma or a full stop, then given names or initials: both halves are one person.
 */
import { isInitial, isNameLike, joined, type WordToken } from "./name-tokens";
import { PRIORITY } from "./priorities";
import type { PiiSpan } from "./spans";

/** Generational and family suffixes written after a surname: ordinary words elsewhere. */
const SUFFIXES = new Set(["neto", "filho", "junior", "jr", "sobrinho", "segundo"]);

const isSurnamePart = (token: WordToken) =>
  token.casing !== "lower" &&
  token.kind !== "acronym" &&
  (isNameLike(token) || SUFFIXES.has(token.key)) &&
  (token.kind !== "ambiguous" || token.casing === "upper");
const isGivenPart = (token: WordToken) => token.casing !== "lower" && (isNameLike(token) || isInitial(token));

/** The last token of the given-name half that starts at tokens[index], or -1. */
function givenHalfEnd(text: string, tokens: readonly WordToken[], index: number): number {
  const first = tokens[index];
  if (!first || !(first.kind === "given" || isInitial(first))) return -1;
  let last = index;
  for (let cursor = index + 1; cursor < tokens.length; cursor += 1) {
    const token = tokens[cursor]!;
    const gap = text.slice(tokens[cursor - 1]!.end, token.start);
    const initialGap = isInitial(tokens[cursor - 1]!) && /^\.[ \t]*$/.test(gap);
    if (!(joined(text, tokens[cursor - 1]!.end, token.start) || initialGap)) break;
    if (token.kind === "particle") continue;
    if (!isGivenPart(token)) break;
    last = cursor;
  }
  return last;
}

/** Names cited as "SURNAME, Given Names", in UTF-16 offsets of `text`. */
export function detectCitationNames(text: string, tokens: readonly WordToken[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    if (!isSurnamePart(tokens[index]!) || SUFFIXES.has(tokens[index]!.key)) continue;
    let last = index;
    while (last + 1 < tokens.length && isSurnamePart(tokens[last + 1]!) && joined(text, tokens[last]!.end, tokens[last + 1]!.start)) last += 1;
    const next = last + 1;
    if (next < tokens.length && /^[,.][ \t]+$/.test(text.slice(tokens[last]!.end, tokens[next]!.start))) {
      const end = givenHalfEnd(text, tokens, next);
      // An upper-case surname, or a Title Case one before initials or closing the reference: "Sarmento, Daniel." ("Sarmento, Daniel e Ana" may be three people).
      const closes = end !== -1 && /^[ \t]*(?:[.;]|$)/.test(text.slice(tokens[end]!.end, tokens[end]!.end + 2));
      if (end !== -1 && (tokens[index]!.casing === "upper" || isInitial(tokens[next]!) || closes)) {
        spans.push({ start: tokens[index]!.start, end: tokens[end]!.end + (isInitial(tokens[end]!) ? 1 : 0), type: "NAME", priority: PRIORITY.NAME });
      }
    }
    index = last;
  }
  return spans;
}
