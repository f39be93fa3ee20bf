/**
 * The source article's direct (threshold) alarms as a construct. What each alarm is made of lives in
 * `direct-alarms/`: one record per kind (`kinds.ts`), one builder per family, the props and their defaults.
 */
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import { directAlarmName, type DirectAlarmKind } from "./direct-alarms/kinds";
import type { DirectAlarmsProps } from "./direct-alarms/props";
import { directAlarmSpecs, type DirectAlarmSpec } from "./direct-alarms/specs";
import { alarmDescription, runbookUrl, validateRunbookBaseUrl } from "./runbooks";
import type { Severity } from "./slo/slo";

export type { DirectAlarmConfig, DirectAlarmDraft, DirectAlarmText } from "./direct-alarms/alarm-config";
export { DIRECT_ALARM_FAMILY_DEFAULTS, validateAlarmFamilies, type DirectAlarmFamilies, type DirectAlarmFamily } from "./direct-alarms/families";
export {
  DEFAULT_DIRECT_ALARM_SEVERITY,
  DIRECT_ALARM_FAMILY_KINDS,
  DIRECT_ALARM_KINDS,
  directAlarmName,
  type DirectAlarmKind,
  type DirectAlarmKindOf,
  type DirectAlarmKindRecord,
} from "./direct-alarms/kinds";
export {
  DEFAULT_JUDGE_DAILY_BUDGET_USD,
  DIRECT_ALARM_THRESHOLD_DEFAULTS,
  givenThresholds,
  type DirectAlarmOptions,
  type DirectAlarmSpecsInput,
  type DirectAlarmThresholds,
  type DirectAlarmsProps,
  type JudgeCalibrationAlarmProps,
} from "./direct-alarms/props";
export { directAlarmSpecs, type DirectAlarmSpec } from "./direct-alarms/specs";

/** A created alarm with its kind and severity, for wiring and tests. */
export interface DirectAlarm {
  readonly kind: DirectAlarmKind;
  readonly severity: Severity;
  readonly alarm: CloudwatchMetricAlarm;
}

/**
 * The source article's direct alarms: GPU memory pressure, P99/P50 contention, TTFT P95, prompt-token
 * anomalies (possible injection), low cache hit rate, non-empty dead-letter queues, Lambda errors
 * and throttles, Firehose delivery failures, judge spend, the judge's calibration runs and the PII guard.
 */
export class DirectAlarms extends Construct {
  readonly alarms: readonly DirectAlarm[];
  /** The alarms as data, in creation order. */
  readonly specs: readonly DirectAlarmSpec[];

  constructor(scope: Construct, id: string, props: DirectAlarmsProps) {
    super(scope, id);
    validateRunbookBaseUrl(props.runbookBaseUrl);
    this.specs = directAlarmSpecs(props);
    this.alarms = this.specs.map((spec) => ({ kind: spec.kind, severity: spec.severity, alarm: this.render(spec, props) }));
  }

  /** One spec as an alarm named `<namePrefix>-<kind>[-<instance>]`, routed to its severity's topic. */
  private render(spec: DirectAlarmSpec, props: DirectAlarmsProps): CloudwatchMetricAlarm {
    const topic = spec.severity === "page" ? props.pageTopicArn : props.ticketTopicArn;
    const suffix = spec.idSuffix ? `-${spec.idSuffix}` : "";
    return new CloudwatchMetricAlarm(this, `${spec.kind}${suffix}`, {
      ...spec.config,
      alarmName: `${props.namePrefix}-${directAlarmName(spec.kind)}${suffix}`,
      alarmDescription: alarmDescription({ ...spec.text, runbookUrl: runbookUrl(props.runbookBaseUrl, spec.family) }),
      alarmActions: [topic],
      okActions: [topic],
      tags: { ...(props.tags ?? {}), severity: spec.severity, alarm_family: spec.family },
    });
  }
}
