import { context as otelContext, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Context, type Tracer, trace, TraceFlags } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { formatTraceparent, PLATFORM_SPAN_ATTRIBUTES as A, SAGEMAKER_PROVIDER_NAME } from "../../contracts/tracing";
import { GATEWAY_OPERATION, GEN_AI } from "../tracing/gen-ai-attributes";
import type { GatewayConfig, GatewayRequest, GuardrailVerdict, StreamMeasurement } from "./types";

const propagator = new W3CTraceContextPropagator();
const headerGetter = {
  keys: (carrier: Record<string, string>) => Object.keys(carrier),
  get: (carrier: Record<string, string>, key: string) => carrier[key],
};

/** X-Ray's `Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=<0|1>` as a W3C parent. */
function xrayParent(header: string | undefined): Context | undefined {
  const root = /Root=1-([0-9a-f]{8})-([0-9a-f]{24})/i.exec(header ?? "");
  const parent = /Parent=([0-9a-f]{16})/i.exec(header ?? "");
  if (!root || !parent) return undefined;
  const sampled = /Sampled=1/.test(header ?? "");
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: `${root[1]}${root[2]}`.toLowerCase(),
    spanId: parent[1]!.toLowerCase(),
    traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

/**
 * The caller's trace: a W3C `traceparent` header when the client sent one, else the
 * `X-Amzn-Trace-Id` API Gateway adds with X-Ray tracing on (its trace id is a W3C one with the
 * dashes removed), so the gateway's span sits under API Gateway's segment.
 */
export function parentContext(event: APIGatewayProxyEvent): Context {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (typeof value === "string") headers[name.toLowerCase()] = value;
  const w3c = propagator.extract(ROOT_CONTEXT, headers, headerGetter);
  if (trace.getSpanContext(w3c)) return w3c;
  return xrayParent(headers["x-amzn-trace-id"]) ?? ROOT_CONTEXT;
}

const msToSeconds = (ms: number): number => ms / 1000;

/**
 * The request's spans: one GenAI span per request (`text_completion <model>`), a child for the
 * endpoint call and one for the log delivery. Only sizes, counts, ids and configured names are
 * set, never prompt or answer text.
 */
export class RequestTrace {
  private readonly root: Span;
  private kept: "error" | "guardrail" | undefined;

  constructor(
    private readonly tracer: Tracer,
    event: APIGatewayProxyEvent,
    config: Pick<GatewayConfig, "modelName" | "endpointName">,
    requestId: string,
  ) {
    this.root = tracer.startSpan(
      `${GATEWAY_OPERATION} ${config.modelName}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [GEN_AI.operationName]: GATEWAY_OPERATION,
          [GEN_AI.providerName]: SAGEMAKER_PROVIDER_NAME,
          [GEN_AI.requestModel]: config.modelName,
          [GEN_AI.requestStream]: true,
          [GEN_AI.responseId]: requestId,
          // The label SageMaker's detailed metrics carry, so a trace leads to the endpoint's serving metrics.
          "aws.sagemaker.endpoint.name": config.endpointName,
          [A.requestId]: requestId,
        },
      },
      parentContext(event),
    );
  }

  /** The request was refused before reaching the endpoint (a 400). */
  rejected(code: string): void {
    this.root.setAttribute(GEN_AI.errorType, code);
  }

  /** What validation and the pre-check learnt (names and sizes). */
  accepted(request: GatewayRequest, guardrail: GuardrailVerdict): void {
    const maxTokens = request.parameters.max_new_tokens ?? request.parameters.max_tokens;
    this.root.setAttributes({
      [A.useCase]: request.useCase,
      [A.requestType]: request.requestType,
      [A.promptChars]: request.inputs.length,
      [A.guardrailFlagged]: guardrail.flagged,
      ...(guardrail.flagged ? { [A.guardrailRules]: [...guardrail.reasons] } : {}),
      ...(typeof maxTokens === "number" && Number.isInteger(maxTokens) ? { [GEN_AI.requestMaxTokens]: maxTokens } : {}),
    });
    if (guardrail.flagged) this.keep("guardrail");
  }

  /** The W3C context the endpoint call, the log record and the judge's verdict carry. */
  traceparent(): string {
    const context = this.root.spanContext();
    const sampled = (context.traceFlags & TraceFlags.SAMPLED) !== 0 || this.kept !== undefined;
    return formatTraceparent({ traceId: context.traceId, spanId: context.spanId, sampled });
  }

  /** Records the endpoint call as a child span over the measured interval, and its outcome on the request span. */
  measured(m: StreamMeasurement, status: string): void {
    const call = this.tracer.startSpan(
      "SageMaker Runtime InvokeEndpointWithResponseStream",
      {
        kind: SpanKind.CLIENT,
        startTime: m.startedAt,
        attributes: {
          "rpc.system": "aws-api",
          "rpc.service": "SageMaker Runtime",
          "rpc.method": "InvokeEndpointWithResponseStream",
          [A.chunkCount]: m.chunkCount,
        },
      },
      trace.setSpan(otelContext.active(), this.root),
    );
    if (m.ttftMs !== undefined) call.addEvent("gen_ai.first_chunk", m.startedAt.getTime() + m.ttftMs);
    const output = m.output;
    this.root.setAttributes({
      [GEN_AI.usageInputTokens]: output.promptTokens,
      [GEN_AI.usageOutputTokens]: output.completionTokens,
      [A.promptTokensEstimated]: output.promptTokensEstimated,
      [A.responseChars]: output.text.length,
      [A.status]: status,
      [A.totalMs]: m.totalMs,
      ...(m.ttftMs !== undefined ? { [GEN_AI.responseTimeToFirstChunk]: msToSeconds(m.ttftMs) } : {}),
      ...(output.finishReason ? { [GEN_AI.responseFinishReasons]: [output.finishReason] } : {}),
      ...(m.itl ? { [A.itlP50Ms]: m.itl.p50Ms, [A.itlP95Ms]: m.itl.p95Ms, [A.itlMaxMs]: m.itl.maxMs } : {}),
      ...(m.tokensPerSecond !== undefined ? { [A.tokensPerSecond]: m.tokensPerSecond } : {}),
      ...(m.cacheHitRate !== undefined ? { [A.cacheHitRate]: m.cacheHitRate } : {}),
    });
    if (status !== "ok") {
      const errorName = m.error instanceof Error ? m.error.name : status;
      call.setAttribute(GEN_AI.errorType, errorName);
      call.setStatus({ code: SpanStatusCode.ERROR });
      this.root.setAttribute(GEN_AI.errorType, status);
      this.root.setStatus({ code: SpanStatusCode.ERROR });
      this.keep("error");
    }
    call.end(m.completedAt);
  }

  /** A request the guardrail blocked: no endpoint call. */
  blocked(): void {
    this.root.setAttributes({ [A.status]: "blocked_by_guardrail", [GEN_AI.errorType]: "blocked_by_guardrail" });
  }

  /** Wraps the log delivery in a child span (its outcome; never the record). */
  async delivery<T>(deliver: () => Promise<T>): Promise<T> {
    const span = this.tracer.startSpan(
      "Firehose PutRecord inference-log",
      { kind: SpanKind.CLIENT, attributes: { "rpc.system": "aws-api", "rpc.service": "Firehose" } },
      trace.setSpan(otelContext.active(), this.root),
    );
    try {
      const result = await deliver();
      if (typeof result === "boolean") {
        span.setAttribute(A.logDelivered, result);
        if (!result) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.setAttribute(GEN_AI.errorType, "delivery_failed");
        }
      }
      return result;
    } finally {
      span.end();
    }
  }

  /** Ends the request span with the HTTP status it answered. */
  end(httpStatus: number): void {
    this.root.setAttribute("http.response.status_code", httpStatus);
    if (this.kept) this.root.setAttribute(A.keptBecause, this.kept);
    this.root.end();
  }

  private keep(reason: "error" | "guardrail"): void {
    this.kept ??= reason;
  }
}
