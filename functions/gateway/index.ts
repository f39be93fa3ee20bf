/**
 * Public surface of the gateway function. Besides the Lambda handler, the stream-timing helper
 * is exported for teams that call `InvokeEndpointWithResponseStream` themselves: wrap the call in
 * `measureResponseStream` and publish with `publishInferenceMetrics` to get the same metric
 * names, units and dimension sets as the gateway (from the metric catalogue).
 */
export { handler } from "./handler";
export { measureResponseStream, classifyInvocationError } from "./stream-timing";
export type { MeasureResponseStreamOptions, ResponseStreamOutput } from "./stream-timing";
export { publishInferenceMetrics, inferenceMetricSamples, buildEmfDocuments } from "./metrics";
export type { MetricSample, PublishMetricsOptions } from "./metrics";
export { StreamOutputParser, parseStreamLine, estimatePromptTokens } from "./output-parser";
export { summarizeInterTokenLatency } from "./itl-summary";
export { checkPrompt, GUARDRAIL_RULES } from "./guardrail";
export type { InferenceDimensions, ParsedStreamOutput, StreamMeasurement, GuardrailVerdict } from "./types";
