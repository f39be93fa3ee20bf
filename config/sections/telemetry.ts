import type { ConfigProblem } from "../errors";
import { DEFAULT_FUNCTION_TRACING, type FunctionTracing, type OtlpTraceDestination } from "../../modules/shared";
import { checkSettings } from "../schema/check";
import { TELEMETRY_DEFAULTS, TELEMETRY_SCHEMA } from "../schema/telemetry-account";
import { checkPattern, sectionProblems } from "./section-check";

export { TELEMETRY_DEFAULTS } from "../schema/telemetry-account";

/** Telemetry pipeline settings: log retention, WORM lock, Firehose buffering. */
export interface TelemetryConfig {
  /**
   * Days CloudWatch keeps the platform's log groups (delivery errors, audit trail). One of the
   * CloudWatch retention values, at least 365.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Enables S3 Object Lock (compliance mode) on the inference log bucket with this default
   * retention in days (1-2557). Cannot be turned on for an existing bucket: the bucket is replaced.
   * @default - no Object Lock
   */
  readonly objectLockRetentionDays?: number;
  /**
   * S3 Object Lock mode of the two audit-trail buckets (their files are locked for the buckets'
   * 7-year life): `COMPLIANCE` (no one can delete or overwrite a log file early, the account's root
   * included) or `GOVERNANCE` (principals granted s3:BypassGovernanceRetention can; non-production only).
   * @default "COMPLIANCE" in prod, "GOVERNANCE" elsewhere
   */
  readonly auditObjectLockMode?: "COMPLIANCE" | "GOVERNANCE";
  /** Firehose buffer size in MiB before a delivery to S3 (1-128). @default 64 */
  readonly firehoseBufferingSizeMb?: number;
  /** Firehose buffer interval in seconds before a delivery to S3 (0-900). @default 300 */
  readonly firehoseBufferingIntervalSeconds?: number;
  /**
   * Traces (OpenTelemetry GenAI spans of the gateway, the judge's verdict on the same trace):
   * `false` turns them off; otherwise they go to X-Ray / CloudWatch (Transaction Search) and, with
   * `otlp`, also to the bank's OTLP/HTTP endpoint. docs/tracing.md.
   * @default { sampleRatio: 0.1 } - X-Ray, 10 % of new traces, every error and guardrail hit
   */
  readonly tracing?: boolean | TracingSettings;
}

/** Trace sampling and the optional bank-run destination. */
export interface TracingSettings {
  /** Head-sampling ratio of new traces, 0-1 (errors and guardrail hits are always kept). @default 0.1 */
  readonly sampleRatio?: number;
  /** The bank's OTLP/HTTP traces endpoint (its collector, Langfuse, Phoenix, Datadog) and network path. @default - X-Ray only */
  readonly otlp?: OtlpTraceDestination & {
    /**
     * CIDR of the endpoint in the bank's network: the stack adds egress to it (the URL's port) on the
     * environment's security groups. Leave out when they already allow it.
     * @default - no egress rule added
     */
    readonly egressCidr?: string;
  };
}

export interface ResolvedTelemetryConfig {
  readonly logRetentionDays: number;
  readonly auditObjectLockMode: "COMPLIANCE" | "GOVERNANCE";
  readonly objectLockRetentionDays?: number;
  readonly firehoseBufferingSizeMb: number;
  readonly firehoseBufferingIntervalSeconds: number;
  /** `false` when off. */
  readonly tracing: FunctionTracing | false;
  /** CIDR the stack opens egress to for the bank's OTLP endpoint. */
  readonly otlpEgressCidr?: string;
}

