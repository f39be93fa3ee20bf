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
  /** Firehose buffer size in MiB before a delivery to S3 (1-128). @default 64 */
  readonly firehoseBufferingSizeMb?: number;
  /** Firehose buffer interval in seconds before a delivery to S3 (0-900). @default 300 */
  readonly firehoseBufferingIntervalSeconds?: number;
}

export interface ResolvedTelemetryConfig {
  readonly logRetentionDays: number;
  readonly objectLockRetentionDays?: number;
  readonly firehoseBufferingSizeMb: number;
  readonly firehoseBufferingIntervalSeconds: number;
}

/** Checks the `telemetry` section against its declarations (`schema/telemetry-account.ts`). */
export function validateTelemetry(section: TelemetryConfig | undefined, file: string): ConfigProblem[] {
  if (section === undefined) return [];
  if (section === null || typeof section !== "object") {
    return [{ file, field: "telemetry.(section)", value: section, allowed: "expected an object with the telemetry settings" }];
  }
  return checkSettings(TELEMETRY_SCHEMA, section, file, "telemetry");
}

/** Applies the telemetry defaults (the same at every stage). */
export function resolveTelemetry(section: TelemetryConfig | undefined, _stage: string): ResolvedTelemetryConfig {
  return {
    logRetentionDays: section?.logRetentionDays ?? TELEMETRY_DEFAULTS.logRetentionDays,
    firehoseBufferingSizeMb: section?.firehoseBufferingSizeMb ?? TELEMETRY_DEFAULTS.firehoseBufferingSizeMb,
    firehoseBufferingIntervalSeconds: section?.firehoseBufferingIntervalSeconds ?? TELEMETRY_DEFAULTS.firehoseBufferingIntervalSeconds,
    ...(section?.objectLockRetentionDays !== undefined ? { objectLockRetentionDays: section.objectLockRetentionDays } : {}),
  };
}
