/**
 * Phrases that announce a person's name, looked up among the last words before a capitalised
 * sequence (folded: lower case, no accents, so "meu nome é" and "MEU NOME E" are one cue).
 * Strong cues ("meu nome é", "Sra.", "Mr.") make any capitalised sequence a name; weak cues
 * ("cliente", "minha esposa", "a", "the customer") make a name of a sequence that holds at least
 * one listed given name or surname.
 */
import { fold } from "./name-lists";

/** How many characters before a sequence are searched for a cue. */
export const CUE_WINDOW = 40;

const STRONG: readonly string[] = [
  "meu nome e",
  "meu nome completo e",
  "me chamo",
  "eu me chamo",
  "chamo-me",
  "pode me chamar de",
  "aqui e",
  "aqui e o",
  "aqui e a",
  "quem fala e",
  "quem fala e o",
  "quem fala e a",
  "aqui quem fala e",
  "aqui quem fala e o",
  "aqui quem fala e a",
  "sou o",
  "sou a",
  "sou eu,",
  "eu,",
  "em nome de",
  "em nome do",
  "em nome da",
  "nome",
  "nome completo",
  "prezado",
  "prezada",
  "my name is",
  "my name's",
  "call me",
  "dear",
  "on behalf of",
  "sr",
  "sr.",
  "sra",
  "sra.",
  "srta",
  "srta.",
  "dr",
  "dr.",
  "dra",
  "dra.",
  "prof.",
  "profa.",
  "dona",
  "senhor",
  "senhora",
  "mr",
  "mr.",
  "mrs",
  "mrs.",
  "ms",
  "ms.",
  "miss",
];

const WEAK: readonly string[] = [
  "sou",
  "i'm",
  "i am",
  "this is",
  "cliente",
  "titular",
  "correntista",
  "beneficiario",
  "beneficiaria",
  "favorecido",
  "favorecida",
  "gerente",
  "atendente",
  "avalista",
  "mutuario",
  "mutuaria",
  "procurador",
  "procuradora",
  "herdeiro",
  "herdeira",
  "motorista",
  "socio",
  "socia",
  "seu",
  "sua",
  "caro",
  "cara",
  "querido",
  "querida",
  "ola",
  "oi",
  "obrigado",
  "obrigada",
  "entendi",
  "esposa",
  "esposo",
  "marido",
  "mulher",
  "filho",
  "filha",
  "irmao",
  "irma",
  "mae",
  "pai",
  "avo",
  "sogro",
  "sogra",
  "cunhado",
  "cunhada",
  "primo",
  "prima",
  "tio",
  "tia",
  "amigo",
  "amiga",
  "noivo",
  "noiva",
  "namorado",
  "namorada",
  "customer",
  "client",
  "holder",
  "beneficiary",
  "wife",
  "husband",
  "son",
  "daughter",
  "brother",
  "sister",
  "father",
  "mother",
  "friend",
  "hello",
  "hi",
  "hey",
  "thanks",
  "o",
  "a",
  "os",
  "as",
];

const STRONG_CUES: ReadonlySet<string> = new Set(STRONG);
const WEAK_CUES: ReadonlySet<string> = new Set(WEAK);
/** The longest cue, in words. */
const MAX_WORDS = Math.max(...[...STRONG, ...WEAK].map((cue) => cue.split(" ").length));
/** Last words of every cue (and the verbs after a weak one): any other last word means no cue, without more work. */
const LAST_WORDS: ReadonlySet<string> = new Set([...STRONG, ...WEAK].map((cue) => cue.split(" ").pop()!.replace(/,$/, "")).concat(["e", "is"]));

/** The last word before `end` on its line, folded, without a trailing ":" or ",". */
function lastWord(text: string, end: number): string {
  let stop = end;
  while (stop > 0 && (text[stop - 1] === " " || text[stop - 1] === "\t")) stop -= 1;
  let start = stop;
  while (start > 0 && text[start - 1] !== " " && text[start - 1] !== "\t" && text[start - 1] !== "\n") start -= 1;
  return fold(text.slice(start, stop).replace(/[:,]$/, ""));
}

export type CueStrength = "strong" | "weak" | "none";

/** The last words of `before` (same line), folded; a ":" or "," stays on its word. */
function lastWords(before: string): string[] {
  const words = before
    .slice(before.lastIndexOf("\n") + 1)
    .trimEnd()
    .split(/[ \t]+/);
  return words.slice(-MAX_WORDS - 1).map(fold);
}

/** "eu," and "sou eu," need their comma; every other cue is found with or without one (or a colon). */
const isCue = (cues: ReadonlySet<string>, phrase: string): boolean => cues.has(phrase) || cues.has(phrase.replace(/[:,]$/, ""));

/** The cue that ends `before` (the text up to a sequence, on the same line), if any. */
export function cueBefore(before: string): CueStrength {
  if (!LAST_WORDS.has(lastWord(before, before.length))) return "none";
  const words = lastWords(before);
  let weak = false;
  for (let count = 1; count <= Math.min(MAX_WORDS, words.length); count += 1) {
    const phrase = words.slice(-count).join(" ");
    if (isCue(STRONG_CUES, phrase)) return "strong";
    if (isCue(WEAK_CUES, phrase)) weak = true;
  }
  // "o avalista é", "the customer is": a weak cue followed by the verb.
  const last = words[words.length - 1];
  if (!weak && (last === "e" || last === "is") && words.length > 1) weak = isCue(WEAK_CUES, words[words.length - 2]!);
  return weak ? "weak" : "none";
}

/** Cues after which a name may be written in lower case ("meu nome é ana paula"). */
export const LOWER_CASE_CUE = /(?<![\p{L}])(?:meu nome(?: completo)? (?:é|e)|(?:eu )?me chamo|chamo-me|pode me chamar de|my name is)\s*:?\s*/giu;
