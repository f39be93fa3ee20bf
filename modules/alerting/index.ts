export * from "./slo/slo";
export * from "./slo/burn-rate";
export * from "./slo/default-slos";
export * from "./slo/evaluate";
export * from "./slo/slo-table";
export * from "./runbooks";
export { BurnRateAlarms, burnRateQueries, type BurnRateAlarmsProps, type BurnRateAlarmPair } from "./burn-rate-alarms";
export { DirectAlarms, DEFAULT_DIRECT_ALARM_SEVERITY, type DirectAlarmsProps, type DirectAlarm, type DirectAlarmKind } from "./direct-alarms";
export { ALERTING_RULES } from "./policy-rules";
