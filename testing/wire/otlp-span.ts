/** A span as the test OTLP receiver decodes it (protobuf or JSON). */
export interface SpanEvent {
  readonly name: string;
  readonly timeMs: number;
  readonly attributes: Record<string, unknown>;
}

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Record<string, unknown>;
  readonly events: readonly SpanEvent[];
  readonly links: readonly { readonly traceId: string }[];
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
  readonly resource: Record<string, unknown>;
  readonly scope: string;
}
