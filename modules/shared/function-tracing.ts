/**
 * How a platform function exports its traces, as Lambda environment variables (OpenTelemetry's
 * standard `OTEL_*` names, read by functions/tracing) and the role statement the X-Ray OTLP
 * endpoint needs. Shared by the gateway and the evaluation layer.
 */
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import type { Construct } from "constructs";
import { TRACES_SAMPLER_ARG_VARIABLE, TRACING_VARIABLES } from "../../contracts/tracing-environment";
import type { BundledFunction } from "./bundled-function";

/** A bank-run OTLP/HTTP traces endpoint (its collector, Langfuse, Phoenix, Datadog agent) and the network path to it. */
export interface OtlpTraceDestination {
  /** Full traces URL (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), https, e.g. `https://otel-collector.bank.internal:4318/v1/traces`. */
  readonly url: string;
  /** @default "http/protobuf" */
  readonly protocol?: "http/protobuf" | "http/json";
}

/** Trace export of a function: on (X-Ray by default, an OTLP endpoint optionally too) or off. */
export interface FunctionTracing {
  /** Head-sampling ratio of new traces (0-1); errors and guardrail hits are always kept. */
  readonly sampleRatio: number;
  /** Also export to this endpoint. @default - X-Ray only */
  readonly otlp?: OtlpTraceDestination;
}

/** What the modules default to: X-Ray, 10 % of new traces, every error and guardrail hit. */
export const DEFAULT_FUNCTION_TRACING: FunctionTracing = { sampleRatio: 0.1 };

/** Checks the settings; throws naming the field and the fix. */
export function validateFunctionTracing(tracing: FunctionTracing | false): void {
  if (tracing === false) return;
  const ratio = TRACES_SAMPLER_ARG_VARIABLE;
  if (!(tracing.sampleRatio >= ratio.min && tracing.sampleRatio <= ratio.max)) {
    throw new Error(`tracing sampleRatio must be ${ratio.min}-${ratio.max}, got ${tracing.sampleRatio}`);
  }
  if (tracing.otlp && !/^https:\/\/[^\s/]+(:\d+)?\/\S*$/.test(tracing.otlp.url)) {
    throw new Error(
      `tracing otlp url must be an https url of the traces endpoint (e.g. https://collector.bank.internal:4318/v1/traces), got "${tracing.otlp.url}"`,
    );
  }
}

/** The function's `OTEL_*` variables: `OTEL_SDK_DISABLED=true` when off. */
export function tracingEnvironment(tracing: FunctionTracing | false, serviceName: string): Record<string, string> {
  const v = TRACING_VARIABLES;
  if (tracing === false) return { [v.sdkDisabled]: "true" };
  return {
    [v.serviceName]: serviceName,
    [v.tracesExporter]: tracing.otlp ? "xray,otlp" : "xray",
    [v.tracesSampler]: "parentbased_traceidratio",
    [TRACES_SAMPLER_ARG_VARIABLE.name]: String(tracing.sampleRatio),
    ...(tracing.otlp ? { [v.otlpTracesEndpoint]: tracing.otlp.url, [v.otlpTracesProtocol]: tracing.otlp.protocol ?? "http/protobuf" } : {}),
  };
}

/**
 * Lets the function post to X-Ray's OTLP traces endpoint (`xray:PutSpans`, and
 * `xray:PutSpansForIndexing` for Transaction Search's indexed spans): X-Ray has no resource-level
 * permissions for them, so the statement is held to the stack's region instead.
 */
export function grantTraceExport(fn: BundledFunction, region: string): void {
  fn.addToRolePolicy({
    Sid: `${fn.grantName}ExportsTracesToXRay`,
    Effect: "Allow",
    Action: ["xray:PutSpans", "xray:PutSpansForIndexing"],
    Resource: "*",
    Condition: { StringEquals: { "aws:RequestedRegion": region } },
  });
}

/**
 * The network path to the bank's OTLP endpoint: egress to `cidr` on the URL's port from each of the
 * functions' security groups. Call once per set of groups (a second identical rule fails to apply).
 */
export function allowOtlpEgress(scope: Construct, destination: OtlpTraceDestination, cidr: string, securityGroupIds: readonly string[]): void {
  const url = new URL(destination.url);
  const port = Number(url.port || 443);
  securityGroupIds.forEach((securityGroupId, i) => {
    new VpcSecurityGroupEgressRule(scope, `otlp-egress-${i}`, {
      securityGroupId,
      cidrIpv4: cidr,
      ipProtocol: "tcp",
      fromPort: port,
      toPort: port,
      description: "OTLP/HTTP traces to the bank's collector",
    });
  });
}
