import { SpanStatusCode, TraceFlags, type Context } from "@opentelemetry/api";
import type { ReadableSpan, Span, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { PLATFORM_SPAN_ATTRIBUTES } from "../../contracts/tracing";

/** Spans of one unsampled trace held until its local root ends (bounds memory on a runaway trace). */
const MAX_HELD_PER_TRACE = 64;
/** Unsampled traces held at once (a root that never ends must not grow memory without bound). */
const MAX_HELD_TRACES = 256;

/** The span as the exporter must see it: sampled, because it is kept. */
function asSampled(span: ReadableSpan): ReadableSpan {
  const context = { ...span.spanContext(), traceFlags: span.spanContext().traceFlags | TraceFlags.SAMPLED };
  return new Proxy(span, { get: (target, property) => (property === "spanContext" ? () => context : Reflect.get(target, property, target)) });
}

/** True for a span whose trace must be exported whatever the head sampler said. */
export function mustKeep(span: ReadableSpan): boolean {
  return span.status.code === SpanStatusCode.ERROR || span.attributes[PLATFORM_SPAN_ATTRIBUTES.keptBecause] !== undefined;
}

/**
 * Forwards sampled spans to `next` (the batch processor), and keeps the others until the local
 * root of their trace ends: when that root failed or was marked kept (an error, a guardrail hit:
 * `llm_observability.sampling.kept_because`), the whole local trace is forwarded as sampled;
 * otherwise it is dropped. With {@link RecordAllSampler} this is "parent-based ratio, and always
 * errors and guardrail hits".
 */
export class KeepErrorsSpanProcessor implements SpanProcessor {
  private readonly held = new Map<string, ReadableSpan[]>();

  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const context = span.spanContext();
    if ((context.traceFlags & TraceFlags.SAMPLED) !== 0) {
      this.next.onEnd(span);
      return;
    }
    const isLocalRoot = span.parentSpanContext === undefined || span.parentSpanContext.isRemote === true;
    if (!isLocalRoot) {
      this.hold(context.traceId, span);
      return;
    }
    const children = this.held.get(context.traceId) ?? [];
    this.held.delete(context.traceId);
    if (!mustKeep(span) && !children.some(mustKeep)) return;
    for (const child of children) this.next.onEnd(asSampled(child));
    this.next.onEnd(asSampled(span));
  }

  private hold(traceId: string, span: ReadableSpan): void {
    let spans = this.held.get(traceId);
    if (!spans) {
      if (this.held.size >= MAX_HELD_TRACES) {
        const oldest = this.held.keys().next().value;
        if (oldest !== undefined) this.held.delete(oldest);
      }
      spans = [];
      this.held.set(traceId, spans);
    }
    if (spans.length < MAX_HELD_PER_TRACE) spans.push(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    this.held.clear();
    return this.next.shutdown();
  }
}
