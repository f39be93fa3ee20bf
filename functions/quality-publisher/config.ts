/** Quality publisher configuration, read from environment variables in one place. */
import { publisherJudgeErrorProblems, type PublisherJudgeError } from "../../contracts/judge-error";
import type { EnvironmentVariables as Env } from "../../contracts/environment-variable";
import { DEFAULT_THRESHOLD_KEY, isQualityThreshold, QUALITY_PUBLISHER_ENV, QUALITY_THRESHOLD } from "../../contracts/quality-publisher-environment";
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

export function parseThresholds(raw: string | undefined): QualityThresholds {
  const name = QUALITY_PUBLISHER_ENV.qualityThresholds;
  if (!raw?.trim()) return { [DEFAULT_THRESHOLD_KEY]: QUALITY_THRESHOLD.default };
  const example = `{"${DEFAULT_THRESHOLD_KEY}":${QUALITY_THRESHOLD.default},"balance":0.85}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(`environment variable ${name} must be a JSON object such as ${example}, got "${raw}"`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`environment variable ${name} must be a JSON object such as ${example}, got "${raw}"`);
  }
  for (const [requestType, value] of Object.entries(parsed)) {
    if (!isQualityThreshold(value)) {
      throw new ConfigError(
        `environment variable ${name}: threshold for "${requestType}" must be a number from ${QUALITY_THRESHOLD.min} to ${QUALITY_THRESHOLD.max}, got ${JSON.stringify(value)}`,
      );
    }
  }
  if (!(DEFAULT_THRESHOLD_KEY in parsed)) throw new ConfigError(`environment variable ${name} must have a "${DEFAULT_THRESHOLD_KEY}" threshold, got "${raw}"`);
  return parsed as QualityThresholds;
}

export function parseJudgeError(raw: string | undefined): PublisherJudgeError | undefined {
  if (!raw?.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(
      `environment variable ${QUALITY_PUBLISHER_ENV.judgeError} must be JSON such as {"judgePair":"<model id>|<rubric version>","corrections":{}}`,
    );
  }
  const problems = publisherJudgeErrorProblems(parsed);
  if (problems.length > 0) throw new ConfigError(`environment variable ${QUALITY_PUBLISHER_ENV.judgeError}: ${problems.join("; ")}`);
  return parsed as PublisherJudgeError;
}

export function loadConfig(env: Env = process.env): PublisherConfig {
  const names = QUALITY_PUBLISHER_ENV;
  const scoresTableName = env[names.scoresTableName]?.trim();
  const judgeError = parseJudgeError(env[names.judgeError]);
  return { thresholds: parseThresholds(env[names.qualityThresholds]), ...(scoresTableName ? { scoresTableName } : {}), ...(judgeError ? { judgeError } : {}) };
}
