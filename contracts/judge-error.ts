/**
 * The judge's own error on the quality SLI's verdict ("good": score at or above the request type's
 * threshold), measured on the golden set against the human consensus, and the Rogan–Gladen
 * correction that removes it from a measured good share. The calibration function writes the
 * figures into the calibration record; synth reads them to build the corrected SLI's metric math
 * and the publisher's per-score contribution. Dependency-free: every side applies these formulas.
 *
 * Rogan–Gladen (1978): with sensitivity Se (share of truly good answers the judge calls good) and
 * specificity Sp (share of truly bad answers it calls bad), a measured good share p estimates the
 * true share as (p + Sp - 1) / (Se + Sp - 1). Its variance by the delta method (Greenland 1988)
 * adds the sample's binomial variance and the calibration's variance of Se and Sp.
 */

/** Fewest golden items per class (humans' "good" and "bad") for a sensitivity or specificity; below it the figure is "insufficient". */
export const MIN_ITEMS_PER_CLASS = 10;
/**
 * Lowest Youden index (Se + Sp - 1) the correction accepts: the correction divides by it, so at 0.2
 * it multiplies the sample's noise by five; below it the judge barely separates good from bad.
 */
export const MIN_YOUDEN_INDEX = 0.2;
/** z of the 95 % Wilson intervals the record holds. */
export const Z_95 = 1.959964;
/** z of the 90 % two-sided band the corrected SLI is published with (5 % in each tail). */
export const Z_90 = 1.644854;

/** A share's 95 % interval. */
export interface ShareInterval {
  readonly low: number;
  readonly high: number;
}

/**
 * Wilson score interval of `successes` out of `n` (Wilson 1927): unlike the Wald interval it stays
 * inside [0, 1] and has width at 0 % and 100 %, so a perfect judge on a small set is not called certain.
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): ShareInterval {
  if (!(n > 0) || successes < 0 || successes > n) throw new RangeError(`wilson interval needs 0 <= successes <= n and n > 0, got ${successes} of ${n}`);
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** One share (sensitivity or specificity) as the record holds it. */
export interface ShareFigure {
  /** Items of the class (humans' good for sensitivity, bad for specificity). */
  readonly items: number;
  /** Items of the class the judge put in the same class. */
  readonly agreeing: number;
  /** `agreeing / items`; null when `items` is under `MIN_ITEMS_PER_CLASS`. */
  readonly value: number | null;
  /** 95 % Wilson interval; null when `value` is. */
  readonly interval95: ShareInterval | null;
}

/** The judge against the humans on the SLI's good/bad verdict at one threshold. */
export interface VerdictAgreement {
  /** The SLI the verdict feeds: `quality`, the normalised score of all four rubric dimensions. */
  readonly sli: "quality";
  /** The request type's threshold (normalised score, 0-1) the verdict is taken at. */
  readonly threshold: number;
  /** Of the items humans call good, the share the judge calls good. */
  readonly sensitivity: ShareFigure;
  /** Of the items humans call bad, the share the judge calls bad. */
  readonly specificity: ShareFigure;
  /** `measured` when both shares are figures and Se + Sp - 1 reaches `MIN_YOUDEN_INDEX`; otherwise `insufficient`. */
  readonly status: "measured" | "insufficient";
  /** Why the figures cannot correct the SLI, when `insufficient`. */
  readonly reason?: string;
}

function share(items: number, agreeing: number): ShareFigure {
  if (items < MIN_ITEMS_PER_CLASS) return { items, agreeing, value: null, interval95: null };
  return { items, agreeing, value: agreeing / items, interval95: wilsonInterval(agreeing, items) };
}

/** Golden items as scored by the humans (consensus) and the judge, normalised 0-1. */
export interface ScoredPair {
  readonly human: number;
  readonly judge: number;
}

