/**
 * Local PII detectors for what Comprehend does not know: Brazilian CPF and CNPJ (check digits
 * validated), bank agency/account numbers, card numbers (Luhn), phones and e-mail addresses.
 */
import type { PiiSpan } from "./spans";
import { isLuhnValid, isValidCnpj, isValidCpf } from "./validators";

/** Local detectors win over Comprehend's type on overlap: they are validated. */
const LOCAL_PRIORITY = 10;

interface Detector {
  readonly type: string;
  readonly pattern: RegExp;
  /** Capture group holding the value to mask (0 = whole match). */
  readonly group?: number;
  readonly validate?: (value: string) => boolean;
  readonly priority: number;
}

const DETECTORS: readonly Detector[] = [
  { type: "EMAIL", pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/dg, priority: LOCAL_PRIORITY + 5 },
  {
    type: "CNPJ",
    pattern: /(?<![0-9A-Za-z])[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}\/?[0-9A-Z]{4}-?\d{2}(?![0-9A-Za-z])/dg,
    validate: isValidCnpj,
    priority: LOCAL_PRIORITY + 4,
  },
  { type: "CPF", pattern: /(?<![\d.])\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?![\d])/dg, validate: isValidCpf, priority: LOCAL_PRIORITY + 4 },
  { type: "CARD_NUMBER", pattern: /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/dg, validate: isLuhnValid, priority: LOCAL_PRIORITY + 3 },
  {
    // "agência 1234-5", "ag. 0001", "conta corrente nº 12345-6", "c/c 123456-7", "account 12345678"
    type: "ACCOUNT_NUMBER",
    pattern:
      /\b(?:ag[eê]ncia|ag\.?|conta(?:[- ]corrente| poupan[cç]a)?|c\/c|cc|acct\.?|account(?: number)?)\s*(?:n[º°o.]*\s*)?[:#]?\s*(\d{3,13}(?:-[\dxX])?)(?![\d])/dgi,
    group: 1,
    priority: LOCAL_PRIORITY + 2,
  },
  // Agency and account written together: "0001 / 12345-6", "0001/123456-7".
  { type: "ACCOUNT_NUMBER", pattern: /(?<![\d])\d{4}(?:-[\dxX])?\s?\/\s?\d{4,12}-[\dxX](?![\d])/dg, priority: LOCAL_PRIORITY + 2 },
  {
    // +55 (11) 91234-5678, (11) 3456-7890, 11 91234-5678, 91234-5678, +1 415 555 0100, 11912345678
    type: "PHONE",
    pattern:
      /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,3}\)[ .-]?|\d{2,3}[ .-])?(?:9[ .]?)?\d{3,4}[ .-]\d{4}(?!\d)|(?<![\w+])(?:\+?55[ ]?)?\d{2}9\d{8}(?!\d)/dg,
    priority: LOCAL_PRIORITY + 1,
  },
];

/** All local detections in `text`, in UTF-16 offsets. Overlaps are resolved later by mergeSpans. */
export function detectLocalPii(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const detector of DETECTORS) {
    detector.pattern.lastIndex = 0;
    for (const match of text.matchAll(detector.pattern)) {
      const indices = match.indices?.[detector.group ?? 0];
      const value = match[detector.group ?? 0];
      if (!indices || value === undefined) continue;
      if (detector.validate && !detector.validate(value)) continue;
      spans.push({ start: indices[0], end: indices[1], type: detector.type, priority: detector.priority });
    }
  }
  return spans;
}
