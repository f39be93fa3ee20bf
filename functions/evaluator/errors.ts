/** Named errors of the evaluator. Each one says what the caller should do. */

/** A configuration variable is missing or invalid: fix the function's environment and redeploy. */
export class ConfigError extends Error {
  public override readonly name = "ConfigError";
}

/** One line of an object could not be read as a capture or inference-log record: dead-letter it. */
export class MalformedLineError extends Error {
  public override readonly name = "MalformedLineError";
}

/** PII detection failed after the SDK's retries: the record must not leave unmasked, dead-letter it. */
export class MaskingError extends Error {
  public override readonly name = "MaskingError";
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The masked text still holds client data at the last check: the payload is never sent, dead-letter the record. */
export class PiiSurvivedMaskingError extends Error {
  public override readonly name = "PiiSurvivedMaskingError";
}

/** The judge call failed after the SDK's retries: dead-letter the record. */
export class JudgeError extends Error {
  public override readonly name = "JudgeError";
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The judge answered twice without a valid rubric reply: dead-letter the record. */
export class JudgeInvalidReplyError extends Error {
  public override readonly name = "JudgeInvalidReplyError";
}

/** Writing the score failed for a reason other than a duplicate: dead-letter the record. */
export class StoreError extends Error {
  public override readonly name = "StoreError";
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The object's byte stream is corrupt (bad gzip, truncated gzip): the rest of it cannot be read. */
export class CorruptObjectError extends Error {
  public override readonly name = "CorruptObjectError";
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Even the dead-letter queue refused a pointer: fail the SQS message so the object is retried. */
export class DeadLetterError extends Error {
  public override readonly name = "DeadLetterError";
  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
