/**
 * The fail-closed last check, run on the masked judge input just before it goes to the judge: the
 * structured identifiers (validated) and every value the record revealed (its masks, its metadata)
 * are looked for once more. Any hit means the payload is never sent; the caller dead-letters the
 * record as `pii_survived_masking`. Findings carry kinds and counts, never values.
 */
import type { JudgeInput } from "../judge/prompt";
import { fold, GIVEN_NAMES, NOT_NAME_WORDS, SURNAMES, TITLES } from "../pii/name-lists";
import { addIdentifier, addRevealingWords, revealedByMasks, type RevealedValues } from "./revealed-values";
import { scanStructured, type SurvivorKind } from "./structured-scan";

/** What the last check needs of a record: its unmasked texts and the metadata values it revealed. */
export interface CheckedRecord {
  readonly prompt: string;
  readonly response: string;
  /** Values from the record's metadata (metadata-values.ts). @default [] */
  readonly revealedByMetadata?: readonly string[];
}

/** Where in the judge input a survivor was found. */
export type JudgeInputField = "prompt" | "response" | "useCase" | "requestType";

export interface Survivor {
  readonly kind: SurvivorKind;
  readonly field: JudgeInputField;
  readonly count: number;
}

/** Everything the record revealed, normalised for the search. */
export function revealedValues(record: CheckedRecord): RevealedValues {
  const words = new Set<string>();
  const metadataWords = new Set<string>();
  const identifiers = new Set<string>();
  revealedByMasks([record.prompt, record.response], { words, identifiers });
  for (const value of record.revealedByMetadata ?? []) {
    addIdentifier(value, identifiers);
    if (!/\d/.test(value) && !value.includes("@")) addRevealingWords(value, metadataWords);
  }
  return { words, metadataWords, identifiers };
}

const WORD = /[\p{L}][\p{L}'’-]*/gu;
/**
 * The citation form "MOREIRA NETO, [NAME]": capitals right before a masked given name are its
 * surnames, which the masks left (the issue's "half masked" citations).
 */
const CITATION_SURNAMES = /(?<![\p{L}])\p{Lu}{3,}(?:\s+\p{Lu}{2,}){0,3},\s*\[NAME\]/gu;
/** Digits with the separators people write between them. */
const DIGIT_RUN = /\d(?:[\s./-]?\d)*/g;

/**
 * Whether a word the masks revealed, met again, is that name rather than the everyday word the masks
 * took for one ("A MULHER" in a law heading; "mulher" in its text): written with a capital, and not
 * a month, product or title; in lower case only when it is a listed given name or surname.
 */
function looksLikeName(word: string): boolean {
  const folded = fold(word);
  if (NOT_NAME_WORDS.has(folded) || TITLES.has(folded)) return false;
  const capitalised = word[0] !== word[0]!.toLocaleLowerCase("pt-BR");
  return capitalised || GIVEN_NAMES.has(folded) || SURNAMES.has(folded);
}

function revealedHits(text: string, revealed: RevealedValues): Partial<Record<SurvivorKind, number>> {
  const hits: Partial<Record<SurvivorKind, number>> = {};
  const citations = text.includes("[NAME]") ? [...text.matchAll(CITATION_SURNAMES)].length : 0;
  if (citations > 0) hits.NAME_BESIDE_MASK = citations;
  if (revealed.words.size > 0 || revealed.metadataWords.size > 0) {
    for (const match of text.matchAll(WORD)) {
      const word = match[0].toLocaleLowerCase("pt-BR");
      if (revealed.metadataWords.has(word) || (revealed.words.has(word) && looksLikeName(match[0]))) hits.REVEALED_NAME = (hits.REVEALED_NAME ?? 0) + 1;
    }
  }
  if (revealed.identifiers.size > 0) {
    const digitRuns = [...text.matchAll(DIGIT_RUN)].map((match) => match[0].replace(/\D/g, ""));
    const lower = text.toLocaleLowerCase("pt-BR");
    for (const identifier of revealed.identifiers) {
      const found = /^\d+$/.test(identifier) ? digitRuns.some((run) => run.includes(identifier)) : lower.includes(identifier);
      if (found) hits.REVEALED_IDENTIFIER = (hits.REVEALED_IDENTIFIER ?? 0) + 1;
    }
  }
  return hits;
}

/** Survivors in the masked judge input; empty when it may be sent. */
export function lastCheck(masked: JudgeInput, record: CheckedRecord): Survivor[] {
  const revealed = revealedValues(record);
  const survivors: Survivor[] = [];
  for (const field of ["prompt", "response", "useCase", "requestType"] as const) {
    const text = masked[field];
    const found = { ...scanStructured(text), ...revealedHits(text, revealed) };
    for (const [kind, count] of Object.entries(found)) survivors.push({ kind: kind as SurvivorKind, field, count });
  }
  return survivors;
}

/** `2 CPF in response, 1 REVEALED_NAME in prompt`: what the dead-letter pointer says (no values). */
export function describeSurvivors(survivors: readonly Survivor[]): string {
  return `client data survived masking: ${survivors.map((s) => `${s.count} ${s.kind} in ${s.field}`).join(", ")}`;
}
