/**
 * The calibration record: what one run of the golden set through a judge pair measured, and
 * whether that pair may score production. The calibration function writes it (S3, next to its
 * report); a copy committed to the repository is what synth reads before it lets an environment
 * use the pair. Dependency-free: the function and synth apply the same `evaluateCalibration`.
 */
import { isKnownRubricVersion, judgePairId, RUBRIC_VERSIONS, type JudgePair } from "./judge-pair";
import { MIN_ITEMS_PER_CLASS, type VerdictAgreement } from "./judge-error";
import { isVersionedModelId } from "./model-id";

export const CALIBRATION_RECORD_TYPE = "llm-judge-calibration";
export const CALIBRATION_RECORD_SCHEMA_VERSION = 1;

/** The rubric's dimensions as the judge and the golden set score them. */
export const RUBRIC_DIMENSIONS = ["factuality", "completeness", "toneCompliance", "undueRefusal"] as const;
export type RubricDimension = (typeof RUBRIC_DIMENSIONS)[number];
/** The 1-5 dimensions (quadratic-weighted kappa); `undueRefusal` is binary (Cohen's kappa). */
export const ORDINAL_DIMENSIONS = ["factuality", "completeness", "toneCompliance"] as const;
export type OrdinalDimension = (typeof ORDINAL_DIMENSIONS)[number];

/** A 95 % interval; bounds are null when too few resamples had a defined statistic. */
export interface ConfidenceInterval {
  readonly low: number | null;
  readonly high: number | null;
  /** Bootstrap resamples drawn. */
  readonly resamples: number;
  /** Resamples in which the statistic was defined (kappa is undefined when a resample has one class only). */
  readonly definedResamples: number;
}

/** Agreement among the human raters themselves on items with several raters: the ceiling the judge is held to. */
export interface HumanAgreement {
  /** Items with two or more ratings. */
  readonly items: number;
  /** Unordered rater pairs compared (an item with three raters gives three). */
  readonly pairs: number;
  readonly exactAgreement: number | null;
  /** Pooled pairwise kappa (quadratic-weighted for 1-5 dimensions, unweighted for the refusal label). */
  readonly kappa: number | null;
}

/** Judge against human consensus on one rubric dimension. A null figure is undefined for these data (see `reason`). */
export interface DimensionAgreement {
  /** Items compared. */
  readonly items: number;
  readonly exactAgreement: number | null;
  /** Share of items where judge and human differ by at most one point (1 for the binary label). */
  readonly withinOneAgreement: number | null;
  /** Quadratic-weighted Cohen's kappa (unweighted for the binary label). */
  readonly kappa: number | null;
  readonly kappaInterval: ConfidenceInterval;
  readonly spearman: number | null;
  /** Mean of judge minus human, in rubric points (0/1 for the label). */
  readonly meanSignedDifference: number | null;
  readonly humanAgreement: HumanAgreement;
  /** Why kappa is undefined, when it is. */
  readonly kappaUndefinedReason?: string;
}

/** The bias probes. */
export interface BiasProbes {
  /**
   * Spearman correlation between the response's length (characters) and the judge-minus-human
   * error of the normalised quality score. Positive: the judge rewards length.
   */
  readonly lengthErrorCorrelation: number | null;
  /** Padded copies compared with their originals. */
  readonly paddedPairs: number;
  /** Mean over padded pairs of the judge's score of the copy minus its score of the original, summed over the three 1-5 dimensions. */
  readonly paddingGapPoints: number | null;
  /** The same gap in the human consensus (0 when raters scored the copy as the original). */
  readonly humanPaddingGapPoints: number | null;
  /** Of the responses the judge called undue refusals, the share humans called so too. */
  readonly refusalPrecision: number | null;
  /** Of the responses humans called undue refusals, the share the judge caught. */
  readonly refusalRecall: number | null;
}

/** Floors and ceilings a calibration must meet. */
export interface CalibrationThresholds {
  /** Lowest kappa allowed on each 1-5 dimension. @default 0.6 */
  readonly kappaFloor: number;
  /** Highest length-error correlation allowed. @default 0.3 */
  readonly lengthCorrelationCeiling: number;
  /** Highest mean padding gap allowed, in rubric points over the three 1-5 dimensions. @default 0.5 */
  readonly paddingGapCeiling: number;
  /** Lowest undue-refusal precision allowed. @default 0.75 */
  readonly refusalPrecisionFloor: number;
  /** Lowest undue-refusal recall allowed. @default 0.75 */
  readonly refusalRecallFloor: number;
}

/**
 * Defaults: kappa 0.6 is the lower edge of "substantial" agreement (Landis & Koch); a correlation
 * of 0.3 between length and error is a moderate effect; half a rubric point for a padded copy is
 * a visible reward for padding; precision and recall of 0.75 tolerate one miss in four.
 */
