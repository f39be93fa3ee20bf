import { randomUUID } from "node:crypto";
import type { InvokeEndpointWithResponseStreamCommandInput } from "@aws-sdk/client-sagemaker-runtime";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { API_GATEWAY_INTEGRATION_TIMEOUT_MS, LOG_DELIVERY_BUDGET_MS, RESPONSE_MARGIN_MS } from "../../contracts/gateway-budget";
import type { InferenceLogRecord, InferenceStatus, ResponseCut } from "../../contracts/inference-log-record";
import { callerUseCase } from "./caller-use-case";
import { ForbiddenRequestError, InvalidRequestError } from "./errors";
import type { GatewayLogger } from "./gateway-logger";
import { RequestTrace } from "./request-trace";
import { checkPrompt } from "./guardrail";
import { buildInferenceLogRecord, buildRejectionRecord } from "./log-record";
import { blockedRequestSamples, publishInferenceMetrics, publishSamples } from "./metrics";
import { estimatePromptTokens } from "./output-parser";
import { buildCustomAttributes, buildEndpointBody, parseGatewayRequest } from "./request";
import { capResponseText } from "./response-cap";
import { measureResponseStream } from "./stream-timing";
import type { ResponseStreamOutput } from "./stream-timing";
import type { GatewayConfig, GatewayRequest, InferenceDimensions, StreamMeasurement } from "./types";
import type { Tracing } from "../tracing/provider";

/** HTTP status and error code returned for each non-ok inference status. */
export const STATUS_RESPONSES: Record<Exclude<InferenceStatus, "ok" | "rejected">, { readonly http: number; readonly message: string }> = {
  blocked_by_guardrail: { http: 403, message: "the prompt was blocked by the prompt-injection pre-check" },
  endpoint_throttled: { http: 429, message: "the model endpoint is throttling requests; retry with backoff" },
  model_error: { http: 502, message: "the model failed to process the request" },
  stream_interrupted: { http: 502, message: "the model's response stream broke before it finished" },
  timeout: { http: 504, message: "the model did not finish within the gateway's deadline" },
};

export interface GatewayDependencies {
  readonly config: GatewayConfig;
  /** Sends InvokeEndpointWithResponseStream (the handler passes the SDK client's `send`). */
  readonly invoke: (input: InvokeEndpointWithResponseStreamCommandInput, abortSignal: AbortSignal) => Promise<ResponseStreamOutput>;
  readonly logger: GatewayLogger;
  /**
   * Delivers the inference log record by `deadline` (epoch ms); absent when INFERENCE_LOG_STREAM_NAME
   * is not set.
   * @default - records are not delivered
   */
  readonly deliverLogRecord?: (record: InferenceLogRecord, deadline: number) => Promise<unknown>;
  /**
   * Epoch milliseconds now, replaceable for tests.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Request id generator.
   * @default crypto.randomUUID
   */
  readonly newRequestId?: () => string;
  /**
   * EMF line writer.
   * @default process.stdout.write
   */
  readonly writeMetrics?: (line: string) => void;
  /**
   * The function's tracing (functions/tracing/provider.ts); absent or without a tracer when off.
   * @default - no spans
   */
  readonly tracing?: Tracing;
}

/** Longest the response waits for the request's spans to be exported (bounded by the response deadline too). */
export const TRACE_FLUSH_BUDGET_MS = 500;

function json(statusCode: number, requestId: string, body: Record<string, unknown>): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { "content-type": "application/json", "x-request-id": requestId },
    body: JSON.stringify(body),
  };
}

function errorResponse(statusCode: number, requestId: string, error: string, message: string): APIGatewayProxyResult {
  return json(statusCode, requestId, { error, message, requestId });
}

function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) {
    return { errorName: "UnknownError" };
  }
  const code = (error as { ErrorCode?: unknown }).ErrorCode;
  const httpStatus = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return {
    errorName: error.name,
    // An endpoint's message can echo the prompt or the model's output: only its length is kept.
    errorMessageLength: error.message.length,
    ...(typeof code === "string" ? { errorCode: code } : {}),
    ...(httpStatus !== undefined ? { httpStatus } : {}),
  };
}

