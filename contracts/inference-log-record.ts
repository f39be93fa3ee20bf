/**
 * The gateway's per-request inference log line (one JSON object per line in Firehose/S3).
 *
 * Written by the gateway function, carried by the telemetry pipeline to
 * `inference-logs/` in S3, and read by the evaluator. DataCapture is not relied on to hold
 * streamed responses, so this record carries the assembled response itself.
 */
import type { CanaryMark } from "./pii-canary";
export const INFERENCE_LOG_RECORD_TYPE = "llm-inference-log";
export const INFERENCE_LOG_SCHEMA_VERSION = 1;
/** Record type of the continuation parts of an inference log too large for one Firehose record. */
export const INFERENCE_LOG_PART_RECORD_TYPE = "llm-inference-log-part";

/**
 * Every way a request can end; only `ok` is an answer. `rejected` is a request the gateway refused
 * before the endpoint (bad request, unmapped caller): its record carries the status and the reason,
 * never the body.
 */
export const INFERENCE_STATUSES = ["ok", "blocked_by_guardrail", "endpoint_throttled", "model_error", "timeout", "stream_interrupted", "rejected"] as const;

/** How a request ended. Each non-`ok` status has its own metric and log line. */
export type InferenceStatus = (typeof INFERENCE_STATUSES)[number];

export interface InterTokenLatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface InferenceLogRecord {
  readonly recordType: typeof INFERENCE_LOG_RECORD_TYPE;
  readonly schemaVersion: typeof INFERENCE_LOG_SCHEMA_VERSION;
  /** Unique per request; also sent to SageMaker as the `request_id` custom attribute. Used as the evaluator's event id. */
  readonly requestId: string;
  /** ISO-8601 time the gateway invoked the endpoint: the timestamp quality metrics are published at. */
  readonly inferenceTime: string;
  /** ISO-8601 time the stream ended (or failed). */
  readonly completedAt: string;
  readonly endpointName: string;
  readonly modelName: string;
  readonly instanceType: string;
  readonly useCase: string;
  readonly requestType: string;
  readonly status: InferenceStatus;
  readonly guardrail: {
    readonly flagged: boolean;
    /** Names of the rules that matched, never the matched text. */
    readonly reasons: readonly string[];
  };
  readonly tokens: {
    readonly prompt: number;
    readonly completion: number;
    /**
     * True when the container reported no prompt token count and `prompt` is the gateway's
     * estimate (characters / 4, rounded up). Absent or false when the count is the container's.
     */
    readonly promptEstimated?: boolean;
  };
  readonly timing: {
    /** Absent when no chunk arrived. */
    readonly ttftMs?: number;
    readonly totalMs: number;
    readonly tokensPerSecond?: number;
    readonly itl?: InterTokenLatencySummary;
  };
  /** KV/prefix cache hit rate (0-100) when the container reports one. */
  readonly cacheHitRate?: number;
  /** Mean per-token entropy (nats) computed from returned logprobs, when the container returned them. */
  readonly meanTokenEntropy?: number;
  /**
   * The gateway's request span as a W3C `traceparent` (`00-<trace id>-<span id>-<flags>`), when
   * tracing is on: the evaluator parents the judge's verdict span on it, so the verdict lands on
   * the request's trace. The sampled flag is set when the gateway exported the trace.
   */
  readonly traceparent?: string;
  /**
   * Present when the record was larger than one Firehose record (1,000 KiB): `prompt` and
   * `response` here are their first `headPromptChars` / `headResponseChars` characters, and the rest
   * follows in `parts` continuation records (`InferenceLogPart`, same `requestId`), in order.
   */
  readonly split?: InferenceLogSplit;
  /** Why a `rejected` request was refused: the HTTP status returned and the error code (never the body). */
  readonly rejection?: InferenceRejection;
  /**
   * Present when the answer returned to the client was cut to fit Lambda's response limit: this
   * record still carries the whole response.
   */
  readonly responseCut?: ResponseCut;
  /**
   * Present only on the synthetic records of the PII canary (`contracts/pii-canary.ts`): such a record
   * is always judged, its judge message is kept for the checker, and its score is never published to a
   * quality series, SLO or chargeback. The gateway never writes it.
   */
  readonly canary?: CanaryMark;
  /** The prompt as received (the evaluator masks PII before anything leaves it); "" for a rejected request. */
  readonly prompt: string;
  /** The full assembled response text. */
  readonly response: string;
}

/** Why the gateway refused a request before it reached the endpoint. */
export interface InferenceRejection {
  /** 400 or 403. */
  readonly httpStatus: number;
  /** The error code returned to the client (`bad_request`, `unknown_request_type`, `caller_not_mapped`, ...). */
  readonly reason: string;
}

/** How much of the answer the client received when it was cut to fit the response limit. */
export interface ResponseCut {
  /** Characters of `generated_text` returned. */
  readonly returnedChars: number;
  /** Characters of the whole answer (this record's `response`). */
  readonly totalChars: number;
}

/** How an oversized inference log was split, so that nothing is lost silently. */
export interface InferenceLogSplit {
  /** Bytes of the whole record as one JSON line. */
  readonly originalBytes: number;
  /** Characters of the whole prompt and response. */
  readonly promptChars: number;
  readonly responseChars: number;
  /** Characters of each carried in this (head) record. */
  readonly headPromptChars: number;
  readonly headResponseChars: number;
  /** Continuation records that carry the rest. */
  readonly parts: number;
  /**
   * Characters carried by no record: 0 unless the text needed more than the gateway's part limit,
   * in which case the end of the response (then of the prompt) is cut, and counted here.
   */
  readonly truncatedChars: number;
}

/** One continuation record of a split inference log: a slice of its prompt or response. */
export interface InferenceLogPart {
  readonly recordType: typeof INFERENCE_LOG_PART_RECORD_TYPE;
  readonly schemaVersion: typeof INFERENCE_LOG_SCHEMA_VERSION;
  readonly requestId: string;
  /** 1-based position among the record's parts. */
  readonly part: number;
  readonly parts: number;
  readonly field: "prompt" | "response";
  /** Character offset of `text` in the whole field. */
  readonly offset: number;
  readonly text: string;
}
