/**
 * Stratified sampling: every guardrail-flagged record, every low-confidence record, and a fixed
 * share of the rest, chosen by a hash of the event id so a re-delivery makes the same choice.
 */
import { createHash } from "node:crypto";
import type { EvaluationRecord, Stratum } from "./types";

export interface SamplingOptions {
  /**
   * Share (0-1) of ordinary records to judge.
   * @default 0.1
   */
  readonly sampleRate: number;
  /**
   * Mean token entropy (nats) above which a record is low-confidence.
   * @default 1.5
   */
  readonly entropyThreshold: number;
}

/** Deterministic value in [0, 1) from the first 32 bits of SHA-256(eventId). */
export function sampleBucket(eventId: string): number {
  return createHash("sha256").update(eventId, "utf8").digest().readUInt32BE(0) / 2 ** 32;
}

/** The stratum the record is judged under, or undefined when it is sampled out. */
export function chooseStratum(
  record: Pick<EvaluationRecord, "eventId" | "guardrailFlagged" | "meanTokenEntropy">,
  options: SamplingOptions,
): Stratum | undefined {
  if (record.guardrailFlagged) return "guardrail_flagged";
  if (record.meanTokenEntropy !== undefined && record.meanTokenEntropy > options.entropyThreshold) return "low_confidence";
  return sampleBucket(record.eventId) < options.sampleRate ? "random" : undefined;
}