/** Sensitivity and specificity of the judge's verdict at `threshold`, with their counts and intervals. */
export function verdictAgreement(pairs: readonly ScoredPair[], threshold: number): VerdictAgreement {
  const good = pairs.filter((p) => p.human >= threshold);
  const bad = pairs.filter((p) => p.human < threshold);
  const sensitivity = share(good.length, good.filter((p) => p.judge >= threshold).length);
  const specificity = share(bad.length, bad.filter((p) => p.judge < threshold).length);
  const base = { sli: "quality" as const, threshold, sensitivity, specificity };
  const thin = [
    sensitivity.value === null ? `${good.length} golden item(s) humans call good` : "",
    specificity.value === null ? `${bad.length} golden item(s) humans call bad` : "",
  ].filter((s) => s !== "");
  if (thin.length > 0)
    return { ...base, status: "insufficient", reason: `${thin.join(" and ")} at threshold ${threshold}; at least ${MIN_ITEMS_PER_CLASS} of each are needed` };
  const youden = sensitivity.value! + specificity.value! - 1;
  if (youden < MIN_YOUDEN_INDEX) {
    return {
      ...base,
      status: "insufficient",
      reason: `sensitivity + specificity - 1 is ${youden.toFixed(3)} at threshold ${threshold}, under ${MIN_YOUDEN_INDEX}: the judge barely separates good from bad`,
    };
  }
  return { ...base, status: "measured" };
}

/** What the correction needs from a measured verdict agreement. */
export interface JudgeErrorCorrection {
  readonly sensitivity: number;
  readonly specificity: number;
  /** Variance of the sensitivity estimate: the square of its 95 % Wilson half-width over z. */
  readonly sensitivityVariance: number;
  readonly specificityVariance: number;
}

/** The correction of a measured agreement; undefined when it is `insufficient`. */
export function correctionOf(agreement: VerdictAgreement): JudgeErrorCorrection | undefined {
  if (agreement.status !== "measured") return undefined;
  const variance = (f: ShareFigure) => ((f.interval95!.high - f.interval95!.low) / (2 * Z_95)) ** 2;
  return {
    sensitivity: agreement.sensitivity.value!,
    specificity: agreement.specificity.value!,
    sensitivityVariance: variance(agreement.sensitivity),
    specificityVariance: variance(agreement.specificity),
  };
}

/**
 * What one score adds to the corrected good count: summed over any window and divided by the
 * window's evaluations it is the Rogan–Gladen share (unclamped), because the estimator is linear
 * in the counts. A score the judge calls good adds Sp / J; one it calls bad adds -(1 - Sp) / J.
 */
export function correctedContribution(judgedGood: boolean, correction: JudgeErrorCorrection): number {
  const youden = correction.sensitivity + correction.specificity - 1;
  return judgedGood ? correction.specificity / youden : -(1 - correction.specificity) / youden;
}

