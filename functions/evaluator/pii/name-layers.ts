/**
 * The masking layers added on top of the list-based detectors, each measured on LeNER-Br's dev
 * part by `npm run pii:eval`: lexicon-based name runs with role cues and ALL CAPS, the citation
 * form, lower-case names of informal text, later mentions of a name found, and streets named
 * without a number. The name layers share one tokenisation of the text.
 */
import { detectCitationNames } from "./citation-names";
import { detectLowercaseNames } from "./lowercase-names";
import { nameTokens } from "./name-tokens";
import { detectProperNames } from "./proper-names";
import { detectRepeatedMentions } from "./repeated-mentions";
import type { PiiSpan } from "./spans";

export const MASKING_LAYERS = ["lexicon", "citation", "lowercase", "mentions", "streets"] as const;
export type MaskingLayer = (typeof MASKING_LAYERS)[number];
/** What the evaluator runs: every layer. Fewer only to measure what each adds. */
export const ALL_LAYERS: ReadonlySet<MaskingLayer> = new Set(MASKING_LAYERS);

/** Person names found by the name layers in `layers` and by the list-based detector (`listed`), together. */
export function detectNameLayers(text: string, listed: readonly PiiSpan[], layers: ReadonlySet<MaskingLayer> = ALL_LAYERS): PiiSpan[] {
  const tokens = nameTokens(text);
  const spans: PiiSpan[] = layers.has("lexicon") ? detectProperNames(text, tokens) : [];
  if (layers.has("citation")) for (const span of detectCitationNames(text, tokens)) spans.push(span);
  if (layers.has("lowercase")) for (const span of detectLowercaseNames(text, tokens)) spans.push(span);
  for (const span of listed) spans.push(span);
  if (layers.has("mentions")) for (const span of detectRepeatedMentions(tokens, spans)) spans.push(span);
  return spans;
}
