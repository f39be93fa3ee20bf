/**
 * One CloudWatch Embedded Metric Format document: the given metrics of one namespace under one
 * dimension set, at one instant. Written to stdout, Lambda's log delivery turns it into metrics with
 * no PutMetricData call and no permission beyond the function's own logs. The gateway, which pages
 * long value lists over several documents, builds its own (functions/gateway/metrics.ts).
 */
import type { MetricDefinition } from "../../contracts/metric-catalogue";

/** A catalogue metric and its value in the document. */
export interface EmfValue {
  readonly metric: MetricDefinition;
  readonly value: number;
}

/** The document; every metric must share the first one's namespace. */
export function emfDocument(at: Date, dimensions: Readonly<Record<string, string>>, values: readonly EmfValue[]): Record<string, unknown> {
  const namespace = values[0]?.metric.namespace;
  if (namespace === undefined) throw new Error("an EMF document needs at least one metric");
  const foreign = values.find((v) => v.metric.namespace !== namespace);
  if (foreign) throw new Error(`an EMF document holds one namespace: ${foreign.metric.name} is in ${foreign.metric.namespace}, not ${namespace}`);
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        { Namespace: namespace, Dimensions: [Object.keys(dimensions)], Metrics: values.map((v) => ({ Name: v.metric.name, Unit: v.metric.unit })) },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(values.map((v) => [v.metric.name, v.value])),
  };
}
