import { candidateLogprobs, logprobOf, tokenEntropy as contractTokenEntropy } from "../../contracts/entropy";
import type { ParsedStreamOutput } from "./types";

/**
 * Parses what an LMI container streams, in the formats it can be configured to emit:
 *
 * - LMI rolling-batch `jsonlines` (OPTION_OUTPUT_FORMATTER=jsonlines, the default with `stream: true`):
 *   one `{"token": {"id", "text", "log_prob"}}` per line; the last line also carries
 *   `generated_text` and, with `details: true`, `details.generated_tokens` / `finish_reason`
 *   (djl_python `_jsonlines_output_formatter`). It reports no prompt-token count (unless
 *   `decoder_input_details` adds `prefill`) and no cached tokens.
 * - The vLLM async handler's TGI-style lines (`djl_python/lmi_vllm`): `{"token": {"id", "text",
 *   "logprob"}}`, the last with `details.input_length`: the prompt's real token count.
 * - The same lines as server-sent events (`sse`, TGI_COMPAT): prefixed with `data:`.
 * - OpenAI-compatible chat/text completion chunks (`data: {"choices": [...], "usage": {...}}`),
 *   ending with `data: [DONE]`; `usage.prompt_tokens_details.cached_tokens` is the cache signal.
 * - Legacy dynamic-batch streaming: `{"outputs": ["text"]}`.
 *
 * Payload chunks may split a line or carry several: bytes are buffered and cut on newlines,
 * and UTF-8 is decoded in streaming mode so a character split across chunks survives.
 */

/** Characters per token used to estimate prompt tokens when the container reports none. */
export const ESTIMATED_CHARS_PER_TOKEN = 4;

/** Prompt token estimate: ceil(characters / 4), the usual ratio for English BPE vocabularies. */
export function estimatePromptTokens(prompt: string): number {
  return Math.ceil(prompt.length / ESTIMATED_CHARS_PER_TOKEN);
}

/** What one streamed line contributes. */
export interface StreamLine {
  readonly kind: "data";
  readonly textDelta: string;
  /** Completion tokens this line represents. */
  readonly tokens: number;
  /** Entropy (nats) of each token on this line that came with logprobs. */
  readonly entropies: readonly number[];
  readonly generatedText?: string;
  readonly generatedTokens?: number;
  readonly completionTokens?: number;
  readonly promptTokens?: number;
  readonly cachedTokens?: number;
  readonly finishReason?: string;
}

export type ParsedLine = StreamLine | { readonly kind: "skip" } | { readonly kind: "malformed" };

