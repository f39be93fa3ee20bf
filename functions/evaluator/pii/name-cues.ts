/**
 * Phrases that announce a person's name, matched against the text just before a capitalised
 * sequence. Strong cues ("meu nome é", "Sra.", "Mr.") make any capitalised sequence a name; weak
 * cues ("cliente", "minha esposa", "a", "the customer") make a name of a sequence that holds at
 * least one listed given name or surname.
 */

/** How many characters before a sequence are searched for a cue. */
export const CUE_WINDOW = 40;

const BEFORE = String.raw`(?:^|(?<=[^\p{L}]))`;
const END = String.raw`\s*[:,]?\s*$`;

const STRONG = [
  String.raw`meu nome(?: completo)? (?:é|e)`,
  String.raw`(?:eu )?me chamo`,
  String.raw`chamo-me`,
  String.raw`pode me chamar de`,
  String.raw`(?:aqui|quem fala|aqui quem fala) é(?: o| a)?`,
  String.raw`sou (?:o|a|eu,)`,
  String.raw`eu,`,
  String.raw`em nome d[eoa]`,
  String.raw`nome(?: completo)?\s*:`,
  String.raw`prezad[oa]`,
  String.raw`my name is`,
  String.raw`my name's`,
  String.raw`call me`,
  String.raw`dear`,
  String.raw`on behalf of`,
  String.raw`(?:sr|sra|srta|dr|dra|mr|mrs|ms|prof|profa)\.`,
  String.raw`(?:sr|sra|srta|dr|dra|mr|mrs|ms|dona|senhor|senhora|miss)`,
];

const WEAK = [
  String.raw`sou`,
  String.raw`i'm`,
  String.raw`i am`,
  String.raw`this is`,
  String.raw`(?:cliente|titular|correntista|benefici[aá]ri[oa]|favorecid[oa]|gerente|atendente|avalista|mutu[aá]ri[oa])`,
  String.raw`(?:procurador|procuradora|herdeir[oa]|motorista|s[oó]ci[oa]|seu|sua|car[oa]|querid[oa]|ol[aá]|oi|obrigad[oa]|entendi)`,
  String.raw`(?:esposa|esposo|marido|mulher|filh[oa]|irm[aã]o?|m[aã]e|pai|av[oóô]|sogr[oa]|cunhad[oa]|prim[oa]|ti[oa]|amig[oa]|noiv[oa]|namorad[oa])`,
  String.raw`(?:customer|client|holder|beneficiary|wife|husband|son|daughter|brother|sister|father|mother|friend|hello|hi|hey|thanks)`,
  String.raw`(?:o|a|os|as)`,
];

const STRONG_CUE = new RegExp(`${BEFORE}(?:${STRONG.join("|")})${END}`, "iu");
const WEAK_CUE = new RegExp(`${BEFORE}(?:${WEAK.join("|")})(?:\\s+(?:é|is))?${END}`, "iu");

export type CueStrength = "strong" | "weak" | "none";

/** The cue that ends `before` (the text up to a sequence, on the same line), if any. */
export function cueBefore(before: string): CueStrength {
  const line = before.slice(before.lastIndexOf("\n") + 1);
  if (STRONG_CUE.test(line)) return "strong";
  if (WEAK_CUE.test(line)) return "weak";
  return "none";
}

/** Cues after which a name may be written in lower case ("meu nome é ana paula"). */
export const LOWER_CASE_CUE = /(?<![\p{L}])(?:meu nome(?: completo)? (?:é|e)|(?:eu )?me chamo|chamo-me|pode me chamar de|my name is)\s*:?\s*/giu;
