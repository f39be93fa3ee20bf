/**
 * Alarms on client data reaching the judge: the PII canary's leaks (page), a canary no longer
 * evaluated for two periods (page: the guard is blind), and records the evaluator's last check stopped
 * (ticket: nothing left, but the masks missed something the last check caught).
 */
import { DIMENSIONS, PRIVACY_METRICS } from "../../../contracts/metric-catalogue";
import type { DirectAlarmDraft } from "./alarm-config";
import type { DirectAlarmKindOf } from "./kinds";

/** What the privacy alarms watch. */
export interface PiiGuardAlarmProps {
  /** The evaluator's function name: the `Evaluator` dimension of the privacy metrics. */
  readonly evaluatorName: string;
  /**
   * Minutes between PII canary runs (the evaluation layer's `piiCanary.intervalMinutes`): the canary
   * alarms' period. @default - no canary alarms (no canary deployed)
   */
  readonly canaryIntervalMinutes?: number;
}

export type PiiGuardAlarmKind = DirectAlarmKindOf<"piiGuard">;

export type PiiGuardAlarmSpec = DirectAlarmDraft<PiiGuardAlarmKind>;

const metricOf = (metric: (typeof PRIVACY_METRICS)[keyof typeof PRIVACY_METRICS], evaluatorName: string, period: number, statistic: string) => ({
  namespace: metric.namespace,
  metricName: metric.name,
  dimensions: { [DIMENSIONS.evaluator]: evaluatorName },
  period,
  statistic,
});

/** The `piiGuard` family, when `piiGuard` is given. */
export function piiGuardAlarms(input: { readonly piiGuard?: PiiGuardAlarmProps }): PiiGuardAlarmSpec[] {
  return input.piiGuard === undefined ? [] : piiGuardAlarmSpecs(input.piiGuard);
}

/** The privacy alarms of one evaluator: the canary pair when a canary runs, and always the last check's. */
export function piiGuardAlarmSpecs(props: PiiGuardAlarmProps): PiiGuardAlarmSpec[] {
  const specs: PiiGuardAlarmSpec[] = [];
  const evaluator = props.evaluatorName;
  if (props.canaryIntervalMinutes !== undefined) {
    const period = props.canaryIntervalMinutes * 60;
    specs.push(
      {
        kind: "piiCanaryLeak",
        text: {
          what: `The PII canary of evaluator ${evaluator} found planted client data (name, street, CEP, CPF or account) in the payload sent to the Bedrock judge: client data left the masking.`,
          causes: "a masking regression (detector or word-list change), the last check bypassed or changed, a new payload field sent to the judge unmasked.",
        },
        config: {
          ...metricOf(PRIVACY_METRICS.canaryLeaks, evaluator, period, "Maximum"),
          comparisonOperator: "GreaterThanThreshold",
          threshold: 0,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          treatMissingData: "notBreaching",
        },
      },
      {
        kind: "piiCanaryMissing",
        text: {
          what: `No PII canary of evaluator ${evaluator} was evaluated in two canary periods: the guard on client data is blind (plant, notification, evaluator, last check or checker broken).`,
          causes:
            "canary records stopped by the last check (pii_survived_masking), the evaluator failing or throttled, the S3 notification or queue broken, the plant or check schedule failing (see the canary DLQ).",
        },
        config: {
          ...metricOf(PRIVACY_METRICS.canaryEvaluated, evaluator, period, "Sum"),
          comparisonOperator: "LessThanThreshold",
          threshold: 1,
          evaluationPeriods: 2,
          datapointsToAlarm: 2,
          // No datapoint at all means the checker did not run: as blind as a missing canary.
          treatMissingData: "breaching",
        },
      },
    );
  }
  specs.push({
    kind: "piiSurvivedMasking",
    text: {
      what: `The last check of evaluator ${evaluator} stopped records whose masked text still held client data; they were dead-lettered (pii_survived_masking), never sent to the judge.`,
      causes:
        "a name or identifier form the masks do not know, a masked name repeated unmasked later in the text, a client value in the record's metadata repeated in its text.",
    },
    config: {
      ...metricOf(PRIVACY_METRICS.survivedMasking, evaluator, 3600, "Sum"),
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
    },
  });
  return specs;
}
