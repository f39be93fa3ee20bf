import { INFERENCE_LOG_RECORD_TYPE, INFERENCE_LOG_SCHEMA_VERSION } from "../../contracts/inference-log-record";
import type { InferenceLogRecord } from "../../contracts/inference-log-record";
import type { GatewayConfig, GatewayRequest, GuardrailVerdict, StreamMeasurement } from "./types";

export interface LogRecordInput {
  readonly requestId: string;
  readonly config: Pick<GatewayConfig, "endpointName" | "modelName" | "instanceType">;
  readonly request: GatewayRequest;
  readonly guardrail: GuardrailVerdict;
  /** Absent when the request never reached the endpoint (blocked by the guardrail). */
  readonly measurement?: StreamMeasurement;
  /** Prompt token estimate for a blocked request. */
  readonly estimatedPromptTokens: number;
  /** Used as both timestamps when there is no measurement. */
  readonly receivedAt: Date;
  /** The request span's W3C context, when tracing is on. */
  readonly traceparent?: string;
}

/** Builds the per-request inference log line (see functions/shared/inference-log-record.ts). */
export function buildInferenceLogRecord(input: LogRecordInput): InferenceLogRecord {
  const { measurement: m } = input;
  const output = m?.output;
  return {
    recordType: INFERENCE_LOG_RECORD_TYPE,
    schemaVersion: INFERENCE_LOG_SCHEMA_VERSION,
    requestId: input.requestId,
    inferenceTime: (m?.startedAt ?? input.receivedAt).toISOString(),
    completedAt: (m?.completedAt ?? input.receivedAt).toISOString(),
    endpointName: input.config.endpointName,
    modelName: input.config.modelName,
    instanceType: input.config.instanceType,
    useCase: input.request.useCase,
    requestType: input.request.requestType,
    status: m?.status ?? "blocked_by_guardrail",
    guardrail: { flagged: input.guardrail.flagged, reasons: [...input.guardrail.reasons] },
    tokens: {
      prompt: output?.promptTokens ?? input.estimatedPromptTokens,
      completion: output?.completionTokens ?? 0,
      promptEstimated: output?.promptTokensEstimated ?? true,
    },
    timing: {
      ...(m?.ttftMs !== undefined ? { ttftMs: m.ttftMs } : {}),
      totalMs: m?.totalMs ?? 0,
      ...(m?.tokensPerSecond !== undefined ? { tokensPerSecond: m.tokensPerSecond } : {}),
      ...(m?.itl ? { itl: m.itl } : {}),
    },
    ...(m?.cacheHitRate !== undefined ? { cacheHitRate: m.cacheHitRate } : {}),
    ...(output?.meanTokenEntropy !== undefined ? { meanTokenEntropy: output.meanTokenEntropy } : {}),
    ...(input.traceparent ? { traceparent: input.traceparent } : {}),
    prompt: input.request.inputs,
    response: output?.text ?? "",
  };
}
