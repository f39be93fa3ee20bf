import { INFERENCE_LOG_RECORD_TYPE, INFERENCE_LOG_SCHEMA_VERSION } from "../../contracts/inference-log-record";
import type { InferenceLogRecord, InferenceRejection, ResponseCut } from "../../contracts/inference-log-record";
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
  /** Present when the answer returned was cut to fit Lambda's response limit. */
  readonly responseCut?: ResponseCut;
}

export interface RejectionRecordInput {
  readonly requestId: string;
  readonly config: Pick<GatewayConfig, "endpointName" | "modelName" | "instanceType">;
  readonly rejection: InferenceRejection;
  /** The use case, when the caller's identity resolved one before the request was refused. @default "unknown" */
  readonly useCase?: string;
  readonly receivedAt: Date;
}

/** The record of a request refused before the endpoint: who, when, status and reason; no prompt, no body. */
export function buildRejectionRecord(input: RejectionRecordInput): InferenceLogRecord {
  const at = input.receivedAt.toISOString();
  return {
    recordType: INFERENCE_LOG_RECORD_TYPE,
    schemaVersion: INFERENCE_LOG_SCHEMA_VERSION,
    requestId: input.requestId,
    inferenceTime: at,
    completedAt: at,
    endpointName: input.config.endpointName,
    modelName: input.config.modelName,
    instanceType: input.config.instanceType,
    useCase: input.useCase ?? "unknown",
    requestType: "unknown",
    status: "rejected",
    guardrail: { flagged: false, reasons: [] },
    tokens: { prompt: 0, completion: 0 },
    timing: { totalMs: 0 },
    rejection: input.rejection,
    prompt: "",
    response: "",
  };
}

/** Builds the per-request inference log line (see contracts/inference-log-record.ts). */
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
    ...(input.responseCut ? { responseCut: input.responseCut } : {}),
    prompt: input.request.inputs,
    response: output?.text ?? "",
  };
}