function logOutcome(logger: GatewayLogger, requestId: string, m: StreamMeasurement, context: Record<string, unknown>): void {
  const fields = {
    requestId,
    status: m.status,
    ...context,
    ttftMs: m.ttftMs,
    totalMs: m.totalMs,
    chunkCount: m.chunkCount,
    promptTokens: m.output.promptTokens,
    promptTokensEstimated: m.output.promptTokensEstimated,
    completionTokens: m.output.completionTokens,
    ...(m.output.malformedLines > 0 ? { malformedLines: m.output.malformedLines } : {}),
  };
  if (m.status === "ok") {
    logger.info("inference completed", fields);
  } else {
    logger.error("inference failed", { ...fields, ...describeError(m.error) });
  }
}

/**
 * When this request must be done, on API Gateway's clock (`requestTimeEpoch`, when API Gateway
 * received it; the function's start otherwise): the response by 29 s minus the margin, the invoke
 * early enough to leave the log delivery its budget.
 */
export function responseBudget(event: APIGatewayProxyEvent, startedAt: number): { readonly respondBy: number; readonly invokeBy: number } {
  const received = Number((event.requestContext as { requestTimeEpoch?: unknown } | undefined)?.requestTimeEpoch);
  // Trust API Gateway's timestamp only when it is plausible (not in the future, not minutes old).
  const start = Number.isFinite(received) && received <= startedAt && startedAt - received < API_GATEWAY_INTEGRATION_TIMEOUT_MS ? received : startedAt;
  const respondBy = start + API_GATEWAY_INTEGRATION_TIMEOUT_MS - RESPONSE_MARGIN_MS;
  return { respondBy, invokeBy: respondBy - LOG_DELIVERY_BUDGET_MS };
}

/**
 * Serves one API Gateway request: validate, pre-check, invoke with streaming, measure, publish
 * metrics, log, deliver the inference log record and shape the response.
 */
export async function handleGatewayRequest(event: APIGatewayProxyEvent, deps: GatewayDependencies): Promise<APIGatewayProxyResult> {
  const requestId = (deps.newRequestId ?? randomUUID)();
  const now = deps.now ?? Date.now;
  const receivedAt = new Date(now());
  const budget = responseBudget(event, receivedAt.getTime());
  const tracer = deps.tracing?.tracer;
  const requestTrace = tracer ? new RequestTrace(tracer, event, deps.config, requestId) : undefined;
  const response = await serve(event, deps, { requestId, receivedAt, budget, now, requestTrace });
  if (requestTrace && deps.tracing) {
    requestTrace.end(response.statusCode);
    await deps.tracing.flush(Math.min(budget.respondBy, now() + TRACE_FLUSH_BUDGET_MS));
  }
  return response;
}

interface RequestScope {
  readonly requestId: string;
  readonly receivedAt: Date;
  readonly budget: ReturnType<typeof responseBudget>;
  readonly now: () => number;
  readonly requestTrace?: RequestTrace;
}

