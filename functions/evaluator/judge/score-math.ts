/** Score math: the normalised quality score and the judge's cost. */
import type { RubricScores } from "../types";

/**
 * Normalised quality in [0, 1]: the mean of the three 1-5 dimensions mapped to 0-1,
 * `((factuality - 1) + (completeness - 1) + (toneCompliance - 1)) / 12`, and 0 when the judge
 * found an undue refusal (a refused legitimate request fails the customer whatever its tone).
 * Rounded to 4 decimals.
 */
export function qualityScore(scores: RubricScores): number {
  if (scores.undueRefusal) return 0;
  const raw = (scores.factuality - 1 + (scores.completeness - 1) + (scores.toneCompliance - 1)) / 12;
  return Math.round(raw * 10_000) / 10_000;
}

export interface TokenPrices {
  /** USD per 1,000 input tokens. */
  readonly inputPer1k: number;
  /** USD per 1,000 output tokens. */
  readonly outputPer1k: number;
}

/** `input/1000 * inputPer1k + output/1000 * outputPer1k`, in USD, rounded to 1e-8. */
export function judgeCostUsd(inputTokens: number, outputTokens: number, prices: TokenPrices): number {
  const cost = (inputTokens / 1000) * prices.inputPer1k + (outputTokens / 1000) * prices.outputPer1k;
  return Math.round(cost * 1e8) / 1e8;
}

/** TTL attribute: epoch seconds `days` after `from`. */
export function expiresAt(from: Date, days: number): number {
  return Math.floor(from.getTime() / 1000) + days * 86_400;
}
