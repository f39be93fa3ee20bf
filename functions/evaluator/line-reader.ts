/**
 * Streams an object's bytes as lines, one at a time, gunzipping when the bytes start with the
 * gzip magic number (DataCapture and Firehose objects are not always named `.gz`).
 * Only the current line is held in memory; a line over `maxLineBytes` is skipped, not buffered.
 */
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { CorruptObjectError } from "./errors";

/** One line of the object. `text` is undefined when the line was longer than the limit. */
export interface Line {
  /** 1-based. */
  readonly lineNumber: number;
  readonly text: string | undefined;
  readonly byteLength: number;
}

export interface LineReaderOptions {
  /**
   * Longest line kept, in bytes.
   * @default 16777216
   */
  readonly maxLineBytes?: number;
}

const NEWLINE = 0x0a;

async function* withGunzipWhenCompressed(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  let first = await iterator.next();
  // Skip empty chunks so that the magic-number check sees real bytes.
  while (!first.done && first.value.length === 0) first = await iterator.next();
  if (first.done) return;
  const head = Buffer.from(first.value);
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield Buffer.from(next.value);
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    const decompressed = Readable.from(rest()).pipe(gunzip);
    try {
      for await (const chunk of decompressed) yield chunk as Buffer;
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      if (code.startsWith("Z_")) throw new CorruptObjectError(`gzip stream is corrupt or truncated: ${(error as Error).message}`, { cause: error });
      throw error;
    }
    return;
  }
  yield* rest();
}

/** Yields the lines of `source` (LF or CRLF), decompressing gzip by magic bytes. */
export async function* readLines(source: AsyncIterable<Uint8Array>, options: LineReaderOptions = {}): AsyncGenerator<Line> {
  const maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let overflow = false;
  let lineNumber = 0;

  const finish = (): Line => {
    lineNumber += 1;
    if (overflow) {
      const line = { lineNumber, text: undefined, byteLength: partBytes };
      parts = [];
      partBytes = 0;
      overflow = false;
      return line;
    }
    let buffer = parts.length === 1 ? parts[0]! : Buffer.concat(parts, partBytes);
    if (buffer.length > 0 && buffer[buffer.length - 1] === 0x0d) buffer = buffer.subarray(0, buffer.length - 1);
    // A byte-order mark some editors and tools write at the start of a file is not part of the first record.
    if (lineNumber === 1 && buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) buffer = buffer.subarray(3);
    const line = { lineNumber, text: buffer.toString("utf8"), byteLength: partBytes };
    parts = [];
    partBytes = 0;
    return line;
  };
  const append = (piece: Buffer): void => {
    partBytes += piece.length;
    if (overflow) return;
    if (partBytes > maxLineBytes) {
      overflow = true;
      parts = [];
      return;
    }
    // Copy: the slice would otherwise pin the whole (possibly large) chunk in memory.
    parts.push(piece.length === 0 ? piece : Buffer.from(piece));
  };

  for await (const chunk of withGunzipWhenCompressed(source)) {
    let start = 0;
    for (let index = chunk.indexOf(NEWLINE, start); index !== -1; index = chunk.indexOf(NEWLINE, start)) {
      append(chunk.subarray(start, index));
      start = index + 1;
      yield finish();
    }
    if (start < chunk.length) append(chunk.subarray(start));
  }
  if (partBytes > 0) yield finish();
}
