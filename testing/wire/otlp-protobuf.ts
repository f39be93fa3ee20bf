/**
 * A minimal protobuf reader for OTLP `ExportTraceServiceRequest` (opentelemetry-proto trace/v1):
 * enough for the test receiver to check what the functions export, with no generated code.
 * Field numbers are the proto's; unknown fields are skipped.
 */
import type { ReceivedSpan, SpanEvent } from "./otlp-span";

type Field = { readonly number: number; readonly wire: number; readonly value: bigint | Buffer };

function readVarint(buffer: Buffer, at: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  let offset = at;
  for (;;) {
    const byte = buffer[offset++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, offset];
    shift += 7n;
  }
}

function fields(buffer: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  while (at < buffer.length) {
    const [key, next] = readVarint(buffer, at);
    at = next;
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (wire === 0) {
      const [value, after] = readVarint(buffer, at);
      out.push({ number, wire, value });
      at = after;
    } else if (wire === 1) {
      out.push({ number, wire, value: buffer.subarray(at, at + 8) });
      at += 8;
    } else if (wire === 2) {
      const [length, after] = readVarint(buffer, at);
      out.push({ number, wire, value: buffer.subarray(after, after + Number(length)) });
      at = after + Number(length);
    } else if (wire === 5) {
      out.push({ number, wire, value: buffer.subarray(at, at + 4) });
      at += 4;
    } else {
      throw new Error(`unsupported protobuf wire type ${wire}`);
    }
  }
  return out;
}

const bytesOf = (field: Field): Buffer => field.value as Buffer;
const nanosToMs = (field: Field): number => Number((field.value as Buffer).readBigUInt64LE(0) / 1000n) / 1000;

function anyValue(buffer: Buffer): unknown {
  for (const field of fields(buffer)) {
    if (field.number === 1) return bytesOf(field).toString("utf8");
    if (field.number === 2) return field.value === 1n;
    if (field.number === 3) return Number(BigInt.asIntN(64, field.value as bigint));
    if (field.number === 4) return bytesOf(field).readDoubleLE(0);
    if (field.number === 5)
      return fields(bytesOf(field))
        .filter((f) => f.number === 1)
        .map((f) => anyValue(bytesOf(f)));
  }
  return undefined;
}

function keyValues(list: readonly Field[], number: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of list.filter((f) => f.number === number)) {
    const parts = fields(bytesOf(field));
    const key = parts.find((p) => p.number === 1);
    const value = parts.find((p) => p.number === 2);
    if (key) out[bytesOf(key).toString("utf8")] = value ? anyValue(bytesOf(value)) : undefined;
  }
  return out;
}

function event(buffer: Buffer): SpanEvent {
  const parts = fields(buffer);
  const time = parts.find((p) => p.number === 1);
  const name = parts.find((p) => p.number === 2);
  return { name: name ? bytesOf(name).toString("utf8") : "", timeMs: time ? nanosToMs(time) : 0, attributes: keyValues(parts, 3) };
}

function span(buffer: Buffer, resource: Record<string, unknown>, scope: string): ReceivedSpan {
  const parts = fields(buffer);
  const get = (n: number) => parts.find((p) => p.number === n);
  const hex = (n: number) => {
    const f = get(n);
    return f && bytesOf(f).length > 0 ? bytesOf(f).toString("hex") : undefined;
  };
  const status = get(15) ? fields(bytesOf(get(15)!)) : [];
  const statusCode = status.find((p) => p.number === 3);
  return {
    traceId: hex(1) ?? "",
    spanId: hex(2) ?? "",
    ...(hex(4) ? { parentSpanId: hex(4) } : {}),
    name: get(5) ? bytesOf(get(5)!).toString("utf8") : "",
    kind: get(6) ? Number(get(6)!.value) : 0,
    startMs: get(7) ? nanosToMs(get(7)!) : 0,
    endMs: get(8) ? nanosToMs(get(8)!) : 0,
    attributes: keyValues(parts, 9),
    events: parts.filter((p) => p.number === 11).map((p) => event(bytesOf(p))),
    links: parts
      .filter((p) => p.number === 13)
      .map((p) => ({
        traceId: fields(bytesOf(p)).find((f) => f.number === 1) ? bytesOf(fields(bytesOf(p)).find((f) => f.number === 1)!).toString("hex") : "",
      })),
    statusCode: statusCode ? Number(statusCode.value) : 0,
    resource,
    scope,
  };
}

/** Decodes an `ExportTraceServiceRequest` body into flat spans. */
export function decodeTraceRequest(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of fields(body).filter((f) => f.number === 1)) {
    const parts = fields(bytesOf(resourceSpans));
    const resourceField = parts.find((p) => p.number === 1);
    const resource = resourceField ? keyValues(fields(bytesOf(resourceField)), 1) : {};
    for (const scopeSpans of parts.filter((p) => p.number === 2)) {
      const scopeParts = fields(bytesOf(scopeSpans));
      const scopeField = scopeParts.find((p) => p.number === 1);
      const scopeName = scopeField ? fields(bytesOf(scopeField)).find((p) => p.number === 1) : undefined;
      const scope = scopeName ? bytesOf(scopeName).toString("utf8") : "";
      for (const s of scopeParts.filter((p) => p.number === 2)) spans.push(span(bytesOf(s), resource, scope));
    }
  }
  return spans;
}
