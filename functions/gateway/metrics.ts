import { DIMENSIONS, GATEWAY_METRICS } from "../../contracts/metric-catalogue";
import type { MetricDefinition } from "../../contracts/metric-catalogue";
import type { InferenceStatus } from "../../contracts/inference-log-record";
import type { InferenceDimensions, StreamMeasurement } from "./types";

/** One metric and the values to publish for it in this request. */
export interface MetricSample {
  readonly metric: MetricDefinition;
  /** Counters add up; distributions keep every value (P50/P95/P99 come from them). */
  readonly kind: "counter" | "distribution";
  readonly values: readonly number[];
}

/** EMF allows at most 100 values per metric in one document. */
export const EMF_MAX_VALUES = 100;

const STATUS_METRIC: Partial<Record<InferenceStatus, MetricDefinition>> = {
  endpoint_throttled: GATEWAY_METRICS.throttled,
  model_error: GATEWAY_METRICS.modelErrors,
  timeout: GATEWAY_METRICS.timeouts,
  stream_interrupted: GATEWAY_METRICS.streamInterrupted,
};

function counter(metric: MetricDefinition, value = 1): MetricSample {
  return { metric, kind: "counter", values: [value] };
}

function distribution(metric: MetricDefinition, values: readonly number[]): MetricSample {
  return { metric, kind: "distribution", values };
}

/**
 * Samples for one invocation. TTFT and ITL are published whenever chunks were seen (a broken
 * stream keeps its TTFT); prompt tokens for every request, failed ones included (an injection that
 * breaks the model is still a large prompt: the prompt-injection alarm must see it); total latency,
 * completion tokens, throughput and cache hit rate only for completed requests, so a fast throttle
 * or a deadline does not distort the latency percentiles.
 */
export function inferenceMetricSamples(measurement: StreamMeasurement, guardrailFlagged = false): MetricSample[] {
  const failed = measurement.status !== "ok";
  const samples: MetricSample[] = [counter(GATEWAY_METRICS.requests), counter(GATEWAY_METRICS.failedRequests, failed ? 1 : 0)];
  const statusMetric = STATUS_METRIC[measurement.status];
  if (statusMetric) {
    samples.push(counter(statusMetric));
  }
  if (guardrailFlagged) {
    samples.push(counter(GATEWAY_METRICS.guardrailTriggered));
  }
  if (measurement.ttftMs !== undefined) {
    samples.push(distribution(GATEWAY_METRICS.ttft, [measurement.ttftMs]));
  }
  if (measurement.itlMs.length > 0) {
    samples.push(distribution(GATEWAY_METRICS.itl, measurement.itlMs));
  }
  samples.push(distribution(GATEWAY_METRICS.promptTokens, [measurement.output.promptTokens]));
  if (!failed) {
    samples.push(distribution(GATEWAY_METRICS.totalLatency, [measurement.totalMs]));
    samples.push(distribution(GATEWAY_METRICS.completionTokens, [measurement.output.completionTokens]));
    if (measurement.tokensPerSecond !== undefined) {
      samples.push(distribution(GATEWAY_METRICS.tokensPerSecond, [measurement.tokensPerSecond]));
    }
    if (measurement.cacheHitRate !== undefined) {
      samples.push(distribution(GATEWAY_METRICS.cacheHitRate, [measurement.cacheHitRate]));
    }
  }
  return samples;
}

function dimensionValues(dimensions: InferenceDimensions): Record<string, string> {
  return {
    [DIMENSIONS.modelName]: dimensions.modelName,
    [DIMENSIONS.endpointName]: dimensions.endpointName,
    [DIMENSIONS.instanceType]: dimensions.instanceType,
    [DIMENSIONS.requestType]: dimensions.requestType,
  };
}

/**
 * Properties a continuation document repeats: what ties it to its request. The others (status,
 * use case) stay on the first document, so that counting log lines by a request property (the
 * dashboard's request outcomes, `count(*) by status`) counts every request once.
 */
const CONTINUATION_PROPERTIES: readonly string[] = ["requestId"];

/**
 * CloudWatch Embedded Metric Format documents for the samples. Metrics sharing dimension sets
 * (from the catalogue) share one directive; values beyond 100 per metric go to further documents
 * (a long answer's ITL values), which carry the dimensions and only `CONTINUATION_PROPERTIES`.
 * @param properties extra root fields (request id, status), searchable in Logs Insights, not dimensions
 */
