import type { Attributes, Context, Link, SpanKind } from "@opentelemetry/api";
import { SamplingDecision, type Sampler, type SamplingResult } from "@opentelemetry/sdk-trace-base";

/**
 * Wraps the head sampler so that a span it passes over is still recorded (not sampled): whether a
 * request failed or hit the guardrail is known only at its end, and those are always exported
 * ({@link KeepErrorsSpanProcessor}). Recording costs the span's attributes, not an export.
 */
export class RecordAllSampler implements Sampler {
  constructor(private readonly head: Sampler) {}

  shouldSample(context: Context, traceId: string, spanName: string, spanKind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    const result = this.head.shouldSample(context, traceId, spanName, spanKind, attributes, links);
    return result.decision === SamplingDecision.NOT_RECORD ? { ...result, decision: SamplingDecision.RECORD } : result;
  }

  toString(): string {
    return `RecordAll{${this.head.toString()}}`;
  }
}
