/** Quality publisher configuration, read from environment variables in one place. */
import { publisherJudgeErrorProblems, type PublisherJudgeError } from "../../contracts/judge-error";
import { ConfigError } from "./errors";
import type { QualityThresholds } from "./types";

export interface PublisherConfig {
  /**
   * Quality threshold (0-1) per `request_type`, with a required `default`. Env `QUALITY_THRESHOLDS`.
   * @default {"default":0.75}
   * @example {"default":0.75,"balance":0.85}
   */
  readonly thresholds: QualityThresholds;
  /**
   * Scores table, where scores published in a batch that then failed are marked `publishedAt` (so
   * a dead-letter replay skips them). Env `SCORES_TABLE_NAME`.
   * @default - no marking
   */
  readonly scoresTableName?: string;
  /**
   * The judge pair's sensitivity and specificity per request type, from its calibration record:
   * with them every score also publishes `QualityGoodCorrected`. Env `JUDGE_ERROR` (JSON).
   * @default - no corrected datum
   */
  readonly judgeError?: PublisherJudgeError;
}

type Env = Readonly<Record<string, string | undefined>>;

export function parseThresholds(raw: string | undefined): QualityThresholds {
  if (!raw?.trim()) return { default: 0.75 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`environment variable QUALITY_THRESHOLDS must be a JSON object such as {"default":0.75,"balance":0.85}, got "${raw}"`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`environment variable QUALITY_THRESHOLDS must be a JSON object such as {"default":0.75,"balance":0.85}, got "${raw}"`);
  }
  for (const [requestType, value] of Object.entries(parsed)) {
    if (typeof value !== "number" || value < 0 || value > 1) {
      throw new ConfigError(
        `environment variable QUALITY_THRESHOLDS: threshold for "${requestType}" must be a number from 0 to 1, got ${JSON.stringify(value)}`,
      );
    }
  }
  if (!("default" in parsed)) throw new ConfigError(`environment variable QUALITY_THRESHOLDS must have a "default" threshold, got "${raw}"`);
  return parsed as QualityThresholds;
}

export function parseJudgeError(raw: string | undefined): PublisherJudgeError | undefined {
  if (!raw?.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('environment variable JUDGE_ERROR must be JSON such as {"judgePair":"<model id>|<rubric version>","corrections":{}}');
  }
  const problems = publisherJudgeErrorProblems(parsed);
  if (problems.length > 0) throw new ConfigError(`environment variable JUDGE_ERROR: ${problems.join("; ")}`);
  return parsed as PublisherJudgeError;
}

export function loadConfig(env: Env = process.env): PublisherConfig {
  const scoresTableName = env.SCORES_TABLE_NAME?.trim();
  const judgeError = parseJudgeError(env.JUDGE_ERROR);
  return { thresholds: parseThresholds(env.QUALITY_THRESHOLDS), ...(scoresTableName ? { scoresTableName } : {}), ...(judgeError ? { judgeError } : {}) };
}