/** The corrected good share with its band. */
export interface CorrectedShare {
  /** Rogan–Gladen estimate, clamped to [0, 1]. */
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

/**
 * Rogan–Gladen share of `judgedGood` out of `total` with its two-sided band (`z`, default 90 %):
 * variance = (p(1 - p) / n + pc^2 var(Se) + (1 - pc)^2 var(Sp)) / J^2, with p the measured share,
 * pc the unclamped corrected share and J = Se + Sp - 1. The alarms compute the same in metric math.
 */
export function correctedShare(judgedGood: number, total: number, correction: JudgeErrorCorrection, z = Z_90): CorrectedShare {
  if (!(total > 0)) throw new RangeError(`corrected share needs evaluations, got ${total}`);
  const p = judgedGood / total;
  const youden = correction.sensitivity + correction.specificity - 1;
  const corrected = (p + correction.specificity - 1) / youden;
  const variance =
    ((p * (1 - p)) / total + corrected ** 2 * correction.sensitivityVariance + (1 - corrected) ** 2 * correction.specificityVariance) / youden ** 2;
  const spread = z * Math.sqrt(variance);
  return { estimate: clamp(corrected), low: clamp(corrected - spread), high: clamp(corrected + spread) };
}

/** What a quality SLO reads: the judge's verdicts as they are, their Rogan–Gladen correction, or the correction's 90 % lower bound. */
export const QUALITY_SLI_READINGS = ["raw", "corrected", "correctedLowerBound"] as const;
export type QualitySliReading = (typeof QUALITY_SLI_READINGS)[number];

/** Metric-math ids of the three sums a corrected quality SLI reads over a window. */
export interface CorrectedSliIds {
  /** Sum of `QualityGood`: scores the judge put at or above the threshold. */
  readonly judgedGood: string;
  /** Sum of `QualityGoodCorrected`: the scores' Rogan–Gladen contributions (`correctedContribution`). */
  readonly corrected: string;
  /** Sum of `QualityTotal`. */
  readonly evaluated: string;
}

const constant = (value: number) => Number(value.toPrecision(6)).toString();

/**
 * The metric-math expression of a window's good count under `reading`: `raw` is the judge's own
 * count; `corrected` the Rogan–Gladen count clamped to [0, evaluated]; `correctedLowerBound` the
 * lower end of its 90 % band, `c - (z / J) * sqrt(g (n - g) / n + var(Se) c^2 + var(Sp) (n - c)^2)`,
 * which is n times the band of `correctedShare` (the same formula on counts). `^` is CloudWatch
 * metric math's exponent operator.
 */
export function correctedGoodExpression(ids: CorrectedSliIds, correction: JudgeErrorCorrection, reading: QualitySliReading): string {
  if (reading === "raw") return ids.judgedGood;
  const band = correctedBandExpressions(ids, correction);
  return reading === "corrected" ? band.estimate : band.low;
}

/** The corrected good count of a window and the ends of its 90 % band, as metric math (see `correctedGoodExpression`). */
export function correctedBandExpressions(ids: CorrectedSliIds, correction: JudgeErrorCorrection): { estimate: string; low: string; high: string } {
  const { judgedGood: g, corrected: c, evaluated: n } = ids;
  const clamped = (x: string) => `IF(${x} < 0, 0, IF(${x} > ${n}, ${n}, ${x}))`;
  const youden = correction.sensitivity + correction.specificity - 1;
  const variance = `${g} * (${n} - ${g}) / ${n} + ${constant(correction.sensitivityVariance)} * ${c} * ${c} + ${constant(correction.specificityVariance)} * (${n} - ${c}) * (${n} - ${c})`;
  const spread = `${constant(Z_90 / youden)} * (${variance}) ^ 0.5`;
  return { estimate: clamped(c), low: clamped(`(${c} - ${spread})`), high: clamped(`(${c} + ${spread})`) };
}

/**
 * What the quality publisher needs to publish `QualityGoodCorrected` (its `JUDGE_ERROR` environment
 * variable, JSON): the judge pair the figures belong to, and per request type (or `default`) the
 * sensitivity and specificity at that request type's threshold. A request type without an entry
 * (insufficient calibration) gets no corrected datum.
 * @example {"judgePair":"anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1","corrections":{"balance_inquiry":{"sensitivity":0.76,"specificity":1}}}
 */
export interface PublisherJudgeError {
  readonly judgePair: string;
  readonly corrections: Readonly<Record<string, Pick<JudgeErrorCorrection, "sensitivity" | "specificity">>>;
}

/** Problems of a parsed `JUDGE_ERROR` value, each naming the field and what is allowed (empty when valid). */
export function publisherJudgeErrorProblems(value: unknown): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return ['expected {"judgePair": "<model id>|<rubric version>", "corrections": {...}}'];
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof v.judgePair !== "string" || !v.judgePair.includes("|"))
    problems.push(`judgePair is ${JSON.stringify(v.judgePair)}; expected "<judge model id>|<rubric version>"`);
  if (typeof v.corrections !== "object" || v.corrections === null || Array.isArray(v.corrections)) {
    problems.push(`corrections is ${JSON.stringify(v.corrections)}; expected an object of request_type -> { sensitivity, specificity }`);
    return problems;
  }
  for (const [requestType, c] of Object.entries(v.corrections as Record<string, unknown>)) {
    const share = (x: unknown) => typeof x === "number" && x >= 0 && x <= 1;
    const figures = c as Record<string, unknown> | null;
    const ok = typeof figures === "object" && figures !== null && share(figures.sensitivity) && share(figures.specificity);
    if (!ok) problems.push(`corrections.${requestType} is ${JSON.stringify(c)}; expected { sensitivity, specificity } shares from 0 to 1`);
    else if ((figures.sensitivity as number) + (figures.specificity as number) - 1 < MIN_YOUDEN_INDEX)
      problems.push(`corrections.${requestType}: sensitivity + specificity - 1 must be at least ${MIN_YOUDEN_INDEX}`);
  }
  return problems;
}
