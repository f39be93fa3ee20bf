export * from "./inference-endpoint";
export { hasLocalInstanceStorage } from "./instance-storage";
export { lmiEnvironment, type LmiSettings } from "./lmi-environment";
export { INFERENCE_ENDPOINT_RULE_PACK, SAGEMAKER_RULES } from "./policy-rules";
