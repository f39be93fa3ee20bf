/**
 * The evaluator's and the judge-calibration function's environment variables: each name, default
 * and range declared once. The evaluation layer sets them (modules/evaluation-layer), the functions
 * read them (functions/evaluator/config.ts, functions/judge-calibration/config.ts), and the
 * environment file's settings take their defaults from here through the module.
 */

/** A numeric environment variable: its name, default (absent: required) and allowed range. */
export interface NumberVariable {
  readonly name: string;
  readonly default?: number;
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer: boolean;
}

/** The evaluator's numeric variables (the judge-calibration function reads the judge's too). */
export const EVALUATOR_VARIABLES = {
  /** USD per 1,000 judge input tokens (Claude 3 Haiku's on-demand price by default, set by the module). */
  judgeInputPricePer1k: { name: "JUDGE_INPUT_PRICE_PER_1K", min: 0, max: 1000, integer: false },
  /** USD per 1,000 judge output tokens. */
  judgeOutputPricePer1k: { name: "JUDGE_OUTPUT_PRICE_PER_1K", min: 0, max: 1000, integer: false },
  /** Share of ordinary records judged (the random stratum); flagged and low-confidence ones always are. */
  sampleRate: { name: "SAMPLE_RATE", default: 0.1, min: 0, max: 1, integer: false },
  /** Mean token entropy (nats) above which a record is low-confidence and always judged. */
  entropyThreshold: { name: "ENTROPY_THRESHOLD", default: 1.5, min: 0, max: 100, integer: false },
  /** Judge calls in flight per invocation. */
  judgeConcurrency: { name: "JUDGE_CONCURRENCY", default: 4, min: 1, max: 64, integer: true },
  /** Tokens the judge may generate per reply. */
  judgeMaxTokens: { name: "JUDGE_MAX_TOKENS", default: 512, min: 64, max: 8192, integer: true },
  /** Characters of prompt and response the judge sees. */
  judgeMaxTextChars: { name: "JUDGE_MAX_TEXT_CHARS", default: 40_000, min: 1000, max: 1_000_000, integer: true },
  /** Days a score is kept (DynamoDB TTL). */
  scoreTtlDays: { name: "SCORE_TTL_DAYS", default: 180, min: 1, max: 3650, integer: true },
  /** Longest line of an object the evaluator reads, bytes. */
  maxLineBytes: { name: "MAX_LINE_BYTES", default: 16 * 1024 * 1024, min: 1024, max: 256 * 1024 * 1024, integer: true },
  /** Share of the scored records the candidate judge judges too. */
  shadowShare: { name: "SHADOW_SHARE", default: 1, min: 0, max: 1, integer: false },
} as const satisfies Record<string, NumberVariable>;

/** `PII_LANGUAGES` ("pt,en"); the older `PII_LANGUAGE` (one code) is read when it is unset. */
export const PII_LANGUAGES_VARIABLE = { name: "PII_LANGUAGES", formerName: "PII_LANGUAGE", default: "en" } as const;

/**
 * The PII languages an environment gives the evaluator or the calibration function, or the
 * message that says what is wrong with them (each function throws it as its own error).
 */
export function readPiiLanguages(env: Readonly<Record<string, string | undefined>>): { readonly codes: string[] } | { readonly problem: string } {
  const v = PII_LANGUAGES_VARIABLE;
  const name = env[v.name]?.trim() ? v.name : v.formerName;
  const raw = env[name]?.trim() || v.default;
  const codes = raw
    .toLowerCase()
    .split(",")
    .map((code) => code.trim());
  if (codes.some((code) => !/^[a-z]{2}(-[a-z]{2})?$/.test(code)) || new Set(codes).size !== codes.length) {
    return { problem: `environment variable ${name} must be distinct language codes separated by commas, such as pt,en, got "${raw}"` };
  }
  return { codes };
}