async function serve(event: APIGatewayProxyEvent, deps: GatewayDependencies, scope: RequestScope): Promise<APIGatewayProxyResult> {
  const { config, logger } = deps;
  const { requestId, receivedAt, budget, now, requestTrace } = scope;

  let request: GatewayRequest;
  let useCase: string | undefined;
  try {
    useCase = callerUseCase(event, config);
    request = parseGatewayRequest(event, config, useCase);
  } catch (error) {
    if (!(error instanceof InvalidRequestError || error instanceof ForbiddenRequestError)) throw error;
    // The message names the field and the rule, never the value; the record keeps status and reason, never the body.
    const httpStatus = error instanceof ForbiddenRequestError ? 403 : 400;
    logger.warn("request rejected", { requestId, httpStatus, error: error.code, reason: error.message });
    requestTrace?.rejected(error.code);
    await deps.deliverLogRecord?.(
      buildRejectionRecord({ requestId, config, rejection: { httpStatus, reason: error.code }, ...(useCase ? { useCase } : {}), receivedAt }),
      budget.respondBy,
    );
    return errorResponse(httpStatus, requestId, error.code, error.message);
  }

  const dimensions: InferenceDimensions = {
    modelName: config.modelName,
    endpointName: config.endpointName,
    instanceType: config.instanceType,
    requestType: request.requestType,
  };
  const guardrail = checkPrompt(request.inputs, config.guardrailMaxPromptChars);
  requestTrace?.accepted(request, guardrail);
  const properties = { requestId, use_case: request.useCase };
  const context = { useCase: request.useCase, requestType: request.requestType, guardrailReasons: guardrail.reasons };

  let measurement: StreamMeasurement | undefined;
  if (guardrail.flagged && config.guardrailMode === "block") {
    publishSamples(blockedRequestSamples(estimatePromptTokens(request.inputs)), dimensions, {
      properties: { ...properties, status: "blocked_by_guardrail" },
      ...(deps.writeMetrics ? { write: deps.writeMetrics } : {}),
    });
    logger.warn("request blocked by guardrail", { requestId, status: "blocked_by_guardrail", ...context });
    requestTrace?.blocked();
  } else {
    const input: InvokeEndpointWithResponseStreamCommandInput = {
      EndpointName: config.endpointName,
      ContentType: "application/json",
      Accept: "application/jsonlines",
      CustomAttributes: buildCustomAttributes(request, requestId, guardrail, requestTrace?.traceparent()),
      Body: Buffer.from(buildEndpointBody(request), "utf8"),
    };
    measurement = await measureResponseStream((signal) => deps.invoke(input, signal), {
      // The configured deadline, cut when API Gateway's clock started earlier (a cold start) so that
      // the log delivery and the response still fit its 29 s.
      timeoutMs: Math.max(1, Math.min(config.invokeTimeoutMs, budget.invokeBy - now())),
      prompt: request.inputs,
    });
    publishInferenceMetrics(measurement, dimensions, {
      guardrailFlagged: guardrail.flagged,
      properties,
      ...(deps.writeMetrics ? { write: deps.writeMetrics } : {}),
    });
    logOutcome(logger, requestId, measurement, context);
    requestTrace?.measured(measurement, measurement.status);
  }

  const answer = measurement?.status === "ok" ? cappedAnswer(requestId, measurement) : undefined;
  if (answer?.cut) logger.warn("answer cut to fit Lambda's response limit", { requestId, ...answer.cut });
  const deliver = deps.deliverLogRecord;
  if (deliver) {
    const record = buildInferenceLogRecord({
      requestId,
      config,
      request,
      guardrail,
      ...(measurement ? { measurement } : {}),
      estimatedPromptTokens: estimatePromptTokens(request.inputs),
      receivedAt,
      ...(answer?.cut ? { responseCut: answer.cut } : {}),
      ...(requestTrace ? { traceparent: requestTrace.traceparent() } : {}),
    });
    await (requestTrace ? requestTrace.delivery(() => deliver(record, budget.respondBy)) : deliver(record, budget.respondBy));
  }

  if (!measurement) {
    return errorResponse(403, requestId, "blocked_by_guardrail", `${STATUS_RESPONSES.blocked_by_guardrail.message} (rules: ${guardrail.reasons.join(", ")})`);
  }
  if (measurement.status !== "ok") {
    const mapped = STATUS_RESPONSES[measurement.status];
    return errorResponse(mapped.http, requestId, measurement.status, mapped.message);
  }
  return answer!.response;
}

/** The 200 response, its answer cut when the whole would pass Lambda's response limit (response-cap.ts). */
function cappedAnswer(requestId: string, measurement: StreamMeasurement): { response: APIGatewayProxyResult; cut?: ResponseCut } {
  const respond = (text: string, truncated: boolean): APIGatewayProxyResult => {
    const response = json(200, requestId, {
      requestId,
      generated_text: text,
      ...(truncated ? { truncated: true } : {}),
      usage: { prompt_tokens: measurement.output.promptTokens, completion_tokens: measurement.output.completionTokens },
      ttft_ms: measurement.ttftMs ?? null,
    });
    return truncated ? { ...response, headers: { ...response.headers, "x-response-truncated": "true" } } : response;
  };
  const capped = capResponseText(measurement.output.text, (text) => Buffer.byteLength(JSON.stringify(respond(text, true)), "utf8"));
  return capped.cut ? { response: respond(capped.text, true), cut: capped.cut } : { response: respond(capped.text, false) };
}
