/**
 * Fits an inference log into Firehose records (1,000 KiB each). A record that fits is one line. A
 * larger one (the largest prompts are the likeliest attacks, and the audit trail must keep them) is
 * split: a head record, with the `split` marker and the start of the prompt and response, then
 * continuation parts with the rest, in order. Only past `maxParts` parts is text cut, and then the
 * marker counts the characters carried by no record.
 */
import { FIREHOSE_MAX_RECORD_BYTES } from "../../contracts/gateway-budget";
import {
  INFERENCE_LOG_PART_RECORD_TYPE,
  INFERENCE_LOG_SCHEMA_VERSION,
  type InferenceLogPart,
  type InferenceLogRecord,
  type InferenceLogSplit,
} from "../../contracts/inference-log-record";

/**
 * Continuation parts per record at most. API Gateway accepts bodies up to 10 MB, so a request that
 * reached the gateway always fits in 16 parts of 1,000 KiB; the cut is for library callers.
 */
export const MAX_LOG_PARTS = 16;

export interface SplitOptions {
  /** @default FIREHOSE_MAX_RECORD_BYTES (1,024,000) */
  readonly maxRecordBytes?: number;
  /** @default MAX_LOG_PARTS */
  readonly maxParts?: number;
}

export interface LogLines {
  /** One JSON line each (newline-terminated), head first. */
  readonly lines: readonly Uint8Array[];
  /** The marker written into the head, when the record was split. */
  readonly split?: InferenceLogSplit;
}

/** Room left in every line for JSON that the size estimate does not see exactly. */
const SAFETY_BYTES = 64;

function line(value: unknown): Uint8Array {
  return Buffer.from(`${JSON.stringify(value)}\n`, "utf8");
}

/** Bytes `text` takes inside a JSON string (escapes included, quotes excluded). */
function jsonTextBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), "utf8") - 2;
}

/** Most characters of `text` from `start` whose JSON string takes at most `maxBytes`; never splits a surrogate pair. */
export function charsWithinBytes(text: string, start: number, maxBytes: number): number {
  if (maxBytes <= 0) return 0;
  // A count that would end inside a surrogate pair is one character shorter: keeps the search monotone.
  const whole = (count: number): number => {
    const last = count > 0 ? text.charCodeAt(start + count - 1) : 0;
    return last >= 0xd800 && last <= 0xdbff && start + count < text.length ? count - 1 : count;
  };
  let low = 0;
  // At most 6 bytes per character (\uXXXX), at least 1: bound the search.
  let high = Math.min(text.length - start, maxBytes);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonTextBytes(text.slice(start, start + whole(mid))) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  return whole(low);
}

/** The Firehose lines of one inference log (see the module comment). */
export function splitLogRecord(record: InferenceLogRecord, options: SplitOptions = {}): LogLines {
  const maxBytes = options.maxRecordBytes ?? FIREHOSE_MAX_RECORD_BYTES;
  const maxParts = options.maxParts ?? MAX_LOG_PARTS;
  const whole = line(record);
  if (whole.length <= maxBytes) return { lines: [whole] };

  // Head: the record with the marker (widest numbers, to reserve their room) and as much text as fits.
  const widest: InferenceLogSplit = {
    originalBytes: Number.MAX_SAFE_INTEGER,
    promptChars: Number.MAX_SAFE_INTEGER,
    responseChars: Number.MAX_SAFE_INTEGER,
    headPromptChars: Number.MAX_SAFE_INTEGER,
    headResponseChars: Number.MAX_SAFE_INTEGER,
    parts: Number.MAX_SAFE_INTEGER,
    truncatedChars: Number.MAX_SAFE_INTEGER,
  };
  const headBase = line({ ...record, split: widest, prompt: "", response: "" }).length;
  const headRoom = maxBytes - headBase - SAFETY_BYTES;
  if (headRoom < 0) throw new RangeError(`an inference log without its texts is ${headBase} bytes, over the ${maxBytes}-byte record limit`);
  const headPromptChars = charsWithinBytes(record.prompt, 0, Math.floor(headRoom / 2));
  const promptBytes = jsonTextBytes(record.prompt.slice(0, headPromptChars));
  const headResponseChars = charsWithinBytes(record.response, 0, headRoom - promptBytes);

  // Parts: the rest of the prompt, then the rest of the response.
  const partBase = line({
    recordType: INFERENCE_LOG_PART_RECORD_TYPE,
    schemaVersion: INFERENCE_LOG_SCHEMA_VERSION,
    requestId: record.requestId,
    part: Number.MAX_SAFE_INTEGER,
    parts: Number.MAX_SAFE_INTEGER,
    field: "response",
    offset: Number.MAX_SAFE_INTEGER,
    text: "",
  }).length;
  const partRoom = maxBytes - partBase - SAFETY_BYTES;
  const slices: { field: "prompt" | "response"; offset: number; text: string }[] = [];
  let truncatedChars = 0;
  for (const [field, start] of [
    ["prompt", headPromptChars],
    ["response", headResponseChars],
  ] as const) {
    const text = record[field];
    let offset = start;
    while (offset < text.length) {
      if (slices.length >= maxParts) {
        truncatedChars += text.length - offset;
        break;
      }
      const count = Math.max(1, charsWithinBytes(text, offset, partRoom));
      slices.push({ field, offset, text: text.slice(offset, offset + count) });
      offset += count;
    }
  }

  const split: InferenceLogSplit = {
    originalBytes: whole.length,
    promptChars: record.prompt.length,
    responseChars: record.response.length,
    headPromptChars,
    headResponseChars,
    parts: slices.length,
    truncatedChars,
  };
  const head: InferenceLogRecord = {
    ...record,
    split,
    prompt: record.prompt.slice(0, headPromptChars),
    response: record.response.slice(0, headResponseChars),
  };
  const parts = slices.map(
    (slice, index): InferenceLogPart => ({
      recordType: INFERENCE_LOG_PART_RECORD_TYPE,
      schemaVersion: INFERENCE_LOG_SCHEMA_VERSION,
      requestId: record.requestId,
      part: index + 1,
      parts: slices.length,
      ...slice,
    }),
  );
  return { lines: [line(head), ...parts.map(line)], split };
}

/** Reassembles a split record from its head and parts (any order); for audits and tests. */
export function joinLogRecord(head: InferenceLogRecord, parts: readonly InferenceLogPart[]): InferenceLogRecord {
  const ordered = [...parts].sort((a, b) => a.part - b.part);
  const text = (field: "prompt" | "response") =>
    head[field] +
    ordered
      .filter((p) => p.field === field)
      .map((p) => p.text)
      .join("");
  const { split: _split, ...rest } = head;
  return { ...rest, prompt: text("prompt"), response: text("response") };
}
