/**
 * Texts of the traffic profile's sizes, from the demo's banking workload: what the judge's request
 * and the inference-log records are sized on.
 */
import { gzipSync } from "node:zlib";
import { DEFAULT_RUBRIC_VERSION } from "../../contracts/judge-pair";
import { chatPrompt, systemPrompt, USE_CASES } from "../../demo/workload/catalog";
import { Random } from "../../testing/random";
import { type JudgeCallTokens, judgeCallTokens } from "./judge-tokens";
import type { TrafficProfile } from "./profile";

/** Characters per token of the prompts and answers the profile's token counts are turned into. */
export const CHARS_PER_TOKEN = 4;

/**
 * Prompts and answers of the profile's sizes: a fixed system prompt per use case (the demo's), then
 * words drawn at random from the demo's banking texts for the client's question and the answer,
 * so that judge requests, records and their gzip ratio are sized on text that repeats what real
 * traffic repeats (the system prompt) and nothing else.
 */
function sampleTexts(profile: TrafficProfile, count = 1): { prompt: string; response: string }[] {
  const random = new Random("cost-samples");
  const vocabulary = [...new Set(Object.values(USE_CASES).flatMap((u) => systemPrompt(u).split(/\s+/)))];
  const words = (chars: number): string => {
    const out: string[] = [];
    for (let length = 0; length < chars; length += out[out.length - 1]!.length + 1) out.push(random.pick(vocabulary));
    return out.join(" ").slice(0, chars);
  };
  const useCases = Object.values(USE_CASES);
  return Array.from({ length: count }, (_, i) => {
    const system = systemPrompt(useCases[i % useCases.length]!);
    const questionChars = Math.max(40, profile.promptTokens * CHARS_PER_TOKEN - system.length);
    return { prompt: chatPrompt(system, words(questionChars)), response: words(profile.completionTokens * CHARS_PER_TOKEN) };
  });
}

/** Tokens of one judge call of `rubricVersion` on the profile's texts (`judgeCallTokens`). */
export function judgeCall(profile: TrafficProfile, rubricVersion: string = DEFAULT_RUBRIC_VERSION): JudgeCallTokens {
  const [{ prompt, response }] = sampleTexts(profile) as [{ prompt: string; response: string }];
  return judgeCallTokens(rubricVersion, prompt, response);
}

/** Bytes of one inference-log record of the profile's size, raw and gzipped (as Firehose writes it). */
export function inferenceLogRecordBytes(profile: TrafficProfile): { raw: number; gzipped: number } {
  const samples = sampleTexts(profile, 100);
  const lines = samples.map(({ prompt, response }, i) => `${JSON.stringify(recordOf(profile, prompt, response, i))}\n`);
  // One Firehose object holds many records: the ratio is measured on a batch of them.
  return { raw: lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / lines.length, gzipped: gzipSync(Buffer.from(lines.join(""))).length / lines.length };
}

function recordOf(profile: TrafficProfile, prompt: string, response: string, index: number): Record<string, unknown> {
  return {
    recordType: "llm-inference-log",
    schemaVersion: 1,
    requestId: `0b7c9d2e-8f6a-4c1b-9e3d-${String(index).padStart(12, "0")}`,
    inferenceTime: "2026-06-01T12:00:00.000Z",
    completedAt: "2026-06-01T12:00:09.400Z",
    endpointName: "llmobs-retail-banking-prod-endpoint",
    modelName: "llama-3-1-8b-instruct",
    instanceType: "ml.g5.12xlarge",
    useCase: "general",
    requestType: "balance_inquiry",
    status: "ok",
    guardrail: { flagged: false, reasons: [] },
    tokens: { prompt: profile.promptTokens, completion: profile.completionTokens },
    timing: { ttftMs: profile.ttftMs, totalMs: 9400, tokensPerSecond: 33.3, itl: { count: 299, meanMs: 30, p50Ms: 29, p95Ms: 41, p99Ms: 60, maxMs: 180 } },
    cacheHitRate: 62.5,
    meanTokenEntropy: 0.31,
    prompt,
    response,
  };
}
