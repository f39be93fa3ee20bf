/** The score item fields the publisher reads (written by the evaluator; see functions/evaluator/README.md). */
export interface ScoreImage {
  readonly eventId: string;
  /** ISO-8601: the metric timestamp. */
  readonly inferenceTime: string;
  readonly modelName: string;
  readonly requestType: string;
  readonly qualityScore: number;
  readonly factuality: number;
  readonly completeness: number;
  readonly toneCompliance: number;
  readonly undueRefusal: boolean;
  readonly judgeCostUsd: number;
}

/** Quality threshold per request type, with a `default` for the others. */
export type QualityThresholds = Readonly<Record<string, number>> & { readonly default: number };

/** One metric value to publish (the SDK's MetricDatum, narrowed). */
export interface Datum {
  readonly MetricName: string;
  readonly Dimensions: { Name: string; Value: string }[];
  readonly Timestamp: Date;
  readonly Value: number;
  readonly Unit: "None" | "Count";
}