/** Checks the `telemetry` section against its declarations (`schema/telemetry-account.ts`). */
export function validateTelemetry(section: TelemetryConfig | undefined, file: string, production = false): ConfigProblem[] {
  if (section === undefined) return [];
  if (section === null || typeof section !== "object") {
    return [{ file, field: "telemetry.(section)", value: section, allowed: "expected an object with the telemetry settings" }];
  }
  // `tracing` (true, false or an object) is checked by validateTracing, the rest by the schema.
  const { tracing, ...declared } = section;
  const problems = [...checkSettings(TELEMETRY_SCHEMA, declared, file, "telemetry"), ...validateTracing(tracing, file)];
  if (production && section.auditObjectLockMode === "GOVERNANCE") {
    problems.push({
      file,
      field: "telemetry.auditObjectLockMode",
      value: section.auditObjectLockMode,
      allowed: 'a production audit trail is locked in "COMPLIANCE" mode (audit retention controls: no one may shorten it); remove the setting',
    });
  }
  return problems;
}

const OTLP_URL = /^https:\/\/[^\s/]+(:\d+)?\/\S*$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;

function validateTracing(tracing: TelemetryConfig["tracing"], file: string): ConfigProblem[] {
  if (tracing === undefined || typeof tracing === "boolean") return [];
  const { problems, check } = sectionProblems(file, "telemetry.tracing");
  if (tracing === null || typeof tracing !== "object") {
    return [{ file, field: "telemetry.tracing", value: tracing, allowed: "expected true, false, or { sampleRatio, otlp }" }];
  }
  if (tracing.sampleRatio !== undefined) {
    check(
      typeof tracing.sampleRatio === "number" && tracing.sampleRatio >= 0 && tracing.sampleRatio <= 1,
      "sampleRatio",
      tracing.sampleRatio,
      "expected a ratio from 0 to 1",
    );
  }
  const otlp = tracing.otlp;
  if (otlp !== undefined) {
    checkPattern(
      check,
      "otlp.url",
      otlp.url,
      OTLP_URL,
      "expected an https url of the traces endpoint, e.g. https://otel-collector.bank.internal:4318/v1/traces",
    );
    if (otlp.protocol !== undefined)
      check(otlp.protocol === "http/protobuf" || otlp.protocol === "http/json", "otlp.protocol", otlp.protocol, 'expected "http/protobuf" or "http/json"');
    if (otlp.egressCidr !== undefined) checkPattern(check, "otlp.egressCidr", otlp.egressCidr, CIDR, "expected an IPv4 CIDR such as 10.20.0.0/16");
  }
  return problems;
}

function resolveTracing(tracing: TelemetryConfig["tracing"]): FunctionTracing | false {
  if (tracing === false) return false;
  if (tracing === undefined || tracing === true) return DEFAULT_FUNCTION_TRACING;
  const otlp = tracing.otlp ? { url: tracing.otlp.url, ...(tracing.otlp.protocol ? { protocol: tracing.otlp.protocol } : {}) } : undefined;
  return { sampleRatio: tracing.sampleRatio ?? DEFAULT_FUNCTION_TRACING.sampleRatio, ...(otlp ? { otlp } : {}) };
}

/** Applies the telemetry defaults (the audit lock's mode depends on whether the stage is production). */
export function resolveTelemetry(section: TelemetryConfig | undefined, production: boolean): ResolvedTelemetryConfig {
  return {
    logRetentionDays: section?.logRetentionDays ?? TELEMETRY_DEFAULTS.logRetentionDays,
    auditObjectLockMode: section?.auditObjectLockMode ?? (production ? "COMPLIANCE" : "GOVERNANCE"),
    firehoseBufferingSizeMb: section?.firehoseBufferingSizeMb ?? TELEMETRY_DEFAULTS.firehoseBufferingSizeMb,
    firehoseBufferingIntervalSeconds: section?.firehoseBufferingIntervalSeconds ?? TELEMETRY_DEFAULTS.firehoseBufferingIntervalSeconds,
    tracing: resolveTracing(section?.tracing),
    ...(typeof section?.tracing === "object" && section.tracing.otlp?.egressCidr ? { otlpEgressCidr: section.tracing.otlp.egressCidr } : {}),
    ...(section?.objectLockRetentionDays !== undefined ? { objectLockRetentionDays: section.objectLockRetentionDays } : {}),
  };
}
