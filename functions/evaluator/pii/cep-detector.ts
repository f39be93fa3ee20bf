/**
 * CEP (Brazilian postal code): `NNNNN-NNN` (or the older `NN.NNN-NNN`) anywhere, and `NNNNNNNN`
 * only near an address cue: the word CEP (código postal, zip code) or right after a street address.
 */
import { PRIORITY } from "./priorities";
import type { PiiSpan } from "./spans";

const FORMATTED = /(?<![\d.,/-])(?:\d{5}-\d{3}|\d{2}\.\d{3}-\d{3})(?![\d-])/g;
const BARE = /(?<![\d.,/-])\d{8}(?![\d-])/g;
const CUE = /(?:(?<![\p{L}])cep|c\.e\.p\.|c[óo]digo postal|zip(?: code)?|postal code)[^\d\n]{0,20}$/iu;
/** How far after a street address a bare CEP may start. */
const AFTER_ADDRESS = 40;

/** CEPs in `text`; `addresses` are the street addresses already found (they cue bare CEPs). */
export function detectCeps(text: string, addresses: readonly PiiSpan[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const match of text.matchAll(FORMATTED)) {
    spans.push({ start: match.index, end: match.index + match[0].length, type: "CEP", priority: PRIORITY.CEP });
  }
  for (const match of text.matchAll(BARE)) {
    const before = text.slice(Math.max(0, match.index - 30), match.index);
    const nearAddress = addresses.some(
      (address) => match.index >= address.end && match.index - address.end <= AFTER_ADDRESS && !text.slice(address.end, match.index).includes("\n"),
    );
    if (CUE.test(before) || nearAddress) spans.push({ start: match.index, end: match.index + 8, type: "CEP", priority: PRIORITY.CEP });
  }
  return spans;
}
