/**
 * Extracts prompt and response text from the payload shapes an LMI endpoint sees and returns:
 * JSON or JSON lines (including SSE `data:` lines), TGI/LMI `inputs` / `generated_text`,
 * token-by-token lines `{"token":{"text":..}}`, and OpenAI-like `messages` / `choices`.
 */
import { candidateLogprobs, logprobOf, meanTokenEntropy, type TokenLogprobs } from "../../contracts/entropy";
import { exceedsJsonDepth, MAX_JSON_DEPTH } from "../../contracts/json-depth";
import { MalformedLineError, NestingTooDeepError } from "./errors";

export interface ResponseText {
  readonly text: string;
  readonly meanTokenEntropy?: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a whole JSON document or, failing that, JSON lines. Throws MalformedLineError. */
export function parseJsonValues(text: string, what: string): Json[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  // The walks below recurse over the value: bound it before it is parsed.
  if (exceedsJsonDepth(trimmed)) throw new NestingTooDeepError(`${what} nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return [JSON.parse(trimmed) as Json];
  } catch {
    // Not one document: try JSON lines below.
  }
  const values: Json[] = [];
  for (const [index, rawLine] of trimmed.split("\n").entries()) {
    let line = rawLine.trim();
    if (line.startsWith("data:")) line = line.slice(5).trim();
    if (line === "" || line === "[DONE]") continue;
    try {
      values.push(JSON.parse(line) as Json);
    } catch {
      throw new MalformedLineError(`${what} is neither JSON nor JSON lines (line ${index + 1} of the payload does not parse)`);
    }
  }
  return values;
}

function messageContent(content: Json | undefined): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (isObject(part) && typeof part.text === "string" ? part.text : "")).join("");
  }
  return "";
}

/** Prompt text from an endpoint input payload. */
export function promptText(payload: string, contentType: string): string {
  if (!/json/i.test(contentType)) return payload;
  const values = parseJsonValues(payload, "endpoint input");
  const prompts: string[] = [];
  for (const value of values) {
    if (typeof value === "string") prompts.push(value);
    else if (isObject(value)) {
      if (typeof value.inputs === "string") prompts.push(value.inputs);
      else if (typeof value.prompt === "string") prompts.push(value.prompt);
      else if (Array.isArray(value.messages)) {
        prompts.push(value.messages.map((m) => (isObject(m) ? `${String(m.role ?? "user")}: ${messageContent(m.content)}` : "")).join("\n"));
      }
    }
  }
  if (prompts.length === 0) throw new MalformedLineError("endpoint input has no inputs, prompt or messages field");
  return prompts.join("\n");
}

/**
 * Token logprobs in every shape an LMI endpoint returns them, in either spelling (`log_prob` from the
 * rolling-batch `jsonlines` formatter, `logprob` from TGI-compatible output and OpenAI-style
 * `logprobs.content`), read with the same `logprobOf` the gateway uses.
 */
function logprobsOf(value: JsonObject, into: TokenLogprobs[]): void {
  // TGI / LMI details: {details: {tokens: [{text, logprob|log_prob}], top_tokens?: [[...], ...]}}
  const details = value.details;
  if (isObject(details) && Array.isArray(details.tokens)) {
    // `top_tokens`, when requested, is aligned with `tokens`: one list of alternatives per token.
    const topTokens = Array.isArray(details.top_tokens) ? details.top_tokens : [];
    details.tokens.forEach((token, index) => {
      const logprob = logprobOf(token);
      if (logprob === undefined) return;
      into.push({ logprob, alternatives: candidateLogprobs(topTokens[index]) });
    });
  }
  // Streaming token line: {token: {text, log_prob|logprob}, top_tokens?: [...]}
  if (isObject(value.token)) {
    const logprob = logprobOf(value.token);
    const alternatives = candidateLogprobs(value.token.top_tokens ?? value.top_tokens);
    if (logprob !== undefined || (alternatives && alternatives.length > 0)) into.push({ logprob, alternatives });
  }
  // OpenAI-like: {choices: [{logprobs: {content: [{logprob, top_logprobs: [{logprob}]}]}}]}
  if (Array.isArray(value.choices)) {
    for (const choice of value.choices) {
      if (!isObject(choice) || !isObject(choice.logprobs) || !Array.isArray(choice.logprobs.content)) continue;
      for (const entry of choice.logprobs.content) {
        const logprob = logprobOf(entry);
        if (logprob === undefined || !isObject(entry)) continue;
        into.push({ logprob, alternatives: candidateLogprobs(entry.top_logprobs) });
      }
    }
  }
}

/** Response text (and entropy when logprobs are present) from an endpoint output payload. */
export function responseText(payload: string, contentType: string): ResponseText {
  if (!/json/i.test(contentType) && !/jsonlines|event-stream/i.test(contentType)) return { text: payload };
  const values = parseJsonValues(payload, "endpoint output");
  const generated: string[] = [];
  const tokens: string[] = [];
  const logprobs: TokenLogprobs[] = [];
  const visit = (value: Json): void => {
    if (typeof value === "string") {
      generated.push(value);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!isObject(value)) return;
    logprobsOf(value, logprobs);
    if (typeof value.generated_text === "string") generated.push(value.generated_text);
    else if (isObject(value.token) && typeof value.token.text === "string") {
      if (value.token.special !== true) tokens.push(value.token.text);
    } else if (Array.isArray(value.choices)) {
      for (const choice of value.choices) {
        if (!isObject(choice)) continue;
        if (typeof choice.text === "string") tokens.push(choice.text);
        else if (isObject(choice.message)) tokens.push(messageContent(choice.message.content));
        else if (isObject(choice.delta)) tokens.push(messageContent(choice.delta.content));
      }
    }
  };
  values.forEach(visit);
  // A streamed LMI reply repeats the whole text as `generated_text` on its last line: prefer it.
  const text = generated.length > 0 ? generated.join("") : tokens.join("");
  if (values.length > 0 && generated.length === 0 && tokens.length === 0) {
    throw new MalformedLineError("endpoint output has no generated_text, token or choices field");
  }
  const entropy = meanTokenEntropy(logprobs);
  return entropy === undefined ? { text } : { text, meanTokenEntropy: entropy };
}
