import type { Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter as OtlpJsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OtlpProtobufTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  type SpanExporter,
  TraceIdRatioBasedSampler,
} from "@opentelemetry/sdk-trace-base";
import { xrayOtlpEndpoint } from "../../contracts/tracing";
import { loadTracingConfig, type TracingConfig } from "./config";
import { KeepErrorsSpanProcessor } from "./keep-processor";
import { RecordAllSampler } from "./keep-sampler";
import { XrayOtlpSpanExporter } from "./xray-exporter";

/** A function's tracing: a tracer when on, and a bounded flush to call before answering. */
export interface Tracing {
  /** Absent when tracing is off (`telemetry.tracing: false`, `OTEL_SDK_DISABLED`, no exporter). */
  readonly tracer?: Tracer;
  /**
   * Exports what has ended, waiting at most until `deadline` (epoch ms). Never throws: Lambda
   * freezes the sandbox after the handler returns, so spans left in the buffer would wait for the
   * next invocation.
   */
  flush(deadline?: number): Promise<void>;
}

function headSampler(config: TracingConfig): Sampler {
  switch (config.sampler) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return new TraceIdRatioBasedSampler(config.ratio);
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function exporterFor(name: TracingConfig["exporters"][number], config: TracingConfig): SpanExporter {
  if (name === "xray") {
    // Checked by loadTracingConfig: xray needs the region.
    return new XrayOtlpSpanExporter({ url: xrayOtlpEndpoint(config.region!), region: config.region! });
  }
  // These read OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT, _COMPRESSION themselves.
  return config.otlpProtocol === "http/json" ? new OtlpJsonTraceExporter() : new OtlpProtobufTraceExporter();
}

const NO_TRACING: Tracing = { flush: () => Promise.resolve() };

/**
 * Builds the tracer provider from the standard variables (`loadTracingConfig`). Not registered
 * globally: only the platform's own spans are made, nothing is auto-instrumented.
 */
export function startTracing(env: Readonly<Record<string, string | undefined>>, defaultServiceName: string, scope: string): Tracing {
  const config = loadTracingConfig(env, defaultServiceName);
  if (!config.enabled) return NO_TRACING;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      "service.name": config.serviceName,
      "cloud.provider": "aws",
      "cloud.platform": "aws_lambda",
      ...(config.region ? { "cloud.region": config.region } : {}),
      ...(env.AWS_LAMBDA_FUNCTION_NAME ? { "faas.name": env.AWS_LAMBDA_FUNCTION_NAME } : {}),
    }),
    sampler: new RecordAllSampler(headSampler(config)),
    spanProcessors: config.exporters.map((name) => new KeepErrorsSpanProcessor(new BatchSpanProcessor(exporterFor(name, config)))),
  });
  const tracer = provider.getTracer(scope);
  return {
    tracer,
    flush: async (deadline) => {
      let timer: NodeJS.Timeout | undefined;
      const waited = deadline === undefined ? undefined : new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
      try {
        await Promise.race([provider.forceFlush().catch(() => undefined), ...(waited ? [waited] : [])]);
      } finally {
        if (timer) clearTimeout(timer);
      }
    },
  };
}
