/**
 * A person named once is often named again by one word: "Celso Mills ... diz Mills.", "o
 * ministro Fux". Every later (or earlier) mention of a word of a name already found in the same
 * text is masked too, capitalised or not, unless it is an ordinary Portuguese word written in
 * lower case ("rosa", "costa").
 */
import { isListedNot, isNameLike, type WordToken } from "./name-tokens";
import { ORG_HEAD_WORDS } from "./org-heads";
import { PRIORITY } from "./priorities";
import type { PiiSpan } from "./spans";

/** The words inside `names` that identify a person on their own: no particle, no initial, no role. */
function nameWords(tokens: readonly WordToken[], names: readonly PiiSpan[]): Set<string> {
  const words = new Set<string>();
  let spanIndex = 0;
  const sorted = [...names].sort((a, b) => a.start - b.start);
  for (const token of tokens) {
    while (spanIndex < sorted.length && sorted[spanIndex]!.end <= token.start) spanIndex += 1;
    const span = sorted[spanIndex];
    if (!span || span.start > token.start || token.end > span.end) continue;
    if (
      token.key.length < 3 ||
      !(isNameLike(token) || (token.kind === "word" && token.casing === "title" && !isListedNot(token.key) && !ORG_HEAD_WORDS.has(token.key)))
    )
      continue;
    words.add(token.key);
  }
  return words;
}

/** Every other mention of a word of the person names in `names`. */
export function detectRepeatedMentions(tokens: readonly WordToken[], names: readonly PiiSpan[]): PiiSpan[] {
  if (names.length === 0) return [];
  const words = nameWords(tokens, names);
  const spans: PiiSpan[] = [];
  for (const token of tokens) {
    if (!words.has(token.key)) continue;
    if (token.casing === "lower" && token.kind === "word") continue;
    spans.push({ start: token.start, end: token.end, type: "NAME", priority: PRIORITY.NAME });
  }
  return spans;
}
