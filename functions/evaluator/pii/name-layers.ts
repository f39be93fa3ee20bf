/**
 * The name layers that run after the list-based name detector, each measured on LeNER-Br's dev
 * part (`npm run pii:eval`): lexicon-based runs with role cues, the citation form, later mentions,
 * lower-case names in informal text. They share one tokenisation of the text.
 */
import { nameTokens } from "./name-tokens";
import { detectProperNames } from "./proper-names";
import type { PiiSpan } from "./spans";

/** Person names found by the layers, given the names the list-based detector found already. */
export function detectNameLayers(text: string, listed: readonly PiiSpan[]): PiiSpan[] {
  const tokens = nameTokens(text);
  const spans = detectProperNames(text, tokens);
  for (const span of listed) spans.push(span);
  return spans;
}
