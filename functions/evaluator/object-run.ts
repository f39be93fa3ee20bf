/**
 * What the steps of one object's evaluation share: the object's location, the settings, the ports,
 * the judge's slots, the invocation's notes and the object's counts; and the two ways a record
 * leaves without a score: skipped with its reason, or dead-lettered with its reason.
 */
import type { EvaluatorConfig } from "./config";
import { foreignErrorText } from "./error-text";
import {
  CorruptObjectError,
  JudgeError,
  JudgeInvalidReplyError,
  MalformedLineError,
  MaskingError,
  PiiSurvivedMaskingError,
  StoreError,
  UncalibratedJudgePairError,
} from "./errors";
import type { InvocationNotes } from "./invocation-notes";
import type { Limiter } from "./limiter";
import type { EvaluatorPorts } from "./ports";
import type { DeadLetterReason, ObjectCounts, ObjectRef, SkipReason } from "./types";

/** Where a record is: its line in the object, and its event id when it could be read. */
export interface Pointer {
  readonly lineNumber: number;
  readonly eventId?: string;
}

/** The object as S3 returned it: bucket and key, with the version and ETag actually read. */
export interface ObjectLocation {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
  readonly eTag?: string;
}

export interface ObjectRun {
  readonly ref: ObjectRef;
  readonly location: ObjectLocation;
  readonly config: EvaluatorConfig;
  readonly ports: EvaluatorPorts;
  readonly judgeLimiter: Limiter;
  readonly notes: InvocationNotes;
  readonly counts: ObjectCounts;
  /** Why the current judge pair may not score (it is not calibrated), if so. */
  readonly pairRefusal: string | undefined;
  /**
   * True while SQS may still deliver the message again (receive count below the queue's maximum):
   * a throttled judge defers its records to that delivery instead of dead-lettering them.
   */
  readonly retryable: boolean;
  /** Event ids already taken up in this object: the same request id twice is judged once. */
  readonly seenEventIds: Set<string>;
}

export function emptyCounts(): ObjectCounts {
  return {
    records: 0,
    scored: 0,
    sampledOut: 0,
    skipped: 0,
    skippedBy: {},
    deadLettered: 0,
    duplicates: 0,
    deferred: 0,
    shadowScored: 0,
    shadowFailed: 0,
    survivedMasking: 0,
  };
}

/**
 * An error as one bounded line for a dead letter, never a record's text: the evaluator's own errors
 * say which field broke which rule, never a value; of any other error only its name, status and
 * message length are kept (error-text.ts).
 */
export function errorMessage(error: unknown): string {
  const own =
    error instanceof MalformedLineError ||
    error instanceof MaskingError ||
    error instanceof PiiSurvivedMaskingError ||
    error instanceof JudgeError ||
    error instanceof JudgeInvalidReplyError ||
    error instanceof UncalibratedJudgePairError ||
    error instanceof StoreError ||
    error instanceof CorruptObjectError ||
    // Kinds and fields only ("1 CPF in response"), never a value: last-check.ts builds it so.
    error instanceof PiiSurvivedMaskingError;
  const message = own ? `${error.name}: ${error.message}` : foreignErrorText(error);
  return message.length > 1000 ? `${message.slice(0, 1000)}...` : message;
}

export function countSkip(counts: ObjectCounts, reason: SkipReason): void {
  counts.skipped += 1;
  counts.skippedBy[reason] = (counts.skippedBy[reason] ?? 0) + 1;
}

/** Sends a pointer to the record (never its text) to the dead-letter queue, and counts it. */
export async function deadLetter(run: ObjectRun, pointer: Pointer, reason: DeadLetterReason, error: unknown): Promise<void> {
  await run.ports.deadLetters.send({ ...run.location, ...pointer, reason, errorMessage: errorMessage(error) });
  run.counts.deadLettered += 1;
}
