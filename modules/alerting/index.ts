export * from "./slo/slo";
export * from "./slo/burn-rate";
export * from "./slo/default-slos";
export { DEFAULT_EXPECTED_REQUESTS_PER_DAY, sizeQualityWindows, type QualityWindowSizing } from "./slo/quality-window-sizing";
export * from "./slo/slo-table";
export * from "./runbooks";
// What the replay table and the environment plans read of a plan without building its constructs.
export { alertingPlan, type AlertingPlan } from "./alerting";
export { directAlarmName, type DirectAlarmSpec } from "./direct-alarms";
export { BurnRateAlarms, burnRateQueries, type BurnRateAlarmsProps, type BurnRateAlarmPair } from "./burn-rate-alarms";
export {
  DirectAlarms,
  DEFAULT_DIRECT_ALARM_SEVERITY,
  DEFAULT_JUDGE_DAILY_BUDGET_USD,
  DIRECT_ALARM_FAMILY_KINDS,
  DIRECT_ALARM_KINDS,
  DIRECT_ALARM_THRESHOLD_DEFAULTS,
  type DirectAlarmsProps,
  type DirectAlarm,
  type DirectAlarmFamilies,
  type DirectAlarmFamily,
  type DirectAlarmKind,
  type DirectAlarmOptions,
  type DirectAlarmThresholds,
} from "./direct-alarms";
export { ALERTING_RULES, ALERTING_RULE_PACK } from "./policy-rules";
export {
  AlertRouting,
  DEFAULT_ESCALATION_DELAY_MINUTES,
  alertTopicArn,
  alertTopicName,
  alarmArnPattern,
  ALERT_SEVERITIES,
  type AlertRoutingProps,
} from "./alert-routing";
export { Alerting, ALARM_FAMILIES, type AlarmFamilies, type AlertingProps, type SloObjectives } from "./alerting";
export { acceleratorCount, ACCELERATORS_PER_INSTANCE_TYPE } from "./accelerators";
export { piiGuardAlarmSpecs, type PiiGuardAlarmKind, type PiiGuardAlarmProps } from "./direct-alarms/pii-guard-alarms";
