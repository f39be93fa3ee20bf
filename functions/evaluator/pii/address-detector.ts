/**
 * Street addresses: a street type (Rua, R., Avenida, Av., Travessa, Alameda, Praça, Rodovia,
 * Estrada, Largo...), the street name, a number (or s/n, km N) and complements (apto, bloco,
 * sala, casa, andar...). Also English-style "350 Fifth Avenue", Brasília-style "SQS 308 Bloco C"
 * and post-office boxes. A street named without a number is a place and is left alone.
 */
import { runPatterns, type PatternDetector } from "./pattern-detector";
import { PRIORITY } from "./priorities";
import type { PiiSpan } from "./spans";

/** The word boundary before a street type is checked in code: a leading look-behind would be tried at every position. */
const STREET_TYPE =
  /(?:(?:rua|avenida|travessa|alameda|pra[çc]a|rodovia|estrada|largo|viela|beco|ladeira|passagem|servid[ãa]o)(?![\p{L}\p{N}])|(?:r|av|avda|trav|tv|al|p[çc]a|p[çc]|rod|estr|lgo)\.|av(?= \p{Lu}))/giu;

/** Case-insensitive source for a word, without the `i` flag (names must stay case-sensitive). */
const ci = (word: string): string => [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`)).join("");

const COMPLEMENT_WORDS = [
  "apto",
  "apartamento",
  "apt",
  "ap",
  "bloco",
  "bl",
  "sala",
  "sl",
  "casa",
  "conjunto",
  "conj",
  "cj",
  "loja",
  "lj",
  "torre",
  "cobertura",
  "cob",
  "galpão",
  "galpao",
  "lote",
  "quadra",
  "qd",
  "unidade",
  "box",
  "suíte",
  "suite",
  "apartment",
  "unit",
];
const COMPLEMENT = new RegExp(
  String.raw`^[ \t]*(?:[,;–—-][ \t]*)?(?:` +
    String.raw`(?:${COMPLEMENT_WORDS.map(ci).join("|")})\.?[ \t]*(?:n[º°]\.?[ \t]*)?(?:\d{1,5}[A-Za-z]?|[A-Z])(?![\p{L}\p{N}])` +
    String.raw`|\d{1,3}[º°ª]?[ \t]*${ci("andar")}(?![\p{L}])|\d{1,3}(?:st|nd|rd|th)[ \t]+${ci("floor")}(?![\p{L}])|${ci("fundos")}(?![\p{L}]))`,
  "u",
);
const NUMBER =
  /^(?:[ \t]*,[ \t]*|[ \t]+)(?:(?:n[º°o]\.?|n\.|número|numero)[ \t]*)?(\d{1,5}(?:\.\d{3})?(?![\p{L}\p{N}]|[.,/-]\d)|[sS]\/?[nN](?![\p{L}])|[kK][mM][ \t]*\d{1,4}(?:[.,]\d{1,3})?(?![\p{N}]))/u;
const STREET_TYPE_WORD = /^(?:rua|avenida|travessa|alameda|pra[çc]a|rodovia|estrada|largo|r\.|av\.?|tv\.|al\.)$/iu;
const PARTICLE = /^(?:da|de|do|das|dos|e|d['’])$/;

interface NamePart {
  readonly end: number;
  readonly lowerCaseWords: number;
  readonly startsWithParticle: boolean;
}

const NAME_WORD = /^[ \t]+([A-Z]{2}-\d{2,3}(?![\p{N}])|\d{1,2}(?=[ \t]+de[ \t])|\p{L}[\p{L}\p{M}'’]*\.?)/u;

/** The street name after the street type: capitalised words, particles, "25 de", "BR-101". */
function streetName(text: string, from: number, lowerCaseAllowed: boolean): NamePart | undefined {
  let cursor = from;
  let end = from;
  let lowerCaseWords = 0;
  let startsWithParticle = false;
  for (let count = 0; count < 9; count += 1) {
    const match = NAME_WORD.exec(text.slice(cursor, cursor + 60));
    if (!match) break;
    const value = match[1]!;
    // Another street type starts another address: "minha rua é a Rua Capote Valente, 1200".
    if (STREET_TYPE_WORD.test(value)) break;
    if (PARTICLE.test(value)) {
      if (end === from) startsWithParticle = true;
      cursor += match[0].length;
      continue;
    }
    if (!/^[\p{Lu}\d]/u.test(value)) {
      if (!lowerCaseAllowed || lowerCaseWords >= 4) break;
      lowerCaseWords += 1;
    }
    cursor += match[0].length;
    end = cursor;
  }
  return end === from ? undefined : { end, lowerCaseWords, startsWithParticle };
}

function complementsEnd(text: string, from: number): number {
  let end = from;
  for (let count = 0; count < 6; count += 1) {
    const match = COMPLEMENT.exec(text.slice(end, end + 40));
    if (!match) break;
    end += match[0].length;
  }
  return end;
}

const numberAt = (text: string, at: number): RegExpExecArray | null => NUMBER.exec(text.slice(at, at + 40));

/** End of the address whose street type ends at `afterType`, or undefined when it is no address. */
function addressEnd(text: string, afterType: number, lowerCaseType: boolean): number | undefined {
  const name = streetName(text, afterType, lowerCaseType);
  if (name) {
    const number = numberAt(text, name.end);
    if (!number) return undefined;
    // Lower-case names ("rua das palmeiras 45") need a comma or a leading particle to be told from prose.
    if (name.lowerCaseWords > 0 && !number[0].includes(",") && !name.startsWithParticle) return undefined;
    return complementsEnd(text, name.end + number[0].length);
  }
  // A numbered street: "Rua 15, 200", "Alameda 5, lote 20".
  const streetNumber = numberAt(text, afterType);
  if (!streetNumber || !/^[ \t]+\d/.test(streetNumber[0])) return undefined;
  const afterName = afterType + streetNumber[0].length;
  const number = numberAt(text, afterName);
  if (number?.[0].includes(",")) return complementsEnd(text, afterName + number[0].length);
  const end = complementsEnd(text, afterName);
  return end > afterName ? end : undefined;
}

function streetAddresses(text: string, into: PiiSpan[]): void {
  STREET_TYPE.lastIndex = 0;
  for (const match of text.matchAll(STREET_TYPE)) {
    if (match.index > 0 && /[\p{L}\p{N}]/u.test(text[match.index - 1]!)) continue;
    const end = addressEnd(text, match.index + match[0].length, match[0] === match[0].toLowerCase());
    if (end !== undefined) into.push({ start: match.index, end, type: "ADDRESS", priority: PRIORITY.ADDRESS });
  }
}

const GRID_PART = String.raw`(?:[ \t]*,?[ \t]*(?:${["bloco", "bl", "conjunto", "conj", "cj", "casa", "lote", "apto", "apartamento", "ap", "alameda", "rua"].map(ci).join("|")})\.?[ \t]*(?:\d{1,4}[A-Za-z]?|[A-Z])(?![\p{L}\p{N}]))`;

const PATTERNS: readonly PatternDetector[] = [
  {
    // English order: number, name, street type, complement.
    type: "ADDRESS",
    pattern:
      /(?<![\p{L}\p{N}])\d{1,5}[A-Z]?[ \t]+(?:\p{Lu}\p{L}*[ \t]+){1,4}(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Lane|Ln\.|Drive|Way|Court|Place|Terrace|Parkway|Highway|Square)(?![\p{L}])(?:,?[ \t]*(?:Apt\.?|Apartment|Suite|Ste\.|Unit|Floor|#)[ \t]*\w+)?/dgu,
    priority: PRIORITY.ADDRESS,
  },
  {
    // Brasília and planned cities: "SQS 308 Bloco C apto 101", "Quadra 104 Norte, Alameda 5, lote 20".
    type: "ADDRESS",
    pattern: new RegExp(
      String.raw`(?<![\p{L}\p{N}])(?:SQS|SQN|SQSW|SQNW|SHIS|SHIN|SHCS|SHCN|SCLN|SCLS|SGAS|SGAN|QI|QL|QE|QS|QN|QNL|QNM|CLN|CLS|EQS|EQN|${ci("quadra")}|Qd\.?)[ \t]*\d{1,4}(?:[ \t]+(?:Norte|Sul|Leste|Oeste))?${GRID_PART}+`,
      "dgu",
    ),
    priority: PRIORITY.ADDRESS,
  },
  {
    type: "ADDRESS",
    pattern: /(?<![\p{L}])(?:[Cc]aixa [Pp]ostal|P\.? ?O\.? [Bb]ox)[ \t]*(?:n[º°]\.?[ \t]*)?\d{1,6}(?![\p{N}])/dgu,
    priority: PRIORITY.ADDRESS,
  },
];

/** Street addresses in `text`, in UTF-16 offsets. */
export function detectAddresses(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  streetAddresses(text, spans);
  runPatterns(text, PATTERNS, spans);
  return spans;
}
