/**
 * One record per direct alarm kind: its family (the switch that turns it off), the runbook it
 * links and who is told by default. The kind type, the default severities and each family's kinds
 * are derived from it, so a new kind is one line here plus its builder.
 */
import type { RunbookFamily } from "../runbooks";
import type { Severity } from "../slo/slo";
import { DIRECT_ALARM_FAMILY_NAMES, type DirectAlarmFamily } from "./families";

/** What is fixed about one kind of direct alarm, whatever the props. */
export interface DirectAlarmKindRecord {
  /** The switch (`DirectAlarmFamilies`) the kind belongs to. */
  readonly family: DirectAlarmFamily;
  /** The runbook the alarm links: `runbooks/<runbook>.md`. */
  readonly runbook: RunbookFamily;
  /** Who is told unless `severityOverrides` says otherwise. */
  readonly severity: Severity;
}

/**
 * Every direct alarm kind, in creation order. Symptoms users feel are paged through the SLO
 * burn-rate alarms, so these are tickets, except lost audit logs (Firehose gives up on a record
 * after its retry window) and client data reaching the judge, or a guard gone blind, which is a
 * compliance incident (LGPD, BACEN).
 */
export const DIRECT_ALARM_KINDS = {
  gpuMemory: { family: "gpu", runbook: "gpu-memory", severity: "ticket" },
  latencyContention: { family: "latency", runbook: "latency-contention", severity: "ticket" },
  ttftP95: { family: "latency", runbook: "latency-contention", severity: "ticket" },
  promptTokensAnomaly: { family: "promptAnomaly", runbook: "prompt-anomaly", severity: "ticket" },
  cacheHitRate: { family: "cacheHitRate", runbook: "cache-efficiency", severity: "ticket" },
  deadLetterQueue: { family: "deadLetterQueues", runbook: "dead-letter-queue", severity: "ticket" },
  lambdaErrors: { family: "lambda", runbook: "lambda-health", severity: "ticket" },
  lambdaThrottles: { family: "lambda", runbook: "lambda-health", severity: "ticket" },
  firehoseDeliveryFailure: { family: "firehose", runbook: "firehose-delivery", severity: "page" },
  firehoseDataFreshness: { family: "firehose", runbook: "firehose-delivery", severity: "page" },
  judgeSpend: { family: "judgeSpend", runbook: "judge-spend", severity: "ticket" },
  judgeCalibrationKappa: { family: "judgeCalibration", runbook: "judge-calibration", severity: "ticket" },
  judgeCalibrationBias: { family: "judgeCalibration", runbook: "judge-calibration", severity: "ticket" },
  judgeCalibrationFailed: { family: "judgeCalibration", runbook: "judge-calibration", severity: "ticket" },
  piiCanaryLeak: { family: "piiGuard", runbook: "pii-canary", severity: "page" },
  piiCanaryMissing: { family: "piiGuard", runbook: "pii-canary", severity: "page" },
  piiSurvivedMasking: { family: "piiGuard", runbook: "pii-canary", severity: "ticket" },
} as const satisfies Readonly<Record<string, DirectAlarmKindRecord>>;

/** The kinds of direct (threshold) alarm `DirectAlarms` creates. */
export type DirectAlarmKind = keyof typeof DIRECT_ALARM_KINDS;

/** The kinds of one family, e.g. `DirectAlarmKindOf<"lambda">` is `"lambdaErrors" | "lambdaThrottles"`. */
export type DirectAlarmKindOf<F extends DirectAlarmFamily> = {
  [K in DirectAlarmKind]: (typeof DIRECT_ALARM_KINDS)[K]["family"] extends F ? K : never;
}[DirectAlarmKind];

const KIND_NAMES = Object.keys(DIRECT_ALARM_KINDS) as DirectAlarmKind[];

/** `pick(record)` of every kind, keyed by kind. */
function perKind<T>(pick: (record: DirectAlarmKindRecord) => T): Record<DirectAlarmKind, T> {
  return Object.fromEntries(KIND_NAMES.map((kind) => [kind, pick(DIRECT_ALARM_KINDS[kind])])) as Record<DirectAlarmKind, T>;
}

/** Who is told by default, per kind. */
export const DEFAULT_DIRECT_ALARM_SEVERITY: Readonly<Record<DirectAlarmKind, Severity>> = perKind((record) => record.severity);

/** The alarm kinds of each family, in creation order. */
export const DIRECT_ALARM_FAMILY_KINDS: Readonly<Record<DirectAlarmFamily, readonly DirectAlarmKind[]>> = Object.fromEntries(
  DIRECT_ALARM_FAMILY_NAMES.map((family): [DirectAlarmFamily, readonly DirectAlarmKind[]] => [
    family,
    KIND_NAMES.filter((kind) => DIRECT_ALARM_KINDS[kind].family === family),
  ]),
) as Record<DirectAlarmFamily, readonly DirectAlarmKind[]>;

/** Alarm name suffix of a kind: `promptTokensAnomaly` -> `prompt-tokens-anomaly`. */
export function directAlarmName(kind: DirectAlarmKind): string {
  return kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
