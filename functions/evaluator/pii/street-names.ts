/**
 * Streets and squares named without a house number: "na Rua Maria Rita, em São Gonçalo", "a
 * Praça da Liberdade", "Av. Getúlio Vargas". A street type (capitalised, or abbreviated with its
 * full stop) and the capitalised name after it, particles and numbered names ("Rua 25 de Março",
 * "Avenida XV de Novembro") included. Numbered addresses are the address detector's; where both
 * match, the spans merge.
 */
import { isNameLike, nameTokens } from "./name-tokens";
import { PRIORITY } from "./priorities";
import type { PiiSpan } from "./spans";

const STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:Rua|RUA|Avenida|AVENIDA|Travessa|TRAVESSA|Alameda|ALAMEDA|Pra[çc]a|PRA[ÇC]A|Largo|LARGO|Rodovia|RODOVIA|Estrada|ESTRADA|Viela|Beco|Ladeira|Passagem|Servid[ãa]o)(?![\p{L}\p{N}])|(?:R|Av|AV|Trav|Tv|Al|P[çc]a|Rod|Estr|Lgo)\.)` +
    // The name: capitalised words, particles between them, a day number before "de" or a Roman numeral.
    String.raw`(?:[ \t]+(?:d[aeo]s?|e|D[AEO]S?)(?=[ \t]+[\p{Lu}\d]))?` +
    String.raw`(?:[ \t]+(?:\p{Lu}[\p{L}\p{M}'’.-]*|\d{1,2}(?=[ \t]+de[ \t]))(?:[ \t]+(?:d[aeo]s?|e|D[AEO]S?|de)(?=[ \t]+\p{Lu}))?)+`,
  "gu",
);

/** A street type in lower case, as comments write it: "mora na rua joão pessoa perto da padaria". */
const LOWER_STREET = /(?<![\p{L}\p{N}])(?:rua|avenida|av\.|travessa|alameda|pra[çc]a|largo|estrada)[ \t]+/gu;
/** Words that end a lower-case street name: "perto", "onde", "no". */
const STOP = new Set("perto proximo proxima em no na onde que e com ao lado esquina numero n sentido ate para pra ali la aqui de do da".split(" "));

/** Lower-case street names that start with a name ("rua joao pessoa", "praça tiradentes"); "a rua onde moro" is left. */
function lowerCaseStreets(text: string, into: PiiSpan[]): void {
  LOWER_STREET.lastIndex = 0;
  for (const match of text.matchAll(LOWER_STREET)) {
    const from = match.index + match[0].length;
    const tokens = nameTokens(text.slice(from, from + 80));
    const first = tokens[0];
    if (first?.start !== 0 || first.casing !== "lower" || !isNameLike(first)) continue;
    let end = first.end;
    let ordinary = 0;
    for (let index = 1; index < tokens.length && /^[ \t]+$/.test(text.slice(from + tokens[index - 1]!.end, from + tokens[index]!.start)); index += 1) {
      const token = tokens[index]!;
      if (token.casing !== "lower" || STOP.has(token.key)) break;
      if (!isNameLike(token)) ordinary += 1;
      if (ordinary > 1) break;
      end = token.end;
    }
    into.push({ start: match.index, end: from + end, type: "ADDRESS", priority: PRIORITY.ADDRESS });
  }
}

/** Street and square names, numbered or not, in UTF-16 offsets of `text`. */
export function detectStreetNames(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  lowerCaseStreets(text, spans);
  STREET.lastIndex = 0;
  for (const match of text.matchAll(STREET)) {
    // A trailing full stop ends the sentence, not the name ("Rua Augusta.").
    const value = match[0].replace(/\.$/, "");
    spans.push({ start: match.index, end: match.index + value.length, type: "ADDRESS", priority: PRIORITY.ADDRESS });
  }
  return spans;
}
