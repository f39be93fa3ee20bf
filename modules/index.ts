// Every module of the platform, for `import { EvaluationLayer } from "llm-observability-platform/modules"`.
// Each module also has a subpath of its own (`.../modules/evaluation-layer`).
export * from "./alerting";
export * from "./evaluation-layer";
export * from "./grafana";
export * from "./inference-endpoint";
export * from "./inference-gateway";
export * from "./telemetry-pipeline";
export * from "./serving-metrics";
export * from "./shared";
export * from "./shared/policy";
export { PLATFORM_RULE_PACKS } from "./platform-rule-packs";
