import type { ConfigProblem } from "../errors";
import { checkSettings } from "../schema/check";
import { TELEMETRY_DEFAULTS, TELEMETRY_SCHEMA } from "../schema/telemetry-account";

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
}

export interface ResolvedTelemetryConfig {
  readonly logRetentionDays: number;
  readonly auditObjectLockMode: "COMPLIANCE" | "GOVERNANCE";
  readonly objectLockRetentionDays?: number;
  readonly firehoseBufferingSizeMb: number;
  readonly firehoseBufferingIntervalSeconds: number;
}

/** Checks the `telemetry` section against its declarations (`schema/telemetry-account.ts`). */
export function validateTelemetry(section: TelemetryConfig | undefined, file: string, production = false): ConfigProblem[] {
  if (section === undefined) return [];
  if (section === null || typeof section !== "object") {
    return [{ file, field: "telemetry.(section)", value: section, allowed: "expected an object with the telemetry settings" }];
  }
  const problems = checkSettings(TELEMETRY_SCHEMA, section, file, "telemetry");
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

/** Applies the telemetry defaults (the audit lock's mode depends on whether the stage is production). */
export function resolveTelemetry(section: TelemetryConfig | undefined, production: boolean): ResolvedTelemetryConfig {
  return {
    logRetentionDays: section?.logRetentionDays ?? TELEMETRY_DEFAULTS.logRetentionDays,
    auditObjectLockMode: section?.auditObjectLockMode ?? (production ? "COMPLIANCE" : "GOVERNANCE"),
    firehoseBufferingSizeMb: section?.firehoseBufferingSizeMb ?? TELEMETRY_DEFAULTS.firehoseBufferingSizeMb,
    firehoseBufferingIntervalSeconds: section?.firehoseBufferingIntervalSeconds ?? TELEMETRY_DEFAULTS.firehoseBufferingIntervalSeconds,
    ...(section?.objectLockRetentionDays !== undefined ? { objectLockRetentionDays: section.objectLockRetentionDays } : {}),
  };
}
