/**
 * Person names in Portuguese (and English) text, without a network call: capitalised word
 * sequences joined by the particles da/de/do/dos/das/e/d', checked against the name lists and the
 * cues before them. Places, institutions and streets (São Paulo, Banco do Brasil, Rua Maria
 * Antônia) are left to the other detectors or left alone.
 */
import { CUE_WINDOW, cueBefore, LOWER_CASE_CUE, type CueStrength } from "./name-cues";
import { AMBIGUOUS_GIVEN_NAMES, fold, GIVEN_NAMES, NOT_NAME_PHRASES, NOT_NAME_WORDS, PLACE_HEADS, SURNAMES, TITLES } from "./name-lists";
import { isOrdinaryWord } from "./lexicon/lexicon";
import { PRIORITY } from "./priorities";
import { ROLE_WORDS } from "./role-cues";
import type { PiiSpan } from "./spans";

interface Token {
  readonly start: number;
  readonly end: number;
  /** The word as written, a leading d' removed. */
  readonly word: string;
  readonly capitalised: boolean;
  readonly particle: boolean;
  /** Folded `word` (lower case, no accents), computed when first looked up. */
  folded?: string;
}

const WORD = /\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*/gu;
/**
 * Only the words a name can be made of: capitalised ones, d'Ávila, and the lower-case particles.
 * Each alternative checks the word boundary after its first character, so that the search skips
 * lower-case text quickly.
 */
const NAME_WORD =
  /\p{Lu}(?<![\p{L}\p{M}'’]\p{Lu})[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*|d(?<![\p{L}\p{M}'’]d)(?:['’]\p{Lu}[\p{L}\p{M}]*|[aeo]s?(?![\p{L}\p{M}'’]))|e(?<![\p{L}\p{M}'’]e)(?![\p{L}\p{M}'’])/gu;
const PARTICLES = new Set(["da", "de", "do", "das", "dos", "e"]);

/** The words of `text`: capitalised ones and particles, or `all` of them. */
function tokenise(text: string, all = false): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(all ? WORD : NAME_WORD)) {
    let word = match[0];
    // English possessive: "Costa's card" masks "Costa".
    if (word.length > 3 && (word.endsWith("'s") || word.endsWith("’s"))) word = word.slice(0, -2);
    const elided = word.length > 2 && (word[0] === "d" || word[0] === "D") && (word[1] === "'" || word[1] === "’") && /\p{Lu}/u.test(word[2]!);
    const bare = elided ? word.slice(2) : word;
    const first = bare[0]!;
    const lower = word.length <= 3 ? word.toLowerCase() : "";
    const capitalised = first !== first.toLowerCase();
    const particle = !elided && PARTICLES.has(lower) && (word === lower || word === word.toUpperCase());
    // Other lower-case words are left out: the gap they leave breaks a run.
    if (capitalised || particle || all) tokens.push({ start: match.index, end: match.index + word.length, word: bare, capitalised, particle });
  }
  return tokens;
}

/** Only spaces or tabs, at least one, or a single hyphen: words on either side belong together. */
function joins(text: string, from: number, to: number): boolean {
  if (to - from === 1 && text[from] === "-") return true;
  if (to <= from) return false;
  for (let index = from; index < to; index += 1) {
    const char = text[index];
    if (char !== " " && char !== "\t") return false;
  }
  return true;
}

/** The folded form of a token, computed once: most tokens are never looked up. */
function keyOf(token: Token): string {
  token.folded ??= fold(token.word);
  return token.folded;
}

const isGiven = (token: Token) => GIVEN_NAMES.has(keyOf(token));
const isAmbiguous = (token: Token) => AMBIGUOUS_GIVEN_NAMES.has(keyOf(token));
const isSurname = (token: Token) => SURNAMES.has(keyOf(token));
const isKnown = (token: Token) => isGiven(token) || isAmbiguous(token) || isSurname(token);
const isShouted = (token: Token) => token.word.length > 1 && token.word === token.word.toUpperCase();

/** A run of name-like tokens: capitalised words, and particles between them. */
function runs(text: string, tokens: readonly Token[]): Token[][] {
  const result: Token[][] = [];
  let current: Token[] = [];
  const close = () => {
    while (current.length > 0 && current[current.length - 1]!.particle) current.pop();
    if (current.length > 0) result.push(current);
    current = [];
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    const previous = tokens[index - 1];
    if (current.length > 0 && previous !== undefined) {
      // An initial joins too: "João P. Silva".
      const initial = previous.end - previous.start === 1 && previous.capitalised && text[previous.end] === "." && joins(text, previous.end + 1, token.start);
      if (!joins(text, previous.end, token.start) && !initial) close();
    }
    if (token.particle) {
      const next = tokens[index + 1];
      const nextJoins = next?.capitalised && joins(text, token.end, next.start);
      // "Francisco de Assis e Silva": "e" joins a surname; "Ana e Pedro" are two people.
      const joinsHere = current.length > 0 && nextJoins && (token.word.toLowerCase() !== "e" || (isSurname(next) && !isGiven(next)));
      if (joinsHere) current.push(token);
      else close();
      continue;
    }
    // In capitals, an ordinary word in no name list ends the name: "O MARCELO CRIVELLA NAO FEZ NADA".
    if (!token.capitalised || NOT_NAME_WORDS.has(keyOf(token)) || (isShouted(token) && !isKnown(token) && isOrdinaryWord(keyOf(token)))) {
      close();
      continue;
    }
    current.push(token);
  }
  close();
  return result;
}