const SKIP: ParsedLine = { kind: "skip" };
const MALFORMED: ParsedLine = { kind: "malformed" };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** One token's entropy by the contracts' formula (top-k candidates, else the sampled token's surprisal). */
function tokenEntropy(chosen: number | undefined, top: unknown): number | undefined {
  return contractTokenEntropy({ logprob: chosen, alternatives: candidateLogprobs(top) });
}

/** A mutable line result with every field present, so V8 keeps one object shape per line. */
type MutableLine = { -readonly [K in keyof StreamLine]: StreamLine[K] };

function newLine(textDelta: string, tokens: number, entropies: number[]): MutableLine {
  return {
    kind: "data",
    textDelta,
    tokens,
    entropies,
    generatedText: undefined,
    generatedTokens: undefined,
    completionTokens: undefined,
    promptTokens: undefined,
    cachedTokens: undefined,
    finishReason: undefined,
  };
}

function applyUsage(line: MutableLine, usage: unknown): void {
  if (!isObject(usage)) {
    return;
  }
  const details = usage.prompt_tokens_details;
  line.cachedTokens = isObject(details) ? num(details.cached_tokens) : undefined;
  line.promptTokens = num(usage.prompt_tokens) ?? line.promptTokens;
  line.completionTokens = num(usage.completion_tokens);
}

const NO_ENTROPY: readonly number[] = [];

function parseLmiTokenLine(obj: Json, token: Json): StreamLine {
  const details = isObject(obj.details) ? obj.details : undefined;
  const finishReason = details ? str(details.finish_reason) : undefined;
  const isErrorToken = num(token.id) === -1 && finishReason === "error";
  const special = token.special === true || token.special_token === true;
  const entropy = isErrorToken ? undefined : tokenEntropy(logprobOf(token), token.top_tokens ?? obj.top_tokens);
  const line = newLine(
    special || isErrorToken ? "" : (str(token.text) ?? ""),
    isErrorToken ? 0 : 1,
    entropy === undefined ? (NO_ENTROPY as number[]) : [entropy],
  );
  line.generatedText = str(obj.generated_text);
  if (details) {
    line.finishReason = finishReason;
    line.generatedTokens = num(details.generated_tokens);
    const prefill = details.prefill;
    // `input_length`: the vLLM async handler (djl_python lmi_vllm); `prefill`: rolling batch with
    // `decoder_input_details`; `prompt_tokens`: older handlers. Without any of them the count is estimated.
    line.promptTokens = num(details.input_length) ?? num(details.prompt_tokens) ?? (Array.isArray(prefill) && prefill.length > 0 ? prefill.length : undefined);
  }
  applyUsage(line, obj.usage);
  return line;
}

function parseChoicesLine(obj: Json, choices: unknown[]): StreamLine {
  const choice = isObject(choices[0]) ? choices[0] : undefined;
  let textDelta = "";
  let tokens = 0;
  const entropies: number[] = [];
  let finishReason: string | undefined;
  if (choice) {
    const delta = isObject(choice.delta) ? choice.delta : undefined;
    textDelta = str(delta?.content) ?? str(choice.text) ?? "";
    finishReason = str(choice.finish_reason);
    const logprobs = isObject(choice.logprobs) ? choice.logprobs : undefined;
    const content = Array.isArray(logprobs?.content) ? logprobs.content : undefined;
    if (content && content.length > 0) {
      tokens = content.length;
      for (const entry of content) {
        const entropy = isObject(entry) ? tokenEntropy(logprobOf(entry), entry.top_logprobs) : undefined;
        if (entropy !== undefined) {
          entropies.push(entropy);
        }
      }
    } else if (textDelta.length > 0) {
      // Without logprobs, one content delta is one decoding step (one token) in LMI and vLLM.
      tokens = 1;
    }
  }
  const line = newLine(textDelta, tokens, entropies);
  line.finishReason = finishReason;
  applyUsage(line, obj.usage);
  return line;
}

/** Parses one line (without its newline). Never throws: bad JSON is reported as `malformed`. */
export function parseStreamLine(rawLine: string): ParsedLine {
  let line = rawLine.trim();
  if (line.length === 0 || line.startsWith(":") || line.startsWith("event:") || line.startsWith("id:")) {
    return SKIP;
  }
  if (line.startsWith("data:")) {
    line = line.slice(5).trim();
    if (line.length === 0 || line === "[DONE]") {
      return SKIP;
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return MALFORMED;
  }
  if (!isObject(value)) {
    return MALFORMED;
  }
  if (isObject(value.token)) {
    return parseLmiTokenLine(value, value.token);
  }
  if (Array.isArray(value.choices)) {
    return parseChoicesLine(value, value.choices);
  }
  if (Array.isArray(value.outputs)) {
    const textDelta = value.outputs.filter((o): o is string => typeof o === "string").join("");
    return newLine(textDelta, textDelta.length > 0 ? 1 : 0, NO_ENTROPY as number[]);
  }
  const generatedText = str(value.generated_text);
  if (generatedText !== undefined) {
    const line = newLine("", 0, NO_ENTROPY as number[]);
    line.generatedText = generatedText;
    return line;
  }
  return SKIP;
}

/** Buffers streamed bytes into lines and accumulates what they report. One instance per request. */
export class StreamOutputParser {
  private readonly decoder = new TextDecoder("utf-8");
  private pending = "";
  private readonly textParts: string[] = [];
  private countedTokens = 0;
  private entropySum = 0;
  private entropyCount = 0;
  private generatedText?: string;
  private generatedTokens?: number;
  private reportedCompletion?: number;
  private reportedPrompt?: number;
  private cachedTokens?: number;
  private finishReason?: string;
  private malformed = 0;

  /** Feeds one payload chunk (may hold part of a line or several lines). */
  public push(bytes: Uint8Array): void {
    this.pending += this.decoder.decode(bytes, { stream: true });
    let newline = this.pending.indexOf("\n");
    if (newline < 0) {
      return;
    }
    let start = 0;
    while (newline >= 0) {
      this.consume(this.pending.slice(start, newline));
      start = newline + 1;
      newline = this.pending.indexOf("\n", start);
    }
    this.pending = this.pending.slice(start);
  }

  /**
   * Flushes the last unterminated line and returns the totals.
   * @param prompt the prompt text, used only to estimate prompt tokens when none are reported
   */
  public end(prompt: string): ParsedStreamOutput {
    this.pending += this.decoder.decode();
    if (this.pending.length > 0) {
      this.consume(this.pending);
      this.pending = "";
    }
    const joined = this.textParts.join("");
    const promptTokensEstimated = this.reportedPrompt === undefined;
    return {
      text: this.generatedText !== undefined && this.generatedText.length > 0 ? this.generatedText : joined,
      completionTokens: this.reportedCompletion ?? this.generatedTokens ?? this.countedTokens,
      promptTokens: this.reportedPrompt ?? estimatePromptTokens(prompt),
      promptTokensEstimated,
      ...(this.cachedTokens !== undefined ? { cachedPromptTokens: this.cachedTokens } : {}),
      ...(this.entropyCount > 0 ? { meanTokenEntropy: this.entropySum / this.entropyCount } : {}),
      ...(this.finishReason !== undefined ? { finishReason: this.finishReason } : {}),
      malformedLines: this.malformed,
    };
  }

  private consume(rawLine: string): void {
    const line = parseStreamLine(rawLine);
    if (line.kind === "skip") {
      return;
    }
    if (line.kind === "malformed") {
      this.malformed += 1;
      return;
    }
    if (line.textDelta.length > 0) {
      this.textParts.push(line.textDelta);
    }
    this.countedTokens += line.tokens;
    for (const entropy of line.entropies) {
      this.entropySum += entropy;
      this.entropyCount += 1;
    }
    if (line.generatedText !== undefined) this.generatedText = line.generatedText;
    if (line.generatedTokens !== undefined) this.generatedTokens = line.generatedTokens;
    if (line.completionTokens !== undefined) this.reportedCompletion = line.completionTokens;
    if (line.promptTokens !== undefined) this.reportedPrompt = line.promptTokens;
    if (line.cachedTokens !== undefined) this.cachedTokens = line.cachedTokens;
    if (line.finishReason !== undefined) this.finishReason = line.finishReason;
  }
}
