/**
 * The judge's verdict on the request's trace: a span parented on the gateway's request span (the
 * record's `traceparent`), with one `gen_ai.evaluation.result` event per rubric dimension, the
 * judge's provenance and the masking counts by type. Scores, labels, names and counts only: the
 * masked text the judge read never reaches a span.
 */
import { ROOT_CONTEXT, SpanKind, type Tracer, trace, TraceFlags } from "@opentelemetry/api";
import { BEDROCK_PROVIDER_NAME, PLATFORM_SPAN_ATTRIBUTES as A, parseTraceparent, rubricScoreLabel } from "../../contracts/tracing";
import { GEN_AI } from "../tracing/gen-ai-attributes";
import type { ScoreItem } from "./types";

/** `gen_ai.evaluation.name` of each rubric dimension, and how its value reads. */
const DIMENSIONS = [
  { name: "factuality", value: (item: ScoreItem) => item.factuality },
  { name: "completeness", value: (item: ScoreItem) => item.completeness },
  { name: "tone_compliance", value: (item: ScoreItem) => item.toneCompliance },
] as const;

/** Span name of a verdict (the conventions name no evaluation operation; low cardinality). */
export const VERDICT_SPAN_NAME = "evaluate llm-judge";

function parentOf(traceparent: string | undefined) {
  const context = parseTraceparent(traceparent);
  if (!context) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: context.traceId,
    spanId: context.spanId,
    traceFlags: context.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
  });
}

export interface VerdictProvenance {
  readonly calibrationRecordId?: string;
}

/**
 * Emits the verdict span for a stored score. Without a trace context (tracing was off at the
 * gateway, or a DataCapture record from another client) it starts its own trace.
 * @param startedAt when judging this record began (the span covers masking, judging and storing)
 */
export function emitVerdictSpan(tracer: Tracer, item: ScoreItem, traceparent: string | undefined, startedAt: Date, provenance: VerdictProvenance): void {
  const masking = Object.fromEntries(Object.entries(item.maskedEntities).map(([type, count]) => [`${A.maskingPrefix}${type}`, count]));
  const span = tracer.startSpan(
    VERDICT_SPAN_NAME,
    {
      kind: SpanKind.CLIENT,
      startTime: startedAt,
      attributes: {
        [GEN_AI.providerName]: BEDROCK_PROVIDER_NAME,
        [GEN_AI.requestModel]: item.judgeModelId,
        [GEN_AI.usageInputTokens]: item.judgeInputTokens,
        [GEN_AI.usageOutputTokens]: item.judgeOutputTokens,
        [GEN_AI.responseId]: item.eventId,
        [A.requestId]: item.eventId,
        [A.useCase]: item.useCase,
        [A.requestType]: item.requestType,
        [A.judgeRubricVersion]: item.rubricVersion,
        [A.judgeStratum]: item.stratum,
        [A.judgeQualityScore]: item.qualityScore,
        [A.evaluationSource]: item.source,
        ...(provenance.calibrationRecordId ? { [A.judgeCalibrationRecordId]: provenance.calibrationRecordId } : {}),
        ...masking,
      },
    },
    parentOf(traceparent),
  );
  for (const dimension of DIMENSIONS) {
    const score = dimension.value(item);
    span.addEvent(GEN_AI.evaluationResultEvent, {
      [GEN_AI.evaluationName]: dimension.name,
      [GEN_AI.evaluationScoreValue]: score,
      [GEN_AI.evaluationScoreLabel]: rubricScoreLabel(score),
      [GEN_AI.responseId]: item.eventId,
    });
  }
  span.addEvent(GEN_AI.evaluationResultEvent, {
    [GEN_AI.evaluationName]: "undue_refusal",
    [GEN_AI.evaluationScoreValue]: item.undueRefusal ? 1 : 0,
    [GEN_AI.evaluationScoreLabel]: item.undueRefusal ? "undue_refusal" : "no_undue_refusal",
    [GEN_AI.responseId]: item.eventId,
  });
  span.end();
}
