/**
 * Names of every kind issue 20 saw get through the masking on real Portuguese text, planted in
 * sentences shaped like court decisions, bills, news and citizens' comments. `words` are what
 * must not reach the judge; `kept` is what must (a city, so that masking everything fails too).
 */
export interface PlantedMiss {
  readonly kind: string;
  readonly text: string;
  readonly words: readonly string[];
  readonly kept?: readonly string[];
}

export const PLANTED_MISSES: readonly PlantedMiss[] = [
  {
    kind: "given names missing from the shipped lists",
    text: "A advogada Delaíde Miranda Arantes e o cliente Julianderson Matos assinaram o acordo.",
    words: ["Delaíde", "Miranda", "Arantes", "Julianderson", "Matos"],
  },
  {
    kind: "names after roles and titles",
    text: "Votaram o Ministro Eros Grau e o Deputado Átila Lins (HC 89420, Rel. Min. Ellen Gracie).",
    words: ["Eros", "Grau", "Átila", "Lins", "Ellen", "Gracie"],
  },
  {
    kind: "all-caps names",
    text: "O SENHOR MINISTRO LUIZ FUX - Acompanho o relator. INTERESSADO: KIMHITI MIYAKE.",
    words: ["LUIZ", "FUX", "KIMHITI", "MIYAKE"],
    kept: ["Acompanho o relator"],
  },
  {
    kind: "the citation form",
    text: "MOREIRA NETO, Leopoldo Martins. Curso de Direito Administrativo. Rio de Janeiro: Forense, 2014.",
    words: ["MOREIRA", "Leopoldo", "Martins"],
    kept: ["Curso de Direito Administrativo"],
  },
  {
    kind: "a later one-word mention of a name already found",
    text: "O economista Celso Mills analisou os juros. A inflação vai ceder até dezembro, diz Mills.",
    words: ["Celso", "Mills"],
  },
  {
    kind: "foreign names",
    text: "Para Konrad Hesse, a Constituição tem força normativa própria.",
    words: ["Konrad", "Hesse"],
  },
  {
    kind: "lower-case names in informal text",
    text: "votei no bolsonaro e a thaynara tambem votou, fala serio",
    words: ["bolsonaro", "thaynara"],
  },
  {
    kind: "a street named without a house number",
    text: "A cliente mora na Rua Maria Rita, em São Gonçalo.",
    words: ["Maria Rita"],
    kept: ["São Gonçalo"],
  },
];

/** The planted words found in `text`, as whole words and in any case. */
export function survivingWords(text: string, words: readonly string[]): string[] {
  return words.filter((word) => new RegExp(`(?<![\\p{L}])${word}(?![\\p{L}])`, "iu").test(text));
}
