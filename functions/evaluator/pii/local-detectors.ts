/**
 * Local PII detectors, run in every region with no network call: Brazilian CPF and CNPJ (check
 * digits validated), bank agency/account numbers, card numbers (Luhn), phones and e-mail addresses,
 * RG numbers, PIX random keys, plates, CEPs, street addresses and person names.
 */
import { detectAddresses } from "./address-detector";
import { detectCeps } from "./cep-detector";
import { DOCUMENT_DETECTORS } from "./document-detectors";
import { ALL_LAYERS, detectNameLayers, type MaskingLayer } from "./name-layers";
import { detectStreetNames } from "./street-names";
import { detectNames } from "./name-detector";
import { runPatterns, type PatternDetector } from "./pattern-detector";
import { PRIORITY } from "./priorities";
import type { PiiSpan } from "./spans";
import { isLuhnValid, isValidCnpj, isValidCpf } from "./validators";

const STRUCTURED_DETECTORS: readonly PatternDetector[] = [
  {
    // Starts only where a run of address characters starts: without that, a long run with no "@"
    // (a base64 blob) is rescanned from every position, quadratic time.
    type: "EMAIL",
    pattern: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/dg,
    priority: PRIORITY.EMAIL,
    requires: "@",
  },
  {
    type: "CNPJ",
    pattern: /(?<![0-9A-Za-z])[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}\/?[0-9A-Z]{4}-?\d{2}(?![0-9A-Za-z])/dg,
    validate: isValidCnpj,
    priority: PRIORITY.CNPJ,
  },
  { type: "CPF", pattern: /(?<![\d.])\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?![\d])/dg, validate: isValidCpf, priority: PRIORITY.CPF },
  // Written in groups with spaces: "529 982 247 25".
  { type: "CPF", pattern: /(?<![\d.]|\d )\d{3} \d{3} \d{3} \d{2}(?! ?\d)/dg, validate: isValidCpf, priority: PRIORITY.CPF },
  // Not after "+": "+55 31 99123-4567" is a phone even when its digits pass Luhn.
  { type: "CARD_NUMBER", pattern: /(?<![\d+])\d(?:[ -]?\d){12,18}(?!\d)/dg, validate: isLuhnValid, priority: PRIORITY.CARD_NUMBER },
  {
    // "agência 1234-5", "ag. 0001", "conta corrente nº 12345-6", "conta é 12345-6", "c/c 123456-7", "agency 0001", "account 12345678"
    type: "ACCOUNT_NUMBER",
    pattern:
      /\b(?:ag[eê]ncia|agency|ag\.?|conta(?:[- ]corrente| poupan[cç]a)?|c\/c|cc|acct\.?|account(?: number)?)\s*(?:(?:é|is)\s+)?(?:n[º°o.]*\s*)?[:#]?\s*(\d{3,13}(?:-[\dxX])?)(?![\d%]|[.,]\d)/dgi,
    group: 1,
    priority: PRIORITY.ACCOUNT_NUMBER,
  },
  // Agency and account written together: "0001 / 12345-6", "0001/123456-7".
  { type: "ACCOUNT_NUMBER", pattern: /(?<![\d])\d{4}(?:-[\dxX])?\s?\/\s?\d{4,12}-[\dxX](?![\d])/dg, priority: PRIORITY.ACCOUNT_NUMBER },
  {
    // +55 (11) 91234-5678, (11) 3456-7890, 11 91234-5678, 91234-5678, +1 415 555 0100, 11912345678
    type: "PHONE",
    pattern: /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,3}\)[ .-]?|\d{2,3}[ .-])?(?:9[ .]?)?\d{3,4}[ .-]\d{4}(?!\d)|(?<![\w+])(?:\+?55[ ]?)?\d{2}9\d{8}(?!\d)/dg,
    priority: PRIORITY.PHONE,
  },
  // Toll-free and shared-cost numbers: 0800 722 0048, 0300-123-4567.
  { type: "PHONE", pattern: /(?<![\d])0[3589]00[ .-]?\d{3}[ .-]?\d{4}(?!\d)/dg, priority: PRIORITY.PHONE },
];

/**
 * All local detections in `text`, in UTF-16 offsets. Overlaps are resolved later by mergeSpans.
 * `layers` leaves out added layers only to measure them (scripts/pii-eval.ts).
 */
export function detectLocalPii(text: string, layers: ReadonlySet<MaskingLayer> = ALL_LAYERS): PiiSpan[] {
  const spans: PiiSpan[] = [];
  runPatterns(text, STRUCTURED_DETECTORS, spans);
  runPatterns(text, DOCUMENT_DETECTORS, spans);
  const addresses = detectAddresses(text);
  if (layers.has("streets")) for (const span of detectStreetNames(text)) addresses.push(span);
  for (const span of addresses) spans.push(span);
  for (const span of detectCeps(text, addresses)) spans.push(span);
  for (const span of detectNameLayers(text, detectNames(text), layers)) spans.push(span);
  return spans;
}
