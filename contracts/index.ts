// What deploy-time and run-time code agree on. Imports nothing outside this folder.
export * from "./calibration-record";
export * from "./entropy";
export * from "./gateway-budget";
export * from "./inference-log-record";
export * from "./judge-pair";
export * from "./metric-catalogue";
export * from "./model-id";
export * from "./pii-canary";
export * from "./pii-languages";
export * from "./score-item";
export * from "./evaluator-environment";
export * from "./json-depth";
export * from "./use-case-binding";
export * from "./gateway-environment";
export * from "./tracing-environment";
