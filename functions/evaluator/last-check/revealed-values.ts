/**
 * Values a record revealed about its client: what the masker found in its prompt and response
 * (names, addresses, identifiers), and what its own metadata says (see metadata-values.ts). The
 * last check looks for each of them once more in the masked texts: a name masked in the prompt
 * but written again in the answer, an account number the masker caught in one form and missed in
 * another. Held in memory for one record only; never logged, never stored.
 */
import { detectLocalPii } from "../pii/local-detectors";
import { mergeSpans } from "../pii/spans";

export interface RevealedValues {
  /** Lower-cased words of person names and street names the masks found (at least 3 letters, connectors left out). */
  readonly words: ReadonlySet<string>;
  /** Lower-cased words of names the record's metadata gave: searched in any case, the metadata says they are the client's. */
  readonly metadataWords: ReadonlySet<string>;
  /** Identifiers as their digits only (at least 5 digits), or lower-cased when they hold letters (e-mails, PIX keys). */
  readonly identifiers: ReadonlySet<string>;
}

/**
 * Parts of names and addresses that say nothing about a person: connectors, honorifics, roles the
 * masks sometimes take in with a name ("Senhor Presidente"), street words, document acronyms.
 */
const NOT_REVEALING = new Set(
  [
    "dos das del della von van der den les the and",
    "senhor senhora sr sra srta dona dom doutor doutora dr dra prof professor professora exmo exma excelentíssimo",
    "ministro ministra presidente relator relatora deputado deputada senador senadora desembargador desembargadora",
    "juiz juíza governador governadora prefeito prefeita vereador vereadora secretário secretária diretor diretora",
    "gerente cliente titular advogado advogada promotor promotora procurador procuradora",
    "rua avenida travessa alameda praça praca rodovia estrada largo viela beco vila jardim parque",
    "apto apartamento bloco sala casa conjunto andar loja torre lote fundos quadra edifício edificio",
    "street avenue road suite floor",
    "cpf cnpj pix cep ted doc inss fgts iof cdb lci lca stf stj tst oab",
  ]
    .join(" ")
    .split(" "),
);

const WORD = /[\p{L}][\p{L}'’-]*/gu;

/**
 * Adds the revealing words of `text` (a name or an address) to `into`. A one-word span in capitals
 * is left out: it is far more often an acronym the masks took for a name than a person.
 */
export function addRevealingWords(text: string, into: Set<string>, minLength = 3): void {
  const words = [...text.matchAll(WORD)].map((match) => match[0]);
  if (words.length === 1 && words[0] === words[0]!.toLocaleUpperCase("pt-BR")) return;
  for (const original of words) {
    const word = original.toLocaleLowerCase("pt-BR");
    if (word.length >= minLength && !NOT_REVEALING.has(word)) into.add(word);
  }
}

/** Adds an identifier in its normal form (digits only, or lower case when it holds letters). */
export function addIdentifier(value: string, into: Set<string>): void {
  const trimmed = value.trim();
  if (/[@\p{L}]/u.test(trimmed)) {
    if (trimmed.length >= 6) into.add(trimmed.toLocaleLowerCase("pt-BR"));
    return;
  }
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length >= 5) into.add(digits);
}

/** What the local detectors find in the record's own texts, as revealed values. */
export function revealedByMasks(texts: readonly string[], into: { words: Set<string>; identifiers: Set<string> }): void {
  for (const text of texts) {
    for (const span of mergeSpans(detectLocalPii(text))) {
      const value = text.slice(span.start, span.end);
      if (span.type === "NAME") addRevealingWords(value, into.words);
      // Street words are longer: "Flores", "Grande" alone are everyday words.
      else if (span.type === "ADDRESS") addRevealingWords(value, into.words, 5);
      else if (span.type !== "CEP" || value.replace(/\D/g, "").length === 8) addIdentifier(value, into.identifiers);
    }
  }
}
