/**
 * Lambda returns at most 6 MB from a buffered (non-streaming) invocation; past it the client gets a
 * 502 from API Gateway and the answer is lost. A runaway generation is cut here instead, the client
 * told so (`truncated`, `x-response-truncated`), and the inference log keeps the whole answer.
 */
import type { ResponseCut } from "../../contracts/inference-log-record";

/** Lambda's buffered response limit (6 MB), less room for the status, headers and the proxy envelope. */
export const MAX_RESPONSE_PAYLOAD_BYTES = 6 * 1024 * 1024 - 16 * 1024;

export interface CappedText {
  readonly text: string;
  /** Present when `text` is shorter than the answer. */
  readonly cut?: ResponseCut;
}

/**
 * The longest prefix of `text` whose serialized response (`payloadBytes(prefix)`, the whole proxy
 * result as Lambda sends it, escaping included) fits `limit` bytes. Never splits a surrogate pair.
 */
export function capResponseText(text: string, payloadBytes: (text: string) => number, limit: number = MAX_RESPONSE_PAYLOAD_BYTES): CappedText {
  if (payloadBytes(text) <= limit) return { text };
  let low = 0;
  let high = text.length;
  // Escaping makes the size a monotone but not linear function of the length: search the cut.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (payloadBytes(text.slice(0, middle)) <= limit) low = middle;
    else high = middle - 1;
  }
  const code = text.charCodeAt(low - 1);
  const end = low > 0 && code >= 0xd800 && code <= 0xdbff ? low - 1 : low;
  return { text: text.slice(0, end), cut: { returnedChars: end, totalChars: text.length } };
}
