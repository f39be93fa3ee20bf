export * from "./telemetry-pipeline";
export * from "./inference-log-delivery";
export * from "./audit-trail";
export * from "./log-insights-queries";
export { TELEMETRY_RULES, TELEMETRY_RULE_PACK } from "./policy-rules";
