import type { ScoreImage } from "../../contracts/score-item";

export type { ScoreImage };

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
