/** One metric value a function publishes to CloudWatch (the SDK's `MetricDatum`, narrowed to what the platform sends). */
export interface Datum {
  readonly MetricName: string;
  readonly Dimensions: { Name: string; Value: string }[];
  readonly Timestamp: Date;
  readonly Value: number;
  readonly Unit: "None" | "Count";
}
