/** Declarations of the `telemetry` and `accountSettings` settings of an environment file. */
import { z } from "zod";
import { ALLOWED_LOG_RETENTION_DAYS, isAllowedLogRetention, MIN_LOG_RETENTION_DAYS } from "../../modules/shared";
import { flag, group, int, setting, shown, wholeNumber } from "./setting";

/** Inference logs expire after 2,557 days; a longer lock would block the lifecycle expiry. */
export const MAX_OBJECT_LOCK_DAYS = 2557;

export const TELEMETRY_DEFAULTS = {
  logRetentionDays: 365,
  firehoseBufferingSizeMb: 64,
  firehoseBufferingIntervalSeconds: 300,
} as const;

export const ACCOUNT_SETTINGS_DEFAULTS = {
  ownsApiGatewayLoggingRole: false,
  lambdaConcurrencyLimit: 1000,
} as const;

export const TELEMETRY_SCHEMA = group(
  {
    logRetentionDays: setting(z.number().refine(isAllowedLogRetention), {
      description: "Days CloudWatch keeps the platform's log groups (delivery errors, audit trail).",
      default: shown(TELEMETRY_DEFAULTS.logRetentionDays),
      allowed: `expected a CloudWatch Logs retention of at least ${MIN_LOG_RETENTION_DAYS} days: ${ALLOWED_LOG_RETENTION_DAYS.join(", ")}`,
    }).optional(),
    objectLockRetentionDays: wholeNumber(1, MAX_OBJECT_LOCK_DAYS, {
      description: "S3 Object Lock (compliance mode) on the inference log bucket with this default retention; turning it on replaces the bucket.",
      default: "no Object Lock",
      unit: "days",
      rangeNote: ` (the inference logs' expiry)`,
    }).optional(),
    auditObjectLockMode: setting(z.enum(["COMPLIANCE", "GOVERNANCE"]), {
      description:
        "S3 Object Lock mode of the two audit-trail buckets, whose files are locked for the buckets' 7-year life: COMPLIANCE (no one, root included, deletes or overwrites a file early) or GOVERNANCE (principals with s3:BypassGovernanceRetention can; not in prod).",
      default: '"COMPLIANCE" in prod, "GOVERNANCE" elsewhere',
      allowed: 'expected "COMPLIANCE" or "GOVERNANCE"',
    }).optional(),
    firehoseBufferingSizeMb: wholeNumber(1, 128, {
      description: "Firehose buffer size in MiB before a delivery to S3.",
      default: shown(TELEMETRY_DEFAULTS.firehoseBufferingSizeMb),
      unit: "MiB",
    }).optional(),
    firehoseBufferingIntervalSeconds: wholeNumber(0, 900, {
      description: "Firehose buffer interval in seconds before a delivery to S3.",
      default: shown(TELEMETRY_DEFAULTS.firehoseBufferingIntervalSeconds),
      unit: "seconds",
    }).optional(),
  },
  "Telemetry pipeline: log retention, Object Lock, Firehose buffering.",
);

export const ACCOUNT_SETTINGS_SCHEMA = group(
  {
    ownsApiGatewayLoggingRole: flag({
      description: "This environment's stack owns the account's API Gateway CloudWatch Logs role; exactly one environment per account and region.",
      default: shown(ACCOUNT_SETTINGS_DEFAULTS.ownsApiGatewayLoggingRole),
    }).optional(),
    lambdaConcurrencyLimit: setting(int(1000, 1_000_000), {
      description: "The account's Lambda concurrent-executions quota in this region; every environment's reserved concurrency must leave 100 unreserved.",
      default: shown(ACCOUNT_SETTINGS_DEFAULTS.lambdaConcurrencyLimit),
      allowed: "expected the account's Lambda concurrent-executions quota in this region, a whole number of at least 1000 (the AWS default)",
    }).optional(),
  },
  "Settings that exist once per account and region.",
);
