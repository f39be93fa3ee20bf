/**
 * The last check's own scan for structured identifiers, written apart from the masker's detectors
 * (pii/) so that a regression there is not repeated here: every candidate is confirmed by its
 * validator (CPF and CNPJ check digits, Luhn for cards) or by its unambiguous shape (e-mail, PIX
 * random key, a number right after an agency or account word, a Brazilian or international phone).
 * It reports kinds and counts, never the values.
 */
import { isLuhnValid, isValidCnpj, isValidCpf } from "../pii/validators";

/** What the last check looks for; `REVEALED_*` are values the record itself revealed (see revealed-values.ts). */
export type SurvivorKind =
  | "CPF"
  | "CNPJ"
  | "CARD_NUMBER"
  | "ACCOUNT_NUMBER"
  | "PHONE"
  | "EMAIL"
  | "PIX_KEY"
  | "REVEALED_NAME"
  | "REVEALED_IDENTIFIER"
  | "NAME_BESIDE_MASK";

interface StructuredPattern {
  readonly kind: SurvivorKind;
  readonly pattern: RegExp;
  /** Capture group holding the value (0: the whole match). */
  readonly group?: number;
  readonly validate?: (value: string) => boolean;
}

/** A number after an agency or account word: "agência 1234-5", "conta nº 12345-6", "c/c: 123456". */
const ACCOUNT_CUE = String.raw`(?:ag[eê]ncia|agency|ag\.|conta(?:[- ]corrente|[- ]poupan[cç]a|[- ]salário)?|c\/c|acct\.?|account(?: number)?)`;
const CUE_JOINER = String.raw`(?:\s*(?:é|is|n[º°o.]*|número|number|[:#])\s*|\s+)`;

const STRUCTURED_PATTERNS: readonly StructuredPattern[] = [
  { kind: "CPF", pattern: /(?<!\d)\d{3}[.\s-]?\d{3}[.\s-]?\d{3}[.\s/-]?\d{2}(?!\d)/g, validate: isValidCpf },
  { kind: "CNPJ", pattern: /(?<![\dA-Za-z])[0-9A-Z]{2}\.?[0-9A-Z]{3}\.?[0-9A-Z]{3}[/.]?[0-9A-Z]{4}-?\d{2}(?![\dA-Za-z])/g, validate: isValidCnpj },
  { kind: "CNPJ", pattern: /(?<!\d)\d{2}[.\s]\d{3}[.\s]\d{3}[/\s]\d{4}[-\s]\d{2}(?!\d)/g, validate: isValidCnpj },
  // Not inside a dotted number: court case numbers (0001234-56.2017.8.01.0001) hold Luhn-valid runs.
  { kind: "CARD_NUMBER", pattern: /(?<![\d+.])\d(?:[ -]?\d){12,18}(?!\d|[.-]\d)/g, validate: isLuhnValid },
  {
    kind: "ACCOUNT_NUMBER",
    pattern: new RegExp(String.raw`(?<![\p{L}])${ACCOUNT_CUE}${CUE_JOINER}(\d{4}(?:-[\dxX])?|\d{5,13}(?:-[\dxX])?|\d{3}-[\dxX])(?![\d%]|[.,]\d)`, "giu"),
    group: 1,
  },
  { kind: "ACCOUNT_NUMBER", pattern: /(?<!\d)\d{4}(?:-[\dxX])?\s?\/\s?\d{4,12}-[\dxX](?!\d)/g },
  // Brazilian mobile (9 digits after the area code) and landline with its area code in brackets.
  { kind: "PHONE", pattern: /(?<![\w+])(?:\+?55[\s.-]?)?(?:\(?\d{2}\)?[\s.-]?)?9[\s.]?\d{4}[\s.-]?\d{4}(?!\d)/g },
  { kind: "PHONE", pattern: /(?<![\w+])\(\d{2}\)[\s.-]?[2-5]\d{3}[\s.-]?\d{4}(?!\d)/g },
  // International form: a plus, a country code and at least seven more digits.
  { kind: "PHONE", pattern: /\+\d{1,3}(?:[\s.-]?\(?\d{1,4}\)?){2,5}(?!\d)/g, validate: (value) => value.replace(/\D/g, "").length >= 9 },
  { kind: "PHONE", pattern: /(?<!\d)0[3589]00[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/g },
  { kind: "EMAIL", pattern: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu },
  { kind: "PIX_KEY", pattern: /(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])/g },
];

/** Structured identifiers in `text`, by kind (counts only). */
export function scanStructured(text: string): Partial<Record<SurvivorKind, number>> {
  const found: Partial<Record<SurvivorKind, number>> = {};
  if (!/[\d@]/.test(text)) return found;
  for (const { kind, pattern, group, validate } of STRUCTURED_PATTERNS) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      const value = match[group ?? 0];
      if (value === undefined || (validate && !validate(value))) continue;
      found[kind] = (found[kind] ?? 0) + 1;
    }
  }
  return found;
}
