/**
 * OpenTelemetry's standard environment variables as the platform's functions use them: the modules
 * set them (modules/shared/function-tracing.ts), the functions read them (functions/tracing/config.ts).
 * The names are the SDK specification's; declared here so that neither side spells them.
 */
import type { NumberVariable } from "./environment-variable";

export const TRACING_VARIABLES = {
  /** `true` turns the SDK off: no span is created. */
  sdkDisabled: "OTEL_SDK_DISABLED",
  serviceName: "OTEL_SERVICE_NAME",
  /** Comma-separated exporter names (contracts/tracing.ts `TRACE_EXPORTERS`). */
  tracesExporter: "OTEL_TRACES_EXPORTER",
  tracesSampler: "OTEL_TRACES_SAMPLER",
  otlpTracesEndpoint: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
  otlpTracesProtocol: "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
  /** The protocol for every signal, read when the traces one is unset. */
  otlpProtocol: "OTEL_EXPORTER_OTLP_PROTOCOL",
} as const;

/** `OTEL_TRACES_SAMPLER_ARG`: the ratio of the ratio samplers (the specification's default is 1). */
export const TRACES_SAMPLER_ARG_VARIABLE = { name: "OTEL_TRACES_SAMPLER_ARG", default: 1, min: 0, max: 1, integer: false } as const satisfies NumberVariable;
