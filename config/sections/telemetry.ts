import type { ConfigProblem } from "../errors";
import { ALLOWED_LOG_RETENTION_DAYS, isAllowedLogRetention, MIN_LOG_RETENTION_DAYS } from "../../modules/shared/encrypted-log-group";

/** Inference logs expire after 2,557 days; a longer lock would block the lifecycle expiry. */
const MAX_OBJECT_LOCK_DAYS = 2557;

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

export const TELEMETRY_DEFAULTS = {
  logRetentionDays: 365,
  firehoseBufferingSizeMb: 64,
  firehoseBufferingIntervalSeconds: 300,
} as const;

const isInt = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Checks the `telemetry` section; every problem names the file and field. */
export function validateTelemetry(section: TelemetryConfig | undefined, file: string, production = false): ConfigProblem[] {
  if (section === undefined) return [];
  const problems: ConfigProblem[] = [];
  const check = (ok: boolean, field: string, value: unknown, allowed: string) => {
    if (!ok) problems.push({ file, field: `telemetry.${field}`, value, allowed });
  };
  if (section === null || typeof section !== "object") {
    check(false, "(section)", section, "expected an object with the telemetry settings");
    return problems;
  }
  if (section.logRetentionDays !== undefined) {
    check(
      isAllowedLogRetention(section.logRetentionDays),
      "logRetentionDays",
      section.logRetentionDays,
      `expected a CloudWatch Logs retention of at least ${MIN_LOG_RETENTION_DAYS} days: ${ALLOWED_LOG_RETENTION_DAYS.join(", ")}`,
    );
  }
  if (section.objectLockRetentionDays !== undefined) {
    check(
      isInt(section.objectLockRetentionDays, 1, MAX_OBJECT_LOCK_DAYS),
      "objectLockRetentionDays",
      section.objectLockRetentionDays,
      `expected a whole number of days from 1 to ${MAX_OBJECT_LOCK_DAYS} (the inference logs' expiry)`,
    );
  }
  if (section.auditObjectLockMode !== undefined) {
    check(
      section.auditObjectLockMode === "COMPLIANCE" || section.auditObjectLockMode === "GOVERNANCE",
      "auditObjectLockMode",
      section.auditObjectLockMode,
      'expected "COMPLIANCE" or "GOVERNANCE"',
    );
    check(
      !(production && section.auditObjectLockMode === "GOVERNANCE"),
      "auditObjectLockMode",
      section.auditObjectLockMode,
      'a production audit trail is locked in "COMPLIANCE" mode (audit retention controls: no one may shorten it); remove the setting',
    );
  }
  const removed = (section as { otelLayerArn?: unknown }).otelLayerArn;
  if (removed !== undefined) {
    check(false, "otelLayerArn", removed, 'no longer used: the gateway publishes every metric once, with EMF (README, "Metrics: EMF is the route"); remove it');
  }
  if (section.firehoseBufferingSizeMb !== undefined) {
    check(
      isInt(section.firehoseBufferingSizeMb, 1, 128),
      "firehoseBufferingSizeMb",
      section.firehoseBufferingSizeMb,
      "expected a whole number of MiB from 1 to 128",
    );
  }
  if (section.firehoseBufferingIntervalSeconds !== undefined) {
    check(
      isInt(section.firehoseBufferingIntervalSeconds, 0, 900),
      "firehoseBufferingIntervalSeconds",
      section.firehoseBufferingIntervalSeconds,
      "expected a whole number of seconds from 0 to 900",
    );
  }
  return problems;
}

/** Applies the telemetry defaults (the audit lock's mode depends on the stage). */
export function resolveTelemetry(section: TelemetryConfig | undefined, production: boolean): ResolvedTelemetryConfig {
  return {
    logRetentionDays: section?.logRetentionDays ?? TELEMETRY_DEFAULTS.logRetentionDays,
    auditObjectLockMode: section?.auditObjectLockMode ?? (production ? "COMPLIANCE" : "GOVERNANCE"),
    firehoseBufferingSizeMb: section?.firehoseBufferingSizeMb ?? TELEMETRY_DEFAULTS.firehoseBufferingSizeMb,
    firehoseBufferingIntervalSeconds: section?.firehoseBufferingIntervalSeconds ?? TELEMETRY_DEFAULTS.firehoseBufferingIntervalSeconds,
    ...(section?.objectLockRetentionDays !== undefined ? { objectLockRetentionDays: section.objectLockRetentionDays } : {}),
  };
}