export const DEFAULT_CALIBRATION_THRESHOLDS: CalibrationThresholds = {
  kappaFloor: 0.6,
  lengthCorrelationCeiling: 0.3,
  paddingGapCeiling: 0.5,
  refusalPrecisionFloor: 0.75,
  refusalRecallFloor: 0.75,
};

/** Where the judge ran: Bedrock, or a local stub (a record from a stub proves the pipeline, not the judge). */
export type JudgeService = "bedrock" | "local-stub";

/** The golden set a record was computed on. */
export interface GoldenSetSummary {
  /** File or object name. */
  readonly name: string;
  /** SHA-256 (hex) of the file's bytes. */
  readonly sha256: string;
  readonly items: number;
  readonly ratings: number;
  readonly raters: number;
}

export interface CalibrationRecord extends JudgePair {
  readonly recordType: typeof CALIBRATION_RECORD_TYPE;
  readonly schemaVersion: typeof CALIBRATION_RECORD_SCHEMA_VERSION;
  /** `judgePairId` of the pair. */
  readonly judgePair: string;
  /** Fingerprint of the rubric text the run used (`RUBRIC_VERSIONS[rubricVersion].fingerprint`). */
  readonly rubricFingerprint: string;
  /** ISO-8601 time the run finished. */
  readonly calibratedAt: string;
  readonly judgeService: JudgeService;
  /** Region of the Bedrock endpoint (or the stub's URL host). */
  readonly judgeLocation: string;
  /** PII languages the golden set was masked with (the evaluator's `PII_LANGUAGES`). */
  readonly piiLanguages: readonly string[];
  readonly goldenSet: GoldenSetSummary;
  /** Items the judge returned a valid verdict for. */
  readonly judged: number;
  /** Items the judge failed on (call failed or invalid reply twice). */
  readonly failedItems: number;
  readonly thresholds: CalibrationThresholds;
  readonly dimensions: Readonly<Record<RubricDimension, DimensionAgreement>>;
  readonly bias: BiasProbes;
  /**
   * The judge's error on the quality SLI's verdict, one entry per threshold a request type uses:
   * sensitivity and specificity for "good" with their 95 % Wilson intervals and item counts, or
   * `insufficient`. Absent in records written before it existed: the SLO then reads the raw SLI.
   */
  readonly verdicts?: readonly VerdictAgreement[];
  /** `MIN_ITEMS_PER_CLASS` the verdicts were computed with. */
  readonly minItemsPerClass?: number;
  readonly passed: boolean;
  /** Every floor or ceiling missed, one line each; empty when passed. */
  readonly failures: readonly string[];
  /** S3 keys (or file names) of the JSON and markdown reports. */
  readonly reports?: { readonly json: string; readonly markdown: string };
}

/** The figures `evaluateCalibration` reads. */
export type CalibrationFigures = Pick<CalibrationRecord, "dimensions" | "bias" | "judged" | "failedItems" | "verdicts">;

/** The record's verdict figures at `threshold`, or undefined when the run did not measure at it. */
export function verdictAt(record: Pick<CalibrationRecord, "verdicts">, threshold: number): VerdictAgreement | undefined {
  return (record.verdicts ?? []).find((v) => Math.abs(v.threshold - threshold) < 1e-9);
}

const fmt = (value: number) => String(Math.round(value * 1000) / 1000);

/**
 * Every floor or ceiling the figures miss, one readable line each; empty means the pair passes.
 * An undefined kappa, padding gap, refusal precision or recall fails: what cannot be measured has
 * not been shown. An undefined length-error correlation passes: it means the judge's error (or the
 * responses' length) does not vary, so there is no length bias to measure.
 */
