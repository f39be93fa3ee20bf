/**
 * Named errors of the evaluator. Each one says what the caller should do. Those that wrap an SDK
 * failure take it as `new XError(message, { cause })` (Error's own options).
 */

/** A configuration variable is missing or invalid: fix the function's environment and redeploy. */
export class ConfigError extends Error {
  public override readonly name = "ConfigError";
}

/** One line of an object could not be read as a capture or inference-log record: dead-letter it. */
export class MalformedLineError extends Error {
  public override readonly name: string = "MalformedLineError";
}

/**
 * A line, or a payload inside it, nests arrays and objects deeper than MAX_JSON_DEPTH: reading it
 * further would overflow the stack. Dead-letter the record (`nesting_too_deep`), never the object.
 */
export class NestingTooDeepError extends MalformedLineError {
  public override readonly name = "NestingTooDeepError";
}

/** PII detection failed after the SDK's retries: the record must not leave unmasked, dead-letter it. */
export class MaskingError extends Error {
  public override readonly name = "MaskingError";
}

/** The masked text still holds client data at the last check: the payload is never sent, dead-letter the record. */
export class PiiSurvivedMaskingError extends Error {
  public override readonly name = "PiiSurvivedMaskingError";
}

/** The judge call failed after the SDK's retries: dead-letter the record. */
export class JudgeError extends Error {
  public override readonly name = "JudgeError";
}

/** The judge answered twice without a valid rubric reply: dead-letter the record. */
export class JudgeInvalidReplyError extends Error {
  public override readonly name = "JudgeInvalidReplyError";
}

/** Writing the score failed for a reason other than a duplicate: dead-letter the record. */
export class StoreError extends Error {
  public override readonly name = "StoreError";
}

/** The object's byte stream is corrupt (bad gzip, truncated gzip): the rest of it cannot be read. */
export class CorruptObjectError extends Error {
  public override readonly name = "CorruptObjectError";
}

/** Even the dead-letter queue refused a pointer: fail the SQS message so the object is retried. */
export class DeadLetterError extends Error {
  public override readonly name = "DeadLetterError";
}

/** The configured judge pair may not score (no rubric, or no passing calibration record): dead-letter the record for a later redrive. */
export class UncalibratedJudgePairError extends Error {
  public override readonly name = "UncalibratedJudgePairError";
}

/** Error names of a judge that is busy rather than broken: throttled, overloaded, or cut off by the per-call timeout. */
const JUDGE_BUSY = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "ServiceUnavailableException",
  "ModelNotReadyException",
  "TimeoutError",
  "AbortError",
]);

/** True when a judge call failed because the judge was busy (it may pass on a later delivery). */
export function isJudgeBusy(error: unknown): boolean {
  const cause = error instanceof JudgeError ? error.cause : error;
  if (!(cause instanceof Error)) return false;
  const status = (cause as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return JUDGE_BUSY.has(cause.name) || status === 429 || status === 503;
}