export function buildEmfDocuments(
  samples: readonly MetricSample[],
  dimensions: InferenceDimensions,
  properties: Readonly<Record<string, string>> = {},
  timestamp: number = Date.now(),
): Record<string, unknown>[] {
  const documents: Record<string, unknown>[] = [];
  const dims = dimensionValues(dimensions);
  const continuationProperties = Object.fromEntries(Object.entries(properties).filter(([name]) => CONTINUATION_PROPERTIES.includes(name)));
  const pages = Math.max(1, ...samples.map((s) => Math.ceil(s.values.length / EMF_MAX_VALUES)));
  for (let page = 0; page < pages; page += 1) {
    const directives = new Map<string, { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }>();
    const values: Record<string, number | number[]> = {};
    for (const sample of samples) {
      const slice = sample.values.slice(page * EMF_MAX_VALUES, (page + 1) * EMF_MAX_VALUES);
      if (slice.length === 0) {
        continue;
      }
      const key = `${sample.metric.namespace}|${JSON.stringify(sample.metric.dimensionSets)}`;
      let directive = directives.get(key);
      if (!directive) {
        directive = {
          Namespace: sample.metric.namespace,
          Dimensions: sample.metric.dimensionSets.map((set) => [...set]),
          Metrics: [],
        };
        directives.set(key, directive);
      }
      directive.Metrics.push({ Name: sample.metric.name, Unit: sample.metric.unit });
      values[sample.metric.name] = slice.length === 1 ? slice[0]! : slice;
    }
    if (directives.size === 0) {
      continue;
    }
    documents.push({
      _aws: { Timestamp: timestamp, CloudWatchMetrics: [...directives.values()] },
      ...dims,
      ...(documents.length === 0 ? properties : continuationProperties),
      ...values,
    });
  }
  return documents;
}

export interface PublishMetricsOptions {
  /**
   * Root EMF properties (not dimensions), e.g. `{ requestId }`.
   * @default {}
   */
  readonly properties?: Readonly<Record<string, string>>;
  /**
   * Where EMF lines go; Lambda ships stdout to CloudWatch Logs, which extracts the metrics.
   * @default process.stdout.write
   */
  readonly write?: (line: string) => void;
}

const writeStdout = (line: string): void => {
  process.stdout.write(line);
};

/**
 * Samples for a request the guardrail blocked before it reached the endpoint: the trigger and its
 * prompt size (estimated: the container never saw it), so blocked injections still show on the
 * prompt-token signal.
 */
export function blockedRequestSamples(estimatedPromptTokens: number): MetricSample[] {
  return [counter(GATEWAY_METRICS.guardrailTriggered), distribution(GATEWAY_METRICS.promptTokens, [estimatedPromptTokens])];
}

/** The sample for an inference log record Firehose would not take after the retry. */
export function deliveryFailedSamples(): MetricSample[] {
  return [counter(GATEWAY_METRICS.inferenceLogDeliveryFailed)];
}

/**
 * Publishes samples as EMF lines on stdout, which CloudWatch Logs turns into metrics: the one
 * publisher of every gateway series (no OpenTelemetry meter records them too; see
 * docs/adr/0005-emf-metric-route.md).
 */
export function publishSamples(samples: readonly MetricSample[], dimensions: InferenceDimensions, options: PublishMetricsOptions = {}): void {
  const write = options.write ?? writeStdout;
  for (const document of buildEmfDocuments(samples, dimensions, options.properties)) {
    write(`${JSON.stringify(document)}\n`);
  }
}

/**
 * Publishes a measured invocation under the catalogue's names (namespace `LLMInference/SageMaker`,
 * dimensions ModelName/EndpointName/InstanceType[/request_type]). For teams wrapping their own calls.
 */
export function publishInferenceMetrics(
  measurement: StreamMeasurement,
  dimensions: InferenceDimensions,
  options: PublishMetricsOptions & {
    /**
     * Count the request under GuardrailTriggered.
     * @default false
     */
    readonly guardrailFlagged?: boolean;
  } = {},
): void {
  publishSamples(inferenceMetricSamples(measurement, options.guardrailFlagged ?? false), dimensions, {
    ...options,
    properties: { status: measurement.status, ...options.properties },
  });
}
