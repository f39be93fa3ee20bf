/** Quality publisher configuration, read from environment variables in one place. */
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

export function loadConfig(env: Env = process.env): PublisherConfig {
  const scoresTableName = env.SCORES_TABLE_NAME?.trim();
  return { thresholds: parseThresholds(env.QUALITY_THRESHOLDS), ...(scoresTableName ? { scoresTableName } : {}) };
}
