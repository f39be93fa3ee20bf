// The glue every module shares: naming, keys, buckets, log groups, functions, policy documents.
export { BundledFunction, type BundledFunctionProps } from "./bundled-function";
export {
  ALLOWED_LOG_RETENTION_DAYS,
  EncryptedLogGroup,
  isAllowedLogRetention,
  LOG_RETENTION_DAYS,
  MIN_LOG_RETENTION_DAYS,
  type EncryptedLogGroupProps,
} from "./encrypted-log-group";
export * from "./encryption-key";
export * from "./grantee";
export {
  bundleCacheDir,
  FunctionCode,
  PLATFORM_FUNCTIONS,
  PREBUILT_FUNCTIONS_DIR,
  type PlatformFunctionName,
  type PrebuiltBundleManifest,
} from "./deployment-package";
export { bundleFunction, type BundleResult } from "./esbuild-bundler";
export * from "./code-signing";
export * from "./naming";
export { dnsSuffixOf, partitionOf } from "./partition";
export * from "./policy-document";
export * from "./secure-bucket";
export * from "./readable-bucket";
export { escapeTerraformTemplate, unescapeTerraformTemplate } from "./terraform-template";
export type { Grantee } from "./grantee";
export * from "./regions/service-availability";
export * from "./regions/regional-availability";
export { PACKAGE_NAME, packageRoot } from "./package-root";
export * from "./function-tracing";
export { schedulerRole, type SchedulerRoleSpec } from "./scheduler-role";
export { keepFailedRuns, type RunRetry, scheduledRun, type ScheduledRunProps } from "./scheduled-run";
export type { PlatformFunctionOptions } from "./function-options";
export type { FunctionNetwork } from "./function-network";
