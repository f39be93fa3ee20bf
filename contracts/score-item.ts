/**
 * The score item the evaluator writes to DynamoDB and the quality publisher reads from the table's
 * stream: one schema for writer and reader.
 */

/** Where an evaluated record came from. */
export type RecordSource = "data_capture" | "inference_log";

/** Every stratum a record can be judged under. */
export const STRATA = ["guardrail_flagged", "low_confidence", "random"] as const;

/**
 * Why a record was selected for judging: `guardrail_flagged` and `low_confidence` at 100 %, `random`
 * at the sample rate among the rest. Only `random` is an unbiased sample of ordinary answers.
 */
export type Stratum = (typeof STRATA)[number];

/** The stratum of a PII canary's score (`CANARY_STRATUM`): no quality series, SLO or chargeback reads it. */
export type ScoreStratum = Stratum | "canary";

/** Masked-entity counts by placeholder type (`CPF`, `NAME`, ...). Never values. */
export type EntityCounts = Record<string, number>;

/** The DynamoDB item written per evaluated record (partition key `eventId`). */
export interface ScoreItem {
  readonly eventId: string;
  /** ISO-8601 time of the inference: the timestamp quality metrics are published at. */
  readonly inferenceTime: string;
  readonly source: RecordSource;
  readonly endpointName: string;
  readonly modelName: string;
  /** A configured use case, or `unknown` when the record named another one. */
  readonly useCase: string;
  /** A configured request type, or `unknown` when the record named another one. */
  readonly requestType: string;
  /** SHA-256 (hex) of the use case the record named when it was not a configured one; the value itself is never stored. */
  readonly unknownUseCaseSha256?: string;
  /** SHA-256 (hex) of the request type the record named when it was not a configured one. */
  readonly unknownRequestTypeSha256?: string;
  /** `canary` for a PII canary record (then `canary` is true too). */
  readonly stratum: ScoreStratum;
  readonly judgeModelId: string;
  readonly rubricVersion: string;
  /** 1-5 */
  readonly factuality: number;
  /** 1-5 */
  readonly completeness: number;
  /** 1-5 */
  readonly toneCompliance: number;
  readonly undueRefusal: boolean;
  /** 0-1, the weighted rubric score. */
  readonly qualityScore: number;
  readonly maskedEntities: EntityCounts;
  readonly judgeInputTokens: number;
  readonly judgeOutputTokens: number;
  readonly judgeCostUsd: number;
  readonly evaluatedAt: string;
  /** Epoch seconds; DynamoDB TTL attribute. */
  readonly expiresAt: number;
  /**
   * ISO-8601 time its metrics were published, written only where a replay could publish them again:
   * by the quality publisher for the scores it published in a stream batch that then failed (that
   * batch may end in the publisher's dead-letter queue), and by `npm run dlq:replay`. A replay skips
   * a score that has it.
   */
  readonly publishedAt?: string;
  /** Bucket of the object the record was read from (for audit and human review; absent on older items). */
  readonly sourceBucket?: string;
  /** Key of that object. */
  readonly sourceKey?: string;
  /** 1-based line of the record in the (decompressed) object. */
  readonly sourceLine?: number;
  /** True for a PII canary's score: the quality publisher skips it (no quality series, SLO, judge spend or chargeback). */
  readonly canary?: boolean;
}

/** Attribute `dlq:replay` and the publisher use to record that a score's metrics are out. */
export const PUBLISHED_AT_ATTRIBUTE = "publishedAt" satisfies keyof ScoreItem;

/** The fields the quality publisher turns into metrics. */
export type PublishedScoreFields =
  | "eventId"
  | "inferenceTime"
  | "modelName"
  | "requestType"
  | "judgeModelId"
  | "rubricVersion"
  | "stratum"
  | "qualityScore"
  | "factuality"
  | "completeness"
  | "toneCompliance"
  | "undueRefusal"
  | "judgeCostUsd";

/** A score item as the publisher reads it from the stream. */
export type ScoreImage = Pick<ScoreItem, PublishedScoreFields>;

/** The rubric scores of one judge, as a shadow item holds them for each of the two judges. */
export interface JudgeScores {
  /** 1-5 */
  readonly factuality: number;
  /** 1-5 */
  readonly completeness: number;
  /** 1-5 */
  readonly toneCompliance: number;
  readonly undueRefusal: boolean;
  /** 0-1 */
  readonly qualityScore: number;
}

/**
 * A shadow comparison, stored apart from the scores (its own table, partition key
 * `candidateJudgePair`, sort key `eventId`): the candidate judge's verdict on a record the current
 * judge scored, with both verdicts, so that agreement needs no join. The quality publisher never
 * reads it.
 */
export interface ShadowScoreItem {
  /** `judgePairId` of the candidate. */
  readonly candidateJudgePair: string;
  readonly eventId: string;
  /** `judgePairId` of the current judge. */
  readonly currentJudgePair: string;
  readonly inferenceTime: string;
  readonly modelName: string;
  readonly useCase: string;
  readonly requestType: string;
  readonly stratum: Stratum;
  readonly current: JudgeScores;
  readonly candidate: JudgeScores;
  readonly candidateInputTokens: number;
  readonly candidateOutputTokens: number;
  readonly evaluatedAt: string;
  /** Epoch seconds; DynamoDB TTL attribute. */
  readonly expiresAt: number;
}