export function evaluateCalibration(figures: CalibrationFigures, thresholds: CalibrationThresholds): string[] {
  const failures: string[] = [];
  if (figures.judged === 0) failures.push("the judge returned no valid verdict for any golden item");
  if (figures.failedItems > 0)
    failures.push(`the judge returned no valid verdict for ${figures.failedItems} golden item(s); rerun once the judge answers every item`);
  for (const dimension of ORDINAL_DIMENSIONS) {
    const { kappa, kappaUndefinedReason } = figures.dimensions[dimension];
    if (kappa === null) failures.push(`${dimension} kappa is undefined (${kappaUndefinedReason ?? "no data"}); the golden set must vary on every dimension`);
    else if (kappa < thresholds.kappaFloor) failures.push(`${dimension} kappa ${fmt(kappa)} is under the floor ${thresholds.kappaFloor}`);
  }
  const { bias } = figures;
  if (bias.lengthErrorCorrelation !== null && bias.lengthErrorCorrelation > thresholds.lengthCorrelationCeiling) {
    failures.push(`length bias: length-error correlation ${fmt(bias.lengthErrorCorrelation)} exceeds the ceiling ${thresholds.lengthCorrelationCeiling}`);
  }
  if (bias.paddingGapPoints === null) failures.push("length bias: no padded copy to compare with its original; add padded copies to the golden set");
  else if (bias.paddingGapPoints > thresholds.paddingGapCeiling) {
    failures.push(
      `length bias: padded copies score ${fmt(bias.paddingGapPoints)} rubric points above their originals, over the ceiling ${thresholds.paddingGapCeiling}`,
    );
  }
  if (bias.refusalPrecision === null) failures.push("refusal precision is undefined: the judge called no response an undue refusal");
  else if (bias.refusalPrecision < thresholds.refusalPrecisionFloor) {
    failures.push(`refusal precision ${fmt(bias.refusalPrecision)} is under the floor ${thresholds.refusalPrecisionFloor}`);
  }
  if (bias.refusalRecall === null) failures.push("refusal recall is undefined: no golden item is labelled an undue refusal");
  else if (bias.refusalRecall < thresholds.refusalRecallFloor) {
    failures.push(`refusal recall ${fmt(bias.refusalRecall)} is under the floor ${thresholds.refusalRecallFloor}`);
  }
  return failures;
}

/** One bound that is out of range: its name, the value and what is allowed. */
export interface ThresholdProblem {
  readonly name: keyof CalibrationThresholds;
  readonly value: unknown;
  readonly allowed: string;
}

/** Every out-of-range bound of `thresholds` (empty when valid). */
export function calibrationThresholdProblems(thresholds: Partial<CalibrationThresholds>): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  const check = (name: keyof CalibrationThresholds, ok: (v: number) => boolean, allowed: string) => {
    const value = thresholds[name];
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && ok(value))) problems.push({ name, value, allowed });
  };
  check("kappaFloor", (v) => v > -1 && v <= 1, "a kappa above -1 and at most 1, e.g. 0.6");
  check("lengthCorrelationCeiling", (v) => v >= -1 && v <= 1, "a correlation from -1 to 1, e.g. 0.3");
  check("paddingGapCeiling", (v) => v >= 0 && v <= 12, "rubric points from 0 to 12, e.g. 0.5");
  check("refusalPrecisionFloor", (v) => v >= 0 && v <= 1, "a share from 0 to 1, e.g. 0.75");
  check("refusalRecallFloor", (v) => v >= 0 && v <= 1, "a share from 0 to 1, e.g. 0.75");
  return problems;
}

