import type { InterTokenLatencySummary } from "../../contracts/inference-log-record";

/**
 * Nearest-rank percentile (the smallest value with at least `q`% of values at or below it).
 * Chosen over interpolation because it always returns an observed gap.
 */
export function nearestRankPercentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) {
    throw new RangeError("percentile of an empty list");
  }
  const rank = Math.max(1, Math.ceil((q / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Summarises inter-chunk gaps; `undefined` when there was no gap (fewer than two chunks). */
export function summarizeInterTokenLatency(gapsMs: readonly number[]): InterTokenLatencySummary | undefined {
  if (gapsMs.length === 0) {
    return undefined;
  }
  const sorted = [...gapsMs].sort((a, b) => a - b);
  let sum = 0;
  for (const gap of sorted) {
    sum += gap;
  }
  return {
    count: sorted.length,
    meanMs: sum / sorted.length,
    p50Ms: nearestRankPercentile(sorted, 50),
    p95Ms: nearestRankPercentile(sorted, 95),
    p99Ms: nearestRankPercentile(sorted, 99),
    maxMs: sorted[sorted.length - 1]!,
  };
}
