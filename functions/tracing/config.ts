/**
 * Tracing configuration from OpenTelemetry's standard environment variables (the SDK
 * specification's names and values), validated so that a typo fails the cold start naming the
 * variable instead of silently tracing nothing.
 */
import { TRACE_EXPORTERS, type TraceExporterName } from "../../contracts/tracing";
import { TRACES_SAMPLER_ARG_VARIABLE, TRACING_VARIABLES } from "../../contracts/tracing-environment";

/** The samplers of the specification's `OTEL_TRACES_SAMPLER`. */
export const SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** The OTLP/HTTP encodings the functions bundle (`OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL`). */
export const OTLP_PROTOCOLS = ["http/protobuf", "http/json"] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export interface TracingConfig {
  /** False with `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`: no span is created. */
  readonly enabled: boolean;
  readonly serviceName: string;
  readonly exporters: readonly Exclude<TraceExporterName, "none">[];
  readonly sampler: SamplerName;
  /** `OTEL_TRACES_SAMPLER_ARG` for the ratio samplers. @default 1 */
  readonly ratio: number;
  readonly otlpProtocol: OtlpProtocol;
  /** The function's region (`AWS_REGION`), for the X-Ray endpoint. */
  readonly region?: string;
}

/** A tracing variable with a value the functions do not accept. */
export class TracingConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable} ${detail}`);
    this.name = "TracingConfigError";
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new TracingConfigError(name, `must be one of ${allowed.join(", ")}, got "${raw}"`);
  }
  return raw as T;
}

function exporterList(env: Env): TraceExporterName[] {
  const raw = env[TRACING_VARIABLES.tracesExporter]?.trim();
  // The specification's default is `otlp`: with no endpoint configured that would post to localhost.
  if (!raw) return ["none"];
  const names = raw.split(",").map((name) => name.trim().toLowerCase());
  for (const name of names) {
    if (!(TRACE_EXPORTERS as readonly string[]).includes(name)) {
      throw new TracingConfigError(TRACING_VARIABLES.tracesExporter, `lists "${name}"; allowed: ${TRACE_EXPORTERS.join(", ")} (comma separated)`);
    }
  }
  return [...new Set(names as TraceExporterName[])];
}

function ratio(env: Env): number {
  const variable = TRACES_SAMPLER_ARG_VARIABLE;
  const raw = env[variable.name]?.trim();
  if (!raw) return variable.default;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < variable.min || value > variable.max) {
    throw new TracingConfigError(variable.name, `must be a ratio from ${variable.min} to ${variable.max}, got "${raw}"`);
  }
  return value;
}

/** Reads the standard variables; throws {@link TracingConfigError} naming the variable. */
export function loadTracingConfig(env: Env, defaultServiceName: string): TracingConfig {
  const v = TRACING_VARIABLES;
  const disabled = env[v.sdkDisabled]?.trim().toLowerCase() === "true";
  const exporters = exporterList(env);
  const sampler = oneOf(env, v.tracesSampler, SAMPLERS, "parentbased_always_on");
  const protocolVariable = env[v.otlpTracesProtocol]?.trim() ? v.otlpTracesProtocol : v.otlpProtocol;
  const otlpProtocol = oneOf(env, protocolVariable, OTLP_PROTOCOLS, "http/protobuf");
  const active = exporters.filter((name): name is Exclude<TraceExporterName, "none"> => name !== "none");
  const region = env.AWS_REGION?.trim() || undefined;
  if (active.includes("xray") && !region) {
    throw new TracingConfigError("AWS_REGION", "is required with OTEL_TRACES_EXPORTER=xray (the X-Ray endpoint is regional)");
  }
  return {
    enabled: !disabled && active.length > 0 && !exporters.includes("none"),
    serviceName: env[v.serviceName]?.trim() || defaultServiceName,
    exporters: active,
    sampler,
    ratio: ratio(env),
    otlpProtocol,
    ...(region ? { region } : {}),
  };
}
