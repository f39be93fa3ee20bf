/**
 * An OTLP/HTTP traces receiver on 127.0.0.1 (port 0): accepts `POST /v1/traces` in protobuf or
 * JSON (gzip or not), keeps every span, and answers 200 with an empty `ExportTraceServiceResponse`.
 * Tests point the functions' standard `OTEL_EXPORTER_OTLP_ENDPOINT` at it; no Collector binary is
 * available here. Also records each request's headers (the X-Ray exporter's SigV4 signature).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { decodeTraceRequest } from "./otlp-protobuf";
import type { ReceivedSpan, SpanEvent } from "./otlp-span";

export type { ReceivedSpan, SpanEvent };

interface JsonKeyValue {
  readonly key: string;
  readonly value?: JsonAnyValue;
}
interface JsonAnyValue {
  readonly stringValue?: string;
  readonly boolValue?: boolean;
  readonly intValue?: number | string;
  readonly doubleValue?: number;
  readonly arrayValue?: { readonly values?: readonly JsonAnyValue[] };
}

function jsonValue(value: JsonAnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(jsonValue);
  return undefined;
}

const jsonAttributes = (list: readonly JsonKeyValue[] | undefined): Record<string, unknown> =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, jsonValue(kv.value)]));
const nanos = (value: unknown): number => Number(BigInt(String(value ?? 0)) / 1000n) / 1000;

// biome-ignore lint/suspicious/noExplicitAny: the OTLP JSON tree is walked field by field below.
function decodeJson(body: any): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of body.resourceSpans ?? []) {
    const resource = jsonAttributes(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const s of scopeSpans.spans ?? []) {
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
          name: s.name,
          kind: s.kind ?? 0,
          startMs: nanos(s.startTimeUnixNano),
          endMs: nanos(s.endTimeUnixNano),
          attributes: jsonAttributes(s.attributes),
          events: (s.events ?? []).map((e: { name: string; timeUnixNano: unknown; attributes?: JsonKeyValue[] }) => ({
            name: e.name,
            timeMs: nanos(e.timeUnixNano),
            attributes: jsonAttributes(e.attributes),
          })),
          links: (s.links ?? []).map((l: { traceId: string }) => ({ traceId: l.traceId })),
          statusCode: s.status?.code ?? 0,
          resource,
          scope: scopeSpans.scope?.name ?? "",
        });
      }
    }
  }
  return spans;
}

export interface OtlpReceiver {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  readonly requests: { readonly path: string; readonly headers: IncomingHttpHeaders; readonly contentType: string }[];
  /** Resolves once at least `count` spans arrived (rejects after `timeoutMs`). */
  waitForSpans(count: number, timeoutMs?: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: OtlpReceiver["requests"] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
      const contentType = String(req.headers["content-type"] ?? "");
      requests.push({ path: req.url ?? "", headers: req.headers, contentType });
      try {
        spans.push(...(contentType.includes("json") ? decodeJson(JSON.parse(body.toString("utf8"))) : decodeTraceRequest(body)));
      } catch (error) {
        res.writeHead(400, { "content-type": "text/plain" }).end(String(error));
        return;
      }
      if (contentType.includes("json")) res.writeHead(200, { "content-type": "application/json" }).end("{}");
      else res.writeHead(200, { "content-type": "application/x-protobuf" }).end(Buffer.alloc(0));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    spans,
    requests,
    async waitForSpans(count, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (spans.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} spans, received ${spans.length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return spans;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
