/**
 * The OpenTelemetry GenAI semantic conventions' names the functions set (development status in
 * the conventions: spelled here once, so that a rename in a later release is one edit). Checked
 * against the conventions' registry of `@opentelemetry/semantic-conventions` 1.45 (incubating entry
 * point) by functions/tracing/test/unit/tracing-config.test.ts.
 */
export const GEN_AI = {
  operationName: "gen_ai.operation.name",
  providerName: "gen_ai.provider.name",
  requestModel: "gen_ai.request.model",
  requestStream: "gen_ai.request.stream",
  requestMaxTokens: "gen_ai.request.max_tokens",
  responseFinishReasons: "gen_ai.response.finish_reasons",
  responseId: "gen_ai.response.id",
  responseTimeToFirstChunk: "gen_ai.response.time_to_first_chunk",
  usageInputTokens: "gen_ai.usage.input_tokens",
  usageOutputTokens: "gen_ai.usage.output_tokens",
  evaluationResultEvent: "gen_ai.evaluation.result",
  evaluationName: "gen_ai.evaluation.name",
  evaluationScoreValue: "gen_ai.evaluation.score.value",
  evaluationScoreLabel: "gen_ai.evaluation.score.label",
  errorType: "error.type",
} as const;

/** `gen_ai.operation.name` of the gateway: LMI's `inputs` is a prompt string, not chat messages. */
export const GATEWAY_OPERATION = "text_completion";
