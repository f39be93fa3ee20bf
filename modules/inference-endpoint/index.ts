export * from "./inference-endpoint";
export { hasLocalInstanceStorage } from "./instance-storage";
export { lmiEnvironment, type LmiSettings } from "./lmi-environment";
