/**
 * Agreement statistics between two raters (the judge and the human consensus, or two humans), on
 * paired integer scores. Pure and dependency-free; every figure is null where it is undefined for
 * the data (no items, no variation), never a made-up number.
 */
import type { ConfidenceInterval } from "../../contracts/calibration-record";

/** The rubric's 1-5 scale. */
export const FIVE_POINT_SCALE: readonly number[] = [1, 2, 3, 4, 5];
/** A binary label as 0/1. */
export const BINARY_SCALE: readonly number[] = [0, 1];

function pairedLength(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError(`paired scores must have equal lengths, got ${a.length} and ${b.length}`);
  return a.length;
}

/** Share of pairs with equal scores. */
export function exactAgreement(a: readonly number[], b: readonly number[]): number | null {
  const n = pairedLength(a, b);
  if (n === 0) return null;
  let same = 0;
  for (let i = 0; i < n; i += 1) if (a[i] === b[i]) same += 1;
  return same / n;
}

/** Share of pairs whose scores differ by at most one point. */
export function withinOneAgreement(a: readonly number[], b: readonly number[]): number | null {
  const n = pairedLength(a, b);
  if (n === 0) return null;
  let close = 0;
  for (let i = 0; i < n; i += 1) if (Math.abs(a[i]! - b[i]!) <= 1) close += 1;
  return close / n;
}

/** Mean of `judge - human`. */
export function meanSignedDifference(judge: readonly number[], human: readonly number[]): number | null {
  const n = pairedLength(judge, human);
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += judge[i]! - human[i]!;
  return sum / n;
}

export type KappaWeights = "quadratic" | "none";

export interface KappaResult {
  readonly kappa: number | null;
  /** Why kappa is undefined, when it is. */
  readonly reason?: string;
}

/**
 * Cohen's kappa from a confusion matrix of counts: `1 - sum(w * observed) / sum(w * expected)`, with
 * observed and expected as proportions, expected from the marginals. Quadratic weights
 * `(i - j)^2 / (k - 1)^2` for ordinal scales; no weights (0 on the diagonal, 1 off it) for labels.
 * Undefined for a single item (chance agreement cannot be estimated from one pair; the formula
 * would give 1 or 0 by accident) and when the expected disagreement is zero: both raters put every
 * item in one class, so agreement beyond chance cannot be measured.
 */
export function kappaFromMatrix(matrix: readonly (readonly number[])[], weights: KappaWeights): KappaResult {
  const k = matrix.length;
  const n = matrix.reduce((sum, row) => sum + row.reduce((s, v) => s + v, 0), 0);
  if (n === 0) return { kappa: null, reason: "no items" };
  if (n === 1) return { kappa: null, reason: "a single item: agreement beyond chance cannot be measured" };
  const rows = matrix.map((row) => row.reduce((s, v) => s + v, 0) / n);
  const cols = Array.from({ length: k }, (_, j) => matrix.reduce((s, row) => s + row[j]!, 0) / n);
  const weight = (i: number, j: number) => (weights === "quadratic" ? ((i - j) * (i - j)) / ((k - 1) * (k - 1)) : i === j ? 0 : 1);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i += 1) {
    for (let j = 0; j < k; j += 1) {
      const w = weight(i, j);
      observed += (w * matrix[i]![j]!) / n;
      expected += w * rows[i]! * cols[j]!;
    }
  }
  if (expected <= 1e-12) return { kappa: null, reason: "every item is in one class for both raters: agreement beyond chance cannot be measured" };
  return { kappa: 1 - observed / expected };
}

/** The confusion matrix of paired scores over `scale` (rows: `a`, columns: `b`). */
export function confusionMatrix(a: readonly number[], b: readonly number[], scale: readonly number[]): number[][] {
  const n = pairedLength(a, b);
  const index = new Map(scale.map((value, i) => [value, i]));
  const matrix = scale.map(() => scale.map(() => 0));
  for (let i = 0; i < n; i += 1) {
    const row = index.get(a[i]!);
    const col = index.get(b[i]!);
    if (row === undefined || col === undefined) throw new RangeError(`score ${row === undefined ? a[i] : b[i]} is not on the scale ${scale.join(",")}`);
    matrix[row]![col]! += 1;
  }
  return matrix;
}

/** Cohen's kappa of paired scores (`quadratic` for the 1-5 dimensions, `none` for labels). */
export function cohensKappa(a: readonly number[], b: readonly number[], scale: readonly number[], weights: KappaWeights): KappaResult {
  return kappaFromMatrix(confusionMatrix(a, b, scale), weights);
}

