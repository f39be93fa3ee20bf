/**
 * Splits long texts for Comprehend DetectPiiEntities, whose Text is limited to 100 KB of UTF-8,
 * on safe boundaries (paragraph, line, sentence, word), with a small overlap so that an entity
 * cut by a boundary is still seen whole by one chunk. Offsets map back to the full text.
 */

export interface TextChunk {
  /** UTF-16 offset of the chunk in the full text. */
  readonly offset: number;
  readonly text: string;
}

export interface ChunkOptions {
  /**
   * Largest chunk in UTF-8 bytes; below the API's 100 KB with headroom.
   * @default 90000
   */
  readonly maxBytes?: number;
  /**
   * Characters repeated at the start of the next chunk.
   * @default 200
   */
  readonly overlapChars?: number;
}

const BOUNDARIES = [/\n\s*\n/g, /\n/g, /[.!?;:]\s/g, /\s/g];

function lastBoundary(window: string, minimum: number): number | undefined {
  for (const pattern of BOUNDARIES) {
    let found: number | undefined;
    pattern.lastIndex = 0;
    for (const match of window.matchAll(pattern)) {
      const end = match.index + match[0].length;
      if (end >= minimum) found = end;
    }
    if (found !== undefined) return found;
  }
  return undefined;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function splitForComprehend(text: string, options: ChunkOptions = {}): TextChunk[] {
  const maxBytes = options.maxBytes ?? 90_000;
  const overlap = options.overlapChars ?? 200;
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text.length === 0 ? [] : [{ offset: 0, text }];
  const chunks: TextChunk[] = [];
  let start = 0;
  while (start < text.length) {
    // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair is 4 bytes for 2 units).
    let end = Math.min(text.length, start + maxBytes);
    while (Buffer.byteLength(text.slice(start, end), "utf8") > maxBytes) {
      end = start + Math.max(1, Math.floor((end - start) * 0.9));
    }
    if (end < text.length) {
      const window = text.slice(start, end);
      const cut = lastBoundary(window, Math.floor(window.length / 2));
      if (cut !== undefined) end = start + cut;
      else if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    }
    chunks.push({ offset: start, text: text.slice(start, end) });
    if (end >= text.length) break;
    // Start the next chunk a little earlier, at a word start, so boundary entities are seen whole.
    let next = Math.max(start + 1, end - overlap);
    const space = text.slice(next, end).search(/\s/);
    next = space === -1 ? end : next + space + 1;
    start = next;
  }
  return chunks;
}

/**
 * Comprehend reports offsets in characters (code points); JavaScript strings index UTF-16 units.
 * Returns a converter from code-point offsets to UTF-16 offsets of `text`.
 */
export function codePointToUtf16(text: string): (codePointOffset: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (offset) => offset;
  const positions: number[] = [];
  let unit = 0;
  for (const char of text) {
    positions.push(unit);
    unit += char.length;
  }
  positions.push(unit);
  return (offset) => positions[Math.min(Math.max(offset, 0), positions.length - 1)]!;
}
