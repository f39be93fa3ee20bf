/**
 * Person names in Portuguese (and English) text, without a network call: capitalised word
 * sequences joined by the particles da/de/do/dos/das/e/d', checked against the name lists and the
 * cues before them. Places, institutions and streets (São Paulo, Banco do Brasil, Rua Maria
 * Antônia) are left to the other detectors or left alone.
 */
import { CUE_WINDOW, cueBefore, LOWER_CASE_CUE, type CueStrength } from "./name-cues";
import { AMBIGUOUS_GIVEN_NAMES, fold, GIVEN_NAMES, NOT_NAME_PHRASES, NOT_NAME_WORDS, PLACE_HEADS, SURNAMES, TITLES } from "./name-lists";
import { PRIORITY } from "./priorities";
import type { PiiSpan } from "./spans";

interface Token {
  readonly start: number;
  readonly end: number;
  /** Folded (lower case, no accents), with a leading d' removed. */
  readonly key: string;
  readonly capitalised: boolean;
  readonly particle: boolean;
}

const WORD = /\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*/gu;
const PARTICLES = new Set(["da", "de", "do", "das", "dos", "e"]);
const JOINING_GAP = /^(?:[ \t]+|-)$/;

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    let word = match[0];
    // English possessive: "Costa's card" masks "Costa".
    if (/['’]s$/i.test(word) && word.length > 3) word = word.slice(0, -2);
    const elided = /^d['’](?=\p{Lu})/u.test(word);
    const key = fold(elided ? word.slice(2) : word);
    const first = elided ? word[2]! : word[0]!;
    tokens.push({
      start: match.index,
      end: match.index + word.length,
      key,
      capitalised: first !== first.toLowerCase(),
      particle: PARTICLES.has(key) && !elided && (word === word.toLowerCase() || word === word.toUpperCase()),
    });
  }
  return tokens;
}

const isGiven = (token: Token) => GIVEN_NAMES.has(token.key);
const isAmbiguous = (token: Token) => AMBIGUOUS_GIVEN_NAMES.has(token.key);
const isSurname = (token: Token) => SURNAMES.has(token.key);
const isKnown = (token: Token) => isGiven(token) || isAmbiguous(token) || isSurname(token);

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
    const gap = previous ? text.slice(previous.end, token.start) : "";
    const initial = previous !== undefined && previous.end - previous.start === 1 && previous.capitalised && /^\.[ \t]+$/.test(gap);
    const joins = current.length > 0 && (JOINING_GAP.test(gap) || initial);
    if (!joins) close();
    if (token.particle) {
      const next = tokens[index + 1];
      const nextJoins = next !== undefined && JOINING_GAP.test(text.slice(token.end, next.start)) && next.capitalised;
      // "Francisco de Assis e Silva": "e" joins a surname; "Ana e Pedro" are two people.
      const joinsHere = current.length > 0 && nextJoins && (token.key !== "e" || (isSurname(next) && !isGiven(next)));
      if (joinsHere) current.push(token);
      else close();
      continue;
    }
    if (!token.capitalised || NOT_NAME_WORDS.has(token.key)) {
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
    if (TITLES.has(token.key)) {
      close();
      titled = true;
      continue;
    }
    if (PLACE_HEADS.has(token.key)) {
      close();
      return result;
    }
    const phrase = NOT_NAME_PHRASES.get(token.key)?.find((words) => words.every((word, offset) => run[index + offset]?.key === word));
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
function lowerCaseNames(text: string, tokens: readonly Token[], into: PiiSpan[]): void {
  LOWER_CASE_CUE.lastIndex = 0;
  for (const match of text.matchAll(LOWER_CASE_CUE)) {
    const after = match.index + match[0].length;
    let index = tokens.findIndex((token) => token.start === after);
    if (index === -1 || tokens[index]!.capitalised || !(isGiven(tokens[index]!) || isAmbiguous(tokens[index]!))) continue;
    let last = index;
    for (index += 1; index < tokens.length; index += 1) {
      const token = tokens[index]!;
      if (!/^[ \t]+$/.test(text.slice(tokens[index - 1]!.end, token.start)) || token.capitalised) break;
      if (token.particle) continue;
      if (!isKnown(token)) break;
      last = index;
    }
    const start = tokens.find((token) => token.start === after)!.start;
    into.push({ start, end: tokens[last]!.end, type: "NAME", priority: PRIORITY.NAME });
  }
}

/** Person names in `text`, in UTF-16 offsets. */
export function detectNames(text: string): PiiSpan[] {
  const tokens = tokenise(text);
  const spans: PiiSpan[] = [];
  for (const run of runs(text, tokens)) {
    for (const segment of segments(run)) {
      const name = nameTokens(text, segment);
      if (name) spans.push({ start: name[0]!.start, end: name[name.length - 1]!.end, type: "NAME", priority: PRIORITY.NAME });
    }
  }
  lowerCaseNames(text, tokens, spans);
  return spans;
}
