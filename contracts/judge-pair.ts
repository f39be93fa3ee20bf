/**
 * The judge pair: which Bedrock model judged a response, with which rubric. Every score carries
 * both; a quality series, a calibration record and a shadow comparison are always about exactly
 * one pair. Dependency-free: synth checks, the evaluator, the calibration function and the
 * publisher read the same definitions.
 */

/** A judge model id (versioned, see `model-id.ts`) and the rubric version it judged with. */
export interface JudgePair {
  readonly judgeModelId: string;
  readonly rubricVersion: string;
}

/** What a rubric version is: the fingerprint of its text pins what the version means. */
export interface RubricVersionInfo {
  /**
   * First 16 hex digits of SHA-256 over the rubric's system prompt, verdict schema and the judge
   * message built for a fixed canary input (`rubricFingerprint` in the evaluator). A test fails
   * when the text changes and this does not, so a rubric cannot change under an old version.
   */
  readonly fingerprint: string;
  /** What changed in this version, for people. */
  readonly summary: string;
}

/**
 * Every rubric version the evaluator's code holds. A calibration record for a version names its
 * fingerprint too; synth refuses a record whose fingerprint is not the one below.
 */
export const RUBRIC_VERSIONS = {
  "bank-qa-rubric/2025-06-v1": {
    fingerprint: "97d3ac32e08b3cb8",
    summary: "Per-dimension rubric (factuality, completeness, tone/compliance 1-5, undue refusal), five few-shot examples including short correct answers.",
  },
  "bank-qa-rubric/2026-07-v2": {
    fingerprint: "0282bea0ec2fd34e",
    summary: "v1 plus an explicit length-neutrality rule, a padded-answer example scored like its short original, and an injection example.",
  },
  "bank-qa-rubric/2026-12-v3": {
    fingerprint: "369742425ef55ad8",
    summary:
      "v2's rules in fewer tokens: each rule said once, two few-shot examples, no rationale in the tool schema, and the judge message fences the customer's turns only (not the assistant's system prompt).",
  },
} as const satisfies Readonly<Record<string, RubricVersionInfo>>;

export type RubricVersion = keyof typeof RUBRIC_VERSIONS;

/** The rubric production judges with unless an environment names another. */
export const DEFAULT_RUBRIC_VERSION: RubricVersion = "bank-qa-rubric/2025-06-v1";

/** True when the evaluator's code holds `version`. */
export function isKnownRubricVersion(version: string): version is RubricVersion {
  return Object.hasOwn(RUBRIC_VERSIONS, version);
}

/** Separator of the pair's two parts in `judgePairId`: neither a model id nor a rubric version contains it. */
export const JUDGE_PAIR_SEPARATOR = "|";

/**
 * The pair as one string, the value of the `JudgePair` metric dimension and the key of calibration
 * records and shadow scores.
 *
 * @example judgePairId({ judgeModelId: "anthropic.claude-3-haiku-20240307-v1:0", rubricVersion: "bank-qa-rubric/2025-06-v1" })
 * // "anthropic.claude-3-haiku-20240307-v1:0|bank-qa-rubric/2025-06-v1"
 */
export function judgePairId(pair: JudgePair): string {
  return `${pair.judgeModelId}${JUDGE_PAIR_SEPARATOR}${pair.rubricVersion}`;
}

/** Inverse of `judgePairId`; undefined when `id` is not one. */
export function parseJudgePairId(id: string): JudgePair | undefined {
  const parts = id.split(JUDGE_PAIR_SEPARATOR);
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { judgeModelId: parts[0], rubricVersion: parts[1] };
}

/** True when both name the same model id and rubric version. */
export function sameJudgePair(a: JudgePair, b: JudgePair): boolean {
  return a.judgeModelId === b.judgeModelId && a.rubricVersion === b.rubricVersion;
}

/** A file- and S3-key-safe form of the pair: `anthropic.claude-3-haiku-20240307-v1-0__bank-qa-rubric-2025-06-v1`. */
export function judgePairSlug(pair: JudgePair): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "-");
  return `${safe(pair.judgeModelId)}__${safe(pair.rubricVersion)}`;
}