/** `calibrationThresholdProblems` as lines: `<field>.<name> is <value>; expected <allowed>`. */
export function validateCalibrationThresholds(thresholds: Partial<CalibrationThresholds>, field = "thresholds"): string[] {
  return calibrationThresholdProblems(thresholds).map((p) => `${field}.${p.name} is ${JSON.stringify(p.value)}; expected ${p.allowed}`);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isFigure = (value: unknown) => value === null || (typeof value === "number" && Number.isFinite(value));

/**
 * Structural problems of a parsed record (empty when it is one), each naming the field and what is
 * allowed. Used by synth on committed records and by tests on written ones.
 */
export function validateCalibrationRecord(value: unknown): string[] {
  if (!isObject(value)) return ["the record is not a JSON object"];
  const problems: string[] = [];
  const need = (ok: boolean, field: string, allowed: string) => {
    if (!ok) problems.push(`${field} is ${JSON.stringify(value[field]) ?? "missing"}; expected ${allowed}`);
  };
  need(value.recordType === CALIBRATION_RECORD_TYPE, "recordType", `"${CALIBRATION_RECORD_TYPE}"`);
  need(value.schemaVersion === CALIBRATION_RECORD_SCHEMA_VERSION, "schemaVersion", String(CALIBRATION_RECORD_SCHEMA_VERSION));
  need(
    typeof value.judgeModelId === "string" && isVersionedModelId(value.judgeModelId),
    "judgeModelId",
    "a versioned Bedrock model id such as anthropic.claude-3-haiku-20240307-v1:0",
  );
  need(
    typeof value.rubricVersion === "string" && isKnownRubricVersion(value.rubricVersion),
    "rubricVersion",
    `one of ${Object.keys(RUBRIC_VERSIONS).join(", ")}`,
  );
  if (typeof value.judgeModelId === "string" && typeof value.rubricVersion === "string") {
    const id = judgePairId({ judgeModelId: value.judgeModelId, rubricVersion: value.rubricVersion });
    need(value.judgePair === id, "judgePair", `"${id}" (judgeModelId|rubricVersion)`);
  }
  need(typeof value.rubricFingerprint === "string" && /^[0-9a-f]{16}$/.test(value.rubricFingerprint), "rubricFingerprint", "16 lower-case hex digits");
  need(typeof value.calibratedAt === "string" && !Number.isNaN(Date.parse(value.calibratedAt)), "calibratedAt", "an ISO-8601 time");
  need(value.judgeService === "bedrock" || value.judgeService === "local-stub", "judgeService", '"bedrock" or "local-stub"');
  need(typeof value.passed === "boolean", "passed", "true or false");
  need(Array.isArray(value.failures) && value.failures.every((f) => typeof f === "string"), "failures", "a list of strings");
  need(Number.isInteger(value.judged) && (value.judged as number) >= 0, "judged", "a whole number");
  need(Number.isInteger(value.failedItems) && (value.failedItems as number) >= 0, "failedItems", "a whole number");
  const golden = value.goldenSet;
  if (!isObject(golden) || typeof golden.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(golden.sha256) || !Number.isInteger(golden.items)) {
    problems.push("goldenSet is malformed; expected { name, sha256 (64 hex digits), items, ratings, raters }");
  }
  const thresholds = value.thresholds;
  if (!isObject(thresholds)) problems.push("thresholds is missing; expected the floors and ceilings the run applied");
  else problems.push(...validateCalibrationThresholds(thresholds as Partial<CalibrationThresholds>));
  const dimensions = value.dimensions;
  if (!isObject(dimensions)) {
    problems.push(`dimensions is missing; expected an object with ${RUBRIC_DIMENSIONS.join(", ")}`);
  } else {
    for (const dimension of RUBRIC_DIMENSIONS) {
      const d = dimensions[dimension];
      if (!isObject(d) || !isFigure(d.kappa) || !isFigure(d.exactAgreement) || !isFigure(d.spearman) || !isFigure(d.meanSignedDifference)) {
        problems.push(
          `dimensions.${dimension} is malformed; expected { items, exactAgreement, withinOneAgreement, kappa, kappaInterval, spearman, meanSignedDifference, humanAgreement } with numbers or null`,
        );
      }
    }
  }
  const bias = value.bias;
  if (
    !isObject(bias) ||
    !isFigure(bias.lengthErrorCorrelation) ||
    !isFigure(bias.paddingGapPoints) ||
    !isFigure(bias.refusalPrecision) ||
    !isFigure(bias.refusalRecall)
  ) {
    problems.push(
      "bias is malformed; expected { lengthErrorCorrelation, paddedPairs, paddingGapPoints, humanPaddingGapPoints, refusalPrecision, refusalRecall } with numbers or null",
    );
  }
  if (value.verdicts !== undefined) problems.push(...verdictProblems(value.verdicts));
  return problems;
}

/**
 * A calibration record's identity: its judge pair and the time its run finished
 * (`<judgePair>@<calibratedAt>`). The evaluator stamps it on each verdict's span (judge provenance).
 */
export function calibrationRecordId(record: Pick<CalibrationRecord, "judgePair" | "calibratedAt">): string {
  return `${record.judgePair}@${record.calibratedAt}`;
}

const isShare = (value: unknown) => value === null || (typeof value === "number" && value >= 0 && value <= 1);
const VERDICT_SHAPE =
  '{ sli: "quality", threshold, sensitivity, specificity, status: "measured" | "insufficient" } with { items, agreeing, value, interval95 } shares';

function verdictProblems(verdicts: unknown): string[] {
  if (!Array.isArray(verdicts)) return [`verdicts is ${JSON.stringify(verdicts)}; expected a list of ${VERDICT_SHAPE}`];
  return verdicts.flatMap((v: unknown, i) => {
    const shares = isObject(v) ? [v.sensitivity, v.specificity] : [];
    const ok =
      isObject(v) &&
      v.sli === "quality" &&
      typeof v.threshold === "number" &&
      v.threshold > 0 &&
      v.threshold <= 1 &&
      (v.status === "measured" || v.status === "insufficient") &&
      shares.every((f) => isObject(f) && Number.isInteger(f.items) && Number.isInteger(f.agreeing) && isShare(f.value)) &&
      // A measured verdict rests on enough items of each class; fewer is "insufficient", never a figure.
      (v.status === "insufficient" ||
        shares.every((f) => isObject(f) && (f.items as number) >= MIN_ITEMS_PER_CLASS && f.value !== null && isObject(f.interval95)));
    return ok ? [] : [`verdicts[${i}] is malformed; expected ${VERDICT_SHAPE}, "measured" only with at least ${MIN_ITEMS_PER_CLASS} items per class`];
  });
}
