import { ExportResultCode, type ExportResult } from "@opentelemetry/core";
import { ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { SignedPoster } from "../signing/sigv4";

export interface XrayExporterOptions {
  /** `https://xray.<region>.amazonaws.com/v1/traces` (or a local server in tests). */
  readonly url: string;
  readonly region: string;
  /** Per-export bound. @default 10000 (OTLP's default) */
  readonly timeoutMs?: number;
  /** The function's credentials. @default - AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, as Lambda sets them */
  readonly credentials?: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
}

/**
 * OTLP/HTTP protobuf to the CloudWatch / X-Ray traces endpoint, signed with SigV4 (service `xray`)
 * as that endpoint requires; the OpenTelemetry JS OTLP exporter cannot sign. Needs Transaction
 * Search on in the account (docs/tracing.md).
 */
export class XrayOtlpSpanExporter implements SpanExporter {
  private readonly poster: SignedPoster;
  private readonly pending = new Set<Promise<void>>();

  constructor(options: XrayExporterOptions) {
    this.poster = new SignedPoster(new URL(options.url), {
      service: "xray",
      region: options.region,
      purpose: "the X-Ray export",
      ...(options.credentials ? { credentials: options.credentials } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const sent = this.send(spans).then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (error: unknown) => resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  private async send(spans: ReadableSpan[]): Promise<void> {
    const body = ProtobufTraceSerializer.serializeRequest(spans);
    if (!body) throw new Error("the spans could not be serialized to OTLP protobuf");
    const response = await this.poster.post(body, "application/x-protobuf");
    // Drain the body so that the connection is reused.
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`X-Ray OTLP endpoint answered HTTP ${response.status}`);
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.pending);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }
}
