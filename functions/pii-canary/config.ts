/** The canary function's configuration, read from environment variables in one place. */
import { type EnvironmentVariables as Env, numberVariable, requiredVariable } from "../../contracts/environment-variable";
import { CANARY_ENV, CANARY_GRACE_MINUTES, CANARY_TASKS, type CanaryTask } from "../../contracts/pii-canary";

export class ConfigError extends Error {
  public override readonly name = "ConfigError";
}

export type { CanaryTask };

export interface CanaryConfig {
  /** Which job this function does. Env `PII_CANARY_TASK`. */
  readonly task: CanaryTask;
  /** Env `PII_CANARY_BUCKET`. */
  readonly canaryBucket: string;
  /** Env `PII_CANARY_EVALUATOR_NAME`: the metrics' `Evaluator` dimension. */
  readonly evaluatorName: string;
  /** Plant: inference-log bucket and prefix, endpoint and model names of the record. */
  readonly logBucket?: string;
  readonly logPrefix: string;
  readonly endpointName: string;
  readonly modelName: string;
  /** Check: minutes after planting before a payload must exist (`CANARY_GRACE_MINUTES`: 1-120). @default 15 */
  readonly graceMinutes: number;
}

function required(env: Env, name: string): string {
  return requiredVariable(env, name, ConfigError);
}

function isCanaryTask(task: string): task is CanaryTask {
  return (CANARY_TASKS as readonly string[]).includes(task);
}

export function loadConfig(env: Env = process.env): CanaryConfig {
  const task = required(env, CANARY_ENV.task);
  if (!isCanaryTask(task)) throw new ConfigError(`environment variable ${CANARY_ENV.task} must be ${CANARY_TASKS.join(" or ")}, got "${task}"`);
  const graceMinutes = numberVariable(env, CANARY_GRACE_MINUTES, ConfigError);
  return {
    task,
    canaryBucket: required(env, CANARY_ENV.bucket),
    evaluatorName: required(env, CANARY_ENV.evaluatorName),
    ...(task === "plant" ? { logBucket: required(env, CANARY_ENV.logBucket) } : {}),
    logPrefix: env[CANARY_ENV.logPrefix]?.trim() ?? "",
    endpointName: task === "plant" ? required(env, CANARY_ENV.endpointName) : "",
    modelName: task === "plant" ? required(env, CANARY_ENV.modelName) : "",
    graceMinutes,
  };
}
