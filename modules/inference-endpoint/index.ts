export * from "./inference-endpoint";
export type { EndpointAutoscalingProps, InferenceEndpointProps } from "./endpoint-props";
export { DATA_CAPTURE_PREFIX, ecrRepositoryArn } from "./execution-policy";
export { hasLocalInstanceStorage } from "./instance-storage";
export { lmiEnvironment, type LmiSettings } from "./lmi-environment";
export { INFERENCE_ENDPOINT_RULE_PACK, SAGEMAKER_RULES } from "./policy-rules";
