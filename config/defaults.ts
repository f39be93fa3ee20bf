import type { EnvironmentConfig } from "./types";

/** Defaults applied to every environment file; each is documented on the field in `types.ts`. */
export const ENVIRONMENT_DEFAULTS = {
  region: "sa-east-1",
  allowedRegions: ["sa-east-1"] as readonly string[],
  instanceType: "ml.g5.12xlarge",
  instanceCount: 1,
  tensorParallelDegree: "max" as number | "max",
  prefixCaching: true,
  maxRollingBatchSize: 32,
  maxConcurrentRequests: 64,
  /** DataCapture share for stages other than `prod`. */
  samplingPercentageNonProd: 100,
  /** DataCapture share for `prod`: the source article's 10% keeps S3 cost in check at high volume. */
  samplingPercentageProd: 10,
} as const;

/** Stages treated as production (stricter defaults and rules). */
export const PRODUCTION_STAGES: readonly string[] = ["prod"];

export function isProduction(config: Pick<EnvironmentConfig, "stage">): boolean {
  return PRODUCTION_STAGES.includes(config.stage);
}
