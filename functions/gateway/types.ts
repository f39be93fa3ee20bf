import type { InferenceStatus, InterTokenLatencySummary } from "../../contracts/inference-log-record";
import type { GuardrailMode } from "../../contracts/gateway-environment";
import type { UseCaseBinding } from "../../contracts/use-case-binding";

/** How a request that reached the gateway's invoke step ended (a refused request never gets that far). */
export type InvocationStatus = Exclude<InferenceStatus, "rejected">;

/** What the gateway does with a request the prompt-injection pre-check flags. */
export type { GuardrailMode } from "../../contracts/gateway-environment";

/** Validated gateway configuration (see `config.ts` for the environment variables). */
export interface GatewayConfig {
  readonly endpointName: string;
  readonly modelName: string;
  readonly instanceType: string;
  readonly useCases: readonly string[];
  readonly requestTypes: readonly string[];
  /** Where a request's use case comes from (`USE_CASE_BINDING`): the signing principal or a token claim. */
  readonly useCaseBinding: UseCaseBinding;
  /** @default "flag" */
  readonly guardrailMode: GuardrailMode;
  /** @default 32000 */
  readonly guardrailMaxPromptChars: number;
  /** @default 24000 (with log delivery and the response, under API Gateway REST's 29 s integration timeout) */
  readonly invokeTimeoutMs: number;
  /** Firehose delivery stream for inference log records; no delivery when absent. */
  readonly inferenceLogStreamName?: string;
  /** SQS queue a record goes to when Firehose refused it twice (`npm run dlq:replay` redrives it). */
  readonly inferenceLogFallbackQueueUrl?: string;
}

/** A client request that passed validation. */
export interface GatewayRequest {
  readonly inputs: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly useCase: string;
  readonly requestType: string;
}

/** Result of the prompt-injection pre-check. Holds rule names only, never matched text. */
export interface GuardrailVerdict {
  readonly flagged: boolean;
  readonly reasons: readonly string[];
}

/** The dimension values every gateway metric is published with. */
export interface InferenceDimensions {
  readonly modelName: string;
  readonly endpointName: string;
  readonly instanceType: string;
  readonly requestType: string;
}

/** What the output parser learnt from the container's streamed lines. */
export interface ParsedStreamOutput {
  /** Assembled response text. */
  readonly text: string;
  readonly completionTokens: number;
  readonly promptTokens: number;
  /** True when the container reported no prompt token count and `promptTokens` is estimated. */
  readonly promptTokensEstimated: boolean;
  /** Cached prompt tokens reported by the container (KV/prefix cache), when it reports them. */
  readonly cachedPromptTokens?: number;
  /** Mean per-token entropy in nats, when logprobs were returned. */
  readonly meanTokenEntropy?: number;
  /** `finish_reason` reported by the container, when any. */
  readonly finishReason?: string;
  /** Lines that were not valid JSON (counted, never thrown on). */
  readonly malformedLines: number;
}

/** Timing and output of one streamed invocation, also when it failed part-way. */
export interface StreamMeasurement {
  readonly status: InvocationStatus;
  /** The error that ended the invocation, when `status` is not `ok`. */
  readonly error?: unknown;
  /** Wall-clock time the invoke started. */
  readonly startedAt: Date;
  /** Wall-clock time the stream ended or failed. */
  readonly completedAt: Date;
  /** Time from invoke to the first payload chunk; absent when no chunk arrived. */
  readonly ttftMs?: number;
  /** Each gap between consecutive payload chunks, in arrival order. */
  readonly itlMs: readonly number[];
  readonly itl?: InterTokenLatencySummary;
  readonly totalMs: number;
  /** Completion tokens per second after the first chunk; absent with fewer than two tokens. */
  readonly tokensPerSecond?: number;
  /** Cache hit rate in percent (cached / prompt tokens), only when the container reports it. */
  readonly cacheHitRate?: number;
  readonly chunkCount: number;
  readonly output: ParsedStreamOutput;
}
