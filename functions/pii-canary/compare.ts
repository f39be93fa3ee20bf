/**
 * Which planted values the judge received: each value is looked for in the payload in the forms it
 * could survive in (words of the name and street in any case and accent; digits of the CEP, CPF and
 * account with any separators). Kinds and counts only leave this module.
 */
import type { PlantedValues } from "./canary-values";

export const PLANTED_KINDS = ["NAME", "STREET", "CEP", "CPF", "ACCOUNT"] as const;
export type PlantedKind = (typeof PLANTED_KINDS)[number];

const STREET_WORDS = new Set(["rua", "avenida", "travessa", "alameda", "das", "dos", "de", "da", "do", "sao"]);

const fold = (text: string): string => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
const words = (text: string): string[] => fold(text).match(/\p{L}+/gu) ?? [];

/** The planted kinds found in `payload`. */
export function leakedKinds(values: PlantedValues, payload: string): PlantedKind[] {
  const payloadWords = new Set(words(payload));
  const digitRuns = (payload.match(/\d(?:[\s./-]?\d)*/g) ?? []).map((run) => run.replace(/\D/g, ""));
  const hasDigits = (value: string) => digitRuns.some((run) => run.includes(value.replace(/\D/g, "")));
  const hasWord = (value: string, minLength: number) =>
    words(value).some((word) => word.length >= minLength && !STREET_WORDS.has(word) && payloadWords.has(word));
  const found: Record<PlantedKind, boolean> = {
    NAME: hasWord(`${values.givenName} ${values.surnames}`, 3),
    STREET: hasWord(values.street, 4),
    CEP: hasDigits(values.cep),
    CPF: hasDigits(values.cpf),
    ACCOUNT: hasDigits(values.account),
  };
  return PLANTED_KINDS.filter((kind) => found[kind]);
}
