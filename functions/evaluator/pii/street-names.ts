/**
 * Streets and squares named without a house number: "na Rua Maria Rita, em São Gonçalo", "a
 * Praça da Liberdade", "Av. Getúlio Vargas". A street type (capitalised, or abbreviated with its
 * full stop) and the capitalised name after it, particles and numbered names ("Rua 25 de Março",
 * "Avenida XV de Novembro") included. Numbered addresses are the address detector's; where both
 * match, the spans merge.
 */
import { PRIORITY } from "./priorities";
import type { PiiSpan } from "./spans";

const STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:Rua|RUA|Avenida|AVENIDA|Travessa|TRAVESSA|Alameda|ALAMEDA|Pra[çc]a|PRA[ÇC]A|Largo|LARGO|Rodovia|RODOVIA|Estrada|ESTRADA|Viela|Beco|Ladeira|Passagem|Servid[ãa]o)(?![\p{L}\p{N}])|(?:R|Av|AV|Trav|Tv|Al|P[çc]a|Rod|Estr|Lgo)\.)` +
    // The name: capitalised words, particles between them, a day number before "de" or a Roman numeral.
    String.raw`(?:[ \t]+(?:d[aeo]s?|e|D[AEO]S?)(?=[ \t]+[\p{Lu}\d]))?` +
    String.raw`(?:[ \t]+(?:\p{Lu}[\p{L}\p{M}'’.-]*|\d{1,2}(?=[ \t]+de[ \t]))(?:[ \t]+(?:d[aeo]s?|e|D[AEO]S?|de)(?=[ \t]+\p{Lu}))?)+`,
  "gu",
);

/** Street and square names, numbered or not, in UTF-16 offsets of `text`. */
export function detectStreetNames(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  STREET.lastIndex = 0;
  for (const match of text.matchAll(STREET)) {
    // A trailing full stop ends the sentence, not the name ("Rua Augusta.").
    const value = match[0].replace(/\.$/, "");
    spans.push({ start: match.index, end: match.index + value.length, type: "ADDRESS", priority: PRIORITY.ADDRESS });
  }
  return spans;
}