/** Ranks from 1, ties sharing the mean of the ranks they span. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((x, y) => x.value - y.value);
  const result = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i += 1) result[order[i]!.index] = rank;
    start = end + 1;
  }
  return result;
}

/** Pearson correlation; null with fewer than two pairs or when either side does not vary. */
export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = pairedLength(x, y);
  if (n < 2) return null;
  const mean = (v: readonly number[]) => v.reduce((s, e) => s + e, 0) / n;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  if (sxx <= 1e-12 || syy <= 1e-12) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation: Pearson on mid-ranks (ties handled). */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  pairedLength(x, y);
  return pearson(ranks(x), ranks(y));
}

/** Mulberry32: a small seeded PRNG, so bootstrap intervals are the same on every run. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit seed from text (FNV-1a), e.g. from the golden set's hash and the dimension. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Percentile `p` (0-1) of ascending `sorted` values, linear between order statistics (Hyndman-Fan type 7). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError("percentile of no values");
  const position = (sorted.length - 1) * p;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export interface BootstrapOptions {
  /** @default 2000 */
  readonly resamples?: number;
  readonly seed: number;
  /** @default 0.95 */
  readonly level?: number;
}

/**
 * Percentile bootstrap interval of a statistic over `n` paired items: resample the items with
 * replacement, recompute, take the 2.5th and 97.5th percentiles of the defined results. Bounds are
 * null when fewer than half the resamples had a defined statistic.
 */
export function bootstrapInterval(n: number, statistic: (indices: readonly number[]) => number | null, options: BootstrapOptions): ConfidenceInterval {
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  if (n === 0) return { low: null, high: null, resamples: 0, definedResamples: 0 };
  const random = mulberry32(options.seed);
  const values: number[] = [];
  const indices = new Array<number>(n);
  for (let r = 0; r < resamples; r += 1) {
    for (let i = 0; i < n; i += 1) indices[i] = Math.floor(random() * n);
    const value = statistic(indices);
    if (value !== null) values.push(value);
  }
  if (values.length < resamples / 2) return { low: null, high: null, resamples, definedResamples: values.length };
  values.sort((a, b) => a - b);
  return { low: percentile(values, (1 - level) / 2), high: percentile(values, 1 - (1 - level) / 2), resamples, definedResamples: values.length };
}

/** Kappa of paired scores with its bootstrap interval. */
export function kappaWithInterval(
  a: readonly number[],
  b: readonly number[],
  scale: readonly number[],
  weights: KappaWeights,
  options: BootstrapOptions,
): KappaResult & { readonly interval: ConfidenceInterval } {
  const point = cohensKappa(a, b, scale, weights);
  const interval = bootstrapInterval(
    a.length,
    (indices) =>
      cohensKappa(
        indices.map((i) => a[i]!),
        indices.map((i) => b[i]!),
        scale,
        weights,
      ).kappa,
    options,
  );
  return { ...point, interval };
}

export interface PooledAgreement {
  /** Items with two or more ratings. */
  readonly items: number;
  /** Unordered rating pairs compared. */
  readonly pairs: number;
  readonly exactAgreement: number | null;
  readonly kappa: number | null;
}

/**
 * Agreement among raters on items with several ratings: every unordered pair of ratings of an
 * item enters a symmetric confusion matrix (both orders), and kappa is computed on it (pooled
 * pairwise kappa; raters need not be the same across items).
 */
export function pooledPairwiseAgreement(ratingsPerItem: readonly (readonly number[])[], scale: readonly number[], weights: KappaWeights): PooledAgreement {
  const left: number[] = [];
  const right: number[] = [];
  let items = 0;
  let pairs = 0;
  let same = 0;
  for (const ratings of ratingsPerItem) {
    if (ratings.length < 2) continue;
    items += 1;
    for (let i = 0; i < ratings.length; i += 1) {
      for (let j = i + 1; j < ratings.length; j += 1) {
        pairs += 1;
        if (ratings[i] === ratings[j]) same += 1;
        left.push(ratings[i]!, ratings[j]!);
        right.push(ratings[j]!, ratings[i]!);
      }
    }
  }
  if (pairs === 0) return { items: 0, pairs: 0, exactAgreement: null, kappa: null };
  return { items, pairs, exactAgreement: same / pairs, kappa: cohensKappa(left, right, scale, weights).kappa };
}

/** The lower median: the middle value, and of the two middle values the lower (the stricter rater wins a tie). */
export function lowerMedian(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