interface Segment {
  readonly tokens: Token[];
  /** A title (Dona, Sr) directly before the segment, inside the run. */
  readonly titled: boolean;
}

/** Splits a run at titles, place names and institution names; drops what starts at a place head. */
function segments(run: readonly Token[]): Segment[] {
  const result: Segment[] = [];
  let current: Token[] = [];
  let titled = false;
  const close = () => {
    while (current.length > 0 && current[0]!.particle) current.shift();
    while (current.length > 0 && current[current.length - 1]!.particle) current.pop();
    if (current.length > 0) result.push({ tokens: current, titled });
    current = [];
    titled = false;
  };
  for (let index = 0; index < run.length; index += 1) {
    const token = run[index]!;
    const key = keyOf(token);
    if (TITLES.has(key)) {
      close();
      titled = true;
      continue;
    }
    // A role ends a name without being a cue here: "Ministro Relator" after a name is no part of it.
    if (ROLE_WORDS.has(key)) {
      close();
      continue;
    }
    if (PLACE_HEADS.has(key)) {
      close();
      return result;
    }
    const phrase = NOT_NAME_PHRASES.get(key)?.find((words) =>
      words.every((word, offset) => run[index + offset] !== undefined && keyOf(run[index + offset]!) === word),
    );
    if (phrase) {
      close();
      index += phrase.length - 1;
      continue;
    }
    current.push(token);
  }
  close();
  return result;
}

const cueAt = (text: string, token: Token): CueStrength => cueBefore(text.slice(Math.max(0, token.start - CUE_WINDOW), token.start));

/**
 * The cue before `segment`, and where the name starts. A cue can be capitalised inside the run
 * ("Sou Ahmed Khalil", "Hi, I'm Diego", "MEU NOME É CARLOS"): leading words that are no given
 * name are passed over when a cue ends after them.
 */
function cueAndStart(text: string, segment: Segment): { cue: CueStrength; tokens: Token[] } {
  const tokens = segment.tokens;
  if (segment.titled) return { cue: "strong", tokens };
  let found: { cue: CueStrength; tokens: Token[] } = { cue: cueAt(text, tokens[0]!), tokens };
  for (let index = 1; index < Math.min(tokens.length, 4) && !isGiven(tokens[index - 1]!); index += 1) {
    if (tokens[index]!.particle) continue;
    const cue = cueAt(text, tokens[index]!);
    if (cue !== "none") found = { cue, tokens: tokens.slice(index) };
  }
  return found;
}

/** The tokens of `segment` that are a name, given the cue before it, or undefined. */
function nameTokens(text: string, segment: Segment): Token[] | undefined {
  const { cue, tokens } = cueAndStart(text, segment);
  const words = tokens.filter((token) => !token.particle);
  if (cue === "strong") return tokens;
  if (cue === "weak" && words.some(isKnown)) return tokens;
  // A single word right after "em" is a place ("em Vitória", "em Natal").
  if (words.length === 1 && /(?:^|[^\p{L}])em\s+$/iu.test(text.slice(Math.max(0, tokens[0]!.start - 4), tokens[0]!.start))) return undefined;
  const first = tokens.findIndex((token) => isGiven(token) || isAmbiguous(token));
  if (first !== -1) {
    const rest = tokens.slice(first);
    if (isGiven(rest[0]!)) return rest;
    // "Rosa Maria Lopes" is a name, "Rosa é a cor" is not.
    return rest.slice(1).some((token) => !token.particle && isKnown(token)) ? rest : undefined;
  }
  // Three or more words, two of them listed surnames: "Gilvan Pereira dos Santos".
  if (words.length >= 3 && words.filter(isSurname).length >= 2) return tokens;
  return undefined;
}

/** Lower-case names right after an explicit cue: "meu nome é josé carlos pereira". */
function lowerCaseNames(text: string, into: PiiSpan[]): void {
  LOWER_CASE_CUE.lastIndex = 0;
  for (const match of text.matchAll(LOWER_CASE_CUE)) {
    const after = match.index + match[0].length;
    const words = tokenise(text.slice(after, after + 120), true);
    const first = words[0];
    if (first === undefined || first.start !== 0 || first.capitalised || !(isGiven(first) || isAmbiguous(first))) continue;
    let last = first;
    for (let index = 1; index < words.length; index += 1) {
      const word = words[index]!;
      if (word.capitalised || !joins(text, after + words[index - 1]!.end, after + word.start)) break;
      if (word.particle) continue;
      if (!isKnown(word)) break;
      last = word;
    }
    into.push({ start: after, end: after + last.end, type: "NAME", priority: PRIORITY.NAME });
  }
}

/** Person names in `text`, in UTF-16 offsets. */
export function detectNames(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const run of runs(text, tokenise(text))) {
    for (const segment of segments(run)) {
      const name = nameTokens(text, segment);
      if (name) spans.push({ start: name[0]!.start, end: name[name.length - 1]!.end, type: "NAME", priority: PRIORITY.NAME });
    }
  }
  lowerCaseNames(text, spans);
  return spans;
}
