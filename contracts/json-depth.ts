/**
 * Bounded JSON nesting. `JSON.parse` reads any depth, but `JSON.stringify`, `Array#join` and every
 * recursive walk overflow the stack on a value nested some thousands deep: one such value in a
 * record could otherwise fail the whole object or request it came in. Both functions check the text
 * before they parse it, with a scan that holds no stack of its own.
 */

/** Deepest nesting of arrays and objects accepted in text that came from outside. */
export const MAX_JSON_DEPTH = 64;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when `text`, read as JSON (or JSON lines), nests arrays and objects deeper than `limit`.
 * Brackets inside strings do not count; the text need not be valid JSON.
 */
export function exceedsJsonDepth(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) inString = false;
      continue;
    }
    if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && depth > 0) depth -= 1;
  }
  return false;
}
