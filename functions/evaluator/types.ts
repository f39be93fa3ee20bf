/** Shapes shared by the evaluator's core and adapters. */
import type { InferenceStatus } from "../../contracts/inference-log-record";
import type { CanaryMark } from "../../contracts/pii-canary";
import type { EntityCounts, RecordSource, ScoreItem, ShadowScoreItem, Stratum } from "../../contracts/score-item";

export type { EntityCounts, RecordSource, ScoreItem, ShadowScoreItem, Stratum };

/**
 * One inference, normalised from either input format. Its identity fields are the score item's:
 * `eventId` is stable across re-deliveries (the gateway's request id when known, else the capture
 * event id) and `inferenceTime` is the ISO-8601 time of the inference.
 */
export interface EvaluationRecord
  extends Pick<
    ScoreItem,
    "eventId" | "inferenceTime" | "source" | "endpointName" | "modelName" | "useCase" | "requestType" | "unknownUseCaseSha256" | "unknownRequestTypeSha256"
  > {
  /** True unless the source says, in the documented form, that the pre-check found nothing (fails closed). */
  readonly guardrailFlagged: boolean;
  /**
   * How the request ended, from the inference log (`ok`, `timeout`, ...). DataCapture records carry
   * none: SageMaker captured an answer, so they count as answered.
   */
  readonly status?: InferenceStatus;
  /**
   * The guardrail value as found when it was not one of the documented ones (`clear` / `flagged`,
   * or a boolean `guardrail.flagged`): `""` when missing. Such a record is treated as flagged.
   */
  readonly unexpectedGuardrail?: string;
  /** Mean per-token entropy in nats, when logprobs were returned. */
  readonly meanTokenEntropy?: number;
  /** The gateway's request span (W3C `traceparent`): the judge's verdict span is its child. */
  readonly traceparent?: string;
  /** Prompt text (unmasked: never leaves the function). */
  readonly prompt: string;
  /** Response text (unmasked: never leaves the function). */
  readonly response: string;
  /**
   * Client values the record's metadata revealed (the endpoint input's `user` and `messages[].name`,
   * custom attributes the gateway does not write), for the last check. Never leaves the function.
   */
  readonly revealedByMetadata?: readonly string[];
  /** Set on PII canary records only (the record's `canary` field): always judged, payload kept, never published. */
  readonly canary?: CanaryMark;
}

/** Why a record went to the failed-records queue. */
export type DeadLetterReason =
  | "malformed_line"
  /** The line or a payload in it nests deeper than MAX_JSON_DEPTH (contracts/json-depth.ts). */
  | "nesting_too_deep"
  | "masking_failed"
  | "judge_failed"
  | "judge_invalid_reply"
  | "store_failed"
  /** The configured judge pair is not one this evaluator may score with (no rubric, or no passing calibration record). */
  | "judge_pair_uncalibrated"
  /** The last check before the judge still found client data in the masked text: never sent. */
  | "pii_survived_masking";

/** An S3 object to evaluate, decoded from an S3 event notification. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly eTag?: string;
}

/** Pointer sent to the failed-records queue: enough to find the line again, never its content. */
export interface DeadLetterPointer {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly eTag?: string;
  /** 1-based line number in the (decompressed) object. */
  readonly lineNumber: number;
  readonly eventId?: string;
  readonly reason: DeadLetterReason;
  readonly errorMessage: string;
}

/**
 * Why a record is deliberately not judged, besides sampling: `not_answered:<status>` for a request
 * that did not end `ok` (a timeout or a broken stream is not an answer to judge: the availability
 * SLO counts it), `empty_response` for an answer with no text, `log_continuation` for a continuation
 * part of an inference log too large for one Firehose record (its head record is the one judged).
 */
export type SkipReason = `not_answered:${Exclude<InferenceStatus, "ok">}` | "empty_response" | "log_continuation";

/**
 * Per-object outcome counts; records = scored + sampledOut + skipped + deadLettered + duplicates + deferred.
 * `skippedBy` breaks `skipped` down by reason.
 */
export interface ObjectCounts {
  records: number;
  scored: number;
  sampledOut: number;
  skipped: number;
  skippedBy: Partial<Record<SkipReason, number>>;
  deadLettered: number;
  duplicates: number;
  /**
   * Records the judge throttled (or did not answer within its per-call timeout) while the SQS
   * message could still be retried: the message is reported failed, and SQS delivers it again.
   */
  deferred: number;
  /** Scored records the shadow candidate judged too (outside the invariant: shadow verdicts are extra). */
  shadowScored: number;
  /** Shadow verdicts that failed (judge or store); the record's own score is unaffected. */
  shadowFailed: number;
  /** Records the last check stopped (dead-lettered as `pii_survived_masking`, counted in `deadLettered` too). */
  survivedMasking: number;
}

/** The judge's validated per-dimension verdict. */
export interface RubricScores {
  /** 1-5 */
  readonly factuality: number;
  /** 1-5 */
  readonly completeness: number;
  /** 1-5 */
  readonly toneCompliance: number;
  readonly undueRefusal: boolean;
}

/** What one judge call returned, with its token usage. */
export interface JudgeVerdict {
  readonly scores: RubricScores;
  readonly inputTokens: number;
  readonly outputTokens: number;
}
