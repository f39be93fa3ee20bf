/**
 * The name layers that run after the list-based name detector, each measured on LeNER-Br's dev
 * part (`npm run pii:eval`): lexicon-based runs with role cues, the citation form, later mentions
 * of a name found, lower-case names in informal text. They share one tokenisation of the text.
 */
import { detectCitationNames } from "./citation-names";
import { detectLowercaseNames } from "./lowercase-names";
import { nameTokens } from "./name-tokens";
import { detectProperNames } from "./proper-names";
import { detectRepeatedMentions } from "./repeated-mentions";
import type { PiiSpan } from "./spans";

/** Person names found by the layers and by the list-based detector (`listed`), together. */
export function detectNameLayers(text: string, listed: readonly PiiSpan[]): PiiSpan[] {
  const tokens = nameTokens(text);
  const spans = detectProperNames(text, tokens);
  for (const span of detectCitationNames(text, tokens)) spans.push(span);
  for (const span of detectLowercaseNames(text, tokens)) spans.push(span);
  for (const span of listed) spans.push(span);
  for (const span of detectRepeatedMentions(tokens, spans)) spans.push(span);
  return spans;
}
